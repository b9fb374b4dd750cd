"""Benchmark: how long ``governance-graph serve`` takes to start, and how much memory it holds.

Starts ``serve`` on a free loopback port over a data file, then prints, in seconds from the
start, when it first answers HTTP, when its SPARQL endpoint first answers a query that a worker
must run (``SELECT (COUNT(*) AS ?n) { ?s ?p ?o }`` over the closure), and when its site is
published, each with the resident memory of the server and its workers together at that
moment, as it is reached; and at the end the peak (sampled every 0.1 s). Figures, not a test.

    governance-graph synth --triples 1M -o synth-1M.nt
    python benchmarks/serve_startup.py --data synth-1M.nt            # oxigraph store
    python benchmarks/serve_startup.py --engine rdflib --data my.ttl
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil
from endpoint_load import free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def tree_rss(proc: psutil.Process) -> int:
    """Resident bytes of ``proc`` and all its descendants (0 for those already gone)."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def until(check, proc: subprocess.Popen, started: float, timeout: float) -> float:  # type: ignore[no-untyped-def]
    """Seconds from ``started`` until ``check()`` is true; exits if the server dies first."""
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"serve exited early with status {proc.returncode}")
        try:
            if check():
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"serve was not ready within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="data file or folder")
    parser.add_argument("--engine", default="oxigraph", choices=["oxigraph", "rdflib"])
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait in all")
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"--data: no such file or folder: {args.data}")
    beside = Path(sys.executable).with_name("governance-graph")
    program = str(beside) if beside.exists() else shutil.which("governance-graph")
    if program is None:
        parser.error("governance-graph is not on PATH (pip install -e .)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [program, "serve", "--engine", args.engine, "--data", str(args.data)]
    command += ["--port", str(port), "--log-level", "warning"]
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = [0]
    watched = psutil.Process(server.pid)
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(watched))
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    gib = 1024**3
    print(f"serve --engine {args.engine} --data {args.data}", flush=True)

    def reached(what: str, check) -> None:  # type: ignore[no-untyped-def]
        seconds = until(check, server, started, args.timeout)
        now = tree_rss(watched) / gib
        print(f"  {what:<16} {seconds:8.1f} s  {now:6.2f} GiB", flush=True)

    try:
        with httpx.Client(timeout=args.timeout) as client:
            reached("listening", lambda: client.get(url + "/sparql", timeout=1) is not None)
            reached(
                "first answer",
                lambda: (
                    client.post(
                        url + "/sparql",
                        content=COUNT.encode(),
                        headers={"Content-Type": "application/sparql-query"},
                    ).status_code
                    == 200
                ),
            )
            reached("site published", lambda: client.get(url + "/").status_code == 200)
    finally:
        done.set()
        server.terminate()
        server.wait(timeout=30)
        print(f"  peak memory      {peak[0] / gib:8.2f} GiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
