"""Federated queries: named SERVICE endpoints and their rewriting.

A federated stored query (``queries/federated/*.rq``, tagged ``federated``) names its remote
endpoint by its public address, e.g. ``SERVICE <https://query.wikidata.org/sparql> { … }``, so
the text runs unchanged on any SPARQL 1.1 engine. Where the service really is, is
configuration: :func:`rewrite_services` replaces the default address of a *named* service
(:data:`DEFAULT_SERVICES`, e.g. ``wikidata``) with a mirror (``--service-endpoint
wikidata=URL``), before anything is parsed or evaluated.

Whether a SERVICE may be contacted is decided by
:func:`governance_graph.sparql.prepare.check_services`, and by nothing else: the command line
(``query --service-allow URL``), both engines and the server (``serve --allow-service URL``)
call it on the parse of the text that is then evaluated. It is re-exported here with
:class:`ServiceRefused` and :func:`check_text`. An empty allow-list (the default everywhere)
means no SERVICE at all.

>>> rewrite_services(
...     "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
...     {"wikidata": "http://127.0.0.1:7878/query"},
... )
'SELECT * { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import QueryError
from .sparql.prepare import ServiceCall, ServiceRefused, check_services, check_text, service_calls
from .sparql.prepare import normalise_endpoint as _norm

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
