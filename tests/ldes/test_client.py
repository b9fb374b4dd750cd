"""The event stream replicated by the reference client, the npm package ``ldes-client``: served
as static files (``python -m http.server`` over the published site) and by ``serve``, it gives
every resource's statements at the current release; after the next release, a client resuming
from its saved state receives exactly that release's changes.

The package is installed once per session with ``npm install --prefix`` (``.ci/run`` installs
it beforehand and names its folder in ``GOVERNANCE_GRAPH_NODE_PREFIX``); without ``node`` and
``npm``, or when the install fails, these tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from governance_graph.site.build import PublishOptions, publish
from tests.helpers.processes import console_script, free_port, http_ready, started

from .conftest import CHANGED, GONE
from .streams import Replica, assert_replicates, replica, statements

#: The client the tests run, pinned: what it expects is read from this version's source.
LDES_CLIENT = "ldes-client@0.3.0"
_NEEDS = (
    "the tests that replicate the event stream run the npm package ldes-client, which needs "
    "`node` (Node.js 20 or newer) and `npm` (Debian: apt install nodejs npm)"
)


def _cli(prefix: Path) -> Path:
    return prefix / "node_modules" / "ldes-client" / "dist" / "bin" / "cli.js"


@pytest.fixture(scope="session")
def ldes_client(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that runs ``ldes-client``: installed here once, or found where ``.ci/run``
    installed it."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None:
        pytest.skip(f"`node` is not on PATH: {_NEEDS}")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    if int(version.strip().lstrip("v").split(".")[0] or 0) < 20:
        pytest.skip(f"node {version.strip()} is too old: {_NEEDS}")
    ready = os.environ.get("GOVERNANCE_GRAPH_NODE_PREFIX")
    if ready and _cli(Path(ready)).is_file():
        return [node, str(_cli(Path(ready)))]
    if npm is None:
        pytest.skip(f"`npm` is not on PATH: {_NEEDS}")
    prefix = tmp_path_factory.mktemp("node")
    try:
        proc = subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", LDES_CLIENT],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm install {LDES_CLIENT} took more than 10 minutes: {_NEEDS}")
    if proc.returncode != 0 or not _cli(prefix).is_file():
        why = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"npm install {LDES_CLIENT} failed ({why}): {_NEEDS}")
    return [node, str(_cli(prefix))]


def replicate(client: list[str], url: str, *, save: Path | None = None) -> Replica:
    """Run the client once (no polling) on ``url`` with ``--materialize --last-version-only``
    (and ``--save``): what it printed, read as members."""
    args = [*client, url, "--materialize", "--last-version-only"]
    if save is not None:
        args += ["--save", str(save)]
    proc = subprocess.run(
        args, capture_output=True, text=True, timeout=300, env={**os.environ, "LOG_LEVEL": "warn"}
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    problems = [line for line in proc.stderr.splitlines() if "error" in line.lower()]
    assert problems == [], proc.stderr[-2000:]
    return replica(proc.stdout)


def _publish(checkout, site: Path, base: str) -> None:
    options = PublishOptions(base_url=base, releases=checkout.releases, diagrams=False)
    publish(checkout.load(), site, options)


@contextmanager
def _static(site: Path, port: int) -> Iterator[str]:
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    with started(
        [*command, "--directory", str(site)],
        ready=http_ready(base + "ldes.ttl"),
        what="http.server",
    ):
        yield base + "ldes.ttl"


@contextmanager
def _serve(port: int, script_env, *args: str | Path) -> Iterator[str]:
    base = f"http://127.0.0.1:{port}/"
    command = [console_script(), "serve", "--port", str(port), "--workers", "1", *args]
    with started(
        command,
        ready=http_ready(base + "health", status=200),
        what="governance-graph serve",
        timeout=180,
        env=script_env,
        stderr=subprocess.PIPE,
    ):
        yield base + "ldes"


@pytest.mark.parametrize("server", ["static", "serve"])
def test_a_client_replicates_the_stream_and_resumes_after_a_release(
    server, ldes_client, checkouts, graphs, tmp_path, script_env
):
    port = free_port()
    site = tmp_path / "site"
    _publish(checkouts["a"], site, f"http://127.0.0.1:{port}/")
    serving = (
        _static(site, port)
        if server == "static"
        else _serve(port, script_env, "--ldes", site, "--data", checkouts["a"].data)
    )
    state = tmp_path / "client-state"
    with serving as url:
        first = replicate(ldes_client, url, save=state)
        assert_replicates(first, graphs["a"])
        assert first.deleted == set()
        assert first.events == len(first.versions)

        _publish(checkouts["b"], site, f"http://127.0.0.1:{port}/")  # into the same folder

        resumed = replicate(ldes_client, url, save=state)
        assert resumed.events == 3
        assert set(resumed.versions) == CHANGED
        assert resumed.deleted == {GONE}
        for iri in CHANGED:
            assert isomorphic(resumed.versions[iri], statements(graphs["b"], iri)), iri

        fresh = replicate(ldes_client, url)
        assert_replicates(fresh, graphs["b"])
        assert fresh.deleted == {GONE}


def test_a_client_replicates_the_stream_serve_builds(ldes_client, checkouts, graphs, script_env):
    b = checkouts["b"]
    with _serve(free_port(), script_env, "--data", b.data, "--releases", b.root) as url:
        found = replicate(ldes_client, url)
    assert_replicates(found, graphs["b"])
    assert found.deleted == set()
