"""SPARQL preparation, one module for both engines and the server: the parser lock, parameters
bound as terms, and the refusal of ``FROM``, ``SERVICE`` and ``LOAD`` before any evaluation.

* **Parsing.** rdflib's SPARQL parser is not thread-safe (rdflib#1282): every parse in this
  process (the engines, :func:`check_text`, the server's :func:`parse`) holds
  :data:`PARSE_LOCK`. :func:`prepare_query` parses and translates for rdflib, with one-line
  errors (``<source>:line:col: syntax error at 'token'``) that the oxigraph engine reuses.
* **Binding.** :func:`bind_values` puts parameters in a SPARQL 1.1 ``VALUES`` block of escaped
  rdflib terms at the start of the ``WHERE`` group
  (:func:`governance_graph.params.insert_values`); a value is never pasted into the text.
* **Refusing.** rdflib evaluates ``FROM``/``FROM NAMED``, ``LOAD`` and ``SERVICE`` by fetching
  over HTTP or from ``file:``, and pyoxigraph has an HTTP client for ``SERVICE``: both reach
  hosts and files nobody asked for. What is refused is decided here, once:
  ``FROM``/``FROM NAMED`` always; ``SERVICE`` unless :func:`check_services` allows it; updates
  (``LOAD`` included) are not queries (:func:`update_names`). :func:`refuse_remote` works on a
  prepared query, :func:`refuse_remote_text` on the text without parsing it (a warm oxigraph
  query imports no SPARQL parser), with the same messages; the server words the same
  decisions as HTTP statuses (:mod:`governance_graph.server.security`).

``SERVICE`` is allowed only to the endpoints of an allow-list (compared without a trailing
``/``; an empty list, the default everywhere, allows none), never to a variable, and never when
rdflib would call another endpoint than the one checked: rdflib does not evaluate the parsed
endpoint, it takes the URL from the *first* text in the whole query that looks like a SERVICE
clause (``service_string``, found by a text search that also looks inside string literals and
comments), so ``BIND("SERVICE <http://internal/> { }" AS ?x) SERVICE <http://allowed/> { … }``
would make it call ``http://internal/``. Such a query, and any with two SERVICE clauses to
different endpoints, is refused.

>>> prepare_query("SELECT ?x WHERE {\\n  ?x ?y\\n}", source="q.rq")
Traceback (most recent call last):
...
governance_graph.errors.QuerySyntaxError: q.rq:3:1: syntax error at '}'
>>> query = "SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }"
>>> check_text(query, ["http://a.example/sparql/"])
['http://a.example/sparql']
>>> check_text(query, ["http://b.example/"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
governance_graph.sparql.prepare.ServiceRefused: SERVICE <http://a.example/sparql> is refused: ...
>>> refuse_remote_text('SELECT * WHERE { ?s ?p "from" } # SERVICE')
>>> refuse_remote_text("SELECT * FROM <x:g> WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
governance_graph.errors.QueryError: <query>: FROM / FROM NAMED are not supported here ...
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import QueryError, QuerySyntaxError
from ..namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.term import Node

__all__ = [
    "PARSE_LOCK",
    "ServiceCall",
    "ServiceRefused",
    "bind_values",
    "check_services",
    "check_text",
    "has_dataset_clause",
    "parse",
    "prepare_query",
    "refuse_redirects",
    "refuse_remote",
    "refuse_remote_text",
    "service_calls",
    "update_names",
]

#: Held by every parse of rdflib's SPARQL parser in this process (rdflib#1282).
PARSE_LOCK = threading.RLock()


class ServiceRefused(QueryError):
    """A SERVICE the allow-list does not allow (or that cannot be checked); nothing was sent."""


# ------------------------------------------------------------------------------ parsing


def parse(text: str) -> Any:
    """rdflib's parse of a query (``ParseResults``), under :data:`PARSE_LOCK`; the parser's own
    exceptions are left to the caller, which words them for its users."""
    from rdflib.plugins.sparql.parser import parseQuery

    with PARSE_LOCK:
        return parseQuery(text)


def prepare_query(
    text: str, *, source: str = "<query>", allow_services: Collection[str] = ()
) -> Query:
    """Parse and translate a SPARQL query for rdflib (under the lock), refusing FROM and SERVICE
    (except to the endpoints of ``allow_services``).

    Errors are one line: ``<source>:line:col: syntax error at 'token' (expected …)``.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from ..engines.rdflib_algebra_fixes import fix_constant_filters, tune_algebra

    with PARSE_LOCK:
        try:
            tree = parseQuery(text)
            fix_constant_filters(tree)
            query = translateQuery(tree)
            query._original_args = (text, None, None)  # as rdflib's prepareQuery records them
            tune_algebra(query.algebra)
        except ParseBaseException as err:
            from ..sparql_errors import furthest_failure  # the offending token, not the rule start

            lineno, col, line = furthest_failure(text) or (err.lineno, err.col, err.line)
            token = _token(line, col)
            expected = _expected(err.msg) if (lineno, col) == (err.lineno, err.col) else ""
            raise QuerySyntaxError(
                f"{source}:{lineno}:{col}: syntax error at {token}{expected}"
            ) from None
        except RecursionError:
            raise QuerySyntaxError(f"{source}: query too deeply nested to parse") from None
        except Exception as err:  # rdflib raises plain Exception for an unknown prefix, …
            raise _translation_error(text, source, err) from err
    refuse_remote(query, source=source, allow_services=allow_services)
    return query


_TOKEN = re.compile(r"[^\s(){}\[\],;]+|.")
_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix\s*:\s*(\S+)")
#: pyparsing's "Expected SelectQuery" only says the query as a whole did not parse.
_UNINFORMATIVE = {"Query", "SelectQuery", "ConstructQuery", "DescribeQuery", "AskQuery"}


def _token(line: str, col: int) -> str:
    rest = line[col - 1 :].strip() if line else ""
    if not rest:
        return "end of line"
    token = _TOKEN.match(rest).group(0)  # type: ignore[union-attr]
    return repr(token if len(token) <= 24 else token[:23] + "…")


def _expected(msg: str) -> str:
    msg = msg.strip()
    if msg.lower().startswith("expected "):
        what = msg[9:].strip()
        return "" if what in _UNINFORMATIVE else f" (expected {what})"
    return f" ({msg})" if msg else ""


def _translation_error(text: str, source: str, err: Exception) -> QuerySyntaxError:
    message = str(err).strip() or type(err).__name__
    found = _UNKNOWN_PREFIX.search(message)
    if found:
        prefix = found.group(1).rstrip(":")
        where = _locate(text, re.compile(rf"(?<![\w:<-]){re.escape(prefix)}:"))
        hint = f"; declare it: PREFIX {prefix}: <{PREFIXES[prefix]}>" if prefix in PREFIXES else ""
        return QuerySyntaxError(f"{source}{where}: unknown prefix '{prefix}:'{hint}")
    return QuerySyntaxError(f"{source}: {type(err).__name__}: {message}")


def _locate(text: str, pattern: re.Pattern[str]) -> str:
    """``:line:col`` of the first match of ``pattern`` outside comments, or ``""``."""
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0] if "<" not in line else line
        match = pattern.search(code)
        if match:
            return f":{number}:{match.start() + 1}"
    return ""


# ------------------------------------------------------------------------------ binding


def bind_values(text: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with ``bindings`` (variable name, ``?``/``$`` optional -> rdflib term) in a
    ``VALUES`` block at the start of its ``WHERE`` group; blank nodes cannot be bound.

    >>> from rdflib import URIRef
    >>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"?o": URIRef("urn:x")})
    'SELECT ?s WHERE { VALUES (?o) { (<urn:x>) } ?s ?p ?o }'
    """
    if not bindings:
        return text
    from rdflib import BNode

    from ..params import insert_values

    for name, term in bindings.items():
        if isinstance(term, BNode):
            raise QueryError(f"parameter {name!r}: a blank node cannot be bound in VALUES")
    return insert_values(text, {name.lstrip("?$"): term for name, term in bindings.items()})


# ------------------------------------------------------------------------------ refusing

_FROM_REFUSED = (
    "FROM / FROM NAMED are not supported here (rdflib would fetch them); "
    "use GRAPH <…> over the loaded named graphs with reasoning off"
)
_SERVICE_REFUSED = (
    "SERVICE is not allowed in local queries (allow its endpoint with --service-allow URL)"
)


def refuse_remote(
    query: Query, *, source: str = "<query>", allow_services: Collection[str] = ()
) -> None:
    """Refuse a prepared query's ``FROM``/``FROM NAMED``, and its ``SERVICE`` clauses unless
    :func:`check_services` allows them."""
    algebra = query.algebra
    if algebra.get("datasetClause"):
        raise QueryError(f"{source}: {_FROM_REFUSED}")
    if _contains(algebra, "ServiceGraphPattern"):
        if not allow_services:
            raise QueryError(f"{source}: {_SERVICE_REFUSED}")
        try:
            check_services(algebra, allow_services)
        except ServiceRefused as err:
            raise ServiceRefused(f"{source}: {err}") from None


#: IRIs, strings, comments, variables and prefixed names: where a keyword is not a keyword.
_STRIP = re.compile(
    r"""<[^<>"{}|^`\\\s]*>|"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*|[?$]\w+|[\w.-]*:[\w.:%-]*""",
    re.DOTALL,
)
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def refuse_remote_text(
    text: str, source: str = "<query>", *, allow_services: Collection[str] = ()
) -> None:
    """:func:`refuse_remote` on the text, for an engine that evaluates text itself: the keywords
    ``FROM`` and ``SERVICE`` outside IRIs, strings and comments are refused; the text is parsed
    (:func:`check_text`) only when it has a SERVICE and an allow-list is given."""
    code = _STRIP.sub(" ", text)
    if _FROM.search(code):
        raise QueryError(f"{source}: {_FROM_REFUSED}")
    if _SERVICE.search(code):
        if not allow_services:
            raise QueryError(f"{source}: {_SERVICE_REFUSED}")
        check_text(text, allow_services, source=source)


def has_dataset_clause(parsed: Any) -> bool:
    """Whether a parsed query (:func:`parse`) has ``FROM`` or ``FROM NAMED``."""
    return bool(getattr(parsed[1], "datasetClause", None))


_UPDATE_NAMES = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


def update_names(text: str) -> list[str] | None:
    """The operations of ``text`` if it is a SPARQL Update (``["LOAD"]``, ``["INSERT DATA"]``…),
    else ``None``: what a read-only endpoint refuses.

    >>> update_names("LOAD <http://example.org/x>"), update_names("SELECT * { ?s ?p ?o }")
    (['LOAD'], None)
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    with PARSE_LOCK:
        try:
            parsed = parseUpdate(text)
        except Exception:
            return None
    names = []
    for request in getattr(parsed, "request", None) or []:
        name = _UPDATE_NAMES.get(getattr(request, "name", ""), getattr(request, "name", "update"))
        if name not in names:
            names.append(name)
    return names


def _contains(node: object, name: str, depth: int = 0) -> bool:
    if depth > 200:
        return False
    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, dict):
        return any(_contains(v, name, depth + 1) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_contains(v, name, depth + 1) for v in node)
    return False


# ------------------------------------------------------------------------------ SERVICE

#: How rdflib (``evaluate.evalServiceQuery``) reads the endpoint from a SERVICE clause's text.
_RDFLIB_SERVICE = re.compile(r"^service <(.*)>[ \n]*{(.*)}[ \n]*$", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class ServiceCall:
    """One SERVICE clause: the endpoint as parsed (``None`` for a variable) and the URL rdflib
    would call for it (``None`` when rdflib cannot read the clause)."""

    endpoint: str | None
    rdflib_url: str | None


def normalise_endpoint(url: str) -> str:
    """An endpoint as the allow-list compares it: stripped, without a trailing ``/``."""
    return url.strip().rstrip("/")


def _walk(node: Any, depth: int = 0) -> Iterator[Any]:
    if depth > 400:
        return
    yield node
    if isinstance(node, dict):
        for value in list(node.values()):
            yield from _walk(value, depth + 1)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value, depth + 1)
    else:  # pyparsing ParseResults: iterate its items
        to_list = getattr(node, "asList", None)
        if to_list is not None and not isinstance(node, str) and hasattr(node, "__iter__"):
            for value in node:
                yield from _walk(value, depth + 1)


def service_calls(parsed: Any) -> list[ServiceCall]:
    """Every SERVICE clause of a parsed query (rdflib ``parseQuery`` output or a translated
    algebra), in the order found."""
    calls = []
    seen: set[int] = set()
    for node in _walk(parsed):
        if getattr(node, "name", None) != "ServiceGraphPattern" or id(node) in seen:
            continue
        seen.add(id(node))
        term = node.get("term") if hasattr(node, "get") else getattr(node, "term", None)
        endpoint = str(term) if term is not None and type(term).__name__ == "URIRef" else None
        found = _RDFLIB_SERVICE.match(str(node.get("service_string", "") or ""))
        calls.append(ServiceCall(endpoint, found.group(1) if found else None))
    return calls


def check_services(parsed: Any, allow_services: Collection[str]) -> list[str]:
    """Refuse (:class:`ServiceRefused`) any SERVICE of ``parsed`` that may not be contacted;
    return the endpoints that may. See the module docstring for the rules."""
    allowed = {normalise_endpoint(s) for s in allow_services}
    calls = service_calls(parsed)
    for call in calls:
        if call.endpoint is None:
            raise ServiceRefused("SERVICE with a variable endpoint is refused")
        if normalise_endpoint(call.endpoint) not in allowed:
            listed = ", ".join(sorted(allowed)) or "none are allowed"
            raise ServiceRefused(
                f"SERVICE <{call.endpoint}> is refused: not in the allow-list ({listed})"
            )
    for call in calls:
        assert call.endpoint is not None
        if call.rdflib_url != call.endpoint:
            raise ServiceRefused(
                f"SERVICE <{call.endpoint}> is refused: the query text has another SERVICE "
                "clause before it (in a string, a comment or an earlier clause) that rdflib "
                "would call instead; write one SERVICE <IRI> { … } per endpoint, with one space "
                "after SERVICE and no SILENT"
            )
    if calls:
        refuse_redirects()
    return [c.endpoint for c in calls if c.endpoint is not None]


def check_text(text: str, allow_services: Collection[str], *, source: str = "<query>") -> list[str]:
    """Parse ``text`` with rdflib's SPARQL parser and :func:`check_services` it (for engines that
    evaluate text themselves, e.g. Oxigraph). A syntax error is :func:`prepare_query`'s."""
    try:
        parsed = parse(text)
    except Exception:
        prepare_query(text, source=source)  # raises the one-line syntax error
        message = f"{source}: the query could not be checked"  # pragma: no cover
        raise ServiceRefused(message) from None  # pragma: no cover
    try:
        return check_services(parsed, allow_services)
    except ServiceRefused as err:
        raise ServiceRefused(f"{source}: {err}" if source != "<query>" else str(err)) from None


_REDIRECTS_REFUSED = False


def refuse_redirects() -> None:
    """Make this process's ``urllib`` (which rdflib's SERVICE evaluation uses) refuse
    redirects: an allowed endpoint's redirect would reach a host nobody allowed. Called before
    any allowed SERVICE runs; idempotent."""
    global _REDIRECTS_REFUSED
    if _REDIRECTS_REFUSED:
        return
    import urllib.error
    import urllib.request

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            raise urllib.error.HTTPError(
                req.full_url,
                code,
                f"SERVICE endpoint redirected to {newurl}; redirects are not followed "
                "(only allow-listed endpoints may be contacted)",
                headers,
                fp,
            )

    urllib.request.install_opener(urllib.request.build_opener(NoRedirects()))
    _REDIRECTS_REFUSED = True
