"""Interpretations stay apart wherever the data is grouped by source document: the endpoint's
dataset (both engines) and the TriG dump put them in ``ggg:data/interpretations`` and in no
document's graph, so a client reading the documents' graphs reads facts only."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

import governance_graph as gg
from governance_graph import paths

GG = "https://w3id.org/governance-graph/ontology#"
GGD = "https://w3id.org/governance-graph/id/"
APART = URIRef("https://w3id.org/governance-graph/graph/data/interpretations")
#: An interpretation (the VESOC page speaks of an advisory voice only for the civil servants).
VOTE = (URIRef(GGD + "vesoc-seat-social-partners"), URIRef(GG + "voting"), Literal(True))
#: A fact of the same page: the 16 places of the social partners.
PLACES = (URIRef(GGD + "vesoc-seat-social-partners"), URIRef(GG + "seatCount"), Literal(16))
VESOC_PAGE = URIRef(GGD + "doc-vesoc-page")


def _interpretations() -> Graph:
    return Graph().parse(paths.bundled_root() / "data" / "interpretations.ttl", format="turtle")


def test_no_fact_file_asserts_an_interpretation() -> None:
    """A statement is a fact or an interpretation, never both."""
    apart = _interpretations()
    assert VOTE in apart and len(apart) > 10
    for path in sorted((paths.bundled_root() / "data").glob("*.ttl")):
        if path.stem != "interpretations":
            facts = Graph().parse(path, format="turtle")
            assert [t for t in apart if t in facts] == [], path.name


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_served_dataset_keeps_interpretations_in_their_own_graph(engine, tmp_path: Path) -> None:
    kg = gg.load(engine=engine)
    out = tmp_path / "served.nq"
    summary = kg.engine.write_served_dataset(out)
    dataset = Dataset()
    dataset.parse(out, format="nquads")
    graphs = {
        str(g.identifier): g
        for g in dataset.graphs()
        if len(g) and g.identifier != dataset.default_context.identifier
    }
    apart = graphs[str(APART)]
    assert set(apart) == set(_interpretations())
    assert summary.graphs[str(APART)] == len(apart)
    assert PLACES in graphs[str(VESOC_PAGE)] and VOTE not in graphs[str(VESOC_PAGE)]
    for name, graph in graphs.items():
        if name != str(APART):
            assert not [t for t in apart if t in graph], name
    assert VOTE in dataset.default_context  # the closure, interpretations included


def test_trig_dump_keeps_interpretations_in_their_own_graph() -> None:
    from governance_graph.site.context import SiteGraph
    from governance_graph.site.dumps import trig_dataset

    dataset = trig_dataset(SiteGraph(gg.load(engine="oxigraph")))
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    assert set(graphs[str(APART)]) == set(_interpretations())
    vesoc_graph = graphs["https://w3id.org/governance-graph/graph/source/doc-vesoc-page"]
    assert PLACES in vesoc_graph and VOTE not in vesoc_graph
    for name, graph in graphs.items():
        if name != str(APART):
            assert VOTE not in graph, name
