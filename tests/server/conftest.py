"""Fixtures of the server tests: a served app per store (real worker processes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.serverkit import open_test_state


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One closure cache for the whole session (the closure is computed once)."""
    return tmp_path_factory.mktemp("server-cache")


@pytest.fixture(scope="session", params=["rdflib", "oxigraph"])
def client(request: pytest.FixtureRequest, cache_dir: Path) -> Iterator:
    """A TestClient on the app with the bundled graph, for each store."""
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app

    state = open_test_state(request.param, cache_dir)
    try:
        with TestClient(create_app(state=state)) as c:
            c.engine = request.param
            yield c
    finally:
        state.close()


@pytest.fixture(scope="session", params=["rdflib", "oxigraph"])
def strict_client(request: pytest.FixtureRequest, cache_dir: Path) -> Iterator:
    """Tight limits: 1.5 s per query, 5 rows, 2 kB bodies."""
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app

    state = open_test_state(request.param, cache_dir, timeout=1.5, max_rows=5, max_body=2000)
    try:
        with TestClient(create_app(state=state)) as c:
            c.engine = request.param
            c.pool = state.pool
            yield c
    finally:
        state.close()
