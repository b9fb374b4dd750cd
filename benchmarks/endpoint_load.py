"""Load test of the SPARQL endpoint on loopback, side by side with an Oxigraph server.

Starts ``governance-graph serve`` (our endpoint, ``--engine`` as given) and ``oxigraph serve``
(the ``oxigraph`` pip package's CLI) on free loopback ports, pushes the same graph (the OWL 2 RL
closure) into Oxigraph through the Graph Store Protocol, then sends every stored query (its
defaults bound) from ``--clients`` concurrent clients, ``--requests`` times per query, to both,
and prints queries per second and p50/p99 latency per query and overall. Figures, not a test.

    python benchmarks/endpoint_load.py                      # oxigraph store, 8 clients
    python benchmarks/endpoint_load.py --engine rdflib --requests 40 --only chairs,persons

Queries that fail or time out on one side are reported as such (rdflib is much slower on
some stored queries than Oxigraph).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args[0]} exited early")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def load(send, texts: dict[str, str], clients: int, requests: int) -> dict[str, dict]:
    out: dict[str, dict] = {}
    with ThreadPoolExecutor(clients) as pool:
        for name, text in texts.items():

            def one(_: int, text=text) -> tuple[float, int]:
                started = time.perf_counter()
                try:
                    status = send(text)
                except httpx.HTTPError:
                    status = 599
                return time.perf_counter() - started, status

            started = time.perf_counter()
            results = list(pool.map(one, range(requests)))
            wall = time.perf_counter() - started
            ok = [t for t, s in results if s == 200]
            out[name] = {
                "qps": len(ok) / wall if ok else 0.0,
                "p50": statistics.median(ok) * 1000 if ok else float("nan"),
                "p99": percentile(ok, 99) * 1000 if ok else float("nan"),
                "errors": len(results) - len(ok),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from governance_graph.engines import engine_names

    parser.add_argument("--engine", choices=engine_names(), default="auto")
    parser.add_argument("--workers", type=int, default=4, help="our query worker processes")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=100, help="per query and endpoint")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--only", help="comma-separated stored query names")
    args = parser.parse_args()

    import governance_graph as gg
    from governance_graph.catalogue import Catalogue
    from governance_graph.graph_store_client import Auth, push
    from governance_graph.params import bind, insert_values

    queries = [q for q in Catalogue.bundled() if not args.only or q.name in args.only.split(",")]
    texts = {q.name: insert_values(q.text, bind(q, {})) for q in queries}
    closure = gg.load().closure()

    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    folder = tempfile.mkdtemp(prefix="gg-bench-")
    ours_port, oxi_port = free_port(), free_port()
    ours = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from governance_graph.server.commands import serve; "
            "serve.main(sys.argv[1:])",
            "--port",
            str(ours_port),
            "--engine",
            args.engine,
            "--workers",
            str(args.workers),
            "--timeout",
            str(args.timeout),
        ],
        stderr=subprocess.DEVNULL,
    )
    oxi = subprocess.Popen(
        [
            oxigraph,
            "serve",
            "--location",
            folder,
            "--bind",
            f"127.0.0.1:{oxi_port}",
            "--timeout-s",
            str(int(args.timeout)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ours_url, oxi_url = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{oxi_port}"
        wait(ours_url + "/health", ours)
        wait(oxi_url + "/", oxi)
        push(closure, oxi_url + "/store", auth=Auth())
        headers = {
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        }
        limits = httpx.Limits(max_connections=args.clients * 2)
        with httpx.Client(timeout=args.timeout + 5, limits=limits) as client:

            def to(url: str):
                return lambda text: (
                    client.post(url, content=text.encode(), headers=headers).status_code
                )

            print(
                f"{len(texts)} stored queries, {args.clients} clients, {args.requests} requests "
                f"per query; ours: --engine {args.engine}, {args.workers} workers; "
                f"{os.cpu_count()} CPUs\n"
            )
            ours_res = load(to(ours_url + "/sparql"), texts, args.clients, args.requests)
            oxi_res = load(to(oxi_url + "/query"), texts, args.clients, args.requests)
    finally:
        for proc in (ours, oxi):
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(folder, ignore_errors=True)

    head = (
        f"{'query':28} {'ours q/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'err':>4}   "
        f"{'oxigraph q/s':>12} {'p50 ms':>8} {'p99 ms':>8} {'err':>4}"
    )
    print(head)
    print("-" * len(head))
    for name in texts:
        a, b = ours_res[name], oxi_res[name]
        print(
            f"{name[:28]:28} {a['qps']:9.1f} {a['p50']:8.1f} {a['p99']:8.1f} {a['errors']:4d}   "
            f"{b['qps']:12.1f} {b['p50']:8.1f} {b['p99']:8.1f} {b['errors']:4d}"
        )
    for label, res in (("ours", ours_res), ("oxigraph", oxi_res)):
        qps = [r["qps"] for r in res.values() if r["qps"]]
        print(
            f"\n{label}: mean {statistics.mean(qps) if qps else 0:.1f} q/s over queries, "
            f"{sum(r['errors'] for r in res.values())} errors/timeouts"
        )


if __name__ == "__main__":
    main()
