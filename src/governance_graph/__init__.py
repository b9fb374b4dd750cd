"""governance-graph: reason over, validate and query the governance knowledge graph.

Importing the package is cheap: rdflib, owlrl and pyshacl load only when first used.

>>> import governance_graph as gg
>>> kg = gg.load()                        # doctest: +SKIP
>>> print(kg.validate().text())           # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import KnowledgeGraph, load
    from .engines import Engine, get_engine
    from .errors import (
        EngineError,
        GovernanceGraphError,
        InconsistencyError,
        LoadError,
        QueryError,
        QuerySyntaxError,
        ValidationError,
    )
    from .graph_diff import GraphDiff, diff
    from .validation_report import ValidationReport, ValidationResult

__all__ = [
    "Engine",
    "EngineError",
    "GovernanceGraphError",
    "GraphDiff",
    "InconsistencyError",
    "KnowledgeGraph",
    "LoadError",
    "QueryError",
    "QuerySyntaxError",
    "ValidationError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "diff",
    "get_engine",
    "load",
]

_LAZY = {
    "load": "api",
    "KnowledgeGraph": "api",
    "Engine": "engines",
    "get_engine": "engines",
    "ValidationReport": "validation_report",
    "ValidationResult": "validation_report",
    "EngineError": "errors",
    "GovernanceGraphError": "errors",
    "InconsistencyError": "errors",
    "LoadError": "errors",
    "QueryError": "errors",
    "QuerySyntaxError": "errors",
    "ValidationError": "errors",
    "diff": "graph_diff",
    "GraphDiff": "graph_diff",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("governance-graph")
        except PackageNotFoundError:
            return "0+unknown"
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'governance_graph' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
