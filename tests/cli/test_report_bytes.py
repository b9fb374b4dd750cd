"""``validate --report``: the same report gives the same bytes in every process (blank nodes
labelled canonically, everything in one order), whatever the string hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import FIXTURES

CLI_FIXTURES = FIXTURES / "cli"


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_validate_report_is_the_same_bytes_under_any_hash_seed(tmp_path: Path, engine: str) -> None:
    written = []
    for seed in ("1", "2", "3"):
        report = tmp_path / f"report-{seed}.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = [
            "validate",
            str(CLI_FIXTURES / "nonconforming.ttl"),
            "--shapes",
            str(CLI_FIXTURES / "shapes.ttl"),
            "--engine",
            engine,
            "--report",
            str(report),
        ]
        done = subprocess.run(
            [sys.executable, "-m", "governance_graph.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 1, done.stderr  # the data does not conform
        written.append(report.read_bytes())
    assert b"sh:ValidationReport" in written[0]
    assert written[0] == written[1] == written[2]
