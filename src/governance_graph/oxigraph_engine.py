"""Deprecated: the old home of the oxigraph engine, kept for one release as an alias of
:mod:`governance_graph.engines.oxigraph`."""

from __future__ import annotations

from .deprecation import moved
from .engines.oxigraph import INFERRED, OxigraphEngine, sparql11_group_concat, to_ox, to_rdflib
from .engines.oxigraph_terms import to_result
from .sparql.prepare import refuse_remote_text as refuse_remote

moved(__name__, "governance_graph.engines.oxigraph")

__all__ = [
    "INFERRED",
    "OxigraphEngine",
    "refuse_remote",
    "sparql11_group_concat",
    "to_ox",
    "to_rdflib",
    "to_result",
]
