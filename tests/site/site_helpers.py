"""Shared constants and helpers of the site tests (imported by name: tests/site is on sys.path)."""

from __future__ import annotations

import os
from pathlib import Path

EMAIL = "tine.decuypere@west-vlaanderen.be"  # a person's address in data/coordinators.ttl
ROLE_MAILBOX = "coordinator@stcctoow.be"  # a role mailbox: always published


def shared_external() -> Path | None:
    """The shared third-party validation folder (``$GOVERNANCE_GRAPH_SHARED`` or
    ``<repo>/../shared``), or None."""
    env = os.environ.get("GOVERNANCE_GRAPH_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[3] / "shared")
    for folder in candidates:
        if (folder / "external" / "check_external.py").is_file():
            return folder / "external"
    return None
