"""Errors the server answers with an HTTP status: one class, one line of text each.

Workaround: ``governance_graph.errors`` (not ours to edit) has no error with a status code;
:class:`HTTPProblem` subclasses :class:`~governance_graph.errors.GovernanceGraphError` so the
CLI's error boundary treats it like every other user error.

>>> str(HTTPProblem(406, "no format fits"))
'no format fits'
"""

from __future__ import annotations

from governance_graph.errors import GovernanceGraphError

__all__ = ["HTTPProblem"]


class HTTPProblem(GovernanceGraphError):
    """A request the server answers with ``status`` and the one-line message as plain text."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = dict(headers or {})
