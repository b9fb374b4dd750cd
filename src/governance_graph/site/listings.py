"""The site's overview pages: the index (every body with its chair, members, coordinator and
source; every other resource by type; the overview diagrams), the stored-queries page and the
data/downloads page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.namespace import ORG, RDF

from governance_graph.namespaces import GG

from . import iris
from .composition import composition
from .diagrams import OVERVIEW_DIAGRAMS, overview_file
from .i18n import text_for

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.catalogue import StoredQuery

    from .dumps import Dump
    from .pages import Renderer
    from .query_results import Answered

__all__ = ["bodies", "render_data", "render_index", "render_queries", "render_search"]


def bodies(renderer: Renderer) -> list[URIRef]:
    """Every consultation body, RESOCs first, then SERRs, then the others, by label."""
    sg = renderer.sg

    def key(b: URIRef) -> tuple[int, str]:
        rank = 0 if sg.is_a(b, GG.RESOC) else 1 if sg.is_a(b, GG.SERR) else 2
        return rank, sg.label(b).casefold()

    return sorted(sg.instances(GG.ConsultationBody), key=key)


def render_index(renderer: Renderer, lang: str) -> str:
    sg = renderer.sg
    here = iris.page_file("index", lang)
    other = next(x for x in iris.LANGS if x != lang)
    t = text_for(lang)
    ctx = renderer.common(here, lang, t["site_title"], iris.page_file("index", other))
    term, terms = renderer.term, renderer.terms
    rows = []
    listed = set()
    for body in bodies(renderer):
        c = composition(sg, body)
        listed.add(body)
        coordinators = [m for m in c.members if m.member is not None]
        rows.append(
            {
                "body": term(body, lang, here),
                "kind": terms(sg.graph.objects(body, ORG.classification), lang, here)
                or terms(sg.graph.objects(body, RDF.type), lang, here),
                "regions": terms(c.regions, lang, here),
                "chairs": [
                    {
                        "post": term(ch, lang, here),
                        "filled_by": terms(c.chair_filled_by.get(ch, []), lang, here),
                    }
                    for ch in c.chairs
                ],
                "seats": len(c.seats),
                "coordinators": [
                    {"person": term(m.member, lang, here), "role": term(m.role, lang, here)}
                    for m in coordinators
                ],
                "sources": renderer.citations(body, lang, here),
            }
        )
    ctx["bodies"] = rows
    others = [o for o in sg.instances(ORG.Organization) if o not in listed]
    ctx["other_orgs"] = terms(others, lang, here)
    ctx["people"] = [
        {
            "person": term(p, lang, here),
            "roles": [
                {"organisation": term(r.organization, lang, here), "role": term(r.role, lang, here)}
                for r in _roles(renderer, p)
            ],
        }
        for p in sorted(sg.people, key=lambda p: sg.label(p, lang).casefold())
        if isinstance(p, URIRef)
    ]
    ctx["figures"] = [
        {
            "src": iris.relative(here, overview_file(name, lang)),
            "alt": t[_FIG[name]],
            "caption": t[_FIG[name]],
            "id": name,
        }
        for name in OVERVIEW_DIAGRAMS
        if overview_file(name, lang) in renderer.assets
    ]
    # Everything, by most specific asserted type, so every page is reachable from here.
    groups: dict[URIRef | None, list[URIRef]] = {}
    for iri in sg.resources:
        types = [x for x in sg.graph.objects(iri, RDF.type) if isinstance(x, URIRef)]
        groups.setdefault(min(types, key=str) if types else None, []).append(iri)
    ctx["everything"] = [
        {
            "type": term(cls, lang, here)
            if cls is not None
            else {"text": "—", "href": None, "lang": None, "iri": None, "code": None},
            "members": terms(items, lang, here),
        }
        for cls, items in sorted(
            groups.items(),
            key=lambda kv: sg.label(kv[0], lang).casefold() if kv[0] is not None else "~",
        )
    ]
    return renderer.render("index.html", ctx)


_FIG = {"regions": "regions_overview", "funding": "funding_flow", "timeline": "timeline"}


def _roles(renderer: Renderer, person: URIRef) -> list[Any]:
    from .composition import roles_of

    return roles_of(renderer.sg, person)


def render_queries(
    renderer: Renderer,
    lang: str,
    queries: Sequence[StoredQuery],
    answered: Sequence[Answered] = (),
) -> str:
    """The stored queries, each with its text, a link to run it on the endpoint, and links to
    its results as published (``answered``): the table in ``lang`` and the data files."""
    here = iris.page_file("queries", lang)
    other = next(x for x in iris.LANGS if x != lang)
    t = text_for(lang)
    ctx = renderer.common(here, lang, t["queries"], iris.page_file("queries", other))
    ctx["endpoint"] = renderer.endpoint
    results = {
        a.query.name: [
            {
                "href": iris.relative(here, iris.page_file(f"queries/{a.query.name}", lang)),
                "text": t["table"],
                "media": None,
            },
            *(
                {"href": iris.relative(here, file), "text": name, "media": media}
                for file, _ext, media, name in a.files(lang)
            ),
        ]
        for a in answered
    }
    ctx["queries"] = [
        {
            "name": q.name,
            "summary": q.summary,
            "description": q.description,
            "tags": q.tags,
            "parameters": [getattr(p, "name", str(p)) for p in q.parameters],
            "text": q.text,
            "run": renderer.run_link(q.text),
            "file": f"queries/{q.name}.rq",
            "results": results.get(q.name, []),
        }
        for q in queries
    ]
    return renderer.render("queries.html", ctx)


def render_search(renderer: Renderer, lang: str) -> str:
    """``search.html``: every match of ``?q=`` (filled in by ``search.js``)."""
    here = iris.page_file("search", lang)
    other = next(x for x in iris.LANGS if x != lang)
    ctx = renderer.common(here, lang, text_for(lang)["search"], iris.page_file("search", other))
    return renderer.render("search.html", ctx)


def render_data(renderer: Renderer, lang: str, dumps: Sequence[Dump]) -> str:
    here = iris.page_file("data", lang)
    other = next(x for x in iris.LANGS if x != lang)
    t = text_for(lang)
    ctx = renderer.common(here, lang, t["data"], iris.page_file("data", other))
    ctx["dumps"] = [
        {
            "href": iris.relative(here, d.file),
            "name": d.file.rsplit("/", 1)[-1],
            "title": d.title_en if lang == "en" else d.title_nl,
            "media": d.media_type,
            "size": d.size,
            "sha256": d.sha256,
        }
        for d in dumps
    ]
    ctx["extra"] = [
        {"href": iris.relative(here, "catalog.ttl"), "text": t["catalogue"]},
        {"href": iris.relative(here, "void.ttl"), "text": t["void"]},
        {"href": iris.relative(here, "context.jsonld"), "text": t["context"]},
        {"href": iris.relative(here, "dumps/SHA256SUMS"), "text": t["checksums"]},
    ]
    return renderer.render("data.html", ctx)
