"""The engine registry and RdflibEngine: queries, bindings, errors, refusals, threads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from governance_graph.engines import Engine, get_engine
from governance_graph.engines.rdflib import RdflibEngine
from governance_graph.errors import EngineError, QueryError, QuerySyntaxError
from governance_graph.loading import Source
from governance_graph.sparql.prepare import prepare_query

EX = "https://example.org/tiny#"
PREFIX = f"PREFIX ex: <{EX}>\nPREFIX org: <http://www.w3.org/ns/org#>\n"


@pytest.fixture
def engine(core: Path) -> RdflibEngine:
    eng = RdflibEngine()
    sources = [Source.read(core / "ontology" / "tiny.ttl", "ontology")]
    sources += [Source.read(p, "data") for p in sorted((core / "data").glob("*.ttl"))]
    eng.load(sources)
    return eng


def test_registry() -> None:
    eng = get_engine("rdflib")
    assert isinstance(eng, RdflibEngine)
    assert isinstance(eng, Engine)
    with pytest.raises(EngineError, match=r"^unknown engine 'nope'; choose one of: rdflib"):
        get_engine("nope")


def test_query_uses_the_closure_by_default(engine: RdflibEngine) -> None:
    q = PREFIX + "SELECT ?o WHERE { ?o a org:Organization } ORDER BY ?o"
    rows = [row.o for row in engine.query(q)]
    assert rows == [URIRef(EX + "council-a"), URIRef(EX + "council-b")]
    assert list(engine.query(q, reasoning=False)) == []


def test_named_graphs_without_reasoning(engine: RdflibEngine) -> None:
    q = PREFIX + "SELECT ?g WHERE { GRAPH ?g { ex:ann a ex:Person } }"
    (row,) = engine.query(q, reasoning=False)
    assert str(row.g) == "https://w3id.org/governance-graph/graph/data/people"


def test_bindings_become_a_values_clause(engine: RdflibEngine) -> None:
    q = PREFIX + "SELECT ?code WHERE { ?body ex:code ?code } # trailing comment"
    rows = list(engine.query(q, bindings={"body": URIRef(EX + "council-b")}))
    assert [r.code for r in rows] == [Literal("B")]


def test_binding_a_literal_cannot_inject(engine: RdflibEngine) -> None:
    q = PREFIX + "SELECT ?body WHERE { ?body ex:code ?code }"
    evil = Literal('A" ) } UNION { ?body ?p ?code } #')
    assert list(engine.query(q, bindings={"code": evil})) == []


def test_blank_node_binding_refused(engine: RdflibEngine) -> None:
    with pytest.raises(QueryError, match="blank node"):
        engine.query("SELECT * { ?s ?p ?o }", bindings={"s": BNode()})


def test_ask_and_construct(engine: RdflibEngine) -> None:
    assert engine.query(PREFIX + "ASK { ex:bob a ex:Person }").askAnswer is True
    g = engine.query(PREFIX + "CONSTRUCT { ?b ex:chair ?p } WHERE { ?b ex:chairedBy ?p }").graph
    assert g is not None and len(g) == 2


def test_syntax_error_is_one_line_with_position() -> None:
    with pytest.raises(QuerySyntaxError) as info:
        prepare_query("SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTR(?x)\n}", source="q.rq")
    assert str(info.value) == "q.rq:3:3: syntax error at 'FILTR'"


def test_unknown_prefix_is_located() -> None:
    with pytest.raises(QuerySyntaxError) as info:
        prepare_query("SELECT * WHERE {\n  ?s a gg:Chair }")
    assert str(info.value).startswith("<query>:2:8: unknown prefix 'gg:'; declare it: PREFIX gg:")


def test_from_and_service_refused(engine: RdflibEngine) -> None:
    with pytest.raises(QueryError, match="FROM"):
        engine.query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="SERVICE"):
        engine.query("SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1/> { ?s ?p ?o } } }")


def test_evaluation_error_is_a_query_error(engine: RdflibEngine, monkeypatch) -> None:
    from rdflib import Graph

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(Graph, "query", broken)
    with pytest.raises(QueryError, match="evaluation failed: ZeroDivisionError: boom"):
        engine.query("SELECT * { ?s ?p ?o }")


def test_parallel_queries(engine: RdflibEngine) -> None:
    engine.reason()  # warm
    errors: list[BaseException] = []
    counts: list[int] = []

    def work(i: int) -> None:
        try:
            q = PREFIX + f"SELECT ?b WHERE {{ ?b ex:code ?c FILTER(STRLEN(?c) > {i % 2 - 1}) }}"
            counts.append(len(list(engine.query(q))))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert counts == [2] * 16


def test_validate_asserted_and_inferred(engine: RdflibEngine, core: Path) -> None:
    shapes = [core / "ontology" / "shapes.ttl"]
    assert not engine.validate(shapes).conforms
    assert engine.validate(shapes, inferred=True).passes(allow_warnings=True)  # warnings remain


def test_dataset_views(engine: RdflibEngine) -> None:
    from rdflib import Dataset

    assert isinstance(engine.dataset(), Dataset)
    assert engine.dataset(inferred=True) is engine.reason()


def test_capabilities_are_methods_of_the_interface(engine: RdflibEngine, tmp_path: Path) -> None:
    """What callers need is asked of the interface, never tested for with hasattr."""
    from governance_graph.engines import engine_class, engine_names

    assert engine_names(auto=False) == ["rdflib", "oxigraph"]
    assert not engine_class("rdflib").on_disk and engine_class("oxigraph").on_disk
    with pytest.raises(EngineError, match="engine 'rdflib' has no on-disk store"):
        engine.use_store_dir(tmp_path / "store")
    engine.progress = print  # accepted, and ignored by an engine without steps to tell
    engine.parse()
    engine.materialize()
    assert 0 < engine.asserted_size() < engine.closure_size() == len(engine.reason())
    summary = engine.write_served_dataset(tmp_path / "served.nq")
    assert summary.default_triples == engine.closure_size()


@pytest.mark.parametrize("name", ["rdflib", "oxigraph"])
@pytest.mark.parametrize(
    ("second", "clash"),
    [
        ('"A"^^xsd:token', False),  # the same value as "A": a string
        ('"A"^^xsd:normalizedString', False),
        ('"A"@en', True),
        ('"B"', True),
    ],
)
def test_one_literal_comparison_for_both_engines(
    core: Path, tmp_path: Path, name: str, second: str, clash: bool
) -> None:
    """Two values of a functional property clash unless they are the same value, compared one
    way by both reasoners (``engines.inconsistencies.same_value``)."""
    from governance_graph.errors import InconsistencyError

    extra = tmp_path / "second.ttl"
    extra.write_text(
        "@prefix ex: <https://example.org/tiny#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"ex:council-a ex:code {second} .\n",
        encoding="utf-8",
    )
    eng = get_engine(name)
    sources = [Source.read(core / "ontology" / "tiny.ttl", "ontology")]
    sources += [Source.read(core / "data" / "bodies.ttl", "data"), Source.read(extra, "data")]
    eng.load(sources)
    if clash:
        with pytest.raises(InconsistencyError, match="functional"):
            eng.materialize()
    else:
        eng.materialize()
