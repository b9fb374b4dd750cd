"""Figures for ``ingest`` at scale: a generated workbook of N bodies with S seats each, a chair
each, and their people (a coordinator and a contact person per body), ingested as
``governance-graph ingest`` does it (checked, mapped with morph-kgc, validated beside the
bundled data, written as Turtle).

    python benchmarks/ingest_speed.py [--bodies 10000] [--seats 20] [--engine oxigraph]
                                      [--work DIR] [--keep]

Prints the workbook's size and how long writing it took, then each stage of the ingest (read
and check, map, validate, write), the triples made, the total wall seconds and the peak RSS of
this process (psutil, sampled every 0.1 s, and the kernel's high-water mark). The bodies are
tripartite, their seats cycle through the constituencies, the chair is chosen from the first
seat. A script, not a timed test (tests/ingest/test_benchmark_smoke.py runs it tiny).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from governance_graph.ingest import ingest
from governance_graph.ingest.columns import SHEETS

CONSTITUENCIES = ("government", "employers", "employees", "non-governmental organisations")
SOURCE = "Benchmark register — Bodies"


def write_workbook(path: Path, bodies: int, seats: int) -> None:
    """The workbook, written row by row (openpyxl's write-only mode)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    for name, sheet in sheets.items():
        sheet.append([c.header for c in SHEETS[name].columns])

    def put(sheet_name: str, /, **values: object) -> None:
        sheets[sheet_name].append([values.get(c.key) for c in SHEETS[sheet_name].columns])

    put(
        "sources",
        source=SOURCE,
        document_en="Benchmark register",
        section_en="Bodies",
        address="https://example.org/register",
    )
    for b in range(1, bodies + 1):
        body = f"Benchmark council {b:05d}"
        put("bodies", name_en=body, name_nl=f"Benchmarkraad {b:05d}", kind="tripartite body",
            region="Kempen", source=SOURCE)  # fmt: skip
        for s in range(1, seats + 1):
            constituency = CONSTITUENCIES[(s - 1) % len(CONSTITUENCIES)]
            put("seats", body=body, name_en=f"{constituency} {s:02d}", role="member",
                constituency=constituency, places=1 + s % 7, source=SOURCE)  # fmt: skip
        put("chairs", body=body, selection="one of the members",
            chosen_from=f"{CONSTITUENCIES[0]} 01", source=SOURCE)  # fmt: skip
        for role, first in (("coordinator", "Coordinator"), ("contact person", "Contact")):
            person = f"{first} {b:05d}"
            put("people", name=person, email=f"{first.lower()}.{b:05d}@example.org",
                source=SOURCE)  # fmt: skip
            put("memberships", person=person, body=body, role=role, start="2019-03-01",
                source=SOURCE)  # fmt: skip
    book.save(path)


class PeakMemory:
    """The highest RSS of this process seen while it runs (sampled every 0.1 s)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        process = psutil.Process()
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, process.memory_info().rss)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=10_000)
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--engine", default="oxigraph")
    parser.add_argument("--work", type=Path, default=None, help="folder for the workbook")
    parser.add_argument("--keep", action="store_true", help="keep the workbook and the Turtle")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="governance-graph-bench-ingest-"))
    work.mkdir(parents=True, exist_ok=True)
    workbook = work / f"bodies-{args.bodies}x{args.seats}.xlsx"
    started = time.perf_counter()
    write_workbook(workbook, args.bodies, args.seats)
    written = time.perf_counter() - started
    rows = args.bodies * (1 + args.seats + 1 + 2 + 2) + 1
    print(
        f"workbook: {args.bodies} bodies x {args.seats} seats, {rows} rows, "
        f"{workbook.stat().st_size / 2**20:.1f} MiB, written in {written:.1f} s"
    )
    with PeakMemory() as memory:
        started = time.perf_counter()
        result = ingest(workbook, engine=args.engine)
        total = time.perf_counter() - started
    high_water = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print("| stage | seconds |")
    print("|---|---:|")
    for stage, seconds in result.seconds.items():
        print(f"| {stage} | {seconds:.1f} |")
    print(f"| total | {total:.1f} |")
    print(
        f"triples: {result.triples}; Turtle: {len(result.turtle) / 2**20:.1f} MiB; "
        f"peak RSS: {max(memory.peak, high_water) / 2**20:.0f} MiB (engine {args.engine})"
    )
    if args.keep:
        (work / "ingested.ttl").write_text(result.turtle, encoding="utf-8")
        print(f"kept in {work}")
    else:
        workbook.unlink()
        if args.work is None:
            work.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
