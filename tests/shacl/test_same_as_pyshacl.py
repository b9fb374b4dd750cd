"""The fast validator gives pyshacl's results (``engines.rdflib_shacl``) on the bundled
graph and on every shapes fixture: same focus node, path, value, source shape, component,
severity, message and node shape (blank nodes compared as blank), same ``conforms``, and no
shape falls back to pyshacl."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import BNode, Graph

import governance_graph
from governance_graph.engines.oxigraph_shacl import validate_graph
from governance_graph.engines.rdflib_shacl import validate
from governance_graph.validation_report import ValidationReport, load_shapes
from tests.helpers.paths import FIXTURES, REPO

SHAPES_FILE = REPO / "ontology" / "shapes.ttl"
SHAPE_FILES = sorted((FIXTURES / "shapes" / "bad").glob("*.ttl")) + sorted(
    (FIXTURES / "shapes" / "good").glob("*.ttl")
)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes([SHAPES_FILE])


def _key(r) -> tuple:
    b = lambda n: "_:" if isinstance(n, BNode) else n  # noqa: E731
    return (
        b(r.focus_node),
        r.path,
        b(r.value),
        b(r.source_shape),
        r.constraint_component,
        r.severity,
        r.message,
        b(r.node_shape),
    )


def _asserted(files: list[Path] | None) -> Graph:
    kg = (
        governance_graph.load(data=files, shapes=[SHAPES_FILE])
        if files
        else governance_graph.load(shapes=[SHAPES_FILE])
    )
    graph = Graph()
    for t in kg.asserted.triples((None, None, None)):
        graph.add(t)
    return graph


def _same(ref: ValidationReport, fast) -> None:
    logging.getLogger("governance_graph.engines.oxigraph_shacl").setLevel(logging.ERROR)
    assert not fast.fallbacks
    assert fast.conforms == ref.conforms
    assert sorted(map(repr, map(_key, fast.results))) == sorted(map(repr, map(_key, ref.results)))


@pytest.mark.parametrize(
    "path", SHAPE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in SHAPE_FILES]
)
def test_fixture(path: Path, shapes: Graph) -> None:
    data = _asserted([path])
    _same(validate(data, shapes), validate_graph(data, shapes))


def test_bundled_graph(shapes: Graph) -> None:
    data = _asserted(None)
    _same(validate(data, shapes), validate_graph(data, shapes))
