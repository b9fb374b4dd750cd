"""HTML pages from Jinja2 templates (``site/templates/*.html``).

:func:`render_resource_page` is the public entry point the SPARQL server uses for one page;
:class:`Renderer` renders every kind of page for :mod:`.build`. Links between pages are
relative, so the site works from any base URL and from ``file://``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from governance_graph.namespaces import compact
from governance_graph.writers import term_key

from . import iris
from .composition import composition, is_body, roles_of
from .context import LABEL_PROPERTIES, SiteGraph, site_graph
from .i18n import LANG_NAMES, text_for
from .rdf_files import script_json, serialize
from .resource_graph import describe_in

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

    from governance_graph.api import KnowledgeGraph

__all__ = ["ONTOLOGY_IRI", "Renderer", "render_resource_page", "templates"]

ONTOLOGY_IRI = URIRef(iris.BASE + "ontology")
TEMPLATES = Path(__file__).parent / "templates"
_DESCRIPTION_PROPS = (SKOS.definition, RDFS.comment, DCTERMS.description, SKOS.note, SKOS.scopeNote)
_FOAF_PERSON = URIRef("http://xmlns.com/foaf/0.1/Person")


@functools.cache
def templates() -> jinja2.Environment:
    """The Jinja2 environment (autoescaping on)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_resource_page(
    kg: KnowledgeGraph,
    iri: URIRef | str,
    lang: str = iris.DEFAULT_LANG,
    *,
    include_personal_contacts: bool = False,
) -> str:
    """The HTML page of one resource of our namespace, in ``lang`` (``en`` or ``nl``).

    Links are relative to the page's place in the site (``id/<name>.html``; Dutch
    ``id/<name>.nl.html``). Raises ``LookupError`` if the graph does not mention ``iri`` or it
    is not in ``https://w3id.org/governance-graph/``.
    """
    sg = site_graph(kg, include_personal_contacts=include_personal_contacts)
    renderer = Renderer(sg)
    iri = URIRef(str(iri))
    if iri == ONTOLOGY_IRI:
        from .ontology_doc import render_ontology_page

        return render_ontology_page(renderer, lang)
    return renderer.resource_page(iri, lang)


class Renderer:
    """Renders the pages of one :class:`SiteGraph`.

    ``assets`` lists site files (diagrams…) that exist, so pages embed only what is there;
    ``endpoint`` is the SPARQL endpoint the queries page and the menu link to (a browser gets
    the query editor there when it is ``serve``'s), ``api_docs`` the web API's documentation.
    """

    def __init__(
        self,
        sg: SiteGraph,
        *,
        assets: Iterable[str] = (),
        endpoint: str | None = None,
        base_url: str = iris.BASE,
        api_docs: str | None = None,
    ) -> None:
        self.sg = sg
        self.assets = set(assets)
        self.endpoint = endpoint
        self.api_docs = api_docs
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.pages = set(sg.resources.values())
        self._descriptions: dict[URIRef, Any] = {}
        self._terms: dict[tuple[Node | None, str, str], dict[str, Any]] = {}

    def description(self, iri: URIRef) -> Any:
        """:func:`describe_in` of ``iri``, computed once per renderer."""
        if iri not in self._descriptions:
            self._descriptions[iri] = describe_in(self.sg, iri)
        return self._descriptions[iri]

    # ------------------------------------------------------------------ helpers

    def url_for(self, here: str) -> Callable[[str], str]:
        """A function giving the relative link from file ``here`` to a site file."""
        return functools.partial(iris.relative, here)

    def term(self, node: Node | None, lang: str, here: str) -> dict[str, Any]:
        """A node ready for the ``term`` macro: text, link, language."""
        key = (node, lang, here.rpartition("/")[0])
        cached = self._terms.get(key)
        if cached is None:
            cached = self._terms[key] = self._term(node, lang, here)
        return dict(cached)

    def _term(self, node: Node | None, lang: str, here: str) -> dict[str, Any]:
        if node is None:
            return {"text": "", "href": None, "lang": None, "iri": None, "code": None}
        if isinstance(node, Literal):
            text = str(node)
            if node.datatype == XSD.boolean:
                text = text_for(lang)["yes"] if node.toPython() is True else text_for(lang)["no"]
            return {
                "text": text,
                "href": None,
                "lang": node.language if node.language and node.language != lang else None,
                "iri": None,
                "code": compact(node.datatype)
                if node.datatype and node.datatype != XSD.string
                else None,
            }
        if isinstance(node, BNode):
            return {"text": "(blank node)", "href": None, "lang": None, "iri": None, "code": None}
        path = self.sg.resources.get(node) if isinstance(node, URIRef) else None
        if path is not None and path in self.pages:
            href = iris.relative(here, iris.page_file(path, lang))
        else:
            href = str(node)
        label = self.sg.label(node, lang)
        return {
            "text": label,
            "href": href,
            "lang": None,
            "iri": str(node),
            "code": compact(node) if label != compact(node) else None,
            "external": path is None,
        }

    def terms(self, nodes: Iterable[Node], lang: str, here: str) -> list[dict[str, Any]]:
        items = [self.term(n, lang, here) for n in nodes]
        return sorted(items, key=lambda t: (t["text"].casefold(), t["iri"] or ""))

    def citations(self, node: Node, lang: str, here: str) -> list[dict[str, Any]]:
        return [
            {
                "section": self.term(section, lang, here),
                "document": self.term(doc, lang, here) if doc else None,
            }
            for section, doc in self.sg.sources(node)
        ]

    def common(self, here: str, lang: str, title: str, other_file: str | None) -> dict[str, Any]:
        """What every page needs: language, words, navigation, language switch."""
        url = self.url_for(here)
        other = next(x for x in iris.LANGS if x != lang)
        return {
            "lang": lang,
            "t": text_for(lang),
            "title": title,
            "url": url,
            "page_file": lambda name, lg=lang: url(iris.page_file(name, lg)),
            "other_lang": other,
            "other_lang_name": LANG_NAMES[other],
            "other_href": url(other_file) if other_file else None,
            "alternates": [],
            "jsonld": None,
            "personal": self.sg.include_personal_contacts,
            "nav_sparql": self.endpoint,
            "nav_api": self.api_docs,
        }

    # ------------------------------------------------------------------ resource pages

    def resource_page(self, iri: URIRef, lang: str = iris.DEFAULT_LANG) -> str:
        if lang not in iris.LANGS:
            raise LookupError(
                f"no pages in language {lang!r}; choose one of {', '.join(iris.LANGS)}"
            )
        path = self.sg.resources.get(iri)
        if path is None:
            raise LookupError(f"{iri} is not a resource of {iris.BASE} in this graph")
        return (
            templates()
            .get_template("resource.html")
            .render(**self.resource_context(iri, path, lang))
        )

    def resource_context(self, iri: URIRef, path: str, lang: str) -> dict[str, Any]:
        sg = self.sg
        here = iris.page_file(path, lang)
        other = next(x for x in iris.LANGS if x != lang)
        description = self.description(iri)
        title = sg.label(iri, lang)
        ctx = self.common(here, lang, title, iris.page_file(path, other))
        ctx["iri"] = str(iri)
        ctx["curie"] = compact(iri)
        name = path.rsplit("/", 1)[-1]
        ctx["alternates"] = [
            {"media": media, "href": f"{name}.{ext}", "hreflang": None, "ext": ext}
            for ext, (_fmt, media) in iris.RDF_FORMATS.items()
        ] + [
            {
                "media": "text/html",
                "href": f"{name}" + (".html" if other == iris.DEFAULT_LANG else f".{other}.html"),
                "hreflang": other,
                "ext": None,
            }
        ]
        ctx["formats"] = [a for a in ctx["alternates"] if a["ext"]]
        ctx["jsonld"] = script_json(serialize(description, "jsonld"))
        ctx["types"] = self.terms(sg.graph.objects(iri, RDF.type), lang, here)
        shown_label = {title}
        alt = []
        for prop in LABEL_PROPERTIES:
            # sorted: the graph gives them in the order the engine filled it
            for value in sorted(sg.graph.objects(iri, prop), key=term_key):
                if (
                    isinstance(value, Literal)
                    and str(value) not in shown_label
                    and value.language in (None, lang)
                ):
                    shown_label.add(str(value))
                    alt.append(self.term(value, lang, here))
        ctx["alt_labels"] = alt
        ctx["descriptions"] = [
            self.term(v, lang, here)
            for prop in _DESCRIPTION_PROPS
            for v in sorted(
                sg.graph.objects(iri, prop),
                key=lambda v: (getattr(v, "language", None) != lang, str(v)),
            )
            if isinstance(v, Literal) and v.language in (None, lang)
        ]
        own_sources = self.citations(iri, lang, here)
        ctx["sources"] = own_sources
        # Statements grouped by property; each fact cites the resource's sources.
        by_prop: dict[Node, list[Node]] = {}
        for p, o in description.predicate_objects(iri):
            by_prop.setdefault(p, []).append(o)
        order = {RDF.type: 0, SKOS.prefLabel: 1, RDFS.label: 1}
        ctx["statements"] = [
            {
                "property": self.term(p, lang, here),
                "objects": [
                    self._value(o, description, lang, here)
                    for o in self._sorted_values(values, lang)
                ],
            }
            for p, values in sorted(
                by_prop.items(),
                key=lambda kv: (order.get(kv[0], 2), self.sg.label(kv[0], lang).casefold()),
            )
        ]
        ctx["statement_sources"] = own_sources
        incoming = []
        for s, p in description.subject_predicates(iri):
            if s == iri:
                continue
            incoming.append(
                {
                    "subject": self.term(s, lang, here),
                    "property": self.term(p, lang, here),
                    "sources": self.citations(s, lang, here),
                }
            )
        incoming.sort(
            key=lambda r: (r["property"]["text"].casefold(), r["subject"]["text"].casefold())
        )
        ctx["incoming"] = incoming
        ctx["composition"] = self.composition_context(iri, lang, here) if is_body(sg, iri) else None
        ctx["roles"] = (
            [
                {
                    "organisation": self.term(r.organization, lang, here),
                    "role": self.term(r.role, lang, here),
                    "membership": self.term(r.membership, lang, here),
                }
                for r in roles_of(sg, iri)
            ]
            if sg.graph.value(None, ORG.member, iri) is not None or sg.is_a(iri, _FOAF_PERSON)
            else []
        )
        ctx["figure"] = self.figure_for(path, lang, here, title) if is_body(sg, iri) else None
        return ctx

    def _sorted_values(self, values: list[Node], lang: str) -> list[Node]:
        return sorted(
            values,
            key=lambda o: (
                isinstance(o, Literal) and o.language not in (None, lang),
                self.sg.label(o, lang).casefold() if not isinstance(o, Literal) else str(o),
            ),
        )

    def _value(self, node: Node, description: Any, lang: str, here: str) -> dict[str, Any]:
        item = self.term(node, lang, here)
        if isinstance(node, BNode):
            item["nested"] = [
                {"property": self.term(p, lang, here), "value": self.term(o, lang, here)}
                for p, o in sorted(description.predicate_objects(node), key=str)
            ]
        return item

    def figure_for(self, path: str, lang: str, here: str, title: str) -> dict[str, str] | None:
        from .diagrams import body_diagram_file

        file = body_diagram_file(path, lang)
        if file not in self.assets:
            return None
        caption = text_for(lang)["composition_diagram"].format(name=title)
        return {"src": iris.relative(here, file), "alt": caption, "caption": caption}

    def composition_context(self, body: URIRef, lang: str, here: str) -> dict[str, Any] | None:
        c = composition(self.sg, body)
        if c.empty:
            return None
        t = self.term
        return {
            "chairs": [
                {
                    "post": t(chair, lang, here),
                    "selection": self.terms(c.chair_selection.get(chair, []), lang, here),
                    "filled_by": self.terms(c.chair_filled_by.get(chair, []), lang, here),
                }
                for chair in c.chairs
            ],
            "seats": [
                {
                    "seat": t(s.iri, lang, here),
                    "role": t(s.role, lang, here),
                    "constituency": t(s.constituency, lang, here),
                    "count": s.count,
                    "holders": self.terms([*s.holders, *s.filled_by], lang, here),
                    "voting": s.voting,
                }
                for s in c.seats
            ],
            "other_posts": self.terms(c.other_posts, lang, here),
            "members": [
                {
                    "person": t(m.member, lang, here),
                    "role": t(m.role, lang, here),
                    "membership": t(m.membership, lang, here),
                }
                for m in sorted(
                    c.members,
                    key=lambda m: (str(m.role), self.sg.label(m.member, lang) if m.member else ""),
                )
            ],
            "secretariat": self.terms(c.secretariat, lang, here),
            "sub_bodies": self.terms(c.sub_bodies, lang, here),
            "parents": self.terms(c.parents, lang, here),
            "regions": self.terms(c.regions, lang, here),
        }

    # ------------------------------------------------------------------ other pages

    def render(self, template: str, context: dict[str, Any]) -> str:
        return templates().get_template(template).render(**context)

    def run_link(self, query_text: str) -> str | None:
        if not self.endpoint:
            return None
        return f"{self.endpoint}?query={quote(query_text, safe='')}"
