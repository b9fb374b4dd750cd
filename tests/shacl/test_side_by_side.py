"""Shapes evaluated side by side give the report one validator gives, in the same order."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from governance_graph import paths, synth
from governance_graph.engines.oxigraph_shacl import validate_store
from governance_graph.engines.oxigraph_shacl.side_by_side import threads
from governance_graph.validation_report import load_shapes


@pytest.fixture(scope="module")
def broken_store() -> ox.Store:
    """A synthetic graph with every kind of injected violation, and the ontology."""
    text, truth = synth.generate(3000, seed=3, violations=12)
    assert len(truth) == 12
    store = ox.Store()
    for f in paths.ontology_files():
        store.load(path=str(f), format=ox.RdfFormat.TURTLE)
    store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def _rows(report) -> list[tuple]:
    return [
        (r.focus_node, r.path, r.value, r.source_shape, r.constraint_component, r.message)
        for r in report.results
    ]


def test_the_report_is_the_same_one_after_the_other_and_side_by_side(broken_store, monkeypatch):
    shapes = load_shapes([paths.shapes_file()])
    reports = []
    for n in ("1", "4"):
        monkeypatch.setenv("GOVERNANCE_GRAPH_THREADS", n)
        assert threads() == int(n)
        reports.append(validate_store(broken_store, shapes))
    one, four = reports
    assert not one.conforms and len(one.results) >= 12
    assert _rows(one) == _rows(four)  # the same results, in the same order


@pytest.mark.parametrize("value", ["", "0", "two", "-1"])
def test_an_unusable_thread_count_means_one_per_core(monkeypatch, value):
    monkeypatch.setenv("GOVERNANCE_GRAPH_THREADS", value)
    assert 1 <= threads() <= 4


def test_at_most_caps_the_threads_in_its_context_only(monkeypatch):
    from governance_graph.engines.oxigraph_shacl.side_by_side import at_most

    monkeypatch.setenv("GOVERNANCE_GRAPH_THREADS", "4")
    with at_most(1):
        assert threads() == 1
    assert threads() == 4
