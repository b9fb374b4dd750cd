"""Programs the tests run or start, and the loopback servers they talk to, each started and
stopped one way:

* :func:`console_script` and :func:`run_script`: the installed ``governance-graph`` script, run
  to completion (the end-to-end tests of the command line), with :func:`script_env`, and
  :func:`error_line`, the one line a failed run writes;
* :func:`started`: a long-running program (``serve``, ``oxigraph serve``, Virtuoso) started,
  waited for until :func:`http_ready` says it answers, and stopped (SIGTERM, then SIGKILL)
  whatever happens;
* :func:`serving`: a stdlib HTTP server on a thread (a stub endpoint or store, a static site);
* :func:`free_port`: a loopback port nothing listens on;
* :func:`tool_check`: a ``tools/`` script of this checkout run with ``--check``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

__all__ = [
    "console_script",
    "error_line",
    "free_port",
    "http_ready",
    "oxigraph_cli",
    "run_script",
    "script_env",
    "serving",
    "started",
    "stop",
    "tool_check",
]


def _beside_python_or_on_path(name: str) -> str | None:
    """The program ``name`` of this Python environment (beside ``sys.executable``), else on
    PATH, else None."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def console_script() -> str:
    """The installed ``governance-graph`` console script; fails the test when there is none."""
    found = _beside_python_or_on_path("governance-graph")
    if found is None:
        pytest.fail("the governance-graph console script is not installed (pip install .)")
    return found


def oxigraph_cli() -> str | None:
    """The ``oxigraph`` CLI (pip package ``oxigraph``) of this environment or on PATH, or None."""
    return _beside_python_or_on_path("oxigraph")


def script_env(cache_dir: Path) -> dict[str, str]:
    """The environment for the console script: this one, with its own closure cache and without
    ``GOVERNANCE_GRAPH_DEBUG`` (which would print tracebacks)."""
    env = dict(os.environ, GOVERNANCE_GRAPH_CACHE_DIR=str(cache_dir))
    env.pop("GOVERNANCE_GRAPH_DEBUG", None)
    return env


def run_script(
    *args: str | Path, env: dict[str, str], cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``governance-graph ARGS`` run to completion, output captured as text. Whatever the exit
    status, no traceback may reach stderr (errors are one line)."""
    proc = subprocess.run(
        [console_script(), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def tool_check(tool: Path) -> None:
    """Run ``tool --check`` (a file the package ships is what the tool would write now); skip
    where the tree has no ``tools/`` (an installed package only)."""
    if not tool.is_file():
        pytest.skip(f"tools/{tool.name} is not in this tree (an installed package only)")
    proc = subprocess.run(
        [sys.executable, str(tool), "--check"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr


def error_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a failed run of the script, without the program prefix."""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("governance-graph: error: "), lines[0]
    return lines[0].removeprefix("governance-graph: error: ")


def free_port() -> int:
    """A loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_ready(url: str, *, status: int | None = None) -> Callable[[], bool]:
    """A readiness check for :func:`started`: ``url`` answers a GET (with ``status``, if given)."""
    import httpx

    def ready() -> bool:
        try:
            response = httpx.get(url, timeout=2)
        except httpx.HTTPError:
            return False
        return status is None or response.status_code == status

    return ready


def stop(proc: subprocess.Popen, grace: float = 20) -> None:
    """Stop ``proc`` if it still runs (SIGTERM, then SIGKILL after ``grace`` seconds), wait for
    it, and close its pipes."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()


def _stderr(proc: subprocess.Popen) -> str:
    if proc.stderr is None:
        return ""
    text = proc.stderr.read()
    return text.decode(errors="replace") if isinstance(text, bytes) else text


@contextlib.contextmanager
def started(
    command: Sequence[str | Path],
    *,
    ready: Callable[[], bool],
    what: str,
    timeout: float = 60,
    poll: float = 0.1,
    exit_detail: Callable[[subprocess.Popen], str] = _stderr,
    **popen: object,
) -> Iterator[subprocess.Popen]:
    """Start ``command`` (``popen`` passed to :class:`subprocess.Popen`; output goes nowhere
    unless given), wait until ``ready()`` is true, yield the process, and :func:`stop` it on
    exit. Raises RuntimeError, with ``exit_detail(proc)`` (by default what it wrote to a piped
    stderr), when it exits before it is ready or is not ready within ``timeout`` seconds."""
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    proc = subprocess.Popen([str(part) for part in command], **popen)  # type: ignore[call-overload]
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited ({proc.returncode}): {exit_detail(proc)}")
            if ready():
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start within {timeout:g} s")
            time.sleep(poll)
        yield proc
    finally:
        stop(proc)


@contextlib.contextmanager
def serving(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[ThreadingHTTPServer]:
    """A stdlib HTTP server on a free loopback port, answering with ``handler`` on a daemon
    thread; shut down and closed on exit. Its port: ``server.server_address[1]``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
