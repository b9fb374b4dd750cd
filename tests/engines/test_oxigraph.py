"""OxigraphEngine: the same interface and answers as RdflibEngine, on the tiny fixture graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from governance_graph.engines import Engine, get_engine
from governance_graph.engines.oxigraph import OxigraphEngine, sparql11_group_concat
from governance_graph.errors import InconsistencyError, LoadError, QueryError, QuerySyntaxError
from governance_graph.loading import Source
from governance_graph.sparql.prepare import refuse_remote_text

EX = "https://example.org/tiny#"
PREFIX = f"PREFIX ex: <{EX}>\nPREFIX org: <http://www.w3.org/ns/org#>\n"


def _sources(core: Path, *extra: Path) -> list[Source]:
    sources = [Source.read(core / "ontology" / "tiny.ttl", "ontology")]
    files = list(extra) or sorted((core / "data").glob("*.ttl"))
    return sources + [Source.read(p, "data") for p in files]


@pytest.fixture
def engine(core: Path) -> OxigraphEngine:
    eng = OxigraphEngine()
    eng.load(_sources(core))
    return eng


def test_registry() -> None:
    eng = get_engine("oxigraph")
    assert isinstance(eng, OxigraphEngine) and isinstance(eng, Engine)
    assert get_engine("auto").name == "oxigraph"


def test_query_uses_the_closure_by_default(engine: OxigraphEngine) -> None:
    q = PREFIX + "SELECT ?o WHERE { ?o a org:Organization } ORDER BY ?o"
    result = engine.query(q)
    assert isinstance(result, Result)
    assert [row.o for row in result] == [URIRef(EX + "council-a"), URIRef(EX + "council-b")]
    assert list(engine.query(q, reasoning=False)) == []


def test_named_graphs_without_reasoning(engine: OxigraphEngine) -> None:
    q = PREFIX + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a ex:Council } }"
    (row,) = engine.query(q, reasoning=False)
    assert str(row.g).endswith("/graph/data/bodies")
    assert list(engine.query(q)) == []  # the closure is one default graph


def test_bindings_and_injection(engine: OxigraphEngine) -> None:
    q = PREFIX + "SELECT ?p WHERE { ?body ex:chairedBy ?p }"
    assert len(list(engine.query(q, bindings={"body": URIRef(EX + "council-b")}))) == 1
    q = PREFIX + "SELECT ?b WHERE { ?b ex:code ?code }"
    assert list(engine.query(q, bindings={"code": Literal('x" } ?b ?p ?o { "')})) == []
    with pytest.raises(QueryError, match="blank node"):
        engine.query("SELECT * { ?s ?p ?o }", bindings={"s": BNode()})


def test_ask_and_construct(engine: OxigraphEngine) -> None:
    assert engine.query(PREFIX + "ASK { ex:bob a ex:Person }").askAnswer is True
    g = engine.query(PREFIX + "CONSTRUCT { ?b ex:chair ?p } WHERE { ?b ex:chairedBy ?p }").graph
    assert len(g) >= 1


def test_plain_literals_are_plain(engine: OxigraphEngine) -> None:
    rows = list(engine.query(PREFIX + 'SELECT ?x WHERE { BIND("a" AS ?x) }'))
    assert rows[0].x == Literal("a") and rows[0].x.datatype is None


def test_syntax_error_is_one_line_with_position(engine: OxigraphEngine) -> None:
    with pytest.raises(QuerySyntaxError, match=r"^q\.rq:\d+:\d+: syntax error"):
        engine.query("SELECT ?x WHERE {\n  ?x ?y\n}", source="q.rq")


def test_from_and_service_refused(engine: OxigraphEngine) -> None:
    with pytest.raises(QueryError, match="FROM"):
        engine.query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="SERVICE"):
        engine.query("SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1/> { ?s ?p ?o } } }")
    refuse_remote_text('SELECT ?from WHERE { ?from <urn:service> "FROM" } # SERVICE')


def test_group_concat_is_a_plain_string() -> None:
    assert sparql11_group_concat("GROUP_CONCAT(?x)") == "GROUP_CONCAT(STR(?x))"


def test_inconsistency_raises(core: Path) -> None:
    eng = OxigraphEngine()
    eng.load(_sources(core, core / "data" / "people.ttl", core / "bad" / "disjoint.ttl"))
    with pytest.raises(InconsistencyError):
        eng.materialize()
    eng.load(_sources(core, core / "data" / "bodies.ttl", core / "bad" / "functional.ttl"))
    with pytest.raises(InconsistencyError, match="functional"):
        eng.materialize()


def test_load_error_names_file_line_column(core: Path) -> None:
    eng = OxigraphEngine()
    eng.load(_sources(core, core / "bad" / "syntax.ttl"))
    with pytest.raises(LoadError, match=r"syntax\.ttl:\d+:\d+: "):
        eng.asserted_store()


def test_closure_cache_is_reused(core: Path) -> None:
    first = OxigraphEngine()
    first.load(_sources(core))
    first.materialize()
    assert first.stats["closure_cache"] == "miss"
    second = OxigraphEngine()
    second.load(_sources(core))
    second.materialize()
    assert second.stats["closure_cache"] == "hit"
    assert second.closure_size() == first.closure_size()


def test_a_closure_about_blank_nodes_is_not_cached(core: Path, tmp_path: Path) -> None:
    # Each load gives the file's blank nodes new labels: a cached closure could not name them.
    blank = tmp_path / "blank.ttl"
    blank.write_text(
        f"@prefix ex: <{EX}> . @prefix org: <http://www.w3.org/ns/org#> .\n"
        "[ a ex:Council ] ex:chairedBy [] .\n",
        encoding="utf-8",
    )
    query = PREFIX + "ASK { ?b a ex:Council, org:Organization ; ex:chairedBy ?p . ?p a ex:Person }"
    for expected in ("miss", "miss"):
        eng = OxigraphEngine()
        eng.load(_sources(core, blank))
        eng.materialize()
        assert eng.stats["closure_cache"] == expected
        assert eng.query(query).askAnswer is True


def test_store_dir_is_reused(core: Path, tmp_path: Path) -> None:
    first = OxigraphEngine(tmp_path / "store")
    first.load(_sources(core))
    size = first.closure_size()
    del first
    import gc

    gc.collect()
    second = OxigraphEngine(tmp_path / "store")
    second.load(_sources(core))
    assert second.closure_size() == size
    assert second.stats.get("closure_cache") == "store"


def test_reason_and_dataset_are_rdflib(engine: OxigraphEngine) -> None:
    closure = engine.reason()
    assert (
        URIRef(EX + "council-a"),
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        URIRef("http://www.w3.org/ns/org#Organization"),
    ) in closure
    assert len(engine.dataset()) > 0


def test_validate(core: Path, engine: OxigraphEngine) -> None:
    report = engine.validate([core / "ontology" / "shapes.ttl"])
    assert isinstance(report.conforms, bool)
