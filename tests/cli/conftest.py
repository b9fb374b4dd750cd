"""The console script as the command-line tests run it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers.processes import run_script


@pytest.fixture()
def gg(script_env: dict[str, str]):
    """``gg(*args, code=0, cwd=None)``: ``governance-graph ARGS`` run to completion; its exit
    status must be ``code`` and no traceback may reach stderr."""

    def run(
        *args: str | Path, code: int = 0, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        proc = run_script(*args, env=script_env, cwd=cwd)
        assert proc.returncode == code, (
            f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
        )
        return proc

    return run
