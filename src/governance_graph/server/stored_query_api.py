"""The stored queries as a web API (in the grlc spirit): ``GET /api/<name>?param=value``.

Parameters are checked and bound exactly as on the command line
(:func:`governance_graph.params.bind`, then a ``VALUES`` block at the start of the ``WHERE`` group
from :func:`governance_graph.params.insert_values`): a value is never pasted into the query text, so
``?name=x" } UNION { ?s ?p ?o } #`` is just a literal that matches nothing. Unknown, missing,
repeated or malformed parameters are a **400** naming the parameter; an unknown query a **404**
with suggestions. Answers are negotiated like ``/sparql`` (``Accept`` or ``format=``).
``lang=en|nl|all`` is the command line's ``--lang`` (checked by
:func:`governance_graph.query_output.check_language`, the same 400 message for any other value):
among rows that differ only in their labels' language, keep that language; without it every
row is answered.

``GET /api/openapi.json`` is an OpenAPI 3.1 document with one path per stored query.
"""

from __future__ import annotations

from typing import Any

from governance_graph.params import ParameterError, bind, insert_values
from governance_graph.query_output import LANGUAGES, LanguageError, check_language
from governance_graph.server.jobs import Job
from governance_graph.server.media_types import MEDIA_TYPES
from governance_graph.server.problems import HTTPProblem
from governance_graph.server.state import StoredEntry
from governance_graph.suggestions import close_names

__all__ = ["build_job", "listing", "openapi"]

_SCHEMAS = {
    "iri": {"type": "string", "format": "iri", "description": "an IRI, or ggd:<name>"},
    "integer": {"type": "integer"},
    # a calendar date, or the word today (the server's date when the query runs)
    "date": {
        "type": "string",
        "anyOf": [{"format": "date"}, {"const": "today"}],
        "description": "YYYY-MM-DD, or today",
    },
    "literal": {"type": "string"},
    "lang": {"type": "string"},
}
#: Query-string names that are not query parameters.
RESERVED = ("format", "lang")


def lookup(queries: dict[str, StoredEntry], name: str) -> StoredEntry:
    entry = queries.get(name)
    if entry is not None:
        return entry
    close = close_names(name, sorted(queries))
    hint = ("; did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else ""
    raise HTTPProblem(404, f"no stored query '{name[:80]}'{hint}; the list is at /api")


def build_job(
    entry: StoredEntry, pairs: list[tuple[str, str]], *, accept: str | None, max_rows: int
) -> Job:
    """The worker job for a call of a stored query; :class:`HTTPProblem` 400 on bad parameters."""
    query = entry.query
    names = {p.name for p in query.parameters}
    raw: dict[str, str] = {}
    reserved: dict[str, str] = {}
    for key, value in pairs:
        target = reserved if key in RESERVED and key not in names else raw
        if key in target:
            raise HTTPProblem(400, f"parameter '{key}' given more than once")
        target[key] = value
    try:
        lang = check_language(reserved.get("lang"))
    except LanguageError as err:
        raise HTTPProblem(400, str(err)) from None
    try:
        bound = bind(query, raw)
        text = insert_values(query.text, bound)
    except ParameterError as err:
        message = str(err).split("; pass it as --param")[0]
        if "needs parameter" in message:
            message += f"; pass it in the URL: /api/{query.name}?NAME=VALUE"
        raise HTTPProblem(400, message) from None
    return Job(
        query=text, accept=accept, format=reserved.get("format"), max_rows=max_rows, lang=lang
    )


def listing(queries: dict[str, StoredEntry], errors: list[str]) -> dict[str, Any]:
    """The stored queries as JSON: name, summary, kind, parameters, URL."""
    return {
        "queries": [
            {
                "name": name,
                "url": f"/api/{name}",
                "summary": e.query.summary,
                "kind": e.kind,
                "tags": e.query.tags,
                "parameters": [
                    {"name": p.name, "kind": p.kind, "required": p.required, "default": p.default}
                    for p in e.query.parameters
                ],
            }
            for name, e in sorted(queries.items())
        ],
        "skipped": errors,
        "openapi": "/api/openapi.json",
    }


def openapi(queries: dict[str, StoredEntry], *, version: str) -> dict[str, Any]:
    """An OpenAPI 3.1 document for every stored query."""
    paths: dict[str, Any] = {}
    for name, entry in sorted(queries.items()):
        q = entry.query
        parameters = []
        for p in q.parameters:
            schema = dict(_SCHEMAS[p.kind])
            if p.default is not None:
                schema["default"] = int(p.default) if p.kind == "integer" else p.default
            description = p.describe()
            if p.kind == "lang":
                description += f"; bound as a literal tagged @{p.lang}"
            if p.name in q.enumerate:
                description += "; the query's own values are the meaningful ones"
            parameters.append(
                {
                    "name": p.name,
                    "in": "query",
                    "required": p.required,
                    "description": description,
                    "schema": schema,
                }
            )
        parameters.append(
            {
                "name": "format",
                "in": "query",
                "required": False,
                "description": "answer format instead of the Accept header",
                "schema": {"type": "string", "enum": [m.name for m in MEDIA_TYPES[entry.kind]]},
            }
        )
        if entry.kind == "SELECT":
            parameters.append(
                {
                    "name": "lang",
                    "in": "query",
                    "required": False,
                    "description": "keep the rows in this language, as the command line's --lang "
                    "(default: every row)",
                    "schema": {"type": "string", "enum": [*LANGUAGES, "all"]},
                }
            )
        content: dict[str, Any] = {m.media_type: {} for m in MEDIA_TYPES[entry.kind]}
        # what a browser gets: the answer as a table, with links to the data
        content["text/html"] = {}
        paths[f"/api/{name}"] = {
            "get": {
                "operationId": name.replace("-", "_"),
                "summary": q.summary or name,
                "description": q.description or q.summary or name,
                "tags": q.tags,
                "parameters": parameters,
                "responses": {
                    "200": {"description": f"{entry.kind} answer", "content": content},
                    "400": {"description": "a parameter is unknown, missing or malformed"},
                    "406": {"description": "no format fits the Accept header"},
                    "422": {"description": "more rows than the server's limit"},
                    "503": {"description": "time limit reached, or all workers busy"},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "governance-graph stored queries",
            "version": version,
            "description": "Each stored query of queries/*.rq as a GET endpoint; parameters "
            "are bound as RDF terms through a SPARQL VALUES clause, never pasted into text.",
        },
        "paths": paths,
    }
