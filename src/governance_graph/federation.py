"""Federated queries: named SERVICE endpoints, and the one SERVICE allow-list check.

A federated stored query (``queries/federated/*.rq``, tagged ``federated``) names its remote
endpoint by its public address, e.g. ``SERVICE <https://query.wikidata.org/sparql> { … }``, so
the text runs unchanged on any SPARQL 1.1 engine. Where the service really is, is
configuration: :func:`rewrite_services` replaces the default address of a *named* service
(:data:`DEFAULT_SERVICES`, e.g. ``wikidata``) with a mirror (``--service-endpoint
wikidata=URL``), before anything is parsed or evaluated.

Whether a SERVICE may be contacted is decided by :func:`check_services`, and by nothing else:
the command line (``query --service-allow URL``) and the server (``serve --allow-service URL``,
:func:`governance_graph.server.security.check_query`) both call it on the parse of the text that
is then evaluated. It refuses, before any evaluation:

* a SERVICE whose endpoint is not on the allow-list (compared without a trailing ``/``);
* a SERVICE whose endpoint is a variable;
* a SERVICE clause that rdflib would send somewhere else than the endpoint that was checked.
  rdflib does not evaluate the parsed endpoint: it takes the URL from the *first* text in the
  whole query that looks like a SERVICE clause (``service_string``, found by a text search
  that also looks inside string literals and comments), so ``BIND("SERVICE <http://internal/>
  { }" AS ?x) SERVICE <http://allowed/> { … }`` would make it call ``http://internal/``. Such a
  query, and any query with two SERVICE clauses to different endpoints, is refused.

An empty allow-list (the default everywhere) means no SERVICE at all.

>>> rewrite_services(
...     "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
...     {"wikidata": "http://127.0.0.1:7878/query"},
... )
'SELECT * { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }'
>>> query = "SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }"
>>> check_text(query, ["http://a.example/sparql/"])
['http://a.example/sparql']
>>> check_text(query, ["http://b.example/"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
governance_graph.federation.ServiceRefused: SERVICE <http://a.example/sparql> is refused: ...
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import QueryError

__all__ = [
    "DEFAULT_SERVICES",
    "WIKIDATA",
    "ServiceCall",
    "ServiceRefused",
    "check_services",
    "check_text",
    "parse_service_endpoints",
    "rewrite_services",
    "service_calls",
]

#: The public Wikidata Query Service (the default of the ``wikidata`` service).
WIKIDATA = "https://query.wikidata.org/sparql"
#: Named services: name -> the endpoint the stored queries write (the default address).
DEFAULT_SERVICES: dict[str, str] = {"wikidata": WIKIDATA}

#: How rdflib (``evaluate.evalServiceQuery``) reads the endpoint from a SERVICE clause's text.
_RDFLIB_SERVICE = re.compile(r"^service <(.*)>[ \n]*{(.*)}[ \n]*$", re.DOTALL | re.IGNORECASE)


class ServiceRefused(QueryError):
    """A SERVICE the allow-list does not allow (or that cannot be checked); nothing was sent."""


@dataclass(frozen=True)
class ServiceCall:
    """One SERVICE clause: the endpoint as parsed (``None`` for a variable) and the URL rdflib
    would call for it (``None`` when rdflib cannot read the clause)."""

    endpoint: str | None
    rdflib_url: str | None


def _norm(url: str) -> str:
    return url.strip().rstrip("/")


def parse_service_endpoints(pairs: Iterable[str]) -> dict[str, str]:
    """``["wikidata=URL", …]`` -> ``{"wikidata": "URL"}``; unknown names and non-HTTP URLs are
    a :class:`~governance_graph.errors.QueryError` naming the valid choices.

    >>> parse_service_endpoints(["wikidata=http://127.0.0.1:7878/query"])
    {'wikidata': 'http://127.0.0.1:7878/query'}
    """
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, url = pair.partition("=")
        name, url = name.strip(), url.strip()
        if not sep or not name or not url:
            raise QueryError(f"--service-endpoint {pair!r}: expected NAME=URL")
        if name not in DEFAULT_SERVICES:
            known = ", ".join(sorted(DEFAULT_SERVICES))
            raise QueryError(
                f"--service-endpoint {pair!r}: unknown service {name!r}; known: {known}"
            )
        if not re.match(r"^https?://[^\s<>\"{}|^`\\]+$", url, re.IGNORECASE):
            raise QueryError(f"--service-endpoint {pair!r}: the endpoint must be an http(s) URL")
        if name in out:
            raise QueryError(f"--service-endpoint {name!r} given twice")
        out[name] = url
    return out


def check_allow_list(urls: Iterable[str]) -> tuple[str, ...]:
    """The ``--service-allow`` URLs, checked: http(s) only (``file:`` and friends never)."""
    out = []
    for url in urls:
        if not re.match(r"^https?://[^\s<>\"{}|^`\\]+$", url.strip(), re.IGNORECASE):
            raise QueryError(f"--service-allow {url!r}: an allowed endpoint must be an http(s) URL")
        out.append(url.strip())
    return tuple(out)


# Tokens to step over (strings, comments, IRIs) and the one to rewrite (SERVICE [SILENT] <iri>).
_TOKENS = re.compile(
    r"""(?P<skip>"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*"""
    r"""|<[^<>"{}|^`\\\s]*>|[?$]\w+)"""
    r"""|(?P<service>\bSERVICE\s+(?:SILENT\s+)?)<(?P<iri>[^<>"{}|^`\\\s]*)>""",
    re.IGNORECASE | re.DOTALL,
)


def rewrite_services(text: str, endpoints: Mapping[str, str]) -> str:
    """Point the SERVICE clauses that use a named service's default address at ``endpoints``.

    Only ``SERVICE <IRI>`` written with the full default address is rewritten (never text in
    strings, comments or other IRIs); the result is still checked by :func:`check_services`.
    """
    if not endpoints:
        return text
    mapping = {_norm(DEFAULT_SERVICES[name]): url for name, url in endpoints.items()}

    def replace(match: re.Match[str]) -> str:
        if match.group("service") is None:
            return match.group(0)
        target = mapping.get(_norm(match.group("iri")))
        if target is None:
            return match.group(0)
        return f"{match.group('service')}<{target}>"

    return _TOKENS.sub(replace, text)


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
    allowed = {_norm(s) for s in allow_services}
    calls = service_calls(parsed)
    for call in calls:
        if call.endpoint is None:
            raise ServiceRefused("SERVICE with a variable endpoint is refused")
        if _norm(call.endpoint) not in allowed:
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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """An allowed endpoint's redirect would reach a host nobody allowed: answer it with an
    error instead of following it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise urllib.error.HTTPError(
            req.full_url,
            code,
            f"SERVICE endpoint redirected to {newurl}; redirects are not followed "
            "(only allow-listed endpoints may be contacted)",
            headers,
            fp,
        )


def refuse_redirects() -> None:
    """Make this process's ``urllib`` (which rdflib's SERVICE evaluation uses) refuse
    redirects. Called before any allowed SERVICE runs; idempotent."""
    global _REDIRECTS_REFUSED
    if not _REDIRECTS_REFUSED:
        urllib.request.install_opener(urllib.request.build_opener(_NoRedirects()))
        _REDIRECTS_REFUSED = True


_REDIRECTS_REFUSED = False


def check_text(text: str, allow_services: Collection[str], *, source: str = "<query>") -> list[str]:
    """Parse ``text`` with rdflib's SPARQL parser and :func:`check_services` it (for engines that
    evaluate text themselves, e.g. Oxigraph). Syntax errors are left to the engine."""
    from rdflib.plugins.sparql.parser import parseQuery

    from .engine import _PARSE_LOCK

    with _PARSE_LOCK:
        try:
            parsed = parseQuery(text)
        except Exception:
            parsed = None
    if parsed is None:
        from .engine import prepare_query

        prepare_query(text, source=source)  # raises the one-line syntax error
        raise ServiceRefused(f"{source}: the query could not be checked")  # pragma: no cover
    try:
        return check_services(parsed, allow_services)
    except ServiceRefused as err:
        raise ServiceRefused(f"{source}: {err}" if source != "<query>" else str(err)) from None


def has_service(text: str) -> bool:
    """Whether ``text`` has the SERVICE keyword outside strings, comments and IRIs."""
    return any(m.group("service") for m in _TOKENS.finditer(text)) or bool(
        re.search(r"\bSERVICE\b", _TOKENS.sub(" ", text), re.IGNORECASE)
    )
