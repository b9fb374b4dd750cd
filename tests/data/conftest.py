"""Fixtures of the stored-query tests: the bundled graph loaded once per test module (its
closure cached in a folder of its own), and the bundled catalogue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph

import governance_graph
from governance_graph.catalogue import Catalogue

from .standard_client import standard_closure

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def closure() -> Graph:
    """The standard-vocabulary client's graph: owlrl's closure of ontology/ + data/, read by the
    two test_neutral_client modules (computed once; no test changes it)."""
    return standard_closure()


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
