"""Errors a user can cause. Each ``str()`` is one line naming a file:line:col or a parameter.

>>> from governance_graph.errors import LoadError
>>> str(LoadError("data/x.ttl:3:7: expected '.'"))
"data/x.ttl:3:7: expected '.'"
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "EngineError",
    "GovernanceGraphError",
    "InconsistencyError",
    "LoadError",
    "QueryError",
    "QuerySyntaxError",
    "ValidationError",
]


class GovernanceGraphError(Exception):
    """Base class of every error a user can cause; the CLI prints ``str(err)`` and exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(_one_line(message))

    @property
    def message(self) -> str:
        """The one-line message."""
        return str(self)


class LoadError(GovernanceGraphError):
    """A graph file is missing, unreadable, not UTF-8 or not valid Turtle (``file:line:col: …``)."""


class InconsistencyError(GovernanceGraphError):
    """The OWL 2 RL closure of ontology + data is inconsistent.

    ``problems`` holds one readable line per clash; ``resources`` the IRIs involved.
    """

    def __init__(self, problems: Sequence[str], resources: Sequence[str] = ()) -> None:
        self.problems = list(problems)
        self.resources = list(resources)
        count = len(self.problems)
        head = f"inconsistent ontology + data ({count} problem{'s' if count != 1 else ''}): "
        super().__init__(head + "; ".join(self.problems))


class ValidationError(GovernanceGraphError):
    """SHACL validation could not run (e.g. the shapes file is missing or broken)."""


class QueryError(GovernanceGraphError):
    """A query cannot be run as asked (bad binding, forbidden feature, evaluation error)."""


class QuerySyntaxError(QueryError):
    """A SPARQL query does not parse: ``<source>:line:col: …`` with the offending token."""


class EngineError(GovernanceGraphError):
    """An unknown engine name, or an engine that cannot run here."""


def _one_line(message: str) -> str:
    return " ".join(str(message).split())
