"""The docstring examples of the core modules run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "governance_graph",
    "governance_graph.namespaces",
    "governance_graph.errors",
    "governance_graph.paths",
    "governance_graph.loading",
    "governance_graph.interpretations",
    "governance_graph.validation_report",
    "governance_graph.sparql.prepare",
    "governance_graph.engines",
    "governance_graph.engines.closure_cache",
    "governance_graph.engines.inconsistencies",
    "governance_graph.engines.rdflib_reasoning",
    "governance_graph.engines.rdflib_shacl",
    "governance_graph.engines.oxigraph",
    "governance_graph.engines.oxigraph_terms",
    "governance_graph.engines.oxigraph_rules",
    "governance_graph.engines.oxigraph_materialize",
    "governance_graph.engines.oxigraph_datatypes",
    "governance_graph.engines.oxigraph_shacl",
    "governance_graph.api",
    "governance_graph.querying",
    "governance_graph.pipeline",
    "governance_graph.options",
    "governance_graph.cli.scale",
    "governance_graph.files",
    "governance_graph.writers",
    "governance_graph.writers.terms",
    "governance_graph.writers.tables",
    "governance_graph.writers.rdf",
    "governance_graph.writers.answers",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0
