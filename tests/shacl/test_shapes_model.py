"""The shapes model reads each node's predicates once, and answers as the graph does."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from governance_graph import paths
from governance_graph.engines.oxigraph_shacl.shapes import ShapesModel
from governance_graph.validation_report import load_shapes

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:S> sh:targetClass <urn:C> ; sh:severity sh:Warning , sh:Info ;
    sh:message "b" , "a" , "c" ;
    sh:property [ sh:path <urn:p> ; sh:minCount 1 ; sh:pattern "^x" ; sh:flags "i" ] .
"""


def test_objects_and_value_answer_as_the_graph_does():
    graph = Graph().parse(data=SHAPES, format="turtle")
    model = ShapesModel(graph)
    s = URIRef("urn:S")
    for p in (SH.message, SH.severity, SH.targetClass, SH.property, SH.path):
        assert model.objects(s, p) == list(graph.objects(s, p))
        assert model.value(s, p) == graph.value(s, p)
    assert model.objects(URIRef("urn:nothing"), SH.path) == []


def test_the_shapes_read_from_the_lookups_are_those_of_the_graph():
    model = ShapesModel(Graph().parse(data=SHAPES, format="turtle"))
    shape = model.shape(URIRef("urn:S"))
    assert shape.severity in (SH.Warning, SH.Info)
    assert sorted(map(str, shape.messages)) == ["a", "b", "c"]
    (nested,) = [model.shape(c.value) for c in shape.constraints]
    assert [(c.component, c.value, c.extra) for c in nested.constraints] == [
        (SH.MinCountConstraintComponent, Literal(1), ()),
        (SH.PatternConstraintComponent, Literal("^x"), ((SH.flags, Literal("i")),)),
    ]


def test_the_bundled_shapes_give_every_targeted_shape_its_constraints():
    model = ShapesModel(load_shapes([paths.shapes_file()]))
    targeted = model.targeted()
    assert len(targeted) > 30
    assert all(shape.constraints for shape in targeted)
