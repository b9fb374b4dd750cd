"""SHACL shapes (``ontology/shapes.ttl``): fixtures, coverage, messages, bundled data.

Everything here validates through the project's own path: ``governance_graph.load(...)
.validate()`` (bundled ontology + the given data, asserted, pyshacl with ``inference="none"``).
(The W3C SHACL core tests through ``engines.rdflib_shacl.validate``:
``tests/shacl/test_w3c_suite.py``.)

Bad fixtures (``tests/fixtures/shapes/bad/<shape>--<what>.ttl``) say in header comments what
they must produce::

    # expect: ggsh:ChairShape ggd:test-body-chair
    # expect: ggsh:ex-officio-needs-post ggd:test-body-chair
    # allow-extra        (optional: other results may appear too)
    # advisory           (optional: the results are warnings, so the fixture is not rejected)

A validation result *names* the node shape it comes from (for a result of a property shape:
the node shape holding that property shape), the SPARQL constraint in ``sh:sourceConstraint``
(when it has an IRI), and the concept-value shape given with ``sh:node`` (when the property shape
has exactly one). An expect line ``S F`` is met by a result with focus node ``F`` that names
``S``. Each bad fixture must meet every expect line, and (without ``allow-extra``) every result
must meet some expect line. Every shape and SPARQL constraint with an IRI in ``shapes.ttl`` must
be named by an expect line of some bad fixture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

import governance_graph
from governance_graph import paths
from governance_graph.validation_report import ValidationReport, load_shapes
from tests.helpers.paths import FIXTURES, REPO

SHAPES_FILE = REPO / "ontology" / "shapes.ttl"
SHAPE_FIXTURES = FIXTURES / "shapes"
BAD = sorted((SHAPE_FIXTURES / "bad").glob("*.ttl"))
GOOD = sorted((SHAPE_FIXTURES / "good").glob("*.ttl"))

GGSH = Namespace("https://w3id.org/governance-graph/shapes#")
PREFIXES = {
    "ggsh": str(GGSH),
    "ggd": "https://w3id.org/governance-graph/id/",
    "gg": "https://w3id.org/governance-graph/ontology#",
}


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    return load_shapes([SHAPES_FILE])


def expand(token: str) -> URIRef:
    if token.startswith("<") and token.endswith(">"):
        return URIRef(token[1:-1])
    prefix, _, local = token.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {token!r} (use {', '.join(PREFIXES)} or <iri>)")
    return URIRef(PREFIXES[prefix] + local)


@dataclass(frozen=True)
class Header:
    expected: frozenset[tuple[URIRef, URIRef]]
    allow_extra: bool
    advisory: bool


def read_header(path: Path) -> Header:
    expected = set()
    allow_extra = advisory = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("expect:"):
            shape, focus = body.removeprefix("expect:").split()
            expected.add((expand(shape), expand(focus)))
        allow_extra = allow_extra or body == "allow-extra"
        advisory = advisory or body == "advisory"
    return Header(frozenset(expected), allow_extra, advisory)


def validate_fixture(path: Path) -> ValidationReport:
    """The bundled ontology + this one file, validated as the project validates its data."""
    return governance_graph.load(data=[path], shapes=[SHAPES_FILE]).validate()


def result_names(report: ValidationReport, result: URIRef | BNode) -> set[URIRef]:
    """The shapes a validation result names (see the module docstring).

    pyshacl copies a blank property shape into the report graph under the same blank node,
    so its ``sh:node`` is read there; its owner is the project's ``ValidationResult.node_shape``.
    """
    g = report.graph
    source = g.value(result, SH.sourceShape)
    owners = {r.source_shape: r.node_shape for r in report.results}
    names: set[URIRef] = set()
    owner = owners.get(source, source)
    if isinstance(owner, URIRef):
        names.add(owner)
    constraint = g.value(result, SH.sourceConstraint)
    if isinstance(constraint, URIRef):
        names.add(constraint)
    if g.value(result, SH.sourceConstraintComponent) == SH.NodeConstraintComponent:
        nodes = [n for n in g.objects(source, SH.node) if isinstance(n, URIRef)]
        if len(nodes) == 1:
            names.add(nodes[0])
    return names


def results(report: ValidationReport) -> Iterator[tuple[URIRef | BNode, Graph]]:
    """The top-level results of the report (not the nested ``sh:detail`` ones)."""
    for top in report.graph.subjects(RDF.type, SH.ValidationReport):
        for node in report.graph.objects(top, SH.result):
            yield node, report.graph


def describe(report: ValidationReport, node) -> str:
    g = report.graph
    names = sorted(str(n).replace(str(GGSH), "ggsh:") for n in result_names(report, node))
    return f"{g.value(node, SH.focusNode)} {names}: {g.value(node, SH.resultMessage)}"


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_fixture_is_rejected_as_expected(path: Path) -> None:
    header = read_header(path)
    assert header.expected, f"{path.name}: no '# expect: <shape> <focus>' line"
    report = validate_fixture(path)
    if header.advisory:
        assert report.results, f"{path.name}: expected warnings, got none"
    else:
        assert not report.conforms, f"{path.name} conforms, but should be rejected"
    unmet = set(header.expected)
    unexpected = []
    for node, g in results(report):
        focus = g.value(node, SH.focusNode)
        names = result_names(report, node)
        met = {(s, f) for s, f in header.expected if f == focus and s in names}
        unmet -= met
        if not met:
            unexpected.append(describe(report, node))
        if header.advisory:
            assert g.value(node, SH.resultSeverity) != SH.Violation, describe(report, node)
    assert not unmet, f"{path.name}: expected results missing: {sorted(unmet)}\n{report.text()}"
    if not header.allow_extra:
        assert not unexpected, f"{path.name}: unexpected results:\n" + "\n".join(unexpected)


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_good_fixture_conforms(path: Path) -> None:
    report = validate_fixture(path)
    assert report.conforms and not report.results, report.text()


def test_fixture_names_follow_the_shape(shapes_graph: Graph) -> None:
    """``bad/<shape-local-name>--<what>.ttl``: the shape before ``--`` is one it expects."""
    for path in BAD:
        shape = GGSH[path.stem.split("--")[0]]
        expected = {s for s, _ in read_header(path).expected}
        assert shape in expected, f"{path.name}: named after {shape}, which no expect line names"


def named_shapes(shapes: Graph) -> set[URIRef]:
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    return {s for k in kinds for s in shapes.subjects(RDF.type, k) if isinstance(s, URIRef)}


def test_every_shape_has_a_bad_fixture(shapes_graph: Graph) -> None:
    covered = {s for path in BAD for s, _ in read_header(path).expected}
    uncovered = sorted(named_shapes(shapes_graph) - covered)
    assert not uncovered, "shapes without a bad fixture: " + ", ".join(uncovered)


def test_every_shape_has_an_english_message(shapes_graph: Graph) -> None:
    """Node shapes, property shapes and SPARQL constraints all say in English what is wrong."""
    constraint_holders = set(named_shapes(shapes_graph))
    constraint_holders |= set(shapes_graph.objects(None, SH.property))
    constraint_holders |= set(shapes_graph.objects(None, SH.sparql))
    # shapes nested in sh:or / sh:qualifiedValueShape report through their parent's message
    missing, not_english = [], []
    for shape in constraint_holders:
        messages = list(shapes_graph.objects(shape, SH.message))
        label = (
            shape
            if isinstance(shape, URIRef)
            else f"{shapes_graph.value(shape, SH.path)} (property shape)"
        )
        if not messages:
            missing.append(str(label))
        for m in messages:
            if not (
                isinstance(m, Literal) and m.language == "en" and re.search(r"[a-z]{3}", str(m))
            ):
                not_english.append(f"{label}: {m!r}")
    assert not missing, "shapes without sh:message: " + ", ".join(sorted(missing))
    assert not not_english, "sh:message not tagged @en: " + "; ".join(not_english)


def test_severities_are_violations_unless_advisory(shapes_graph: Graph) -> None:
    allowed = {SH.Violation, SH.Warning}
    for severity in set(shapes_graph.objects(None, SH.severity)):
        assert severity in allowed, severity


def test_shapes_file_is_not_part_of_the_reasoned_graph() -> None:
    assert SHAPES_FILE.name not in {p.name for p in paths.ontology_files()}


def test_class_checks_follow_subclasses_in_the_asserted_graph(tmp_path: Path) -> None:
    """A gg:RESOC is accepted where org:Organization is required, and a foaf:Person is not:
    the asserted graph (ontology + data) is what sh:class sees, without inference."""
    good_file = SHAPE_FIXTURES / "good" / "tripartite-body-ex-officio-chair.ttl"
    good = good_file.read_text(encoding="utf-8")
    assert "org:organization ggd:test-body" in good and "a gg:TripartiteBody" in good
    resoc = good.replace("a gg:TripartiteBody", "a gg:RESOC").replace(
        "org:classification ggd:kind-tripartite-body", "org:classification ggd:kind-resoc"
    )
    (tmp_path / "resoc.ttl").write_text(resoc, encoding="utf-8")
    assert validate_fixture(tmp_path / "resoc.ttl").conforms
    person = resoc.replace("org:organization ggd:test-body", "org:organization ggd:test-person")
    (tmp_path / "person.ttl").write_text(person, encoding="utf-8")
    report = validate_fixture(tmp_path / "person.ttl")
    assert not report.conforms
    assert {(r.focus_node, r.constraint_component) for r in report.results} == {
        (URIRef(PREFIXES["ggd"] + "test-membership"), SH.ClassConstraintComponent)
    }


# ---------------------------------------------------------------------------------------------
# The bundled data
# ---------------------------------------------------------------------------------------------


def test_bundled_data_conforms() -> None:
    if not paths.data_files():
        pytest.skip("data/ has no Turtle files yet")
    report = governance_graph.load(shapes=[SHAPES_FILE]).validate()
    assert report.conforms, report.text()
