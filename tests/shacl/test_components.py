"""One small case per constraint component: the fast validator against pyshacl, and a few
store-level behaviours (named data graph, declared integer datatypes, fallback)."""

from __future__ import annotations

import logging

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from governance_graph.engines.oxigraph_shacl import (
    declared_datatype_quads,
    validate_graph,
    validate_store,
)
from governance_graph.engines.rdflib_shacl import validate

HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
DATA = (
    HEAD
    + """
ex:C rdfs:subClassOf ex:B .
ex:a a ex:C ; ex:p 1, "x" , ex:b ; ex:q ex:b ; ex:label "a"@en, "b"@en, "c"@nl ;
  ex:n "12"^^xsd:positiveInteger .
ex:b a ex:B ; ex:p 5 ; ex:q ex:a , ex:b ; ex:label "b"@en ; ex:n 13 ; ex:r [ ex:p 3 ] .
ex:c a ex:C ; ex:p 2 ; ex:lt 1 .
"""
)

CASES = {
    "class": "sh:property [ sh:path ex:q ; sh:class ex:C ]",
    "datatype": "sh:property [ sh:path ex:p ; sh:datatype xsd:integer ]",
    "datatype-derived": "sh:property [ sh:path ex:n ; sh:datatype xsd:positiveInteger ]",
    "nodeKind": "sh:property [ sh:path ex:p ; sh:nodeKind sh:Literal ]",
    "minCount": "sh:property [ sh:path ex:q ; sh:minCount 2 ]",
    "maxCount": "sh:property [ sh:path ex:p ; sh:maxCount 1 ]",
    "exactly-one": "sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:maxCount 1 ]",
    "minCount-above-maxCount": "sh:property [ sh:path ex:q ; sh:minCount 3 ; sh:maxCount 1 ]",
    "range": "sh:property [ sh:path ex:p ; sh:minExclusive 1 ; sh:maxInclusive 4 ]",
    "length": "sh:property [ sh:path ex:p ; sh:minLength 1 ; sh:maxLength 1 ]",
    "pattern": 'sh:property [ sh:path ex:label ; sh:pattern "^[ab]" ; sh:flags "i" ]',
    "languageIn": 'sh:property [ sh:path ex:label ; sh:languageIn ( "en" ) ]',
    "uniqueLang": "sh:property [ sh:path ex:label ; sh:uniqueLang true ]",
    "equals": "sh:property [ sh:path ex:q ; sh:equals ex:p ]",
    "disjoint": "sh:property [ sh:path ex:q ; sh:disjoint ex:p ]",
    "lessThan": "sh:property [ sh:path ex:p ; sh:lessThan ex:lt ]",
    "lessThanOrEquals": "sh:property [ sh:path ex:p ; sh:lessThanOrEquals ex:lt ]",
    "hasValue": "sh:property [ sh:path ex:q ; sh:hasValue ex:b ]",
    "in": "sh:property [ sh:path ex:p ; sh:in ( 1 2 ) ]",
    "node": (
        "sh:property [ sh:path ex:q ; sh:node [ sh:property [ sh:path ex:p ; sh:minCount 2 ] ] ]"
    ),
    "not": "sh:property [ sh:path ex:q ; sh:not [ sh:class ex:C ] ]",
    "and": (
        "sh:property [ sh:path ex:p ; "
        "sh:and ( [ sh:datatype xsd:integer ] [ sh:maxInclusive 4 ] ) ]"
    ),
    "or": (
        "sh:property [ sh:path ex:p ; sh:or ( [ sh:datatype xsd:string ] [ sh:minInclusive 2 ] ) ]"
    ),
    "xone": (
        "sh:property [ sh:path ex:p ; sh:xone ( [ sh:nodeKind sh:IRI ] [ sh:minInclusive 2 ] ) ]"
    ),
    "qualified": (
        "sh:property [ sh:path ex:q ; sh:qualifiedValueShape [ sh:class ex:C ] ; "
        "sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ]"
    ),
    "closed": "sh:closed true ; sh:ignoredProperties ( rdf:type ) ; sh:property [ sh:path ex:p ]",
    "inverse-path": "sh:property [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ]",
    "sequence-path": "sh:property [ sh:path ( ex:r ex:p ) ; sh:maxInclusive 2 ]",
    "alternative-path": (
        "sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:maxCount 2 ]"
    ),
    "star-path": "sh:property [ sh:path [ sh:zeroOrMorePath ex:q ] ; sh:class ex:C ]",
    "node-class": "sh:class ex:C",
    "sparql": '''sh:sparql [ sh:message "{$this} has {?value}" ; sh:select """
        SELECT $this ?value WHERE { $this <urn:ex:q> ?value
            FILTER NOT EXISTS { ?value <urn:ex:p> 1 } }""" ]''',
}


def test_pre_binding_is_substitution(data: Graph) -> None:
    """SHACL pre-binds $this by substitution, also in nested groups (pyshacl joins instead,
    and reports every focus node here)."""
    shapes = _shapes('''sh:sparql [ sh:select """
        SELECT $this WHERE { { FILTER (false) } UNION { FILTER ($this = <urn:ex:c>) } }""" ]''')
    report = validate_graph(data, shapes)
    assert [r.focus_node for r in report.results] == [URIRef("urn:ex:c")]


def _shapes(body: str) -> Graph:
    text = HEAD + "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    text += f"ex:S a sh:NodeShape ; sh:targetClass ex:B ; {body} .\n"
    return Graph().parse(data=text, format="turtle")


def _key(r) -> tuple:
    """Messages left out: without sh:message, pyshacl and the fast path word them differently
    (docs/shacl.md); the project's shapes all have messages, compared in test_same_as_pyshacl."""
    b = lambda n: "_:" if isinstance(n, BNode) else n  # noqa: E731
    return (
        b(r.focus_node),
        r.path,
        b(r.value),
        b(r.source_shape),
        r.constraint_component,
        r.severity,
    )


@pytest.fixture(scope="module")
def data() -> Graph:
    return Graph().parse(data=DATA, format="turtle")


@pytest.mark.parametrize("name", sorted(CASES))
def test_component_as_pyshacl(name: str, data: Graph) -> None:
    shapes = _shapes(CASES[name])
    ref, fast = validate(data, shapes), validate_graph(data, shapes)
    assert not fast.fallbacks
    assert fast.results, "each case has violations"
    assert sorted(map(repr, map(_key, fast.results))) == sorted(map(repr, map(_key, ref.results)))
    assert fast.conforms == ref.conforms


def test_a_minimum_and_a_maximum_are_counted_by_one_query(data: Graph, monkeypatch) -> None:
    from governance_graph.engines.oxigraph_shacl.validator import Validator

    asked: list[str] = []
    run = Validator.run
    monkeypatch.setattr(
        Validator, "run", lambda self, text, **kw: asked.append(text) or run(self, text, **kw)
    )
    report = validate_graph(data, _shapes(CASES["minCount-above-maxCount"]))
    assert len([t for t in asked if "COUNT(" in t]) == 1
    counts = [(str(r.focus_node), r.constraint_component.split("#")[1]) for r in report.results]
    assert counts == [
        ("urn:ex:a", "MinCountConstraintComponent"),
        ("urn:ex:b", "MinCountConstraintComponent"),
        ("urn:ex:b", "MaxCountConstraintComponent"),
        ("urn:ex:c", "MinCountConstraintComponent"),
    ]


def test_store_named_graph_and_declared_datatypes() -> None:
    store = ox.Store()
    g = ox.NamedNode("urn:g")
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, g)
        for q in ox.parse(DATA.encode(), format=ox.RdfFormat.TURTLE)
    ]
    store.extend(quads)
    store.extend(declared_datatype_quads(quads))  # the parsed quads: the store forgets the type
    shapes = _shapes(CASES["datatype-derived"])
    report = validate_store(store, shapes, data_graph_name=g)
    found = [(r.focus_node, r.value.toPython()) for r in report.results]
    assert found == [(URIRef("urn:ex:b"), 13)]
    assert validate_store(store, shapes).conforms  # the default graph is empty


@pytest.mark.parametrize("severity", ["sh:Warning", "sh:Info"])
def test_warnings_do_not_conform_but_may_pass(data: Graph, severity: str) -> None:
    shapes = _shapes(f"sh:severity {severity} ; sh:class ex:C")
    for report in (validate_graph(data, shapes), validate(data, shapes)):  # both engines
        assert report.results and not report.conforms  # SHACL: any result, any severity
        assert (None, SH.conforms, Literal(False)) in report.graph
        assert not report.passes()
        assert report.passes(allow_warnings=True)


def test_violations_never_pass(data: Graph) -> None:
    shapes = _shapes("sh:class ex:C")
    for report in (validate_graph(data, shapes), validate(data, shapes)):
        assert not report.conforms
        assert not report.passes() and not report.passes(allow_warnings=True)


def test_fallback_is_reported(data: Graph, caplog) -> None:
    shapes = _shapes("sh:in ( [ ] )")  # a blank node cannot be named in SPARQL
    with caplog.at_level(logging.WARNING):
        report = validate_graph(data, shapes)
    assert report.fallbacks and "blank node" in report.fallbacks[0][1]
    assert "pyshacl" in caplog.text
    assert {r.constraint_component for r in report.results} == {SH.InConstraintComponent}


def test_forbidden_sparql_is_an_error(data: Graph) -> None:
    from governance_graph.errors import ValidationError

    shapes = _shapes(
        'sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }" ]'
    )
    with pytest.raises(ValidationError):
        validate_graph(data, shapes)
