"""Running a query against a SPARQL 1.1 endpoint (SPARQL 1.1 Protocol, query via POST).

The transport is the standard library's ``urllib`` and the answer is parsed by rdflib's own
result parsers (``Result.parse``), so the caller gets the same rdflib ``Result`` as from a local
query. rdflib's ``SPARQLConnector`` is not used: it has no timeout, turns every GET failure into
a bare ``ValueError`` without the HTTP status, and returns a tuple instead of raising on POST
errors. Every failure here is one :class:`EndpointError` line naming the URL (and the status).

>>> try:
...     run("SELECT * { ?s ?p ?o }", "ftp://example.org/sparql")
... except EndpointError as exc:
...     print(exc)
ftp://example.org/sparql: not an http(s) endpoint URL
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from io import BytesIO
from urllib.parse import urlencode, urlsplit

from rdflib.query import Result

from governance_graph.errors import GovernanceGraphError

__all__ = ["ACCEPT", "EndpointError", "run"]

#: What we ask for: SPARQL results (JSON, XML) for SELECT/ASK, Turtle/N-Triples for graphs.
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/turtle;q=0.8, application/n-triples;q=0.7, application/rdf+xml;q=0.5"
)
_PARSERS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


class EndpointError(GovernanceGraphError):
    """The endpoint could not be reached or did not answer with SPARQL results."""


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse(body: bytes, content_type: str, url: str) -> Result:
    if content_type in _PARSERS:
        return Result.parse(BytesIO(body), format=_PARSERS[content_type])
    if content_type in _GRAPH_TYPES:
        from rdflib import Graph

        graph = Graph().parse(data=body, format=_GRAPH_TYPES[content_type])
        result = Result("CONSTRUCT")
        result.graph = graph
        return result
    shown = content_type or "no content type"
    raise EndpointError(f"{url}: answered with {shown}, not SPARQL results")


def run(query: str, url: str, *, timeout: float = 60.0) -> Result:
    """POST ``query`` to the endpoint at ``url`` and return the parsed rdflib ``Result``.

    The query goes as an HTML-form POST (``query=…``, SPARQL 1.1 Protocol §2.1.2), the one
    encoding every engine accepts: Virtuoso 7.2 never answers a direct
    ``application/sparql-query`` POST.

    ``timeout`` (seconds) bounds connecting and each read. Raises :class:`EndpointError` for a
    bad URL, a connection failure, a timeout, an HTTP error status, or an answer that is not a
    SPARQL result.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"{url}: not an http(s) endpoint URL")
    request = urllib.request.Request(
        url,
        data=urlencode({"query": query}).encode("ascii"),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            content_type = (
                response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            )
    except urllib.error.HTTPError as exc:
        try:
            detail = _one_line(exc.read().decode("utf-8", "replace"))
        except Exception:  # the error body is optional decoration
            detail = ""
        reason = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        raise EndpointError(f"{url}: {reason}") from None
    except TimeoutError:
        raise EndpointError(f"{url}: no answer within {timeout:g} s (timeout)") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise EndpointError(f"{url}: no answer within {timeout:g} s (timeout)") from None
        raise EndpointError(
            f"{url}: cannot connect: {getattr(reason, 'strerror', None) or reason}"
        ) from None
    except OSError as exc:
        raise EndpointError(f"{url}: connection failed: {exc.strerror or exc}") from None
    except http.client.HTTPException as exc:
        raise EndpointError(f"{url}: broken HTTP answer: {type(exc).__name__}") from None
    try:
        return _parse(body, content_type, url)
    except EndpointError:
        raise
    except Exception as exc:  # rdflib's parsers raise many kinds on a garbled body
        raise EndpointError(
            f"{url}: answer is not valid {content_type}: "
            f"{_one_line(str(exc) or type(exc).__name__, 100)}"
        ) from None
