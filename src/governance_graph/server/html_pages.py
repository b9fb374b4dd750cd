"""What ``serve`` gives a browser beside the site's files, in the site's look and languages.

* ``/sparql`` without a query: the YASGUI query editor (``@zazuko/yasgui``, from the package)
  on this endpoint, with the project's prefixes for completion and every stored query as an
  example to open; a plain form for browsers without JavaScript;
* ``/sparql?query=…`` and ``/api/<name>`` asked for ``text/html`` (and no ``format=``): the
  answer as a table, resources by their label in the page's language and linked to their
  pages, with links to the same answer as CSV and JSON (or Turtle and JSON-LD for a graph);
* ``/api`` for browsers: the stored queries with their parameters and defaults;
  ``/api/docs``: Swagger UI (``swagger-ui-dist``, from the package) on ``/api/openapi.json``.

The page's language is ``?lang=en|nl`` or ``Accept-Language``. A query runs in the worker pool
as for any client (answered as JSON or N-Triples there); only the table is made here, by the
site's templates (:mod:`governance_graph.site.results_table`).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from io import BytesIO
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from governance_graph.server.problems import HTTPProblem
from governance_graph.server.site_routes import STATIC, in_site_thread, page_language

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.server.protocol import SparqlRequest
    from governance_graph.server.state import ServerState, StoredEntry
    from governance_graph.site.pages import Renderer
    from governance_graph.writers import Answer

__all__ = ["api_docs", "api_listing", "api_results", "query_editor", "sparql_results", "vendor"]

EXAMPLE = """PREFIX gg: <https://w3id.org/governance-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?body ?label WHERE {
  ?body a gg:ConsultationBody ; skos:prefLabel ?label .
  FILTER(lang(?label) = "en")
} ORDER BY ?label LIMIT 50"""


#: What the editor's script names in the page's language (labels YASGUI leaves out).
_EDITOR_WORDS = (
    "endpoint_label",
    "query_label",
    "new_tab",
    "filter_label",
    "tab_name_label",
    "page_size_label",
)


def _state(request: Request) -> ServerState:
    return request.app.state.gg


@functools.cache
def vendor() -> dict[str, dict[str, Any]]:
    """The vendored packages (``static/vendor/vendor.json``): folder, version, files."""
    return json.loads((STATIC / "vendor" / "vendor.json").read_text(encoding="utf-8"))


def _asset(here: str, key: str, file: str) -> str:
    from governance_graph.site.iris import relative

    return relative(here, f"vendor/{vendor()[key]['folder']}/{file}")


def _renderer(request: Request) -> Renderer:
    from governance_graph.site.context import site_graph
    from governance_graph.site.pages import Renderer

    base = str(request.base_url)
    state = _state(request)
    if state.kg is None:
        raise HTTPProblem(404, "no pages here: the server holds no graph")
    sg = site_graph(state.kg)  # type: ignore[arg-type]
    return Renderer(sg, endpoint=base + "sparql", base_url=base, api_docs=base + "api/docs")


def _other_lang(lang: str) -> str:
    return "nl" if lang == "en" else "en"


def _with(request: Request, **changes: str) -> str:
    """This request's path and query string with ``changes`` (the link from the same page)."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    pairs += list(changes.items())
    name = request.url.path.rsplit("/", 1)[-1]
    return f"{name}?{urlencode(pairs)}"


def _json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _example(entry: StoredEntry) -> str:
    """A stored query's text with its defaults bound, ready to run (as ``/api/<name>``)."""
    from governance_graph.params import ParameterError, bind, insert_values

    try:
        return insert_values(entry.query.text, bind(entry.query, {}))
    except ParameterError:
        return entry.query.text


# ------------------------------------------------------------------------------ pages


def _editor_page(request: Request, lang: str) -> str:
    from governance_graph.namespaces import PREFIXES
    from governance_graph.server.media_types import GRAPH_TYPES, TABLE_TYPES
    from governance_graph.site.i18n import text_for

    state = _state(request)
    renderer = _renderer(request)
    t = text_for(lang)
    here = "sparql"
    ctx = renderer.common(here, lang, t["editor_title"], None)
    ctx["other_href"] = _with(request, lang=_other_lang(lang))
    queries = sorted(state.queries.items())
    ctx["examples"] = [
        {"name": name, "summary": e.query.summary, "label": t["open_example"].format(name=name)}
        for name, e in queries
    ]
    ctx["config"] = _json(
        {
            "endpoint": str(request.base_url) + "sparql",
            "query": EXAMPLE,
            "prefixes": {p: str(ns) for p, ns in sorted(PREFIXES.items())},
            "examples": {name: _example(e) for name, e in queries},
            "words": {key: t[key] for key in _EDITOR_WORDS},
        }
    )
    ctx["example"] = EXAMPLE
    ctx["formats"] = [(m.name, m.media_type) for m in TABLE_TYPES + GRAPH_TYPES]
    ctx["graphs"] = sorted(state.graphs.items())
    ctx["css"] = [_asset(here, "yasgui", "yasgui.min.css")]
    ctx["scripts"] = [_asset(here, "yasgui", "yasgui.min.js"), "editor.js"]
    return renderer.render("sparql.html", ctx)


async def query_editor(request: Request) -> Response:
    """``/sparql`` for a browser: the query editor."""
    lang = page_language(request)
    html = await in_site_thread(_editor_page, request, lang)
    return HTMLResponse(html, headers={"Vary": "Accept, Accept-Language"})


def _docs_page(request: Request, lang: str) -> str:
    from governance_graph.site.i18n import text_for

    renderer = _renderer(request)
    t = text_for(lang)
    here = "api/docs"
    ctx = renderer.common(here, lang, t["api_title"], None)
    ctx["other_href"] = _with(request, lang=_other_lang(lang))
    ctx["openapi"] = "openapi.json"
    ctx["listing"] = "../api"
    ctx["css"] = [_asset(here, "swagger-ui", "swagger-ui.css")]
    ctx["scripts"] = [_asset(here, "swagger-ui", "swagger-ui-bundle.js"), "../api-docs.js"]
    return renderer.render("api_docs.html", ctx)


async def api_docs(request: Request) -> Response:
    """``/api/docs``: Swagger UI over the OpenAPI document."""
    html = await in_site_thread(_docs_page, request, page_language(request))
    return HTMLResponse(html, headers={"Vary": "Accept-Language"})


def _listing_page(request: Request, lang: str) -> str:
    from governance_graph.site.i18n import text_for

    state = _state(request)
    renderer = _renderer(request)
    t = text_for(lang)
    here = "api"
    ctx = renderer.common(here, lang, t["api_list"], None)
    ctx["other_href"] = _with(request, lang=_other_lang(lang))
    ctx["queries"] = [
        {
            "name": name,
            "href": f"api/{name}",
            "kind": e.kind,
            "summary": e.query.summary,
            "parameters": [
                {"name": p.name, "default": p.default, "required": p.required}
                for p in e.query.parameters
            ],
        }
        for name, e in sorted(state.queries.items())
    ]
    ctx["skipped"] = state.query_errors
    return renderer.render("api.html", ctx)


async def api_listing(request: Request) -> Response:
    """``/api`` for a browser: the stored queries."""
    html = await in_site_thread(_listing_page, request, page_language(request))
    return HTMLResponse(html, headers={"Vary": "Accept, Accept-Language"})


# ------------------------------------------------------------------------------ results


def _answer(content_type: str, body: bytes) -> Answer:
    """The worker's reply (SPARQL JSON results, or N-Triples for a graph) as an Answer."""
    from rdflib import Graph
    from rdflib.query import Result

    from governance_graph.writers import Answer

    if content_type.startswith("application/n-triples"):
        graph = Graph().parse(data=body.decode("utf-8"), format="nt")
        return Answer("CONSTRUCT", triples=list(graph))  # type: ignore[arg-type]
    return Answer.of(Result.parse(BytesIO(body), format="json"))


async def _run_for_table(request: Request, job: Any) -> Answer:
    import anyio

    state = _state(request)
    job = dataclasses.replace(job, format="json", accept="application/n-triples")
    _status, content_type, body, _headers = await state.answers.run(
        job, timeout=state.settings.limits.timeout
    )
    return await anyio.to_thread.run_sync(_answer, content_type, body)


def _downloads(answer: Answer, link: Callable[[str], str]) -> list[Any]:
    """Links to the answer as data files; ``link`` makes the URL of a ``format=``."""
    from governance_graph.site.results_table import Download

    if answer.kind in ("SELECT", "ASK"):
        kinds = (("csv", "text/csv", "CSV"), ("json", "application/sparql-results+json", "JSON"))
    else:
        kinds = (("ttl", "text/turtle", "Turtle"), ("jsonld", "application/ld+json", "JSON-LD"))
    return [Download(link(ext), name, media) for ext, media, name in kinds]


async def sparql_results(request: Request, parsed: SparqlRequest) -> Response:
    """``/sparql?query=…`` for a browser: the answer as a table."""
    from governance_graph.server.jobs import Job
    from governance_graph.site.i18n import text_for
    from governance_graph.site.results_table import ResultsPage, render_results_page

    state = _state(request)
    job = Job(
        query=parsed.query,
        default_graphs=parsed.default_graphs,
        named_graphs=parsed.named_graphs,
        max_rows=state.settings.limits.max_rows,
    )
    answer = await _run_for_table(request, job)
    lang = page_language(request)
    t = text_for(lang)
    asked = [("query", parsed.query)]
    asked += [("default-graph-uri", g) for g in parsed.default_graphs or ()]
    asked += [("named-graph-uri", g) for g in parsed.named_graphs or ()]
    page = ResultsPage(
        title=t["results"],
        here="sparql",
        downloads=_downloads(answer, lambda ext: "sparql?" + urlencode([*asked, ("format", ext)])),
        query_text=parsed.query,
        other_href="sparql?" + urlencode([*asked, ("lang", _other_lang(lang))]),
    )
    html = await in_site_thread(lambda: render_results_page(_renderer(request), answer, lang, page))
    return HTMLResponse(html, headers={"Vary": "Accept, Accept-Language"})


async def api_results(
    request: Request, entry: StoredEntry, pairs: list[tuple[str, str]]
) -> Response:
    """``/api/<name>`` for a browser: the stored query's answer as a table, the rows in the
    page's language unless ``lang=`` says otherwise (``all``: every row)."""
    from governance_graph.params import ParameterError, bind
    from governance_graph.server import stored_query_api as web_api
    from governance_graph.site.i18n import text_for
    from governance_graph.site.results_table import ResultsPage, render_results_page

    state = _state(request)
    lang = page_language(request)
    rows_lang = request.query_params.get("lang") or lang
    given = [(k, v) for k, v in pairs if k != "lang"] + [("lang", rows_lang)]
    job = web_api.build_job(entry, given, accept=None, max_rows=state.settings.limits.max_rows)
    answer = await _run_for_table(request, job)
    try:
        raw = {k: v for k, v in pairs if k not in web_api.RESERVED}
        bound = bind(entry.query, raw)
    except ParameterError:  # pragma: no cover - build_job has checked them
        bound = {}
    names = {p.variable: p.name for p in entry.query.parameters}
    t = text_for(lang)
    page = ResultsPage(
        title=t["results_of"].format(name=entry.query.name),
        here=f"api/{entry.query.name}",
        summary=entry.query.summary,
        description=entry.query.description,
        parameters=[(names[v], term) for v, term in bound.items()],
        downloads=_downloads(answer, lambda ext: _with(request, format=ext, lang=rows_lang)),
        query_text=entry.query.text,
        other_href=_with(request, lang=_other_lang(lang)),
    )
    html = await in_site_thread(lambda: render_results_page(_renderer(request), answer, lang, page))
    return HTMLResponse(html, headers={"Vary": "Accept, Accept-Language"})
