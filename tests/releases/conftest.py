"""Fixtures of the release tests: a copy of the checkout's graph to record releases in."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.paths import REPO
from tests.helpers.processes import run_script


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    """``ontology/``, ``data/`` and ``releases.ttl`` of the checkout, copied."""
    root = tmp_path / "checkout"
    for name in ("ontology", "data"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "releases.ttl", root / "releases.ttl")
    return root


@pytest.fixture()
def gg(script_env: dict[str, str]):
    """``gg(*args, code=0)``: the installed command, run to completion with exit ``code``."""

    def run(*args: str | Path, code: int = 0) -> subprocess.CompletedProcess[str]:
        proc = run_script(*args, env=script_env)
        assert proc.returncode == code, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr
        return proc

    return run
