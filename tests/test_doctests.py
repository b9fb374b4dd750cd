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
    "governance_graph.reasoning",
    "governance_graph.validation",
    "governance_graph.engine",
    "governance_graph.api",
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
