"""Fixtures of the release tests: a copy of the checkout's graph to record releases in (the
console script is the ``gg`` fixture of tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.paths import REPO


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    """``ontology/``, ``data/`` and ``releases.ttl`` of the checkout, copied."""
    root = tmp_path / "checkout"
    for name in ("ontology", "data"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "releases.ttl", root / "releases.ttl")
    return root
