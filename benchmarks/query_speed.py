"""Print how long ``governance-graph query chairs`` takes in a new process (a cold start: the
target is a median of at most 0.5 s over 10 runs), without and with the closure cache, how long
``import governance_graph`` takes, and how fast each closure-cache format loads.

A figure printer, not a test::

    python benchmarks/query_speed.py [--runs 10] [--query chairs] [--engine auto]
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def command(query: str, engine: str) -> list[str]:
    """The installed console script next to this Python, else the same entry point via -c."""
    args = ["query", query, "--engine", engine]
    script = Path(sys.executable).with_name("governance-graph")
    if script.exists():
        return [str(script), *args]
    found = shutil.which("governance-graph")
    if found:
        return [found, *args]
    return [sys.executable, "-c", "from governance_graph.cli import main; main()", *args]


def wall(argv: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode().strip()}")
    return elapsed


def best(f: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def row(label: str, seconds: Sequence[float] | float) -> None:
    if isinstance(seconds, float):
        print(f"{label:<44} {seconds * 1000:9.0f} ms")
    else:
        print(
            f"{label:<44} {min(seconds) * 1000:9.0f} ms  "
            f"(median {statistics.median(seconds) * 1000:.0f} ms of {len(seconds)})"
        )


def cache_formats(runs: int) -> None:
    """Load time of the bundled closure as pickle (the cache format) vs N-Triples."""
    import rdflib

    import governance_graph as gg

    closure = gg.load().closure()
    nt = closure.serialize(format="nt", encoding="utf-8")
    pk = pickle.dumps(closure, protocol=pickle.HIGHEST_PROTOCOL)
    print(
        f"closure: {len(closure)} triples; "
        f"pickle {len(pk) // 1024} KiB, N-Triples {len(nt) // 1024} KiB"
    )
    row("  load pickle (cache format)", best(lambda: pickle.loads(pk), runs))
    row(
        "  load N-Triples with rdflib",
        best(lambda: rdflib.Graph().parse(data=nt, format="nt"), runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--query", default="chairs")
    parser.add_argument("--engine", default="auto", help="rdflib, oxigraph or auto")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GOVERNANCE_GRAPH_CACHE_DIR=tmp)
        env.pop("GOVERNANCE_GRAPH_NO_CACHE", None)
        argv = command(args.query, args.engine)
        print(f"command: {' '.join(argv)}")
        cold = []
        for _ in range(args.runs):
            for f in Path(tmp).glob("closure-*"):
                f.unlink()
            cold.append(wall(argv, env))
        warm = [wall(argv, env) for _ in range(args.runs)]
        row("query, new process, no closure cache", cold)
        row("query, new process, closure cached", warm)

        interpreter = [wall([sys.executable, "-c", "pass"], env) for _ in range(args.runs)]
        package = [
            wall([sys.executable, "-c", "import governance_graph"], env) for _ in range(args.runs)
        ]
        rdflib_ = [wall([sys.executable, "-c", "import rdflib"], env) for _ in range(args.runs)]
        row("python -c pass", interpreter)
        row("import governance_graph", package)
        row("import rdflib (paid by the first real use)", rdflib_)
        os.environ["GOVERNANCE_GRAPH_CACHE_DIR"] = tmp
        cache_formats(args.runs)


if __name__ == "__main__":
    main()
