"""The static site under ``serve``: every file ``publish`` writes, at the same path.

A page looks and links the same from the published folder, from any static file server and
from ``serve``: the server publishes the loaded graph (:func:`governance_graph.site.publish`,
with the stored queries it serves and the current release) into its temporary folder, once per
base URL it is reached at (the catalogue, VoID and the query links name that address; at most
:data:`MAX_SITES`, further host names get the first one's files), on the first request that
needs it, and answers with those files. ``serve`` starts that build for its own address as soon
as it listens. The pages' menus link to the query editor (``/sparql``) and the web API's
documentation (``/api/docs``).

=======================  ==========================================================
route                    what
=======================  ==========================================================
``/``                    the site's ``index.html``
``/<path>``              the site's file (``style.css``, ``diagrams/…``, ``dumps/…``,
                         ``queries/…``, ``search-index.json``…), else the package's own
                         scripts and the vendored editors (``vendor/…``)
``/<path>`` (a page's    303 to ``<path>.html`` (``.nl.html`` by ``Accept-Language``) or
path, no extension)      ``.ttl``, ``.jsonld``, ``.nt`` by ``Accept``: ``/ontology``,
                         ``/ontology/0.1.0``
``/ontology/<Term>``     303 to the term's entry on the ontology page
                         (``ontology.html#Chair``), or to its description by ``Accept``
=======================  ==========================================================

Files whose name starts with a dot (``.htaccess``, the site's marker) are not served, as
Apache does not serve them.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from governance_graph.server.linkeddata import choose
from governance_graph.server.media_types import _parse_accept
from governance_graph.server.problems import HTTPProblem

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.server.state import ServerState

__all__ = [
    "MAX_SITES",
    "ServedSites",
    "home",
    "in_site_thread",
    "package_file",
    "page_language",
    "site_file",
    "site_page",
    "warm_up",
]

log = logging.getLogger(__name__)

#: The most base URLs a site is published for (each is a full site in the temporary folder).
MAX_SITES = 4
STATIC = Path(__file__).resolve().parent.parent / "site" / "static"
#: The package's files served at the site's root besides what ``publish`` writes.
PACKAGE_FILES = ("style.css", "search.js", "editor.js", "api-docs.js")
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples; charset=utf-8",
    ".nq": "application/n-quads; charset=utf-8",
    ".trig": "application/trig; charset=utf-8",
    ".svg": "image/svg+xml",
    ".csv": "text/csv; charset=utf-8",
    ".rq": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
    ".conf": "text/plain; charset=utf-8",
}
_RDF = [("ttl", "text/turtle"), ("nt", "application/n-triples"), ("jsonld", "application/ld+json")]


def _state(request: Request) -> ServerState:
    return request.app.state.gg


_SITE_LOCK: Any = None


async def in_site_thread(func: Any, *args: Any) -> Any:
    """Run a ``site`` call in a worker thread, one at a time (the site's caches are shared)."""
    import anyio

    global _SITE_LOCK
    if _SITE_LOCK is None:
        _SITE_LOCK = anyio.Lock()
    async with _SITE_LOCK:
        return await anyio.to_thread.run_sync(func, *args)


def page_language(request: Request) -> str:
    """``en`` or ``nl``: ``?lang=``, else the first of them ``Accept-Language`` prefers."""
    lang = request.query_params.get("lang")
    if lang in ("en", "nl"):
        return lang
    ranked = _parse_accept((request.headers.get("accept-language") or "").lower())
    for tag, q, _ in sorted(ranked, key=lambda r: (-r[1], r[2])):
        primary = tag.split("-")[0]
        if q > 0 and primary in ("en", "nl"):
            return primary
    return "en"


class ServedSites:
    """The sites published for one server, by base URL (see the module docstring)."""

    def __init__(self) -> None:
        self._built: dict[str, Path] = {}
        self._anchors: set[str] | None = None
        self._publishing = threading.Lock()
        self._closed = threading.Event()

    def close(self, timeout: float = 60) -> None:
        """Stop a build in progress (it removes what it wrote) and wait for it: the server
        removes its temporary folder next, and nothing may be written there afterwards."""
        self._closed.set()
        if self._publishing.acquire(timeout=timeout):
            self._publishing.release()

    def built(self) -> list[str]:
        """The base URLs a site has been published for."""
        return list(self._built)

    def folder_for(self, base: str) -> Path:
        """The folder of the site published for ``base``."""
        return self._built[base]

    async def folder(self, request: Request) -> Path:
        """The published site's folder for the base URL of ``request`` (built if need be)."""
        base = str(request.base_url)
        found = self._built.get(base)
        if found is not None:
            return found
        state = _state(request)
        if state.kg is None:
            raise HTTPProblem(404, "no site here: the server holds no graph to publish")
        return await in_site_thread(self.build, state, base)

    def build(self, state: ServerState, base: str) -> Path:
        """Publish the site for ``base`` (in a thread, under the site lock)."""
        with self._publishing:
            if self._closed.is_set():
                raise HTTPProblem(503, "the server is stopping")
            if base in self._built:
                return self._built[base]
            if len(self._built) >= MAX_SITES:
                return next(iter(self._built.values()))
            return self._publish(state, base)

    def _publish(self, state: ServerState, base: str) -> Path:
        from governance_graph import paths
        from governance_graph.errors import GovernanceGraphError
        from governance_graph.releases import read_releases
        from governance_graph.site.build import PublishOptions, publish

        out = Path(tempfile.mkdtemp(prefix="site-", dir=state.folder)) / "site"
        try:
            releases = tuple(read_releases(state.settings.releases or paths.bundled_root()))
            report = publish(
                state.kg,  # type: ignore[arg-type]
                out,
                PublishOptions(
                    base_url=base,
                    sparql_endpoint=base + "sparql",
                    api_docs=base + "api/docs",
                    releases=releases,
                    stored_queries=tuple(e.query for e in state.queries.values()),
                    should_stop=self._closed.is_set,
                ),
            )
        except GovernanceGraphError as err:
            if self._closed.is_set():
                raise HTTPProblem(503, "the server is stopping") from None
            raise HTTPProblem(500, f"the site could not be published: {err}") from None
        for warning in report.warnings:
            log.info("site for %s: %s", base, warning)
        self._built[base] = out
        return out

    async def anchors(self, request: Request) -> set[str]:
        """The terms with an entry on the ontology page."""
        if self._anchors is None:
            from governance_graph.site.context import site_graph
            from governance_graph.site.ontology_doc import term_anchors

            state = _state(request)
            if state.kg is None:
                return set()
            sg = await in_site_thread(site_graph, state.kg)
            self._anchors = await in_site_thread(lambda: term_anchors(sg.ontology))
        return self._anchors


def warm_up(host: str, port: int, server: Any) -> threading.Thread:
    """Ask the server for its home page once it listens, so that the site is published for
    its own address before the first visitor comes (a thread; errors are only logged)."""
    import time
    import urllib.request

    local = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    url = f"http://[{local}]:{port}/" if ":" in local else f"http://{local}:{port}/"

    def run() -> None:
        for _ in range(600):
            if getattr(server, "started", False) or getattr(server, "should_exit", False):
                break
            time.sleep(0.2)
        if getattr(server, "should_exit", False):
            return
        try:
            with urllib.request.urlopen(url, timeout=900) as response:
                response.read()
        except Exception as err:  # the server answers its visitors all the same
            log.info("the site was not published in advance: %s", err)

    thread = threading.Thread(target=run, name="gg-site-warm-up", daemon=True)
    thread.start()
    return thread


def _sites(request: Request) -> ServedSites:
    return request.app.state.sites


def _safe(path: str) -> PurePosixPath | None:
    """``path`` as a relative path inside the site, or None (dot files, ``..``, odd bytes)."""
    if "\\" in path or "\x00" in path or len(path) > 1000:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p.startswith(".") for p in parts):
        return None
    return PurePosixPath(*parts) if parts else PurePosixPath("index.html")


def _file_response(file: Path, *, headers: dict[str, str] | None = None) -> Response:
    name = file.name
    media = _TYPES.get(file.suffix, "application/octet-stream")
    if name == "SHA256SUMS":
        media = "text/plain; charset=utf-8"
    return FileResponse(file, media_type=media, headers=headers)


def package_file(path: str) -> Path | None:
    """The package's own file served at ``path`` (its scripts, the vendored editors), or None."""
    relative = _safe(path)
    if relative is None:
        return None
    if str(relative) in PACKAGE_FILES or (
        relative.parts[0] == "vendor" and len(relative.parts) > 1
    ):
        file = STATIC.joinpath(*relative.parts)
        return file if file.is_file() else None
    return None


async def site_page(request: Request, path: str) -> Response | None:
    """The published site's file at ``path``, or None when the site has no such file."""
    folder = await _sites(request).folder(request)
    file = folder / path
    return _file_response(file) if file.is_file() else None


async def site_file(request: Request) -> Response:
    """``/<path>``: a file of the published site, or of the package; a path without extension
    whose page the site has (``ontology``, ``ontology/0.1.0``…) 303 to it or its RDF by
    ``Accept``, as the site's rewrite rules do, and an ontology term to its entry."""
    path = request.scope["path"].lstrip("/")
    own = package_file(path)
    if own is not None:
        cache = "public, max-age=604800, immutable" if path.startswith("vendor/") else None
        return _file_response(own, headers={"Cache-Control": cache} if cache else None)
    relative = _safe(path)
    if relative is None:
        raise HTTPProblem(404, f"no file /{path[:100]}")
    sites = _sites(request)
    parts = relative.parts
    if len(parts) == 2 and parts[0] == "ontology" and parts[1] in await sites.anchors(request):
        return _anchor(request, parts[1])
    folder = await sites.folder(request)
    file = folder.joinpath(*parts)
    if file.is_dir():
        file = file / "index.html"
    if file.is_file():
        return _file_response(file)
    if folder.joinpath(*parts[:-1], parts[-1] + ".html").is_file():
        chosen = _html_or_rdf(request)
        if chosen == "html":
            return _redirect("/" + _page(str(relative), page_language(request)))
        return _redirect(f"/{relative}.{chosen}")
    raise HTTPProblem(404, f"no page or file /{path[:100]} on this site")


async def home(request: Request) -> Response:
    """``/``: the site's home page."""
    folder = await _sites(request).folder(request)
    return _file_response(folder / "index.html")


def _redirect(target: str) -> Response:
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept, Accept-Language"})


def _html_or_rdf(request: Request) -> str:
    chosen = choose(request.headers.get("accept"), [*_RDF, ("html", "text/html")])
    if chosen is None:
        raise HTTPProblem(
            406,
            "available as text/turtle, application/n-triples, application/ld+json and text/html",
        )
    return chosen


def _page(name: str, lang: str) -> str:
    return f"{name}.html" if lang == "en" else f"{name}.{lang}.html"


def _anchor(request: Request, term: str) -> Response:
    """``/ontology/<Term>``: 303 to its entry on the ontology page, or its description."""
    chosen = _html_or_rdf(request)
    if chosen == "html":
        return _redirect(f"/{_page('ontology', page_language(request))}#{term}")
    return _redirect(f"/ontology/{term}.{chosen}")
