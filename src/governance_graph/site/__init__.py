"""The linked-open-data site of the graph: pages, RDF documents, dumps, DCAT/VoID, diagrams.

Importing this package has no side effects and loads nothing heavy; the functions import
their modules when called.

Public API (also used by the SPARQL server for 303 content negotiation):

* :func:`describe` ``(kg, iri) -> rdflib.Graph``: CBD + incoming links + citations of one resource;
* :func:`render_resource_page` ``(kg, iri, lang) -> str``: its HTML page (``en`` or ``nl``);
* :func:`publish` ``(kg, out_dir, PublishOptions(...))``: the whole site, built atomically.

>>> import governance_graph as gg
>>> from governance_graph import site
>>> vesoc = "https://w3id.org/governance-graph/id/vesoc"
>>> html = site.render_resource_page(gg.load(), vesoc, "nl")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph, URIRef

    from governance_graph.api import KnowledgeGraph

    from .build import PublishOptions, PublishReport

__all__ = [
    "LANGS",
    "PublishOptions",
    "describe",
    "page_file",
    "publish",
    "render_resource_page",
    "site_path",
]

LANGS = ("en", "nl")


def describe(
    kg: KnowledgeGraph, iri: URIRef | str, *, include_personal_contacts: bool = False
) -> Graph:
    """CBD + incoming links + citations of ``iri`` (see :mod:`.description`)."""
    from .resource_graph import describe as _describe

    return _describe(kg, iri, include_personal_contacts=include_personal_contacts)


def render_resource_page(
    kg: KnowledgeGraph,
    iri: URIRef | str,
    lang: str = "en",
    *,
    include_personal_contacts: bool = False,
) -> str:
    """The HTML page of ``iri`` in ``lang`` (see :func:`.pages.render_resource_page`)."""
    from .pages import render_resource_page as _render

    return _render(kg, iri, lang, include_personal_contacts=include_personal_contacts)


def publish(
    kg: KnowledgeGraph, out_dir: Any, options: PublishOptions | None = None
) -> PublishReport:
    """Build the whole site into ``out_dir`` (see :mod:`.build`)."""
    from .build import publish as _publish

    return _publish(kg, out_dir, options)


def site_path(iri: object) -> str | None:
    """The site path of ``iri`` without extension (``id/vesoc``), or ``None`` if not ours."""
    from .iris import site_path as _site_path

    return _site_path(iri)


def page_file(path: str, lang: str = "en", ext: str = "html") -> str:
    """The file of a site path: ``page_file("id/vesoc", "nl") == "id/vesoc.nl.html"``."""
    from .iris import page_file as _page_file

    return _page_file(path, lang, ext)


def __getattr__(name: str) -> Any:
    if name == "PublishOptions":
        from .build import PublishOptions

        return PublishOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
