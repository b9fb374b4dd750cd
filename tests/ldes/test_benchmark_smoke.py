"""A smoke run of benchmarks/ldes_publish.py at 1k triples (not a timed test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

BENCH = REPO / "benchmarks" / "ldes_publish.py"


@pytest.mark.skipif(not BENCH.is_file(), reason="benchmarks/ is not in this copy")
def test_bench_runs_at_1k(tmp_path: Path) -> None:
    pytest.importorskip("psutil")
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--triples",
            "1k",
            "--changed",
            "0.1",
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split("|") for line in done.stdout.splitlines() if line.startswith("| ")]
    assert [row[1].strip() for row in rows[1:]] == ["first", "second"]
    changed = int(done.stdout.split("the second release changes ")[1].split()[0])
    assert changed > 0 and int(rows[2][6]) == changed  # exactly the changed resources
    assert (tmp_path / "second" / "ldes.ttl").is_file()
