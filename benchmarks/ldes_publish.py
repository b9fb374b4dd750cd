"""Benchmark: the event stream ``publish`` writes (``site.ldes_writer.write_event_stream``) for
a synthetic graph, at a first release and at a second one that changes a share of the resources.

    python benchmarks/ldes_publish.py [--triples 1M] [--changed 0.01] [--page-size 250]

The graph is ``governance-graph synth`` (seed 0) in N-Triples; the second release's graph is the
same file plus one ``rdfs:comment`` for every ``1/changed``-th resource of our namespace (in
the order the file first names them). Each release runs in its own process (so peak RSS is
that run's alone): load the graph (rdflib, asserted only: the stream needs no closure), build
the site's view of it, then write the stream, the second release after the first's (read back
from its files, its pages copied). Prints, per release, the seconds to load and to write the
stream, the peak RSS, and what the stream got. Not a test: the smoke test runs it at 1k
(``tests/ldes/test_benchmark_smoke.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = r"""
import datetime as dt, json, resource, sys, threading, time
import psutil
proc = psutil.Process()
peak = [0]
def watch():
    while True:
        peak[0] = max(peak[0], proc.memory_info().rss)
        time.sleep(0.05)
threading.Thread(target=watch, daemon=True).start()
import governance_graph as gg
from governance_graph.releases import Release
from governance_graph.site.build import RESERVED
from governance_graph.site.context import SiteGraph
from governance_graph.site.ldes_writer import write_event_stream
out_path, data, out, previous, version, day, page_size = sys.argv[1:8]
started = time.perf_counter()
sg = SiteGraph(gg.load(data=[data], engine="rdflib"))
triples = len(sg.graph)
loaded = time.perf_counter()
release = Release(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC), version)
summary = write_event_stream(
    sg, __import__("pathlib").Path(out), base_url="https://example.org/gg/", release=release,
    previous=previous or None, page_size=int(page_size), reserved=RESERVED,
)
written = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
json.dump({"triples": triples, "load": loaded - started, "stream": written - loaded,
           "peak_rss": max(peak[0], ru), "summary": summary.text(),
           "members": summary.new_members, "pages": summary.new_pages},
          open(out_path, "w"))
"""

GGD = "<https://w3id.org/governance-graph/id/"
COMMENT = "<http://www.w3.org/2000/01/rdf-schema#comment>"


def changed_copy(source: Path, target: Path, share: float) -> int:
    """``source`` plus a comment on every ``1/share``-th resource of ours; how many."""
    step = max(1, round(1 / share))
    seen: set[str] = set()
    picked: list[str] = []
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            subject = line.split(" ", 1)[0]
            if subject.startswith(GGD) and subject not in seen:
                seen.add(subject)
                if len(seen) % step == 0:
                    picked.append(subject)
    with target.open("w", encoding="utf-8") as out:
        out.write(source.read_text(encoding="utf-8"))
        for subject in picked:
            out.write(f'{subject} {COMMENT} "changed in the second release"@en .\n')
    return len(picked)


def run(data: Path, out: Path, previous: Path | None, version: str, day: str, size: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        result_file = Path(tmp.name)
    started = time.perf_counter()
    args = [str(result_file), str(data), str(out), str(previous or ""), version, day, str(size)]
    try:
        subprocess.run([sys.executable, "-c", _CHILD, *args], check=True, capture_output=True)
        result = json.loads(result_file.read_text())
    except subprocess.CalledProcessError as err:
        sys.exit(f"{version}: failed: {err.stderr.decode(errors='replace').strip()[-2000:]}")
    finally:
        result_file.unlink(missing_ok=True)
    result["wall"] = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="1M", help="size of the synthetic graph (1k to 10M)")
    parser.add_argument("--changed", type=float, default=0.01, help="share of resources changed")
    parser.add_argument("--page-size", type=int, default=250)
    parser.add_argument("--work", type=Path, default=None, help="where the files go")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent / "src"))
    from governance_graph.synth import parse_size, write

    triples = parse_size(args.triples)
    work = args.work or Path(tempfile.mkdtemp(prefix="gg-ldes-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    first_data, second_data = work / "first.ttl", work / "second.ttl"
    write(first_data, triples, seed=0)
    changed = changed_copy(first_data, second_data, args.changed)
    first = run(first_data, work / "first", None, "1.0.0", "2026-12-06", args.page_size)
    second = run(
        second_data, work / "second", work / "first", "1.1.0", "2026-12-20", args.page_size
    )
    print(f"event stream of a synthetic graph: {args.triples} triples asked, pages of "
          f"{args.page_size}; the second release changes {changed} resources "
          f"({args.changed:.0%}); {dt.date.today()}")  # fmt: skip
    print("| release | triples | load s | stream s | peak RSS MB | new members | new pages |")
    print("|---|---|---|---|---|---|---|")
    for name, result in (("first", first), ("second", second)):
        print(
            f"| {name} | {result['triples']} | {result['load']:.1f} | {result['stream']:.1f} "
            f"| {result['peak_rss'] / 2**20:.0f} | {result['members']} | {result['pages']} |"
        )
    for name, result in (("first", first), ("second", second)):
        print(f"{name}: {result['summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
