"""The served dataset: the same quads whether written from rdflib graphs or streamed from the
oxigraph engine's store, and the per-document graphs hold what their documents say."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

import governance_graph as gg
from governance_graph.engines.oxigraph_served import write_from_store
from governance_graph.engines.served import build_dataset
from governance_graph.interpretations import interpretation_triples
from governance_graph.server.dataset import write_dataset

GGD = "https://w3id.org/governance-graph/id/"
# the two source documents, the Justel record of the 2004 decree (data/sources.ttl), and the
# three pages cited for the territories' external identifiers (data/interpretations.ttl)
DOCS = {
    GGD + "doc-resoc-serr-profile",
    GGD + "doc-vesoc-page",
    GGD + "doc-justel-decree-2004-05-07",
    GGD + "doc-wikidata",
    GGD + "doc-wikipedia-nuts-belgium",
    GGD + "doc-eurostat-portrait-belgium",
}


#: The interpretations' own graph (docs/design.md, "Interpretations").
GRAPHS = DOCS | {"https://w3id.org/governance-graph/graph/data/interpretations"}


def _read(path: Path) -> Dataset:
    ds = Dataset()
    ds.parse(str(path), format="nquads")
    return ds


def _graphs(ds: Dataset) -> dict[str, object]:
    return {
        str(g.identifier): g
        for g in ds.graphs()
        if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID
    }


@pytest.fixture(scope="module")
def oxigraph_kg():  # type: ignore[no-untyped-def]
    return gg.load(engine="oxigraph")


def test_streamed_from_the_store_equals_the_rdflib_build(oxigraph_kg, tmp_path: Path) -> None:
    streamed = tmp_path / "streamed.nq"
    apart = interpretation_triples(oxigraph_kg.sources)
    summary = write_from_store(oxigraph_kg.engine.materialize(), streamed, apart)
    built = build_dataset(oxigraph_kg.closure(), apart)
    reference = built.write_nquads(tmp_path / "built.nq")

    a, b = _read(streamed), _read(reference)
    assert isomorphic(a.graph(DATASET_DEFAULT_GRAPH_ID), b.graph(DATASET_DEFAULT_GRAPH_ID))
    named_a, named_b = _graphs(a), _graphs(b)
    assert set(named_a) == set(named_b) == GRAPHS
    for name in GRAPHS:
        assert isomorphic(named_a[name], named_b[name]), name
    # the counts the service description and /health report
    assert summary.default_triples == len(built.default)
    assert summary.graphs == {str(n): len(g) for n, g in built.named.items()}
    # no quad is written twice (a subject citing two sections of one document)
    lines = streamed.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == summary.default_triples + sum(summary.graphs.values())


def test_document_graphs_hold_what_each_document_says(oxigraph_kg, tmp_path: Path) -> None:
    summary = write_dataset(oxigraph_kg, tmp_path / "d.nq")
    named = _graphs(_read(tmp_path / "d.nq"))
    vesoc_page = named[GGD + "doc-vesoc-page"]
    profile = named[GGD + "doc-resoc-serr-profile"]
    # VESOC is described by the Dutch page; the RESOC of Brugge by the English profile only
    vesoc, resoc = URIRef(GGD + "vesoc"), URIRef(GGD + "resoc-brugge")
    assert (vesoc, None, None) in vesoc_page
    assert (resoc, None, None) in profile and (resoc, None, None) not in vesoc_page
    assert summary.graphs[GGD + "doc-vesoc-page"] == len(vesoc_page)


def test_the_rdflib_engine_writes_from_its_graphs(tmp_path: Path) -> None:
    summary = write_dataset(gg.load(engine="rdflib"), tmp_path / "d.nq")
    assert set(summary.graphs) == GRAPHS
    assert summary.default_triples == len(_read(tmp_path / "d.nq").graph(DATASET_DEFAULT_GRAPH_ID))
