"""SPARQL 1.1 Protocol requests: turn GET/POST at ``/sparql`` into a :class:`SparqlRequest`.

* ``GET /sparql?query=…`` (``default-graph-uri``, ``named-graph-uri`` repeatable);
* ``POST`` with ``application/x-www-form-urlencoded`` (the same parameters in the body);
* ``POST`` with ``application/sparql-query`` (the query is the UTF-8 body; dataset parameters in
  the URL).

Refused, before anything runs: ``update`` (GET or form) and ``application/sparql-update``
(**403**, read-only); more than one ``query`` (**400**); a POST without or with another content
type (**415**); a body that is not UTF-8 or declares another charset (**415**/**400**); graphs
that are not among the served named graphs (**400**: the server never fetches a graph). The
non-standard ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``ttl``, ``nt``,
``jsonld``, ``rdfxml``) overrides ``Accept`` for links and forms.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import parse_qsl

from governance_graph.server.limits import check_query_string, read_body
from governance_graph.server.problems import HTTPProblem

__all__ = ["SparqlRequest", "parse_request"]

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class SparqlRequest:
    query: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    format: str | None


def _read_only() -> HTTPProblem:
    return HTTPProblem(
        403, "this endpoint is read-only: SPARQL Update is refused (no update, no LOAD)"
    )


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    parts = [p.strip() for p in header.split(";")]
    params = {}
    for p in parts[1:]:
        key, _, value = p.partition("=")
        params[key.strip().lower()] = value.strip().strip('"').lower()
    return parts[0].lower(), params


def _decode(body: bytes, params: dict[str, str]) -> str:
    charset = params.get("charset", "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise HTTPProblem(415, f"charset {charset} is not supported; send the body as UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPProblem(400, "the body is not valid UTF-8") from None


def _pairs(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise HTTPProblem(400, "a parameter is not valid UTF-8 once percent-decoded") from None


def _dataset(
    pairs: list[tuple[str, str]], known: Collection[str]
) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    default = tuple(v for k, v in pairs if k == "default-graph-uri")
    named = tuple(v for k, v in pairs if k == "named-graph-uri")
    unknown = sorted({g for g in default + named if g not in known})
    if unknown:
        listing = ", ".join(f"<{g}>" for g in sorted(known)) or "none"
        raise HTTPProblem(
            400,
            f"unknown graph {', '.join(f'<{g}>' for g in unknown)}: the server never fetches "
            f"graphs; the named graphs here are {listing}",
        )
    if not default and not named:
        return None, None
    return default, named


def _one_query(pairs: list[tuple[str, str]]) -> str | None:
    if any(k == "update" for k, _ in pairs):
        raise _read_only()
    queries = [v for k, v in pairs if k == "query"]
    if len(queries) > 1:
        raise HTTPProblem(400, f"{len(queries)} 'query' parameters given; send exactly one")
    return queries[0] if queries else None


def _format(pairs: list[tuple[str, str]]) -> str | None:
    values = [v for k, v in pairs if k == "format"]
    return values[-1] if values else None


async def parse_request(request, *, known_graphs: Collection[str], max_body: int):
    """The :class:`SparqlRequest` of a ``/sparql`` request, or ``None`` for a bare GET (no
    query: answer with the service description or the query page)."""
    raw_qs = request.scope.get("query_string", b"")
    check_query_string(raw_qs, max_body)
    try:
        url_pairs = _pairs(raw_qs.decode("utf-8"))
    except UnicodeDecodeError:
        raise HTTPProblem(400, "the query string is not valid UTF-8") from None
    if request.method in ("GET", "HEAD"):
        query = _one_query(url_pairs)
        if query is None:
            if any(k in ("default-graph-uri", "named-graph-uri") for k, _ in url_pairs):
                raise HTTPProblem(400, "dataset parameters given without a 'query' parameter")
            return None
        default, named = _dataset(url_pairs, known_graphs)
        return SparqlRequest(query, default, named, _format(url_pairs))
    media, params = _media_type(request.headers.get("content-type"))
    if media == UPDATE:
        raise _read_only()
    if media == FORM:
        body = await read_body(request, max_body)
        text = _decode(body, params)
        pairs = _pairs(text)
        query = _one_query(pairs + [p for p in url_pairs if p[0] in ("query", "update")])
        if query is None:
            raise HTTPProblem(400, "the form has no 'query' parameter")
        default, named = _dataset(pairs + url_pairs, known_graphs)
        return SparqlRequest(query, default, named, _format(pairs + url_pairs))
    if media == DIRECT:
        if any(k in ("query", "update") for k, _ in url_pairs):
            raise HTTPProblem(400, "a query in the body and another in the URL; send one")
        body = await read_body(request, max_body)
        query = _decode(body, params)
        if not query.strip():
            raise HTTPProblem(400, "the body holds no query")
        default, named = _dataset(url_pairs, known_graphs)
        return SparqlRequest(query, default, named, _format(url_pairs))
    shown = media or "no Content-Type"
    raise HTTPProblem(
        415,
        f"POST with {shown} is not a SPARQL query; use Content-Type {FORM} (query=…) "
        f"or {DIRECT} (the query as body)",
    )
