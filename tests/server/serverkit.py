"""Helpers of the server tests: the served state on the bundled graph, ``serve`` started as a
subprocess, and its query workers."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.helpers.paths import FIXTURES
from tests.helpers.processes import console_script, free_port, http_ready, started

QUERIES = FIXTURES / "server-queries"
GGD = "https://w3id.org/governance-graph/id/"
DOC = GGD + "doc-resoc-serr-profile"
VESOC_DOC = GGD + "doc-vesoc-page"


def open_test_state(store: str, cache_dir: Path, *, queries: Path = QUERIES, **limits):
    from governance_graph.server.limits import Limits
    from governance_graph.server.settings import ServerSettings
    from governance_graph.server.state import open_state

    old = os.environ.get("GOVERNANCE_GRAPH_CACHE_DIR")
    os.environ["GOVERNANCE_GRAPH_CACHE_DIR"] = str(cache_dir)
    try:
        settings = ServerSettings(
            engine=store,
            workers=2,
            queries=queries,
            limits=Limits(**limits),
            allow_services=("http://127.0.0.1:9/allowed-sparql",),
        )
        return open_state(settings)
    finally:
        if old is None:
            os.environ.pop("GOVERNANCE_GRAPH_CACHE_DIR", None)
        else:
            os.environ["GOVERNANCE_GRAPH_CACHE_DIR"] = old


@contextlib.contextmanager
def running_server(
    *args: str,
    cache_dir: Path,
    timeout: float = 60,
    tmpdir: Path | None = None,
    installed: bool = False,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``serve`` started through ``python -c`` (or, ``installed``, the console script) on a free
    loopback port, with ``TMPDIR`` set to ``tmpdir`` if given; stopped (SIGTERM, then SIGKILL)
    on exit. Yields the base URL and the process."""
    port = free_port()
    if installed:
        command = [console_script(), "serve"]
    else:
        code = (
            "import sys; from governance_graph.server.commands import serve; "
            "serve.main(sys.argv[1:], prog_name='serve')"
        )
        command = [sys.executable, "-c", code]
    env = dict(os.environ, GOVERNANCE_GRAPH_CACHE_DIR=str(cache_dir))
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    base = f"http://127.0.0.1:{port}"
    with started(
        [*command, "--port", str(port), "--queries", str(QUERIES), *args],
        ready=http_ready(base + "/health", status=200),
        what="serve",
        timeout=timeout,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as proc:
        yield base, proc


def worker_pids(parent: int) -> list[int]:
    """Child processes of ``parent`` running a query worker (from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"governance_graph.server._worker" in cmdline:
            pids.append(int(entry.name))
    return pids


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
