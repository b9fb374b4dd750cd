"""Everything ``governance-graph serve`` can be told, in one dataclass (the CLI is built on it).

>>> s = ServerSettings(engine="oxigraph")
>>> s.engine, s.limits.max_rows, s.allow_services
('oxigraph', 10000, ())
>>> ServerSettings(engine="auto").engine in ("rdflib", "oxigraph")
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from governance_graph.engines import DEFAULT_ENGINE
from governance_graph.server.limits import Limits

__all__ = ["ServerSettings"]


def _default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


@dataclass(frozen=True)
class ServerSettings:
    """``engine``: a name of :func:`governance_graph.engines.engine_names` (``auto`` is resolved
    at once, so ``engine`` names the engine that runs); the same engine layer as every other
    command: it computes the closure and each query worker holds that engine's store, in
    memory. An unknown name is the registry's ``EngineError``.
    ``workers``: query worker processes. ``allow_services``: SERVICE endpoints a query may call.
    ``service_endpoints``: (name, URL) pairs pointing the stored queries' named services
    (:data:`governance_graph.federation.DEFAULT_SERVICES`) at a mirror.
    ``cors_origins``: origins allowed by CORS (``*`` for any). ``data``: data files or folders
    instead of the bundled ``data/`` (as ``governance_graph.load(data=…)``); ``queries``: the
    folder of stored queries (default: the bundled ``queries/``). ``ldes_dir``: a site
    published by ``publish`` whose event stream to serve at ``/ldes`` (default: a stream built
    for the loaded graph at the release of ``releases``, the checkout whose ``releases.ttl``
    names it; default: the bundled one)."""

    engine: str = DEFAULT_ENGINE
    limits: Limits = field(default_factory=Limits)
    workers: int = field(default_factory=_default_workers)
    allow_services: tuple[str, ...] = ()
    service_endpoints: tuple[tuple[str, str], ...] = ()
    cors_origins: tuple[str, ...] = ("*",)
    data: tuple[Path, ...] | None = None
    queries: Path | None = None
    ldes_dir: Path | None = None
    releases: Path | None = None

    def __post_init__(self) -> None:
        from governance_graph.engines import resolve_engine_name

        object.__setattr__(self, "engine", resolve_engine_name(self.engine))
