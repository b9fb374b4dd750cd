"""Deprecated: the old home of the rdflib engine's reasoning, kept for one release as an alias
of :mod:`governance_graph.engines.rdflib_reasoning` (the closure) and
:mod:`governance_graph.engines.closure_cache` (its cache key)."""

from __future__ import annotations

from .deprecation import moved
from .engines.closure_cache import CACHE_FORMAT, cache_key
from .engines.rdflib_reasoning import (
    clear_memory_cache,
    closure,
    compute_closure,
    unintended_merges,
)

moved(__name__, "governance_graph.engines.rdflib_reasoning")

__all__ = [
    "CACHE_FORMAT",
    "cache_key",
    "clear_memory_cache",
    "closure",
    "compute_closure",
    "unintended_merges",
]
