"""Fixtures of the stored-query tests: the bundled graph loaded once per test module (its
closure cached in a folder of its own), and the bundled catalogue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import governance_graph
from governance_graph.catalogue import Catalogue

# --------------------------------------------------------------------------- fixtures




@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[governance_graph.KnowledgeGraph]:
    from governance_graph.engines import rdflib_reasoning as reasoning

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("query-cache")))
        mp.delenv("GOVERNANCE_GRAPH_NO_CACHE", raising=False)
        reasoning.clear_memory_cache()
        graph = governance_graph.load()
        graph.closure()
        yield graph
        reasoning.clear_memory_cache()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.bundled()


