"""Old import paths kept for one release: importing one warns and names the new home."""

from __future__ import annotations

import warnings

__all__ = ["moved"]


def moved(old: str, new: str) -> None:
    """Warn (``DeprecationWarning``) that module ``old`` is an alias of ``new`` that goes in the
    next release; called by the alias module itself as it is imported."""
    warnings.warn(
        f"{old} is deprecated and goes in the next release: import {new} instead",
        DeprecationWarning,
        stacklevel=3,
    )
