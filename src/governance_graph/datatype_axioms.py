"""Deprecated: the old home of owlrl's datatype axioms for the oxigraph reasoner, kept for one
release as an alias of :mod:`governance_graph.engines.oxigraph_datatypes`."""

from __future__ import annotations

from .deprecation import moved
from .engines.oxigraph_datatypes import (
    insert_datatype_axioms,
    used_datatypes,
    writes_typed_strings,
)

moved(__name__, "governance_graph.engines.oxigraph_datatypes")

__all__ = ["insert_datatype_axioms", "used_datatypes", "writes_typed_strings"]
