"""Benchmark: the check pipeline (``governance_graph.pipeline.run_check``: load, reason,
validate, queries) by size and engine.

    python benchmarks/check_speed.py --sizes 10k,100k,1M [--engines rdflib,oxigraph] [--cap 300]

Each (size, engine) runs in its own process (so peak RSS is that run's alone), on a synthetic
graph from ``governance-graph synth`` (seed 0). An engine (every one the registry knows, unless
``--engines`` says) runs at a size only while every stage of the previous size finished within
a tenth of ``--cap`` seconds (the next size is ten times larger); otherwise, and when a run
exceeds the cap, its cells read "> cap". Prints a table stage x size x
engine (wall seconds, peak RSS, triples/s, growth exponent against the previous size: 1.0 is
linear), writes ``benchmarks/results/<machine>-<date>.json`` and a log-log plot (PNG).
Not a test: the smoke test runs it at 1k (``tests/pipeline/test_benchmark_smoke.py``).

``--peers`` runs ``benchmarks/peers.py`` instead (the same options, and its own: ``--mem-cap``,
``--tools``…): our closure and SHACL beside other tools, their answers compared with ours.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run_record import label, write_record

HERE = Path(__file__).resolve().parent
STAGES = ("load", "reason", "validate", "queries", "total")

_CHILD = r"""
import json, os, sys, time, threading
os.environ["GOVERNANCE_GRAPH_NO_CACHE"] = "1"
os.environ["GOVERNANCE_GRAPH_QUIET"] = "1"
import psutil
proc = psutil.Process()
peak = [0]
def watch():
    while True:
        try:
            peak[0] = max(peak[0], proc.memory_info().rss)
        except Exception:
            return
        time.sleep(0.05)
threading.Thread(target=watch, daemon=True).start()
from governance_graph.pipeline import run_check
out_path, data, engine, store_dir = sys.argv[1:5]
partial = {}
def progress(stage, _msg):
    partial.setdefault("started", {}).setdefault(stage, time.perf_counter())
done = {}
def on_stage(name, seconds):
    done[name] = seconds
    json.dump({"partial": done, "peak_rss": peak[0]}, open(out_path, "w"))
skip = tuple(q for q in os.environ.get("GG_BENCH_SKIP", "").split(",") if q)
res = run_check([data], engine, store_dir=store_dir or None, progress=progress, on_stage=on_stage,
                skip_queries=skip)
peak[0] = max(peak[0], proc.memory_info().rss)
import resource
ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
json.dump({"stages": res.stages, "asserted": res.asserted, "closure": res.closure,
           "conforms": res.report.conforms, "results": len(res.report.results),
           "rows": res.rows, "query_seconds": res.query_seconds,
           "peak_rss": max(peak[0], ru)}, open(out_path, "w"))
"""


def parse_sizes(text: str) -> list[int]:
    sys.path.insert(0, str(HERE.parent / "src"))
    from governance_graph.synth import parse_size

    return [parse_size(t) for t in text.split(",") if t.strip()]


def run_one(data: Path, engine: str, cap: float, store_dir: str = "") -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = Path(tmp.name)
    started = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-c", _CHILD, str(out), str(data), engine, store_dir],
            check=True,
            timeout=cap,
            capture_output=True,
        )
        result = json.loads(out.read_text())
        result["status"] = "ok"
    except subprocess.TimeoutExpired:
        result = {"status": "> cap", "wall": time.perf_counter() - started}
        try:  # the stages that finished before the cap
            partial = json.loads(out.read_text())
            result["partial"] = partial.get("partial", {})
            result["peak_rss"] = partial.get("peak_rss", 0)
        except (OSError, ValueError):
            pass
    except subprocess.CalledProcessError as err:
        tail = err.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        result = {"status": f"failed: {tail[0]}"}
    finally:
        out.unlink(missing_ok=True)
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--peers" in argv:
        sys.path.insert(0, str(HERE))
        from peers import main as peers

        return peers([a for a in argv if a != "--peers"])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", action="store_true", help="run benchmarks/peers.py instead")
    parser.add_argument("--sizes", default="10k,100k,1M")
    from governance_graph.engines import engine_class, engine_names

    parser.add_argument("--engines", default=",".join(engine_names(auto=False)))
    parser.add_argument("--cap", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--work", type=Path, default=None, help="where synthetic files go")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("--store-dir", default="", help="on-disk store, for engines that have one")
    parser.add_argument("--skip-queries", default="", help="stored queries not to run (names)")
    args = parser.parse_args(argv)
    sizes = parse_sizes(args.sizes)
    os.environ["GG_BENCH_SKIP"] = args.skip_queries
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="gg-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    from governance_graph.synth import write

    runs: list[dict] = []
    capped: set[str] = set()
    for size in sizes:
        data = work / f"synth-{label(size)}.nt"
        t = time.perf_counter()
        count, _ = write(data, size)
        gen = time.perf_counter() - t
        print(f"# synth {label(size)}: {count} triples in {gen:.1f} s", file=sys.stderr, flush=True)
        runs.append(
            {
                "size": size,
                "triples": count,
                "engine": "synth",
                "status": "ok",
                "stages": {"generate": gen},
            }
        )
        for engine in engines:
            if engine in capped:
                runs.append({"size": size, "triples": count, "engine": engine, "status": "> cap"})
                continue
            cap = args.cap
            store_dir = args.store_dir if engine_class(engine).on_disk else ""
            result = run_one(data, engine, cap, store_dir)
            result.update(size=size, triples=count, engine=engine)
            runs.append(result)
            print(
                f"# {engine} {label(size)}: {result.get('status')} "
                f"{result.get('stages') or result.get('partial')}",
                file=sys.stderr,
                flush=True,
            )
            if result["status"] != "ok" or max(result["stages"].values()) > args.cap / 10:
                capped.add(engine)  # the next size (10x) would not finish within the cap
        data.unlink(missing_ok=True)

    table = render_table(runs, sizes, engines, args.cap)
    print(table)
    base = write_record(
        args.out,
        "",
        {
            "cap_seconds": args.cap,
            "sizes": sizes,
            "engines": engines,
            "runs": runs,
            "table": table,
            "skipped_queries": [q for q in args.skip_queries.split(",") if q],
        },
    )
    if not args.no_plot:
        plot(runs, engines, base.with_suffix(".png"))
    print(f"wrote {base}.json" + ("" if args.no_plot else f" and {base}.png"), file=sys.stderr)
    return 0


def render_table(runs: list[dict], sizes: list[int], engines: list[str], cap: float) -> str:
    lines = [
        "| stage | size | engine | wall s | peak RSS MiB | triples/s | growth |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    by = {(r["engine"], r["size"]): r for r in runs}
    for stage in STAGES:
        for engine in engines:
            previous = None
            for size in sizes:
                r = by.get((engine, size))
                if r is None:
                    continue
                if r["status"] != "ok" and stage not in r.get("partial", {}):
                    lines.append(f"| {stage} | {label(size)} | {engine} | {r['status']} | | | |")
                    previous = None
                    continue
                secs = r["stages"][stage] if r["status"] == "ok" else r["partial"][stage]
                rate = r["triples"] / secs if secs > 0 else float("inf")
                growth = ""
                if previous is not None and previous[1] > 0 and secs > 0:
                    exponent = math.log(secs / previous[1]) / math.log(r["triples"] / previous[0])
                    growth = f"{exponent:.2f}"
                rss = r["peak_rss"] / 2**20
                lines.append(
                    f"| {stage} | {label(size)} | {engine} | {secs:.2f} | {rss:.0f} | "
                    f"{rate:,.0f} | {growth} |"
                )
                previous = (r["triples"], secs)
    return "\n".join(lines)


def plot(runs: list[dict], engines: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5.5))
    styles = {"oxigraph": "-", "rdflib": "--"}
    for engine in engines:
        for stage in STAGES:
            points = [
                (r["triples"], (r.get("stages") or r.get("partial", {})).get(stage, 0))
                for r in runs
                if r["engine"] == engine
            ]
            points = [p for p in points if p[1] > 0]
            if points:
                xs, ys = zip(*sorted(points), strict=True)
                ax.plot(xs, ys, styles.get(engine, ":"), marker="o", label=f"{engine}: {stage}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("asserted triples (synthetic graph)")
    ax.set_ylabel("wall seconds")
    ax.set_title("governance-graph check: time per stage")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    sys.exit(main())
