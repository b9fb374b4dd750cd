"""Benchmark: our engine beside other tools on the same graphs, with their answers compared.

    python benchmarks/peers.py --sizes 10k,100k [--cap 600] [--mem-cap 8] [--tools pyrudof,…]
    python benchmarks/check_speed.py --peers --sizes 10k,100k        # the same

On each synthetic graph (``governance-graph synth``, seed 0, ``--violations`` known SHACL
violations) it times, each in a child process of its own (``peer_tasks.py``, which says what
every tool is given): the OWL 2 RL closure by our engine, ``reasonable``, ``owlrl-turbo`` and
``owlrl``; SHACL validation by ours, ``pyrudof``, ``pyshacl-turbo`` and ``pyshacl``. Each
child has a wall cap (``--cap`` seconds) and a memory cap (``--mem-cap`` GiB, see
``capped.py``); a tool over a cap reads "> cap" or "> mem" and is not run at the larger sizes,
nor is one whose last time, grown linearly, would pass the cap. Each closure and each report is
compared with ours (``peer_compare.py``). Then ``endpoint_load.py`` runs once (our endpoint
beside an Oxigraph server, on the bundled graph) and its summary is kept.

A tool whose package is missing is skipped with a line that names it and the ``pip install``
that brings it (``pip install '.[bench]'`` brings all). Prints a table with the ratios (the
tool's time and peak memory over ours), writes ``benchmarks/results/<machine>-<date>-peers.json``
and a plot (PNG). Not a test: ``tests/pipeline/test_peers_smoke.py`` runs it at 1k.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import capped
from peer_compare import EXPLAINED, compare_closures, compare_results, verdict
from peer_tasks import TOOLS, Tool, task_name
from run_record import label, write_record

HERE = Path(__file__).resolve().parent
GIB = 2**30


def synth(path: Path, size: int, violations: int) -> tuple[int, int]:
    """Write the graph (fewer violations when a small graph has room for fewer)."""
    from governance_graph.synth import write

    try:
        count, truth = write(path, size, violations=violations)
    except ValueError as err:  # "at most N violations fit in …"
        room = re.search(r"at most (\d+)", str(err))
        if not room:
            raise
        count, truth = write(path, size, violations=int(room.group(1)))
    return count, len(truth)


def missing(tools: list[Tool]) -> list[Tool]:
    """The tools that are installed; a line on stderr for each one that is not."""
    present = []
    for tool in tools:
        if importlib.util.find_spec(tool.module) is None:
            print(
                f"# skipped {tool.name}: package {tool.pip} is not installed "
                f"(pip install {tool.pip})",
                file=sys.stderr,
            )
        else:
            present.append(tool)
    return present


def run_tool(tool: Tool, data: Path, out: Path, cap: float, mem_cap: int) -> dict:
    argv = [sys.executable, str(HERE / "peer_tasks.py"), task_name(tool), str(data), str(out)]
    done = capped.run(argv, cap=cap, mem_cap=mem_cap)
    result = {"status": done["status"], "wall": done["wall"], "watched_rss": done["peak_rss"]}
    if done["status"] == "ok":
        result.update(json.loads(Path(f"{out}.json").read_text()))
    else:
        result["peak_rss"] = done["peak_rss"]
        result["stderr"] = done["stderr"]
    return result


def compare(tool: Tool, ours: Path, peer: Path) -> dict | None:
    if tool.stage == "reason":
        a, b = Path(f"{ours}.nt"), Path(f"{peer}.nt")
        return compare_closures(a, b) if a.is_file() and b.is_file() else None
    a, b = Path(f"{ours}.results.json"), Path(f"{peer}.results.json")
    return compare_results(a, b) if a.is_file() and b.is_file() else None


def endpoint(cap: float, mem_cap: int, requests: int, clients: int) -> dict:
    """``endpoint_load.py`` as it is, in a capped child; its summary lines and the peak memory
    of our endpoint's processes, of the Oxigraph server and of the client (which also holds the
    closure it pushes to Oxigraph)."""

    def group(proc) -> str:  # type: ignore[no-untyped-def]
        if proc.name() == "oxigraph":
            return "oxigraph"
        return "client" if any(a.endswith("endpoint_load.py") for a in proc.cmdline()) else "ours"

    argv = [sys.executable, str(HERE / "endpoint_load.py")]
    argv += ["--requests", str(requests), "--clients", str(clients)]
    done = capped.run(argv, cap=cap, mem_cap=mem_cap, group=group)
    out = {"status": done["status"], "wall": done["wall"], "argv": ["endpoint_load.py", *argv[2:]]}
    out["peak_rss"] = done.get("peak_by_group", {})
    out["stdout"] = done["stdout"]
    for line in done["stdout"].splitlines():
        found = re.match(r"(ours|oxigraph): mean ([\d.]+) q/s .*?, (\d+) errors", line)
        if found:
            out[found.group(1)] = {"qps": float(found.group(2)), "errors": int(found.group(3))}
        rows = re.search(r"rows differ on (\d+) of (\d+) queries", line)
        if rows:  # endpoint_load.py compares the two servers' rows itself
            out["rows_differ"] = [int(rows.group(1)), int(rows.group(2))]
    if done["status"] != "ok":
        out["stderr"] = done["stderr"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--cap", type=float, default=600.0, help="seconds per tool and size")
    parser.add_argument("--mem-cap", type=float, default=8.0, help="GiB per tool and size")
    parser.add_argument("--violations", type=int, default=50)
    parser.add_argument("--tools", default="", help="only these peers (names), ours always")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--work", type=Path, default=None, help="where the graphs go")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("--no-endpoint", action="store_true")
    parser.add_argument("--endpoint-requests", type=int, default=20)
    parser.add_argument("--endpoint-clients", type=int, default=4)
    args = parser.parse_args(argv)
    from governance_graph.synth import parse_size

    sizes = [parse_size(t) for t in args.sizes.split(",") if t.strip()]
    mem_cap = int(args.mem_cap * GIB)
    wanted = {t.strip() for t in args.tools.split(",") if t.strip()}
    tools = missing([t for t in TOOLS if t.ours or not wanted or t.name in wanted])
    work = args.work or Path(tempfile.mkdtemp(prefix="gg-peers-"))
    work.mkdir(parents=True, exist_ok=True)

    runs: list[dict] = []
    stopped: dict[tuple[str, str], str] = {}  # (stage, tool) -> why it no longer runs
    last: dict[tuple[str, str], tuple[int, float]] = {}
    for size in sizes:
        data = work / f"synth-{label(size)}.nt"
        count, violations = synth(data, size, args.violations)
        print(f"# synth {label(size)}: {count} triples, {violations} violations", file=sys.stderr)
        for tool in tools:
            key = (tool.stage, tool.name)
            row = {"size": size, "triples": count, "stage": tool.stage, "tool": tool.name}
            row["ours"], row["note"] = tool.ours, tool.note
            if key in last and key not in stopped:
                n, wall = last[key]
                if wall * count / n > args.cap:
                    stopped[key] = f"> cap (predicted: {wall:.0f} s at {label(n)})"
            if key in stopped:
                runs.append({**row, "status": stopped[key]})
                continue
            out = work / f"{label(size)}-{tool.stage}-{tool.name}"
            row.update(run_tool(tool, data, out, args.cap, mem_cap))
            if row["status"] == "ok":
                last[key] = (count, row["wall"])
                if not tool.ours:
                    ours = work / f"{label(size)}-{tool.stage}-ours"
                    row["comparison"] = compare(tool, ours, out)
            else:
                stopped[key] = f"{row['status']} (at {label(size)})"
            runs.append(row)
            print(f"# {label(size)} {tool.stage} {tool.name}: {_line(row)}", file=sys.stderr)
        for f in work.glob(f"{label(size)}-*"):
            f.unlink()
        data.unlink(missing_ok=True)

    served = None
    if not args.no_endpoint:
        print("# endpoint_load.py (our endpoint and oxigraph serve)", file=sys.stderr)
        served = endpoint(args.cap, mem_cap, args.endpoint_requests, args.endpoint_clients)
    table = render(runs, sizes, served)
    print(table)
    base = write_record(
        args.out,
        "-peers",
        {
            "cap_seconds": args.cap,
            "mem_cap_bytes": mem_cap,
            "sizes": sizes,
            "versions": versions(tools),
            "explained_differences": EXPLAINED,
            "runs": runs,
            "endpoint": served,
            "table": table,
        },
    )
    if not args.no_plot:
        from peer_plot import plot

        plot(runs, base.with_suffix(".png"))
    print(f"wrote {base}.json" + ("" if args.no_plot else f" and {base}.png"), file=sys.stderr)
    return 0


def versions(tools: list[Tool]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in sorted({t.pip for t in tools} | {"governance-graph"}):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    return out


def _line(row: dict) -> str:
    if row["status"] != "ok":
        return row["status"]
    text = f"{row['seconds']:.2f} s, {row['peak_rss'] / 2**20:.0f} MiB"
    return text + (f", {verdict(row.get('comparison'))}" if row.get("comparison") else "")


def render(runs: list[dict], sizes: list[int], served: dict | None) -> str:
    lines = [
        "| stage | size | tool | seconds | time / ours | peak MiB | memory / ours "
        "| output vs ours |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    ours = {(r["stage"], r["size"]): r for r in runs if r["ours"] and r["status"] == "ok"}
    for stage in ("reason", "validate"):
        for size in sizes:
            base = ours.get((stage, size))
            for r in (r for r in runs if r["stage"] == stage and r["size"] == size):
                name = "**ours**" if r["ours"] else r["tool"]
                if r["status"] != "ok":
                    lines.append(f"| {stage} | {label(size)} | {name} | {r['status']} | | | | |")
                    continue
                secs, rss = r["seconds"], r["peak_rss"] / 2**20
                t = f"{secs / base['seconds']:.1f}" if base and base["seconds"] else ""
                m = f"{r['peak_rss'] / base['peak_rss']:.1f}" if base else ""
                cell = verdict(r.get("comparison"))
                lines.append(
                    f"| {stage} | {label(size)} | {name} | {secs:.2f} | {t} | {rss:.0f} | {m} "
                    f"| {cell} |"
                )
    if served is not None:
        differ = served.get("rows_differ")
        same = f"rows differ on {differ[0]} of {differ[1]} queries" if differ else "not compared"
        lines += [
            "",
            f"| endpoint (bundled graph; {same}) | q/s | q/s / ours | peak MiB | errors |",
        ]
        lines.append("|---|---:|---:|---:|---:|")
        if "ours" not in served or "oxigraph" not in served:
            lines.append(f"| endpoint_load.py | {served['status']} | | | |")
        else:
            mine = served["ours"]["qps"]
            for who in ("ours", "oxigraph"):
                qps, err = served[who]["qps"], served[who]["errors"]
                mib = served["peak_rss"].get(who, 0) / 2**20
                ratio = f"{qps / mine:.2f}" if mine else ""
                lines.append(f"| {who} | {qps:.1f} | {ratio} | {mib:.0f} | {err} |")
    return "\n".join(lines)


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"# {time.perf_counter() - started:.0f} s", file=sys.stderr)
    sys.exit(code)
