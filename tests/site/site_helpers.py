"""Shared constants and helpers of the site tests."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.paths import shared_file

EMAIL = "tine.decuypere@west-vlaanderen.be"  # a person's address in data/coordinators.ttl
ROLE_MAILBOX = "coordinator@stcctoow.be"  # a role mailbox: always published


def shared_external() -> Path | None:
    """The shared third-party validation folder (``$GOVERNANCE_GRAPH_SHARED`` or
    ``<repo>/../shared``), or None."""
    checker = shared_file("external", "check_external.py")
    return None if checker is None else checker.parent
