"""SHACL validation of the asserted graph: subclass-aware, sh:class can fail, readable report."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from governance_graph.engines.oxigraph_shacl import validate_graph
from governance_graph.engines.rdflib_reasoning import compute_closure
from governance_graph.engines.rdflib_shacl import validate
from governance_graph.errors import LoadError, ValidationError
from governance_graph.loading import Source, load_dataset
from governance_graph.validation_report import ValidationReport, load_shapes

EX = "https://example.org/tiny#"


def _asserted(core: Path, *extra: str) -> Graph:
    files = [core / "data" / "bodies.ttl", core / "data" / "people.ttl"]
    sources = [Source.read(core / "ontology" / "tiny.ttl", "ontology")]
    sources += [Source.read(f, "data") for f in files]
    for i, text in enumerate(extra):
        path = core.parent.parent / f"_extra{i}.ttl"  # not written: parse from memory
        sources.append(Source(path, "data", text.encode()))
    return load_dataset(sources)


@pytest.fixture
def shapes(core: Path) -> Graph:
    return load_shapes([core / "ontology" / "shapes.ttl"])


def _by_component(report: ValidationReport, component: str) -> list:
    return [r for r in report.results if r.constraint_component == SH[component]]


def test_subclass_instances_are_targeted(core: Path, shapes: Graph) -> None:
    report = validate(_asserted(core), shapes)
    focus = {r.focus_node for r in report.results}
    # Shapes target org:Organization; the data only says ex:Council.
    assert URIRef(EX + "council-a") in focus


def test_sh_class_fails_on_asserted_data(core: Path, shapes: Graph) -> None:
    # bob is an ex:Person only by the range of ex:chairedBy: asserted validation catches it.
    report = validate(_asserted(core), shapes)
    failures = _by_component(report, "ClassConstraintComponent")
    assert [(r.focus_node, r.value) for r in failures] == [
        (URIRef(EX + "council-b"), URIRef(EX + "bob"))
    ]
    assert not report.conforms


def test_sh_class_cannot_fail_on_the_closure(core: Path, shapes: Graph) -> None:
    # The STYLE.md trap, shown: on the inferred graph the same check passes.
    report = validate(compute_closure(_asserted(core)), shapes)
    assert not _by_component(report, "ClassConstraintComponent")


def test_warnings_break_conformance_but_may_pass(core: Path, shapes: Graph) -> None:
    # SHACL: a graph conforms only when there are no results at all; accepting warnings is a
    # separate choice (ValidationReport.passes, the command line's --allow-warnings).
    fixed = "@prefix ex: <https://example.org/tiny#> . ex:bob a ex:Person ."
    report = validate(_asserted(core, fixed), shapes)
    assert report.counts() == {"Warning": 2}
    assert {r.severity for r in report.results} == {SH.Warning}
    assert not report.conforms
    assert report.graph.value(predicate=SH.conforms, object=Literal(False)) is not None
    assert (None, SH.conforms, Literal(True)) not in report.graph
    assert report.text().splitlines()[0] == "Does not conform: 2 warnings"
    assert report.passes(allow_warnings=True) and not report.passes()


def test_no_results_conform(core: Path, shapes: Graph) -> None:
    report = validate(Graph(), shapes)
    assert report.conforms and report.passes() and not report.results
    assert (None, SH.conforms, Literal(True)) in report.graph


def test_count_and_datatype_violations(core: Path, shapes: Graph) -> None:
    extra = (
        "@prefix ex: <https://example.org/tiny#> . ex:bob a ex:Person . "
        "ex:council-c a ex:Council . ex:council-d a ex:Body ; ex:code 4 ."
    )
    report = validate(_asserted(core, extra), shapes)
    violations = {
        (r.focus_node, r.constraint_component) for r in report.results if r.severity == SH.Violation
    }
    assert violations == {
        (URIRef(EX + "council-c"), SH.MinCountConstraintComponent),
        (URIRef(EX + "council-d"), SH.DatatypeConstraintComponent),
    }


def test_result_fields(core: Path, shapes: Graph) -> None:
    report = validate(_asserted(core), shapes)
    (result,) = _by_component(report, "ClassConstraintComponent")
    assert result.path == "<https://example.org/tiny#chairedBy>"
    assert result.message == "the chair is a typed ex:Person"
    assert result.severity_name == "Violation"
    assert result.source_shape is not None


def test_text_groups_by_focus_node(core: Path, shapes: Graph) -> None:
    text = validate(_asserted(core), shapes).text()
    lines = text.splitlines()
    assert lines[0] == "Does not conform: 1 violation, 2 warnings"
    assert "<https://example.org/tiny#council-b>" in lines
    block = lines[lines.index("<https://example.org/tiny#council-b>") + 1 :]
    assert block[0].startswith("  Violation: <https://example.org/tiny#chairedBy> = ")
    assert "sh:ClassConstraintComponent" in block[0]


def test_report_graph(core: Path, shapes: Graph) -> None:
    report = validate(_asserted(core), shapes)
    assert len(list(report.graph.subjects(RDF.type, SH.ValidationReport))) == 1
    assert len(list(report.graph.subjects(RDF.type, SH.ValidationResult))) == len(report.results)


def test_compact_names_use_pinned_prefixes() -> None:
    data = Graph().parse(
        data="""@prefix gg: <https://w3id.org/governance-graph/ontology#> .
                @prefix ggd: <https://w3id.org/governance-graph/id/> .
                ggd:x a gg:Chair .""",
        format="turtle",
    )
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
                @prefix gg: <https://w3id.org/governance-graph/ontology#> .
                @prefix ggsh: <https://w3id.org/governance-graph/shapes#> .
                ggsh:ChairShape a sh:NodeShape ; sh:targetClass gg:Chair ;
                  sh:property [ sh:path gg:chairSelection ; sh:minCount 1 ] .""",
        format="turtle",
    )
    text = validate(data, shapes).text()
    assert "\nggd:x\n" in text
    assert "  Violation: gg:chairSelection - " in text
    assert "[ggsh:ChairShape, sh:MinCountConstraintComponent]" in text


def test_broken_shapes_are_a_validation_error() -> None:
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
                <urn:S> a sh:NodeShape ; sh:targetNode <urn:x> ;
                  sh:property [ sh:path <urn:p> ; sh:minCount "many" ] .""",
        format="turtle",
    )
    with pytest.raises(ValidationError, match=r"^cannot validate: "):
        validate(Graph(), shapes)


def test_shapes_file_with_syntax_error(core: Path) -> None:
    with pytest.raises(LoadError, match=r"syntax\.ttl:5:1: "):
        load_shapes([core / "bad" / "syntax.ttl"])


def test_nested_sh_node_results_are_not_listed_twice() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:Outer a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:kind ; sh:node ex:Inner ] .
        ex:Inner a sh:NodeShape ; sh:property [ sh:path ex:label ; sh:minCount 1 ] .
        """,
        format="turtle",
    )
    data = Graph().parse(
        data="""@prefix ex: <http://example.org/> . ex:a a ex:Thing ; ex:kind ex:k .""",
        format="turtle",
    )
    report = validate(data, shapes)
    assert not report.conforms
    assert [str(r.focus_node) for r in report.results] == ["http://example.org/a"]


@pytest.mark.parametrize(
    "literal",
    [
        '"none"^^xsd:boolean',
        '"1"^^xsd:boolean',
        "true",
        '"1.0E0"^^xsd:double',
        "1.5e3",
        '"4"^^xsd:decimal',
        '"4."^^xsd:decimal',
        "4.25",
        '"+016"^^xsd:integer',
        "42",
        '"-0"^^xsd:integer',
        "0.50",
        '"aldi"^^xsd:integer',
        '"2011-01-01"^^xsd:dateTime',
        '"c"^^xsd:byte',
        '"x"@en',
        '"x"',
    ],
)
def test_report_turtle_keeps_every_literal_as_written(literal: str) -> None:
    """rdflib's Turtle writer would write "none"^^xsd:boolean as the bare word none (not
    Turtle) and "1.0E0"^^xsd:double as 1e+00 (another term): the report keeps the term."""
    import rdflib

    def parse(text: str) -> Graph:  # literals as written (pyshacl resets the flag after each run)
        rdflib.NORMALIZE_LITERALS = False
        try:
            return Graph().parse(data=text, format="turtle")
        finally:
            rdflib.NORMALIZE_LITERALS = True

    data = parse(f"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . <urn:x> <urn:p> {literal} .")
    shapes = parse("""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:S> a sh:NodeShape ; sh:targetNode <urn:x> ;
          sh:property [ sh:path <urn:p> ; sh:nodeKind sh:IRI ] .""")
    (value,) = data.objects(None, URIRef("urn:p"))
    for report in (validate(data, shapes), validate_graph(data, shapes)):  # both engines
        (got,) = parse(report.turtle()).objects(None, SH.value)
        assert (got, got.datatype, got.language, str(got)) == (
            value,
            value.datatype,
            value.language,
            str(value),
        )
