"""Deprecated: the old home of the oxigraph engine's OWL 2 RL rules, kept for one release as an
alias of :mod:`governance_graph.engines.oxigraph_rules` (compiling) and
:mod:`governance_graph.engines.oxigraph_materialize` (running, checking)."""

from __future__ import annotations

from .deprecation import moved
from .engines.oxigraph_materialize import (
    INFERRED,
    RDF_TYPE,
    SAME_AS,
    Inconsistency,
    MaterializeStats,
    check,
    count_triples,
    materialize,
)
from .engines.oxigraph_rules import (
    SCHEMA_PREDICATES,
    SCHEMA_TYPES,
    RuleSet,
    compile_rules,
    extract_schema,
)

moved(__name__, "governance_graph.engines.oxigraph_rules")

__all__ = [
    "INFERRED",
    "RDF_TYPE",
    "SAME_AS",
    "SCHEMA_PREDICATES",
    "SCHEMA_TYPES",
    "Inconsistency",
    "MaterializeStats",
    "RuleSet",
    "check",
    "compile_rules",
    "count_triples",
    "extract_schema",
    "materialize",
]
