"""Deprecated: the old home of the fast SHACL validator, kept for one release as an alias of
:mod:`governance_graph.engines.oxigraph_shacl`."""

from __future__ import annotations

from ..deprecation import moved
from ..engines.oxigraph_shacl import (
    DECLARED_GRAPH,
    FastValidationReport,
    declared_datatype_quads,
    validate_graph,
    validate_store,
)

moved(__name__, "governance_graph.engines.oxigraph_shacl")

__all__ = [
    "DECLARED_GRAPH",
    "FastValidationReport",
    "declared_datatype_quads",
    "validate_graph",
    "validate_store",
]
