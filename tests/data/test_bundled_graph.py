"""The real bundled graph: it parses, its closure is consistent, it conforms to its shapes,
and every stored query parses."""

from __future__ import annotations

import pytest

import governance_graph as gg
from governance_graph import paths, reasoning
from governance_graph.sparql.prepare import prepare_query

pytestmark = pytest.mark.skipif(
    not (paths.ontology_dir() / "governance.ttl").is_file(),
    reason="ontology/governance.ttl is absent: no bundled graph to test",
)


@pytest.fixture(scope="module")
def kg() -> gg.KnowledgeGraph:
    return gg.load()


def test_every_file_parses(kg: gg.KnowledgeGraph) -> None:
    graphs = {str(g.identifier): len(g) for g in kg.asserted.graphs()}
    for source in kg.sources:
        assert graphs.get(str(source.graph_iri), 0) > 0, f"{source.name} holds no triples"
    assert any(s.role == "data" for s in kg.sources), "no data/*.ttl files"


def test_closure_is_consistent(kg: gg.KnowledgeGraph) -> None:
    closure = kg.closure()  # raises InconsistencyError with the offending resources
    assert len(closure) > len(kg.asserted)


def test_no_resources_merged_by_owl_sameas(kg: gg.KnowledgeGraph) -> None:
    merges = reasoning.unintended_merges(kg.closure())
    assert not merges, f"{len(merges)} pairs made owl:sameAs, e.g. {merges[:3]}"


def test_shapes_conform(kg: gg.KnowledgeGraph) -> None:
    if not paths.shapes_file().is_file():
        pytest.skip("ontology/shapes.ttl is absent")
    report = kg.validate()
    assert report.conforms, report.text()


@pytest.mark.parametrize(
    "query_file",
    sorted(paths.queries_dir().glob("*.rq")),
    ids=lambda p: p.stem,
)
def test_stored_query_parses(query_file) -> None:
    prepare_query(query_file.read_text(encoding="utf-8"), source=str(query_file))
