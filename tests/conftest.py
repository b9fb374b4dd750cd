"""Shared test set-up: every test gets its own closure cache, the run its own temporary folder,
the tiny fixture graph, and the environment the console script runs in."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import processes
from tests.helpers.paths import FIXTURES

CORE = FIXTURES / "core"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the user's cache, and none sees another's in-memory closure."""
    from governance_graph.engines import rdflib_reasoning as reasoning

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


@pytest.fixture(scope="session")
def script_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the console script's runs (:func:`tests.helpers.processes.script_env`),
    with one closure cache for the session."""
    return processes.script_env(tmp_path_factory.mktemp("script-cache"))


@pytest.fixture(scope="session", autouse=True)
def _private_temp_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The run's own temporary folder: ``TMPDIR`` (and :mod:`tempfile`) point into pytest's
    base folder for this process and every program the tests start. Another run or program on
    the same machine cannot put anything there, so the check at the end is exact: the run must
    leave nothing of governance-graph's (``governance-graph-serve-*``…) behind."""
    folder = tmp_path_factory.mktemp("tmpdir")
    saved_env, saved_tempdir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
    left = sorted(p.name for p in folder.glob("governance-graph-*"))
    if left:
        pytest.fail(f"the tests left {', '.join(left)} in the temporary folder {folder}")


@pytest.fixture()
def gg(script_env: dict[str, str]):
    """``gg(*args, code=0, cwd=None)``: ``governance-graph ARGS`` run to completion, the way a
    user runs it; its exit status must be ``code`` and no traceback may reach stderr."""

    def run(*args: str | Path, code: int = 0, cwd: Path | None = None):
        proc = processes.run_script(*args, env=script_env, cwd=cwd)
        assert proc.returncode == code, (
            f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc

    return run
