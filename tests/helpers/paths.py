"""Where the tests find what they read: the checkout, the fixtures, the shared folder."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["FIXTURES", "REPO", "TESTS", "shared_dir", "shared_file"]

TESTS = Path(__file__).resolve().parents[1]  #: the ``tests/`` folder
REPO = TESTS.parent  #: the checkout (``ontology/``, ``data/``, ``queries/``, ``docs/``…)
FIXTURES = TESTS / "fixtures"  #: every fixture file of the tests, by subfolder


def shared_dir() -> Path:
    """The shared folder: ``$GOVERNANCE_GRAPH_SHARED``, or ``shared`` beside the checkout."""
    return Path(os.environ.get("GOVERNANCE_GRAPH_SHARED") or REPO.parent / "shared")


def shared_file(*parts: str) -> Path | None:
    """The file ``parts`` of the shared folder: under ``$GOVERNANCE_GRAPH_SHARED`` if it is
    there, else under ``shared`` beside the checkout; None when neither has it."""
    env = os.environ.get("GOVERNANCE_GRAPH_SHARED")
    for folder in ([Path(env)] if env else []) + [REPO.parent / "shared"]:
        if folder.joinpath(*parts).is_file():
            return folder.joinpath(*parts)
    return None
