"""The whole tree keeps one style: `ruff format` leaves every file as it is and `ruff check`
finds nothing, with the rules in pyproject.toml (the version is pinned in the test extras)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from ..helpers.paths import REPO


def _ruff() -> list[str]:
    try:
        import ruff  # noqa: F401
    except ImportError:
        if shutil.which("ruff") is None:
            pytest.skip("ruff is not installed (pip install -e '.[test]' installs it)")
        return ["ruff"]
    return [sys.executable, "-m", "ruff"]


@pytest.mark.parametrize(
    "command",
    [["format", "--check", "."], ["check", "."]],
    ids=["format", "check"],
)
def test_ruff_is_silent(command):
    done = subprocess.run(
        [*_ruff(), *command, "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
