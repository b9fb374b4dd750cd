"""Results name the data's and the shapes' own terms on a store alone (the oxigraph engine's
path), where Oxigraph rewrote them: ``sh:targetNode`` literals in canonical form, derived integer
types stored as ``xsd:integer``; and ``$shapesGraph`` works on such a store, which keeps no trace
of the shapes afterwards."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import XSD

from governance_graph.engines.oxigraph_shacl import declared_datatype_quads, validate_store

HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _store(turtle: str) -> ox.Store:
    store = ox.Store()
    quads = list(ox.parse((HEAD + turtle).encode(), format=ox.RdfFormat.TURTLE))
    store.extend(quads)
    store.extend(declared_datatype_quads(quads))  # as the oxigraph engine's loader does
    return store


def _shapes(turtle: str) -> Graph:
    return Graph().parse(data=HEAD + turtle, format="turtle")


def test_target_node_literal_is_the_shapes_literal() -> None:
    shapes = _shapes("ex:S a sh:NodeShape ; sh:targetNode 4.0 ; sh:maxExclusive 4 .")
    (result,) = validate_store(_store(""), shapes).results
    assert (str(result.focus_node), result.focus_node.datatype) == ("4.0", XSD.decimal)
    assert str(result.value) == "4.0"


def test_declared_datatype_comes_back() -> None:
    store = _store('ex:i ex:p "300"^^xsd:byte , "55"^^xsd:integer .')
    assert {q.object for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())} == {
        ox.Literal("300", datatype=ox.NamedNode(str(XSD.integer))),  # what the store keeps
        ox.Literal("55", datatype=ox.NamedNode(str(XSD.integer))),
    }
    shapes = _shapes(
        "ex:s a sh:PropertyShape ; sh:targetNode ex:i ; sh:path ex:p ; sh:datatype xsd:byte ."
    )
    values = {(str(r.value), r.value.datatype) for r in validate_store(store, shapes).results}
    assert values == {("300", XSD.byte), ("55", XSD.integer)}


def test_ill_formed_literals_keep_their_lexical_form() -> None:
    store = _store('ex:i ex:p "none"^^xsd:boolean , "2011-01-01"^^xsd:dateTime .')
    shapes = _shapes(
        "ex:s a sh:PropertyShape ; sh:targetNode ex:i ; sh:path ex:p ; sh:nodeKind sh:IRI ."
    )
    values = {(str(r.value), r.value.datatype) for r in validate_store(store, shapes).results}
    assert values == {("none", XSD.boolean), ("2011-01-01", XSD.dateTime)}


def test_shapes_graph_on_a_store_leaves_no_graph_behind() -> None:
    store = _store("ex:i ex:p 1 .")
    before = set(store.named_graphs())
    shapes = _shapes('''ex:s a sh:NodeShape ; sh:targetNode ex:i ;
        sh:sparql [ sh:select """SELECT $this WHERE {
            GRAPH $shapesGraph { ?shape <http://www.w3.org/ns/shacl#targetNode> $this } }""" ] .''')
    report = validate_store(store, shapes)
    assert not report.fallbacks
    assert [r.focus_node for r in report.results] == [URIRef("urn:ex:i")]
    assert set(store.named_graphs()) == before
