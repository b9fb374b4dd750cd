"""Everything ``governance-graph serve`` can be told, in one dataclass (the CLI is built on it).

>>> s = ServerSettings(store="oxigraph")
>>> s.store, s.limits.max_rows, s.allow_services
('oxigraph', 10000, ())
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from governance_graph.server.limits import Limits

__all__ = ["STORE_NAMES", "ServerSettings"]

STORE_NAMES = ("memory", "oxigraph")


def _default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


@dataclass(frozen=True)
class ServerSettings:
    """``store``: ``memory`` (rdflib) or ``oxigraph`` (pyoxigraph), both in memory.
    ``workers``: query worker processes. ``allow_services``: SERVICE endpoints a query may call.
    ``service_endpoints``: (name, URL) pairs pointing the stored queries' named services
    (:data:`governance_graph.federation.DEFAULT_SERVICES`) at a mirror.
    ``cors_origins``: origins allowed by CORS (``*`` for any). ``data``: data files or folders
    instead of the bundled ``data/`` (as ``governance_graph.load(data=…)``); ``queries``: the
    folder of stored queries (default: the bundled ``queries/``)."""

    store: str = "memory"
    limits: Limits = field(default_factory=Limits)
    workers: int = field(default_factory=_default_workers)
    allow_services: tuple[str, ...] = ()
    service_endpoints: tuple[tuple[str, str], ...] = ()
    cors_origins: tuple[str, ...] = ("*",)
    data: tuple[Path, ...] | None = None
    queries: Path | None = None

    def __post_init__(self) -> None:
        if self.store not in STORE_NAMES:
            raise ValueError(
                f"unknown store {self.store!r}; choose one of {', '.join(STORE_NAMES)}"
            )
