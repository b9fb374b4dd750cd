"""A smoke run of benchmarks/check_speed.py at 1k triples on both engines (not a timed test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

BENCH = REPO / "benchmarks" / "check_speed.py"


@pytest.mark.skipif(not BENCH.is_file(), reason="benchmarks/ is not in this copy")
def test_bench_runs_at_1k(tmp_path: Path) -> None:
    pytest.importorskip("psutil")
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--sizes",
            "1k",
            "--cap",
            "300",
            "--no-plot",
            "--out",
            str(tmp_path),
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| total | 1k | oxigraph |" in done.stdout
    assert "| total | 1k | rdflib |" in done.stdout
    (result,) = tmp_path.glob("*.json")
    runs = json.loads(result.read_text())["runs"]
    engines = {r["engine"]: r for r in runs}
    assert engines["oxigraph"]["status"] == "ok" and engines["rdflib"]["status"] == "ok"
    assert engines["oxigraph"]["conforms"] == engines["rdflib"]["conforms"]


STARTUP = REPO / "benchmarks" / "serve_startup.py"


@pytest.mark.skipif(not STARTUP.is_file(), reason="benchmarks/ is not in this copy")
def test_serve_startup_reports_its_figures(core: Path, tmp_path: Path) -> None:
    pytest.importorskip("psutil")
    done = subprocess.run(
        [sys.executable, str(STARTUP), "--data", str(core / "data"), "--timeout", "120"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = {line.split()[0]: line for line in done.stdout.splitlines()[1:]}
    assert set(lines) == {"listening", "first", "site", "peak"}
    assert float(lines["first"].split()[2]) >= float(lines["listening"].split()[1])
    assert float(lines["peak"].split()[2]) > 0
    missing = subprocess.run(
        [sys.executable, str(STARTUP), "--data", str(tmp_path / "none.ttl")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2
    assert "--data: no such file or folder" in missing.stderr.splitlines()[-1]
