"""The survey before the shapes run: the subclasses of all the shapes' classes in one query, and
no store query for a shape whose targets have no focus node, with the results as before."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from governance_graph import paths, synth
from governance_graph.engines.oxigraph_shacl import validate_graph
from governance_graph.engines.oxigraph_shacl.shapes import ShapesModel
from governance_graph.engines.oxigraph_shacl.side_by_side import evaluate_targeted
from governance_graph.engines.oxigraph_shacl.survey import named_classes, survey
from governance_graph.engines.oxigraph_shacl.validator import Validator
from governance_graph.errors import ValidationError
from governance_graph.validation_report import load_shapes

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@pytest.fixture(scope="module")
def broken_store() -> ox.Store:
    """A synthetic graph with injected violations, and the ontology (many of whose classes
    have no instances in it)."""
    text, _truth = synth.generate(3000, seed=5, violations=12)
    store = ox.Store()
    for f in paths.ontology_files():
        store.load(path=str(f), format=ox.RdfFormat.TURTLE)
    store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def _unsurveyed(model: ShapesModel, store: ox.Store) -> tuple[list, int]:
    """The results of every targeted shape by one validator that knows nothing beforehand."""
    v = Validator(store, model)
    raws = []
    for shape in model.targeted():
        if not shape.deactivated:
            raws += v.evaluate(shape, v.target_domain(shape))[0]
    return raws, v.stats.queries


def test_the_survey_changes_no_result_and_saves_queries(broken_store):
    model = ShapesModel(load_shapes([paths.shapes_file()]))
    before, asked_before = _unsurveyed(model, broken_store)
    raws, fallbacks, stats = evaluate_targeted(model, lambda: Validator(broken_store, model), 1)
    assert before and fallbacks == []
    assert raws == before  # the same results, in the same order
    assert stats.queries < asked_before


def test_the_subclasses_of_every_class_in_one_query_are_those_asked_class_by_class():
    store = ox.Store()
    store.load(
        b"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:B> rdfs:subClassOf <urn:A> . <urn:C> rdfs:subClassOf <urn:B> .
        [] rdfs:subClassOf <urn:D> .
        <urn:x> a <urn:C> .""",
        format=ox.RdfFormat.TURTLE,
    )
    shapes = Graph().parse(
        data=PREFIXES
        + """<urn:S> sh:targetClass <urn:A> , <urn:D> ;
            sh:property [ sh:path <urn:p> ; sh:class <urn:B> , <urn:Absent> ] .""",
        format="turtle",
    )
    model = ShapesModel(shapes)
    classes = named_classes(model)
    assert classes == [URIRef(f"urn:{c}") for c in ("A", "Absent", "B", "D")]
    found = survey(model, model.targeted(), Validator(store, model))
    alone = Validator(store, model)
    assert found.subclasses == {c: alone.subclasses(c) for c in classes}
    assert found.subclasses[URIRef("urn:A")] == [URIRef(f"urn:{c}") for c in "ABC"]
    # a blank-node subclass, or a class the data never names: the path is used, as before
    assert found.subclasses[URIRef("urn:D")] is None
    assert found.subclasses[URIRef("urn:Absent")] is None


TWO_SHAPES = (
    PREFIXES
    + """<urn:Full> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .
<urn:Empty> sh:targetClass <urn:Nothing> ;
    sh:property [ sh:path <urn:p> ; sh:minCount 1 ; sh:datatype <urn:T> ] ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this <urn:q> ?o }" ] .
"""
)


def test_a_shape_without_focus_nodes_sends_no_query_to_the_store(monkeypatch):
    asked: list[str] = []
    run = Validator.run

    def spy(self, text, **kwargs):
        asked.append(text)
        return run(self, text, **kwargs)

    monkeypatch.setattr(Validator, "run", spy)
    data = Graph().parse(data="<urn:x> a <urn:C> .", format="turtle")
    report = validate_graph(data, Graph().parse(data=TWO_SHAPES, format="turtle"))
    assert [str(r.focus_node) for r in report.results] == ["urn:x"]
    about_empty = [t for t in asked if "urn:Nothing" in t]
    assert about_empty  # the survey asks whether it has focus nodes ...
    assert all(t.rstrip().endswith("LIMIT 1") or "?c ?s" in t for t in about_empty)  # ... only


def test_a_shape_without_focus_nodes_falls_back_or_fails_as_it_did():
    data = Graph().parse(data="<urn:x> a <urn:C> .", format="turtle")
    unsupported = PREFIXES + "<urn:S> sh:targetClass <urn:Nothing> ; sh:class [ ] ."
    report = validate_graph(data, Graph().parse(data=unsupported, format="turtle"))
    assert report.conforms
    assert [str(node) for node, _why in report.fallbacks] == ["urn:S"]
    ill_formed = (
        PREFIXES
        + "<urn:S> sh:targetClass <urn:Nothing> ; sh:property [ sh:path [ ] ; sh:minCount 1 ] ."
    )
    with pytest.raises(ValidationError, match="cannot validate"):
        validate_graph(data, Graph().parse(data=ill_formed, format="turtle"))
