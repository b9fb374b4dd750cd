"""The event stream (LDES) at ``/ldes``: the files ``publish`` writes, with HTTP caching.

=============================  =============================================================
route                          what
=============================  =============================================================
``/ldes``                      303 to ``/ldes.ttl`` or ``/ldes.jsonld`` by ``Accept``
``/ldes.ttl``, ``/ldes.jsonld``  the root node: ``Cache-Control: public, max-age=60``
``/ldes/page-N``               303 to ``/ldes/page-N.ttl`` or ``.jsonld`` by ``Accept``
``/ldes/page-N.ttl|.jsonld``   a page: ``Cache-Control: public, max-age=604800, immutable``
=============================  =============================================================

Every document has an ``ETag`` (its SHA-256) and answers ``If-None-Match`` with 304. The root
node is the only document that changes (when a release is published); pages never do.

Where the documents come from (:class:`~governance_graph.server.settings.ServerSettings`):

* ``serve --ldes SITE``: the stream of a site written by ``publish`` (its ``ldes.ttl`` and
  ``ldes/``, read on each request, so a publish into that folder shows at once), with every
  release it has had. Publish it with ``--base-url`` the address it is served at: its
  documents name each other by absolute IRIs.
* otherwise, the stream of the loaded graph at its current release (the last of
  ``releases.ttl``: ``serve --releases CHECKOUT``, by default the bundled one), built on the
  first request into the server's temporary folder, for the base URL the request came to:
  what ``publish`` writes for a site without an earlier stream. No release: 404.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from governance_graph.server.linkeddata import choose
from governance_graph.server.problems import HTTPProblem
from governance_graph.site.ldes import FORMATS, ROOT_NAME, STREAM_DIR, page_number

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.server.state import ServerState

__all__ = ["IMMUTABLE", "MUTABLE", "page", "root"]

#: ``Cache-Control`` of a page (it never changes) and of the root node (it changes per release).
IMMUTABLE = "public, max-age=604800, immutable"
MUTABLE = "public, max-age=60"
_CONTENT_TYPES = {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json"}


def _state(request: Request) -> ServerState:
    return request.app.state.gg


def _choose(request: Request, what: str) -> str:
    chosen = choose(request.headers.get("accept"), list(FORMATS.items()))
    if chosen is None:
        raise HTTPProblem(406, f"{what} is available as {' and '.join(FORMATS.values())}")
    return chosen


async def root(request: Request) -> Response:
    """``/ldes`` (303 by Accept) and ``/ldes.ttl``, ``/ldes.jsonld``."""
    ext = request.path_params.get("ext")
    if ext is None:
        chosen = _choose(request, "the event stream")
        return RedirectResponse(
            f"/{ROOT_NAME}.{chosen}", status_code=303, headers={"Vary": "Accept"}
        )
    if ext not in FORMATS:
        raise HTTPProblem(404, f"no document /{ROOT_NAME}.{ext[:20]}")
    folder = await _folder(request)
    return _file(request, folder / f"{ROOT_NAME}.{ext}", ext, MUTABLE)


async def page(request: Request) -> Response:
    """``/ldes/page-N`` (303 by Accept) and ``/ldes/page-N.ttl``, ``.jsonld``."""
    name = request.path_params["name"]
    stem, dot, ext = name.partition(".")
    if page_number(f"{stem}.ttl") is None or (dot and ext not in FORMATS):
        raise HTTPProblem(404, f"no page /{STREAM_DIR}/{name[:80]}")
    if not dot:
        chosen = _choose(request, "a page of the event stream")
        return RedirectResponse(
            f"/{STREAM_DIR}/{stem}.{chosen}", status_code=303, headers={"Vary": "Accept"}
        )
    folder = await _folder(request)
    return _file(request, folder / STREAM_DIR / name, ext, IMMUTABLE)


def _file(request: Request, path: Path, ext: str, cache: str) -> Response:
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise HTTPProblem(404, f"no document {request.url.path[:100]}") from None
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": cache}
    wanted = request.headers.get("if-none-match", "")
    if etag in {tag.strip() for tag in wanted.split(",")} or wanted.strip() == "*":
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=_CONTENT_TYPES[ext], headers=headers)


async def _folder(request: Request) -> Path:
    """The folder holding ``ldes.ttl`` and ``ldes/``: the published site, or the stream built
    for the loaded graph at the base URL of this request."""
    import anyio

    state = _state(request)
    if state.settings.ldes_dir is not None:
        return state.settings.ldes_dir
    base = str(request.base_url)
    built: dict[str, Path] | None = getattr(request.app.state, "ldes_built", None)
    if built is None:
        built = request.app.state.ldes_built = {}
        request.app.state.ldes_lock = anyio.Lock()
    if base not in built:
        async with request.app.state.ldes_lock:
            if base not in built:
                built[base] = await anyio.to_thread.run_sync(_build, state, base)
    return built[base]


def _build(state: ServerState, base: str) -> Path:
    """The stream of the loaded graph at its current release, written for ``base``."""
    import shutil
    import tempfile

    from governance_graph import paths
    from governance_graph.releases import current_release
    from governance_graph.site.build import RESERVED
    from governance_graph.site.context import site_graph
    from governance_graph.site.ldes_writer import write_event_stream

    release = current_release(state.settings.releases or paths.bundled_root())
    if release is None or state.kg is None:
        raise HTTPProblem(
            404,
            "no event stream: no release is recorded "
            "(record one with `governance-graph release VERSION`)",
        )
    folder = Path(tempfile.mkdtemp(prefix="ldes-", dir=state.folder))
    try:
        write_event_stream(
            site_graph(state.kg),  # type: ignore[arg-type]
            folder,
            base_url=base,
            release=release,
            reserved=RESERVED,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder
