"""Deprecated: the old home of the engine interface, kept for one release as an alias of
:mod:`governance_graph.engines` (the interface and the registry), :mod:`.engines.rdflib` (the
reference engine) and :mod:`governance_graph.sparql.prepare` (``prepare_query``)."""

from __future__ import annotations

from .deprecation import moved
from .engines import Engine, engine_names, get_engine, register_engine, resolve_engine_name
from .engines.rdflib import RdflibEngine
from .sparql.prepare import prepare_query

moved(__name__, "governance_graph.engines")

__all__ = [
    "Engine",
    "RdflibEngine",
    "engine_names",
    "get_engine",
    "prepare_query",
    "register_engine",
    "resolve_engine_name",
]
