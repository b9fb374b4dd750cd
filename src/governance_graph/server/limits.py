"""The server's limits, their defaults, and reading a request body within the size limit.

==============  =========  ==============================================================
limit           default    when passed
==============  =========  ==============================================================
``timeout``     10 s       the query's worker is killed; **503** with the limit named
``max_rows``    10 000     rows (SELECT) or triples (CONSTRUCT/DESCRIBE); **422**
``max_body``    1 MB       POST body → **413**; GET query string → **414**
==============  =========  ==============================================================

>>> Limits().timeout
10.0
"""

from __future__ import annotations

from dataclasses import dataclass

from governance_graph.server.problems import HTTPProblem

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "Limits", "read_body"]

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BODY = 1_000_000


@dataclass(frozen=True)
class Limits:
    """Per-query time limit (seconds), most rows or triples in an answer, largest body (bytes)."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_body: int = DEFAULT_MAX_BODY

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.max_rows < 1 or self.max_body < 1:
            raise ValueError("limits must be positive")


def too_large(max_body: int) -> HTTPProblem:
    return HTTPProblem(413, f"request body larger than {max_body} bytes (the server's --max-body)")


async def read_body(request, max_body: int) -> bytes:
    """The request body, refusing (413) one longer than ``max_body`` bytes before reading it
    when ``Content-Length`` says so, and while streaming otherwise."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > max_body:
                raise too_large(max_body)
        except ValueError:
            raise HTTPProblem(400, "Content-Length is not a number") from None
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise too_large(max_body)
        chunks.append(chunk)
    return b"".join(chunks)


def check_query_string(query_string: bytes | str, max_body: int) -> None:
    """Refuse (414) a GET whose query string is longer than ``max_body``."""
    if len(query_string) > max_body:
        raise HTTPProblem(
            414, f"query string longer than {max_body} bytes (the server's --max-body); use POST"
        )
