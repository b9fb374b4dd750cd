"""Shared test set-up: every test gets its own closure cache, and the tiny fixture graph."""

from __future__ import annotations

from pathlib import Path

import pytest

CORE = Path(__file__).parent / "fixtures" / "core"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the user's cache, and none sees another's in-memory closure."""
    from governance_graph import reasoning

    monkeypatch.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GOVERNANCE_GRAPH_NO_CACHE", raising=False)
    reasoning.clear_memory_cache()
    yield
    reasoning.clear_memory_cache()


@pytest.fixture
def core() -> Path:
    """``tests/fixtures/core``: tiny ``ontology/`` (with ``shapes.ttl``), ``data/``, ``bad/``."""
    return CORE


@pytest.fixture
def tiny_bundle(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the tiny fixture graph the 'bundled' graph for ``governance_graph.load()``."""
    from governance_graph import paths

    monkeypatch.setattr(paths, "bundled_root", lambda: CORE)
    return CORE
