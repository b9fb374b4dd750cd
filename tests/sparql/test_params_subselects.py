"""Parameters bound inside sub-selects as well: where that is done, where it must not be, and
that the answers are the same as with the parameter bound at the top only, on Oxigraph and
rdflib, for tricky queries written here and for every stored query with parameters."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef

from governance_graph.params import bind, insert_values
from governance_graph.params_subselects import subselect_places

A, B = URIRef("urn:a"), URIRef("urn:b")

# Two bodies; seats in both; one seat has a holder in the other body; one seat has no label.
DATA = """
<urn:s1> <urn:in> <urn:a> . <urn:s1> <urn:label> "one" . <urn:s1> <urn:holder> <urn:h1> .
<urn:s2> <urn:in> <urn:a> . <urn:s2> <urn:label> "two" .
<urn:s3> <urn:in> <urn:b> . <urn:s3> <urn:label> "three" . <urn:s3> <urn:holder> <urn:a> .
<urn:s4> <urn:in> <urn:b> .
<urn:h1> <urn:label> "holder" .
"""


def _pushed(query: str, name: str = "_b") -> list[str]:
    """The text right after each place the parameter is pushed to."""
    return [
        " ".join(query[at + 1 :].split()[:2]) for at, _names, _ in subselect_places(query, {name})
    ]


def test_a_grouped_subselect_that_binds_the_parameter_gets_it():
    q = "SELECT ?n { { SELECT ?_b (COUNT(?s) AS ?n) { ?s <urn:in> ?_b } GROUP BY ?_b } }"
    assert _pushed(q) == ["?s <urn:in>"]


def test_nested_subselects_each_get_it_when_each_projects_it():
    q = (
        "SELECT ?n { { SELECT ?_b (COUNT(?s) AS ?n) { { SELECT ?_b ?s { ?s <urn:in> ?_b } "
        "ORDER BY ?s } } GROUP BY ?_b } }"
    )
    assert _pushed(q) == ["{ SELECT", "?s <urn:in>"]


@pytest.mark.parametrize(
    "query",
    [
        # not projected: inside it is another variable
        "SELECT ?n { { SELECT (COUNT(?s) AS ?n) { ?s <urn:in> ?_b } } }",
        # projected under another name, or computed
        "SELECT ?n { { SELECT (?_b AS ?c) ?s { ?s <urn:in> ?_b } } }",
        "SELECT * { { SELECT * { ?s <urn:in> ?_b } } }",
        # a LIMIT or OFFSET would pick other rows
        "SELECT ?s { { SELECT ?_b ?s { ?s <urn:in> ?_b } ORDER BY ?s LIMIT 1 } }",
        "SELECT ?s { { SELECT ?_b ?s { ?s <urn:in> ?_b } OFFSET 1 } }",
        # only in an OPTIONAL, a UNION, a FILTER or a BIND: not bound in every row
        "SELECT ?s { { SELECT ?_b ?s { ?s <urn:label> ?l OPTIONAL { ?s <urn:in> ?_b } } } }",
        "SELECT ?s { { SELECT ?_b ?s { { ?s <urn:in> ?_b } UNION { ?s <urn:label> ?l } } } }",
        "SELECT ?s { { SELECT ?_b ?s { ?s <urn:in> ?x FILTER(?x = ?_b) } } }",
        "SELECT ?s { { SELECT ?_b ?s { VALUES ?_b { UNDEF } ?s <urn:in> ?x } } }",
        # inside EXISTS or SERVICE
        "SELECT ?s { ?s ?p ?o FILTER NOT EXISTS { { SELECT ?_b ?s { ?s <urn:in> ?_b } } } }",
        "SELECT ?s { SERVICE <urn:x> { { SELECT ?_b ?s { ?s <urn:in> ?_b } } } }",
        # a CONSTRUCT's first group is its template
        "CONSTRUCT { ?s ?p ?o } { { SELECT ?_b ?s ?p ?o { ?s <urn:in> ?_b ; ?p ?o } } }",
    ],
)
def test_nothing_is_pushed_where_answers_could_change(query):
    assert _pushed(query) == []


def test_an_inner_subselect_gets_it_only_if_the_outer_one_does():
    # the outer one binds ?_b only through an OPTIONAL sub-select: neither is given it
    q = (
        "SELECT ?s { { SELECT ?_b ?s { ?s <urn:label> ?l "
        "OPTIONAL { { SELECT ?_b ?s { ?s <urn:in> ?_b } } } } } }"
    )
    assert _pushed(q) == []
    # bound at the outer one's top level: both are
    q = q.replace("?s <urn:label> ?l", "?s <urn:in> ?_b")
    assert len(_pushed(q)) == 2


def test_a_lone_subselect_group_is_wrapped_and_two_parameters_share_a_block():
    q = (
        "SELECT ?s { { SELECT ?_b ?_l ?s WHERE "
        "{ SELECT ?_b ?_l ?s { ?s <urn:in> ?_b ; <urn:label> ?_l } } } }"
    )
    text = insert_values(q, {"_b": A, "_l": Literal("one")})
    assert text.count('VALUES (?_b ?_l) { (<urn:a> "one") }') == 3
    ox.Store().query(text)  # still a query Oxigraph reads


def _oxigraph(query: str) -> list:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return sorted(
        tuple(row[i].value if row[i] is not None else None for i in range(len(row)))
        for row in store.query(query)
    )


def _rdflib(query: str) -> list:
    ds = Dataset()
    ds.parse(data=DATA, format="turtle")
    return sorted(tuple(str(v) if v is not None else None for v in row) for row in ds.query(query))


TRICKY = [
    "SELECT ?n { { SELECT ?_b (COUNT(?s) AS ?n) { ?s <urn:in> ?_b } GROUP BY ?_b } }",
    "SELECT ?s ?l { { SELECT ?_b ?s ?l { ?s <urn:in> ?_b OPTIONAL { ?s <urn:label> ?l } } } }",
    # the holder is ?_b in one row: an OPTIONAL-only binding, not pushed, answers unchanged
    "SELECT ?s { { SELECT ?_b ?s { ?s <urn:in> ?x OPTIONAL { ?s <urn:holder> ?_b } } } }",
    "SELECT ?s { { SELECT ?_b ?s { ?s <urn:in> ?_b } ORDER BY DESC(?s) LIMIT 1 } }",
    "SELECT ?s ?n { { SELECT ?_b ?s (COUNT(?h) AS ?n) { ?s <urn:in> ?_b "
    "OPTIONAL { ?s <urn:holder> ?h } } GROUP BY ?_b ?s } }",
    "SELECT ?s { ?s <urn:in> ?x MINUS { { SELECT ?_b ?s { ?s <urn:in> ?_b } } } }",
]


@pytest.mark.parametrize("query", TRICKY)
@pytest.mark.parametrize("value", [A, B])
def test_the_answers_are_those_of_the_parameter_bound_at_the_top_only(query, value):
    pushed = insert_values(query, {"_b": value})
    top_only = insert_values(query, {"_b": value}, into_subselects=False)
    assert _oxigraph(pushed) == _oxigraph(top_only)
    assert _rdflib(pushed) == _rdflib(top_only) == _oxigraph(top_only)


def test_every_stored_query_gives_the_same_answers():
    """The bundled graph's closure, each stored query with parameters at its defaults."""
    import governance_graph
    from governance_graph.catalogue import Catalogue

    kg = governance_graph.load(engine="oxigraph")
    store = kg.engine.materialize()
    checked: dict[str, int] = {}
    for stored in Catalogue.bundled():
        bound = bind(stored, {})
        if not bound:
            continue
        pushed = insert_values(stored.text, bound)
        top_only = insert_values(stored.text, bound, into_subselects=False)
        graphs = [
            ox.DefaultGraph(),
            ox.NamedNode("https://w3id.org/governance-graph/graph/inferred"),
        ]
        rows = [
            sorted(str(list(r)) for r in store.query(text, default_graph=graphs))
            for text in (pushed, top_only)
        ]
        assert rows[0] == rows[1], stored.name
        checked[stored.name] = len(rows[0])
    assert len(checked) >= 5
    assert checked["body-composition"] >= 10  # VESOC's seats, in two languages
