"""The oxigraph engine's OWL 2 RL: the ontology compiled into SPARQL updates
(``engines/oxigraph_rules.py``), run to a fixpoint on a pyoxigraph store
(``engines/oxigraph_materialize.py``)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from governance_graph.engines import oxigraph_materialize as run
from governance_graph.engines import oxigraph_rules as rules

PREFIXES = """@prefix ex: <urn:ex:> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
SCHEMA = (
    PREFIXES
    + """
ex:Council rdfs:subClassOf ex:Body . ex:Body rdfs:subClassOf ex:Agent .
ex:chairOf rdfs:subPropertyOf ex:postIn ; owl:inverseOf ex:hasChair ; rdfs:domain ex:Chair ;
    rdfs:range ex:Body .
ex:hasChair rdfs:subPropertyOf ex:hasPost .
ex:partOf a owl:TransitiveProperty .
ex:knows a owl:SymmetricProperty .
ex:member a owl:FunctionalProperty .
ex:code a owl:FunctionalProperty .
ex:Chair owl:equivalentClass ex:Presidency .
ex:name owl:equivalentProperty ex:label .
ex:Bipartite owl:disjointWith ex:Tripartite .
ex:Flemish a owl:Restriction ; owl:onProperty ex:region ; owl:hasValue ex:flanders .
ex:grandparentOf owl:propertyChainAxiom ( ex:parentOf ex:parentOf ) .
"""
)


def closure(
    data: str, schema: str = SCHEMA, store: ox.Store | None = None, bulk_dir: Path | None = None
) -> tuple[set[tuple[str, str, str]], run.MaterializeStats]:
    store = store if store is not None else ox.Store()
    store.load((schema + data).encode(), format=ox.RdfFormat.TURTLE)
    compiled = rules.compile_rules(rules.extract_schema(store), cache=False)
    stats = run.materialize(store, compiled, bulk_dir=bulk_dir)
    triples = {
        (str(q.subject), str(q.predicate), str(q.object))
        for g in (ox.DefaultGraph(), run.INFERRED)
        for q in store.quads_for_pattern(None, None, None, g)
    }
    return triples, stats


def t(s: str, p: str, o: str) -> tuple[str, str, str]:
    def full(x: str) -> str:
        if x == "a":
            return "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        if x.startswith("owl:"):
            return f"<http://www.w3.org/2002/07/owl#{x[4:]}>"
        return f"<urn:ex:{x}>" if not x.startswith('"') else x

    return full(s), full(p), full(o)


def test_one_triple_rules_are_closed_at_compile_time() -> None:
    triples, stats = closure(PREFIXES + "ex:c1 ex:chairOf ex:b1 . ex:b2 a ex:Council .")
    assert stats.rounds == 1 and not stats.problems
    for expected in [
        t("c1", "postIn", "b1"),
        t("b1", "hasChair", "c1"),
        t("b1", "hasPost", "c1"),
        t("c1", "a", "Chair"),
        t("c1", "a", "Presidency"),
        t("b1", "a", "Body"),
        t("b1", "a", "Agent"),
        t("b2", "a", "Body"),
        t("b2", "a", "Agent"),
    ]:
        assert expected in triples


@pytest.mark.parametrize("on_disk", [False, True], ids=["in-memory", "on-disk"])
def test_inferences_about_blank_nodes_name_the_blank_nodes_of_the_data(
    on_disk: bool, tmp_path: Path
) -> None:
    # On disk the derived triples go through the bulk loader, which renames blank nodes.
    store = ox.Store(str(tmp_path / "store")) if on_disk else ox.Store()
    data = PREFIXES + "_:c ex:chairOf _:b . _:b ex:partOf [ ex:partOf ex:top ] ."
    triples, _ = closure(data, store=store, bulk_dir=tmp_path if on_disk else None)

    def blanks(graph: ox.NamedNode | ox.DefaultGraph) -> set[str]:
        quads = store.quads_for_pattern(None, None, None, graph)
        return {str(term) for q in quads for term in (q.subject, q.object)} & {
            str(q.subject) for q in store if isinstance(q.subject, ox.BlankNode)
        }

    assert blanks(run.INFERRED) and blanks(run.INFERRED) <= blanks(ox.DefaultGraph())
    chair = next(s for s, p, _ in triples if p == t("x", "chairOf", "x")[1])
    body = next(o for _, p, o in triples if p == t("x", "chairOf", "x")[1])
    assert (chair, t("x", "a", "x")[1], t("x", "x", "Chair")[2]) in triples
    assert (body, t("x", "hasChair", "x")[1], chair) in triples
    assert (body, t("x", "partOf", "x")[1], t("x", "x", "top")[2]) in triples
    assert (body, "<http://www.w3.org/2002/07/owl#sameAs>", body) in triples


def test_bulk_loaded_closure_is_the_updated_one(tmp_path: Path) -> None:
    data = PREFIXES + (
        "ex:c1 ex:chairOf ex:b1 . ex:b2 a ex:Council . ex:b1 ex:partOf ex:b2 . "
        'ex:b2 ex:partOf ex:top . ex:b1 ex:name "B1" . ex:x ex:region ex:flanders .'
    )
    in_memory, _ = closure(data)
    on_disk, _ = closure(data, store=ox.Store(str(tmp_path / "store")), bulk_dir=tmp_path)

    def named(triples: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        return {t for t in triples if not any(term.startswith("_:") for term in t)}

    # Blank nodes (the schema's property chain) have other labels in each store.
    assert named(on_disk) == named(in_memory) and len(on_disk) == len(in_memory)
    assert t("b1", "a", "Agent") in on_disk and t("x", "a", "Flemish") in on_disk
    assert list(tmp_path.glob("derived-*")) == []  # the temporary files are gone


@pytest.mark.parametrize(
    ("writes", "blank"),
    [
        ([b"_:b <urn:p> <urn:o> .\n"], True),
        ([b"<urn:s> <urn:p> _:o .\n"], True),
        ([b"<urn:s> <urn:p> <urn:o> .\n", b"_:b <urn:p> <urn:o> .\n"], True),
        ([b"<urn:s> <urn:p> <urn:o> .", b"\n_:b <urn:p> <urn:o> .\n"], True),
        ([b'<urn:s> <urn:p> "a_:b" .\n<urn:s> <urn:q> <urn:_:x> .\n'], False),
        ([], False),
    ],
)
def test_names_blank_nodes(writes: list[bytes], blank: bool) -> None:
    import io

    out = run._BlankWatch(io.BytesIO())
    for data in writes:
        out.write(data)
    assert out.blank is blank
    assert run.names_blank_nodes(b"".join(writes)) is blank


def test_symmetric_transitive_chain_equivalence_and_has_value() -> None:
    triples, _ = closure(
        PREFIXES
        + """ex:n1 ex:partOf ex:n2 . ex:n2 ex:partOf ex:n3 . ex:n3 ex:partOf ex:n4 .
        ex:x ex:knows ex:y . ex:p ex:parentOf ex:q . ex:q ex:parentOf ex:r .
        ex:n ex:name "N" . ex:f ex:region ex:flanders . ex:g a ex:Flemish ."""
    )
    assert {t("n1", "partOf", "n3"), t("n1", "partOf", "n4"), t("n2", "partOf", "n4")} <= triples
    assert t("y", "knows", "x") in triples
    assert t("p", "grandparentOf", "r") in triples
    assert t("n", "label", '"N"') in triples
    assert t("f", "a", "Flemish") in triples
    assert t("g", "region", "flanders") in triples


def test_functional_property_merges_with_same_as() -> None:
    triples, stats = closure(PREFIXES + 'ex:m ex:member ex:ann, ex:bob . ex:ann ex:age "3" .')
    assert not stats.problems
    assert {t("ann", "owl:sameAs", "bob"), t("bob", "owl:sameAs", "ann")} <= triples
    assert t("bob", "age", '"3"') in triples  # eq-rep-s
    assert t("m", "owl:sameAs", "m") in triples  # eq-ref, as owlrl


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ("ex:x a ex:Bipartite, ex:Tripartite .", "Disjoint classes"),
        ('ex:x ex:code "a", "b" .', "two values for the functional property"),
    ],
)
def test_inconsistencies_are_reported(data: str, needle: str) -> None:
    _, stats = closure(PREFIXES + data)
    assert stats.problems and needle in stats.problems[0].message


def test_same_value_literals_are_no_clash() -> None:
    _, stats = closure(
        PREFIXES + 'ex:x ex:code "1"^^<http://www.w3.org/2001/XMLSchema#integer> , '
        '"1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
    )
    assert not stats.problems


def test_rules_round_trip_through_json() -> None:
    store = ox.Store()
    store.load(SCHEMA.encode(), format=ox.RdfFormat.TURTLE)
    compiled = rules.compile_rules(rules.extract_schema(store), cache=False)
    assert rules.RuleSet.from_json(compiled.to_json()) == compiled


def test_compiled_rules_are_cached_on_disk() -> None:
    store = ox.Store()
    store.load(SCHEMA.encode(), format=ox.RdfFormat.TURTLE)
    schema = rules.extract_schema(store)
    first = rules.compile_rules(schema)
    assert rules.compile_rules(schema) == first
