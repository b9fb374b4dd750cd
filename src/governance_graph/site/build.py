"""``publish``: build the whole site into a temporary folder, then move it into place.

An interrupted or failed build leaves the previous site untouched: everything is written to a
sibling temporary folder, and only a complete build replaces the output folder (two renames;
the old site is deleted afterwards). A folder that was not made by ``publish`` is never
replaced.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from governance_graph.errors import GovernanceGraphError
from governance_graph.files import folder_mode

from . import iris
from .context import SiteGraph
from .ldes import DEFAULT_PAGE_SIZE, StreamSummary
from .rdf_files import context_document, serialize

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.api import KnowledgeGraph
    from governance_graph.catalogue import StoredQuery
    from governance_graph.releases import Release

    from .dcat_versions import StreamRef

__all__ = ["MARKER", "PublishError", "PublishOptions", "PublishReport", "publish"]

log = logging.getLogger(__name__)

#: A file every published site carries; only folders holding it are replaced.
MARKER = ".governance-graph-site"
RESERVED = {
    "index",
    "data",
    "queries",
    "catalog",
    "void",
    "context",
    "style",
    "dumps",
    "diagrams",
    "ldes",
    "search",
    "search-index",
    # what `serve` answers beside the site's files
    "sparql",
    "api",
    "health",
    "vendor",
    "editor",
    "api-docs",
}
STATIC = Path(__file__).parent / "static"


class PublishError(GovernanceGraphError):
    """The site cannot be written where asked."""


@dataclass
class PublishOptions:
    """What to publish and where it will be served."""

    base_url: str = iris.BASE
    include_personal_contacts: bool = False
    #: The SPARQL endpoint the queries page and VoID point to (default ``<base_url>sparql``).
    sparql_endpoint: str | None = None
    #: Stored queries to list (default: the bundled ``queries/``), or the queries themselves.
    queries_dir: Path | None = None
    stored_queries: tuple[StoredQuery, ...] | None = None
    #: The web API's documentation, linked from every page's menu (``serve`` sets it).
    api_docs: str | None = None
    diagrams: bool = True
    #: The releases recorded for the graph (``releases.ttl``), oldest first; the last is the
    #: one being published. None: the catalogue lists no release.
    releases: tuple[Release, ...] = ()
    #: The event stream to continue (a published site's folder or a URL; default: the stream
    #: of the site being replaced, if any) and the most members a new page of it holds.
    previous_stream: str | None = None
    stream_page_size: int = DEFAULT_PAGE_SIZE
    #: Asked now and then while building; true stops the build (``PublishError``, nothing
    #: written), as ``serve`` does when it stops while publishing in the background.
    should_stop: Callable[[], bool] | None = None

    @property
    def release(self) -> Release | None:
        """The release being published (the last recorded), if any."""
        return self.releases[-1] if self.releases else None

    def __post_init__(self) -> None:
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        if self.sparql_endpoint is None:
            self.sparql_endpoint = self.base_url + "sparql"


@dataclass
class PublishReport:
    out_dir: Path
    resources: int = 0
    files: int = 0
    diagrams: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    #: What the event stream holds and what this publish added (None: no stream written).
    stream: StreamSummary | None = None

    def text(self) -> str:
        lines = [
            f"published {self.resources} resources ({self.files} files, {self.diagrams} diagrams) "
            f"to {self.out_dir} in {self.seconds:.1f}s"
        ]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def publish(
    kg: KnowledgeGraph, out_dir: str | os.PathLike[str], options: PublishOptions | None = None
) -> PublishReport:
    """Build the site of ``kg`` into ``out_dir`` (replacing a previous site there)."""
    options = options or PublishOptions()
    started = time.perf_counter()
    out = Path(out_dir).resolve()
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out_dir}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise PublishError(
            f"{out_dir}: folder is not empty and was not made by 'publish'; refusing to replace it"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    # mkdtemp makes the folder private; a site is for a web server that runs as another user.
    os.chmod(tmp, out.stat().st_mode & 0o7777 if out.is_dir() else folder_mode())
    try:
        previous = out if (out / MARKER).is_file() else None
        report = _build(kg, tmp, options, previous)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report.out_dir = out
    report.seconds = time.perf_counter() - started
    return report


def _swap(new: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write(out: Path, name: str, text: str | bytes) -> None:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _build(
    kg: KnowledgeGraph, out: Path, options: PublishOptions, previous: Path | None = None
) -> PublishReport:
    """Write the site into ``out`` (a new folder); ``previous`` is the site it will replace,
    if any, whose earlier releases are kept."""
    from . import diagrams as diagram_mod
    from . import ontology_diagram
    from .composition import composition, is_body
    from .dcat import catalogue, void
    from .dumps import write_dumps
    from .listings import render_data, render_index, render_queries, render_search
    from .ontology_doc import render_ontology_page, term_anchors
    from .pages import ONTOLOGY_IRI, Renderer
    from .query_results import answer_queries, result_pages
    from .release_dumps import carry_over, write_manifest
    from .rewrite import htaccess, nginx
    from .search_index import index_files

    report = PublishReport(out)
    sg = SiteGraph(kg, include_personal_contacts=options.include_personal_contacts)
    _event_stream(sg, out, options, previous, report)
    for name in ("style.css", "search.js"):
        shutil.copyfile(STATIC / name, out / name)
    _write(out, "context.jsonld", context_document())
    _stop_if_asked(options)
    dumps = write_dumps(sg, out)
    version = options.release.version if options.release else None
    write_manifest(out, version, dumps)
    archived = carry_over(previous, out, version)

    bodies = [b for b in sg.resources if is_body(sg, b) and not composition(sg, b).empty]
    assets: list[str] = []
    if options.diagrams:
        why_not = diagram_mod.missing()  # once per run, saying what is missing
        if why_not is None:
            assets = diagram_mod.render_all(sg, out, sorted(bodies, key=str))
        else:
            report.warnings.append(why_not)
        assets += ontology_diagram.render(sg, out)
    report.diagrams = len(assets)
    renderer = Renderer(
        sg,
        assets=assets,
        endpoint=options.sparql_endpoint,
        base_url=options.base_url,
        api_docs=options.api_docs,
    )

    _stop_if_asked(options)
    for iri, path in sorted(sg.resources.items()):
        _stop_if_asked(options)
        if iri == ONTOLOGY_IRI:
            continue
        if path in RESERVED or path.split("/", 1)[0] in RESERVED:
            report.warnings.append(f"{iri}: its path {path!r} is reserved by the site; no page")
            continue
        for lang in iris.LANGS:
            _write(out, iris.page_file(path, lang), renderer.resource_page(URIRef(iri), lang))
        description = renderer.description(iri)
        for ext in iris.RDF_FORMATS:
            _write(out, iris.page_file(path, ext=ext), serialize(description, ext))
        report.resources += 1

    for lang in iris.LANGS:
        _write(out, iris.page_file("ontology", lang), render_ontology_page(renderer, lang))
    for ext in iris.RDF_FORMATS:
        _write(out, f"ontology.{ext}", serialize(sg.ontology, ext))
    report.resources += 1

    queries = _queries(options)
    for q in queries:
        _write(out, f"queries/{q.name}.rq", q.text)
    _stop_if_asked(options)
    answered = answer_queries(renderer, queries, report.warnings.append)
    for a in answered:
        for name, text in result_pages(renderer, a).items():
            _write(out, name, text)
    for name, text in index_files(sg).items():
        _write(out, name, text)
    for lang in iris.LANGS:
        _write(out, iris.page_file("index", lang), render_index(renderer, lang))
        _write(
            out, iris.page_file("queries", lang), render_queries(renderer, lang, queries, answered)
        )
        _write(out, iris.page_file("data", lang), render_data(renderer, lang, dumps))
        _write(out, iris.page_file("search", lang), render_search(renderer, lang))

    stream = _stream_ref(options.base_url) if report.stream is not None else None
    described = catalogue(
        sg, dumps, options.base_url, releases=options.releases, archived=archived, stream=stream
    )
    _write(out, "catalog.ttl", serialize(described, "ttl"))
    voided = void(
        sg, dumps, options.base_url, sparql_endpoint=options.sparql_endpoint, stream=stream
    )
    _write(out, "void.ttl", serialize(voided, "ttl"))
    terms = term_anchors(sg.ontology)
    _write(out, ".htaccess", htaccess(options.base_url, terms))
    _write(out, "nginx.conf", nginx(options.base_url, terms))
    _write(
        out, MARKER, "made by governance-graph publish; this folder is replaced on the next run\n"
    )
    report.files = sum(1 for p in out.rglob("*") if p.is_file())
    return report


def _stop_if_asked(options: PublishOptions) -> None:
    if options.should_stop is not None and options.should_stop():
        raise PublishError("publishing was stopped")


def _stream_ref(base_url: str) -> StreamRef:
    from .dcat_versions import StreamRef
    from .ldes import stream_iri, view_url

    return StreamRef(stream_iri(base_url), URIRef(view_url(base_url)))


def _event_stream(
    sg: SiteGraph, out: Path, options: PublishOptions, previous: Path | None, report: PublishReport
) -> None:
    """The event stream (``ldes.ttl``, ``ldes/``): the previous one and this release's changes."""
    from .ldes_writer import write_event_stream

    report.stream = write_event_stream(
        sg,
        out,
        base_url=options.base_url,
        release=options.release,
        previous=options.previous_stream or previous,
        explicit=options.previous_stream is not None,
        page_size=options.stream_page_size,
        reserved=RESERVED,
    )
    if options.release is None:
        kept = "the event stream is kept as it was" if report.stream else "no event stream"
        report.warnings.append(
            f"no release recorded: {kept} (record one with `governance-graph release VERSION`)"
        )


def _queries(options: PublishOptions) -> list:
    from governance_graph.catalogue import Catalogue

    if options.stored_queries is not None:
        return sorted(options.stored_queries, key=lambda q: q.name)
    try:
        cat = (
            Catalogue.from_dir(options.queries_dir) if options.queries_dir else Catalogue.bundled()
        )
    except FileNotFoundError:
        return []
    return sorted(cat, key=lambda q: q.name)
