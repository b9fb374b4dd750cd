"""Batched SHACL-SPARQL (the domain joined, and injected into nested groups that use ``$this``
without binding it) gives the same results as running the query once per focus node with
``$this`` substituted."""

from __future__ import annotations

import pytest
from rdflib import Graph

from governance_graph.engines.oxigraph_shacl import sparql_constraints, validate_graph

DATA = """@prefix ex: <urn:ex:> .
ex:a a ex:T ; ex:p 1 ; ex:q ex:b .
ex:b a ex:T ; ex:q ex:a .
ex:c a ex:T ; ex:p 2 ; ex:r 3 .
ex:x ex:p 7 ; ex:q ex:a .
ex:g1 ex:p 1 .
"""

QUERIES = {
    "union-of-filters": """SELECT $this ?value WHERE {
        { FILTER NOT EXISTS { $this ex:p ?any } BIND ("p" AS ?value) }
        UNION { FILTER NOT EXISTS { $this ex:r ?any } BIND ("r" AS ?value) } }""",
    "optional": """SELECT $this ?value WHERE {
        ?value ex:p ?n .
        OPTIONAL { ?value ex:q ?w FILTER NOT EXISTS { $this ex:q ?w } }
        FILTER (!BOUND(?w)) }""",
    "optional-around": """SELECT $this ?value WHERE {
        ?value ex:p ?n .
        OPTIONAL { { ?value ex:q ?w FILTER NOT EXISTS { $this ex:q ?w } } }
        FILTER (!BOUND(?w)) }""",
    "bind-this": (
        "SELECT $this ?value WHERE { { BIND ($this AS ?value) } UNION { $this ex:q ?value } }"
    ),
    "filter-only-group": """SELECT $this WHERE { { FILTER ($this = ex:a) } }""",
    "graph": """SELECT $this WHERE { GRAPH ?g { FILTER NOT EXISTS { $this ex:zz ?v } } }""",
}


def _shapes(query: str) -> Graph:
    text = f'''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
    ex:S a sh:NodeShape ; sh:targetClass ex:T ;
      sh:sparql [ sh:prefixes ex:P ; sh:select """{query}""" ] .
    ex:P sh:declare [ sh:prefix "ex" ; sh:namespace "urn:ex:" ] .'''
    return Graph().parse(data=text, format="turtle")


def _results(report) -> list:
    return sorted((str(r.focus_node), str(r.value), r.message) for r in report.results)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_batched_equals_per_focus(name, monkeypatch):
    data = Graph().parse(data=DATA, format="turtle")
    shapes = _shapes(QUERIES[name])
    batched = validate_graph(data, shapes)
    original = sparql_constraints.prepare

    def per_focus(*args, **kwargs):
        q = original(*args, **kwargs)
        return sparql_constraints.Query(q.text, False, q.domain_at, q.projected)

    monkeypatch.setattr(
        "governance_graph.engines.oxigraph_shacl.sparql_validation.prepare", per_focus
    )
    assert _results(batched) == _results(validate_graph(data, shapes))
    assert not batched.fallbacks


def test_injection_points():
    q = sparql_constraints.prepare(
        QUERIES["union-of-filters"], "PREFIX ex: <urn:ex:>\n", path=None, shape=None
    )
    assert q.batched and len(q.also_at) == 2
    q = sparql_constraints.prepare(QUERIES["graph"], "", path=None, shape=None)
    assert not q.batched
