"""What the endpoint refuses before any evaluation: updates, LOAD, FROM, unlisted SERVICE.

rdflib fetches ``FROM``/``FROM NAMED`` graphs, ``LOAD`` and ``SERVICE`` endpoints over HTTP and
``file:``, and pyoxigraph has an HTTP client for ``SERVICE``: on a server that reaches internal
hosts and local files. :func:`check_query` parses the text (rdflib's parser, which both stores
accept) and refuses what :mod:`governance_graph.sparql.prepare` refuses for every engine, worded
as HTTP answers:

* SPARQL Update of any kind, ``LOAD`` included → **403** (the endpoint is read-only);
* ``FROM`` / ``FROM NAMED`` → **400**, pointing to ``default-graph-uri`` / ``named-graph-uri``;
* ``SERVICE`` to an endpoint not in the allow-list, or to a variable, or written so that rdflib
  would call another endpoint than the one checked → **403**
  (:func:`governance_graph.sparql.prepare.check_services`).

It runs in the worker process, where the query is evaluated, so a parser made slow by a
crafted query is stopped by the same timeout. rdflib's parser is not thread-safe (rdflib#1282):
a worker is single-threaded, and the parse lock of :mod:`governance_graph.sparql.prepare`
covers in-process callers (tests).

>>> check_query("SELECT * { ?s ?p ?o }").kind
'SELECT'
>>> try:
...     check_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
... except HTTPProblem as refusal:
...     print(refusal.status, refusal)
403 this endpoint is read-only: SPARQL Update (INSERT DATA) is refused
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from governance_graph.server.problems import HTTPProblem

__all__ = ["CheckedQuery", "check_query"]

_KINDS = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "AskQuery": "ASK",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed: its kind and the parsed form (rdflib ``ParseResults``)."""

    kind: str
    parsed: Any


def _update_refusal(text: str) -> HTTPProblem | None:
    from governance_graph.sparql.prepare import update_names

    names = update_names(text)
    if names is None:
        return None
    what = ", ".join(names) or "update"
    if "LOAD" in names:
        return HTTPProblem(
            403,
            f"this endpoint is read-only: SPARQL Update ({what}) is refused; LOAD would "
            "make the server fetch a document",
        )
    return HTTPProblem(403, f"this endpoint is read-only: SPARQL Update ({what}) is refused")


def _syntax_problem(err: Exception) -> HTTPProblem:
    lineno = getattr(err, "lineno", None)
    col = getattr(err, "col", None)
    line = getattr(err, "line", "") or ""
    where = f"line {lineno}, column {col}: " if lineno else ""
    token = line[col - 1 :].split()[0] if col and line[col - 1 :].split() else "end of input"
    return HTTPProblem(400, f"SPARQL syntax error at {where}near {token[:40]!r}")


def check_query(
    text: str, *, allow_services: Collection[str] = (), check_services: bool = True
) -> CheckedQuery:
    """Parse ``text`` and refuse what the endpoint does not run (see the module docstring).

    The SERVICE rule is :func:`governance_graph.sparql.prepare.check_services`, shared with the
    engines; ``check_services=False`` leaves it to the evaluation time (stored queries are
    checked once at start, before anyone asks for them with an allow-list in force)."""
    from pyparsing import ParseBaseException

    from governance_graph.sparql.prepare import ServiceRefused, has_dataset_clause, parse
    from governance_graph.sparql.prepare import check_services as refuse_services

    try:
        parsed = parse(text)
    except ParseBaseException as err:
        refusal = _update_refusal(text)
        raise (refusal or _syntax_problem(err)) from None
    except RecursionError:
        raise HTTPProblem(400, "query too deeply nested to parse") from None
    except Exception as err:  # rdflib's parser raises assorted errors on odd input
        raise HTTPProblem(400, f"cannot parse the query: {type(err).__name__}: {err}") from None
    query = parsed[1]
    kind = _KINDS.get(getattr(query, "name", ""), "")
    if not kind:
        raise HTTPProblem(400, "not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    if has_dataset_clause(parsed):
        raise HTTPProblem(
            400,
            "FROM / FROM NAMED are refused (the server never fetches graphs); choose among the "
            "local named graphs with the default-graph-uri / named-graph-uri parameters",
        )
    if check_services:
        try:
            refuse_services(parsed, allow_services)
        except ServiceRefused as refusal:
            raise HTTPProblem(403, str(refusal)) from None
    return CheckedQuery(kind=kind, parsed=parsed)
