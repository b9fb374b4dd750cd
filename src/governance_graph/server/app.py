"""The ASGI application (Starlette), served by uvicorn: ``create_app(settings)``.

=========================  ==================================================================
route                      what
=========================  ==================================================================
``/sparql`` GET, POST      SPARQL 1.1 Protocol (:mod:`.protocol`); bare GET: service
                           description (RDF by Accept) or the query editor (browsers); a
                           browser's query (``text/html``, no ``format=``): a results table
``/api``                   stored queries (JSON list, or HTML for browsers)
``/api/openapi.json``      OpenAPI 3.1 document of the stored-query API
``/api/docs``              Swagger UI on that document (:mod:`.html_pages`)
``/api/<name>``            run a stored query with ``?param=value`` (:mod:`.api`); a table
                           for browsers
``/id/<name>``             303 to ``/id/<name>.<ext>`` by Accept (``.html``, ``.nl.html`` by
                           Accept-Language); descriptions (:mod:`.linkeddata`)
``/ldes``, ``/ldes/…``     the event stream (LDES), Turtle or JSON-LD, cached (:mod:`.ldes_routes`)
``/health``                JSON: status, store, workers, triples
``/``, ``/<path>``         the site ``publish`` writes, at the same paths; ``/ontology/<Term>``
                           303 to the term's entry (:mod:`.site_routes`)
=========================  ==================================================================

Every error is plain text, one line, with the status of :class:`.problems.HTTPProblem`. CORS
(any origin by default) covers every route, errors included. The work of a query happens in
the server's own process when a worker has answered it quickly before, else in the worker pool
(:mod:`.dispatch`, :mod:`.workers`); the app itself only parses HTTP and passes bytes on.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from governance_graph.server import html_pages, ldes_routes, linkeddata, site_routes
from governance_graph.server import stored_query_api as web_api
from governance_graph.server.jobs import Job
from governance_graph.server.media_types import _parse_accept, negotiate, write
from governance_graph.server.problems import HTTPProblem
from governance_graph.server.protocol import parse_request
from governance_graph.server.service_description import service_description
from governance_graph.server.settings import ServerSettings
from governance_graph.server.site_routes import in_site_thread, page_language
from governance_graph.server.state import ServerState, open_state

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def _state(request: Request) -> ServerState:
    return request.app.state.gg


def _wants_html(accept: str | None) -> bool:
    """True when ``text/html`` is asked for at least as strongly as anything else."""
    ranges = _parse_accept(accept or "")
    html = [q for media, q, _ in ranges if media in ("text/html", "application/xhtml+xml")]
    if not html or max(html) <= 0:
        return False
    others = [
        q for media, q, _ in ranges if media not in ("text/html", "application/xhtml+xml", "*/*")
    ]
    return max(html) >= max(others, default=0)


async def _run(request: Request, job: Job) -> Response:
    state = _state(request)
    status, content_type, body, headers = await state.answers.run(
        job, timeout=state.settings.limits.timeout
    )
    return Response(body, status_code=status, media_type=content_type, headers=headers)


async def sparql(request: Request) -> Response:
    state = _state(request)
    limits = state.settings.limits
    parsed = await parse_request(request, known_graphs=state.graphs, max_body=limits.max_body)
    accept = request.headers.get("accept")
    if parsed is None:
        if _wants_html(accept):
            return await html_pages.query_editor(request)
        media = negotiate(accept, "CONSTRUCT")
        if media is None:
            raise HTTPProblem(
                406,
                "the service description is RDF: ask for text/turtle, "
                "application/n-triples, application/ld+json or application/rdf+xml",
            )
        endpoint = str(request.url.replace(query=""))
        answer = service_description(endpoint, state.default_triples, state.graphs)
        return Response(
            write(answer, media), media_type=media.media_type, headers={"Vary": "Accept"}
        )
    if not parsed.format and _wants_html(accept):
        return await html_pages.sparql_results(request, parsed)
    job = Job(
        query=parsed.query,
        accept=accept,
        format=parsed.format or None,
        default_graphs=parsed.default_graphs,
        named_graphs=parsed.named_graphs,
        max_rows=limits.max_rows,
    )
    return await _run(request, job)


async def api_index(request: Request) -> Response:
    state = _state(request)
    doc = web_api.listing(state.queries, state.query_errors)
    if _wants_html(request.headers.get("accept")):
        return await html_pages.api_listing(request)
    return JSONResponse(doc)


async def api_openapi(request: Request) -> Response:
    import governance_graph

    state = _state(request)
    return JSONResponse(web_api.openapi(state.queries, version=governance_graph.__version__))


async def api_query(request: Request) -> Response:
    state = _state(request)
    entry = web_api.lookup(state.queries, request.path_params["name"])
    from governance_graph.server.protocol import _pairs

    raw_qs = request.scope.get("query_string", b"")
    from governance_graph.server.limits import check_query_string

    check_query_string(raw_qs, state.settings.limits.max_body)
    try:
        pairs = _pairs(raw_qs.decode("utf-8"))
    except UnicodeDecodeError:
        raise HTTPProblem(400, "the query string is not valid UTF-8") from None
    if "format" not in dict(pairs) and _wants_html(request.headers.get("accept")):
        return await html_pages.api_results(request, entry, pairs)
    job = web_api.build_job(
        entry,
        pairs,
        accept=request.headers.get("accept"),
        max_rows=state.settings.limits.max_rows,
    )
    return await _run(request, job)


def _site():
    """The static-site builder, imported on first use (most requests never need it)."""
    from governance_graph import site

    return site


async def resource(request: Request) -> Response:
    state = _state(request)
    path = request.path_params["name"]
    name, dot, ext = path.partition(".")
    known = ext in linkeddata.EXTENSIONS or ext == "nl.html"
    if not linkeddata.LOCAL_NAME.fullmatch(name) or (dot and not known):
        raise HTTPProblem(404, f"no resource /id/{path[:80]}")
    site = _site() if state.kg is not None else None
    exists = await state.answers.run(
        linkeddata.exists_job(name), timeout=state.settings.limits.timeout
    )
    if b"true" not in exists[2]:
        raise HTTPProblem(404, f"nothing is known about {linkeddata.iri_of(name)}")
    iri = linkeddata.iri_of(name)
    if not dot:
        chosen = linkeddata.choose_extension(request.headers.get("accept"), html=site is not None)
        if chosen is None:
            raise HTTPProblem(
                406,
                "descriptions are available as text/turtle, application/n-triples, "
                "application/ld+json, application/rdf+xml" + (", text/html" if site else ""),
            )
        if chosen == "html" and page_language(request) == "nl":
            chosen = "nl.html"
        return RedirectResponse(
            f"/id/{name}.{chosen}", status_code=303, headers={"Vary": "Accept, Accept-Language"}
        )
    if ext in ("html", "nl.html"):
        if site is None:
            raise HTTPProblem(404, "HTML pages are not available on this server (no graph loaded)")
        lang = "nl" if ext == "nl.html" or request.query_params.get("lang") == "nl" else "en"
        published = await site_routes.site_page(request, site.page_file(f"id/{name}", lang))
        if published is not None:
            return published
        html = await in_site_thread(site.render_resource_page, state.kg, iri, lang)
        return HTMLResponse(html)
    fmt = linkeddata.EXTENSIONS[ext]
    if site is None:
        job = linkeddata.describe_job(name, fmt, state.settings.limits.max_rows)
        return await _run(request, job)
    from governance_graph.server.media_types import MEDIA_TYPES, Answer

    graph = await in_site_thread(site.describe, state.kg, iri)
    media = next(m for m in MEDIA_TYPES["CONSTRUCT"] if m.name == fmt)
    body = write(Answer(kind="CONSTRUCT", triples=list(graph)), media)
    content_type = media.media_type + ("" if fmt == "jsonld" else "; charset=utf-8")
    return Response(body, media_type=content_type)


async def health(request: Request) -> Response:
    state = _state(request)
    return JSONResponse(
        {
            "status": "ok",
            "engine": state.settings.engine,
            "workers": len(state.pool.pids()),
            "worker_restarts": state.pool.restarts,
            "in_process": _in_process(state),
            "triples": state.default_triples,
            "named_graphs": len(state.graphs),
            "stored_queries": len(state.queries),
        }
    )


def _in_process(state: ServerState) -> dict[str, object]:
    """What ``/health`` says of the queries answered in the server's process."""
    lane = state.answers.in_process
    if lane is None:
        return {"in_use": False}
    return {
        "in_use": lane.store is not None,
        "cheap_queries": lane.knows(),
        "answered": lane.answered,
    }


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPProblem)
    return PlainTextResponse(str(exc) + "\n", status_code=exc.status, headers=exc.headers)


def create_app(
    settings: ServerSettings | None = None, *, state: ServerState | None = None
) -> Starlette:
    """The ASGI app. Its lifespan opens the server state (workers…) unless ``state`` is given,
    in which case the caller owns it and closes it."""
    settings = settings or (state.settings if state else ServerSettings())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if state is not None:
            app.state.gg = state
            yield
            return
        import anyio

        opened = await anyio.to_thread.run_sync(open_state, settings)
        app.state.gg = opened
        try:
            yield
        finally:
            opened.close()

    routes = [
        Route("/", site_routes.home, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api", api_index, methods=["GET"]),
        Route("/api/openapi.json", api_openapi, methods=["GET"]),
        Route("/api/docs", html_pages.api_docs, methods=["GET"]),
        Route("/api/{name}", api_query, methods=["GET"]),
        Route("/id/{name:path}", resource, methods=["GET"]),
        Route("/ldes", ldes_routes.root, methods=["GET"]),
        Route("/ldes.{ext}", ldes_routes.root, methods=["GET"]),
        Route("/ldes/{name}", ldes_routes.page, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/{path:path}", site_routes.site_file, methods=["GET"]),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=["Content-Type", "Vary", "Retry-After", "ETag", "Cache-Control"],
            max_age=600,
        )
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPProblem: _problem},
        lifespan=lifespan,
    )
    app.state.sites = site_routes.ServedSites()
    return app
