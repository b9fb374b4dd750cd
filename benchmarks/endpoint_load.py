"""Load test of the SPARQL endpoint on loopback, side by side with an Oxigraph server.

Starts ``governance-graph serve`` (our endpoint, ``--engine`` as given) and ``oxigraph serve``
(the ``oxigraph`` pip package's CLI) on free loopback ports, pushes the same graph (the OWL 2 RL
closure) into Oxigraph through the Graph Store Protocol, then sends every stored query (its
defaults bound) from ``--clients`` concurrent clients, ``--requests`` times per query, to both,
and prints queries per second and p50/p99 latency per query and overall. Figures, not a test.

    python benchmarks/endpoint_load.py                      # oxigraph store, 8 clients
    python benchmarks/endpoint_load.py --engine rdflib --requests 40 --only chairs,persons
    governance-graph synth --triples 100k -o synth-100k.nt
    python benchmarks/endpoint_load.py --data synth-100k.nt  # a synthetic graph instead

The load starts once ``serve`` has published its site (it does so in the background as soon
as it listens, which competes with the queries for the first seconds or minutes), so both
servers are measured in their steady state. Each query is first asked once of both, and the
rows compared (as multisets, blank nodes anonymous): the ``rows`` column says ``same`` or
``DIFF``. Queries that fail or time out on one side are reported as such (rdflib is much
slower on some stored queries than Oxigraph).
"""

from __future__ import annotations

import argparse
import json
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


def rows_of(response: httpx.Response) -> list[str] | None:
    """The rows of a SPARQL JSON answer as sorted canonical strings (blank nodes anonymous);
    None for anything but an answer."""
    if response.status_code != 200:
        return None
    doc = json.loads(response.content)
    if "boolean" in doc:
        return [str(doc["boolean"])]
    rows = []
    for binding in doc["results"]["bindings"]:
        cells = {
            name: {**term, "value": "_"} if term["type"] == "bnode" else term
            for name, term in binding.items()
        }
        rows.append(json.dumps(cells, sort_keys=True))
    return sorted(rows)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def load(sends: dict, texts: dict[str, str], clients: int, requests: int) -> dict[str, dict]:
    """Per endpoint of ``sends``, per query: q/s, p50/p99 (ms), errors. The endpoints take
    turns query by query, so that a change in the machine's other load hits both alike."""
    out: dict[str, dict] = {label: {} for label in sends}
    with ThreadPoolExecutor(clients) as pool:
        for name, text in texts.items():
            for label, send in sends.items():

                def one(_: int, text=text, send=send) -> tuple[float, int]:
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
                out[label][name] = {
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
    parser.add_argument(
        "--max-rows",
        type=int,
        default=1_000_000,
        help="our --max-rows (Oxigraph has no such limit)",
    )
    parser.add_argument("--only", help="comma-separated stored query names")
    parser.add_argument("--data", type=Path, help="a data file instead of the bundled data/")
    parser.add_argument(
        "--site-timeout",
        type=float,
        default=900.0,
        help="seconds to wait for serve to publish its site before the load",
    )
    args = parser.parse_args()

    import governance_graph as gg
    from governance_graph.catalogue import Catalogue
    from governance_graph.graph_store_client import Auth, push
    from governance_graph.params import bind, insert_values

    queries = [q for q in Catalogue.bundled() if not args.only or q.name in args.only.split(",")]
    texts = {q.name: insert_values(q.text, bind(q, {})) for q in queries}
    closure = gg.load([args.data] if args.data else None, engine=args.engine).closure()

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
            "--max-rows",
            str(args.max_rows),
            *(["--data", str(args.data)] if args.data else []),
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
        wait(ours_url + "/health", ours, timeout=600)
        wait(oxi_url + "/", oxi)
        started = time.perf_counter()
        httpx.get(ours_url + "/", timeout=args.site_timeout)  # the site, published at start
        site_seconds = time.perf_counter() - started
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
                f"{os.cpu_count()} CPUs; {len(closure)} triples in the closure; the site "
                f"published {site_seconds:.0f} s after start\n"
            )
            same = {
                name: rows_of(
                    client.post(ours_url + "/sparql", content=text.encode(), headers=headers)
                )
                == rows_of(client.post(oxi_url + "/query", content=text.encode(), headers=headers))
                for name, text in texts.items()
            }
            sends = {"ours": to(ours_url + "/sparql"), "oxigraph": to(oxi_url + "/query")}
            results = load(sends, texts, args.clients, args.requests)
            ours_res, oxi_res = results["ours"], results["oxigraph"]
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
        f"{'oxigraph q/s':>12} {'p50 ms':>8} {'p99 ms':>8} {'err':>4} {'ratio':>6} {'rows':>5}"
    )
    print(head)
    print("-" * len(head))
    for name in texts:
        a, b = ours_res[name], oxi_res[name]
        print(
            f"{name[:28]:28} {a['qps']:9.1f} {a['p50']:8.1f} {a['p99']:8.1f} {a['errors']:4d}   "
            f"{b['qps']:12.1f} {b['p50']:8.1f} {b['p99']:8.1f} {b['errors']:4d} "
            f"{a['qps'] / b['qps'] if b['qps'] else 0:6.2f} {'same' if same[name] else 'DIFF':>5}"
        )
    means = {}
    for label, res in (("ours", ours_res), ("oxigraph", oxi_res)):
        qps = [r["qps"] for r in res.values() if r["qps"]]
        means[label] = statistics.mean(qps) if qps else 0.0
        print(
            f"\n{label}: mean {means[label]:.1f} q/s over queries, "
            f"{sum(r['errors'] for r in res.values())} errors/timeouts"
        )
    ratios = [ours_res[n]["qps"] / oxi_res[n]["qps"] for n in texts if oxi_res[n]["qps"]]
    print(
        f"\nours / oxigraph: {means['ours'] / means['oxigraph'] if means['oxigraph'] else 0:.2f} "
        f"(mean q/s), {statistics.mean(ratios) if ratios else 0:.2f} (mean of the per-query "
        f"ratios); rows differ on {sum(not v for v in same.values())} of {len(same)} queries"
    )


if __name__ == "__main__":
    main()
