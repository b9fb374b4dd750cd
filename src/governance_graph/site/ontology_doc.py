"""The ontology documentation page (``ontology.html``, ``ontology.nl.html``).

Written with the site's Jinja2 templates rather than pyLODE: pyLODE 3.4.1 fails when installed
from a wheel (it reads ``pyproject.toml`` from ``site-packages``), documents one language only
and does not turn SHACL shapes into sentences. Each term has an anchor named after its local
name, so ``…/ontology#Chair`` lands on its entry, and a link to its own page
(``ontology/Chair.html``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from governance_graph.namespaces import GG

from . import iris
from .i18n import text_for

if TYPE_CHECKING:  # pragma: no cover
    from .context import SiteGraph


class Renderer(Protocol):
    """What this page needs of the site's renderer (:class:`governance_graph.site.pages.Renderer`,
    which imports this module to render the page)."""

    sg: SiteGraph
    assets: set[str]

    def term(self, node: Node | None, lang: str, here: str) -> dict[str, Any]: ...

    def terms(self, nodes: Iterable[Node], lang: str, here: str) -> list[dict[str, Any]]: ...

    def common(
        self, here: str, lang: str, title: str, other_file: str | None
    ) -> dict[str, Any]: ...

    def render(self, template: str, context: dict[str, Any]) -> str: ...


__all__ = ["ontology_context", "render_ontology_page", "term_anchors"]

_ALIGN = (
    OWL.equivalentClass,
    OWL.equivalentProperty,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    RDFS.seeAlso,
    OWL.inverseOf,
)
_CHARACTERISTICS = (
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.IrreflexiveProperty,
)


def _shapes(renderer: Renderer) -> Graph:
    g = Graph()
    for path in renderer.sg.kg.shapes:
        if Path(path).is_file():
            g.parse(path, format="turtle")
    return g


def _constraints(shapes: Graph, cls: Node, lang: str) -> list[str]:
    """The English/Dutch messages of the shapes targeting ``cls`` and their property shapes."""
    out: list[str] = []
    for shape in shapes.subjects(SH.targetClass, cls):
        for prop in shapes.objects(shape, SH.property):
            out.extend(_message(shapes, prop, lang))
        for rule in shapes.objects(shape, SH.sparql):
            out.extend(_message(shapes, rule, lang))
    return sorted(set(out))


def _message(shapes: Graph, node: Node, lang: str) -> list[str]:
    messages = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
    chosen = [m for m in messages if m.language == lang] or [
        m for m in messages if m.language in (None, "en")
    ]
    return [str(m) for m in chosen[:1]]


def _ours(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(GG))


def _classes(onto: Graph) -> set[URIRef]:
    return {c for c in onto.subjects(RDF.type, OWL.Class) if _ours(c)}  # type: ignore[misc]


def _properties(onto: Graph) -> set[URIRef]:
    return {
        p  # type: ignore[misc]
        for cls in (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
        for p in onto.subjects(RDF.type, cls)
        if _ours(p)
    }


def term_anchors(onto: Graph) -> set[str]:
    """The local names of the classes and properties the page has an entry for: each entry's
    anchor (``ontology.html#Chair``), where ``serve`` sends ``/ontology/Chair``."""
    return {str(term)[len(str(GG)) :] for term in _classes(onto) | _properties(onto)}


def ontology_context(renderer: Renderer, lang: str) -> dict[str, Any]:
    sg = renderer.sg
    onto = sg.ontology
    here = iris.page_file("ontology", lang)
    other = next(x for x in iris.LANGS if x != lang)
    t = renderer.term
    root = URIRef(iris.BASE + "ontology")
    title = sg.text(root, [DCTERMS.title, RDFS.label], lang) or "Ontology"
    ctx = renderer.common(here, lang, title, iris.page_file("ontology", other))
    ctx["alternates"] = [
        {"media": "text/turtle", "href": "ontology.ttl", "hreflang": None, "ext": "ttl"},
        {
            "media": "application/ld+json",
            "href": "ontology.jsonld",
            "hreflang": None,
            "ext": "jsonld",
        },
        {"media": "application/n-triples", "href": "ontology.nt", "hreflang": None, "ext": "nt"},
    ]
    ctx["formats"] = ctx["alternates"]
    ctx["iri"] = str(root)
    ctx["description"] = sg.text(root, [DCTERMS.description, RDFS.comment], lang)
    ctx["metadata"] = [
        {"property": t(p, lang, here), "objects": renderer.terms(onto.objects(root, p), lang, here)}
        for p in (
            OWL.versionIRI,
            OWL.versionInfo,
            DCTERMS.license,
            DCTERMS.creator,
            DCTERMS.created,
            URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"),
        )
        if (root, p, None) in onto
    ]
    shapes = _shapes(renderer)
    t_words = text_for(lang)

    def entry(node: URIRef, kind: str) -> dict[str, Any]:
        local = str(node)[len(str(GG)) :]
        path = sg.resources.get(node)
        e: dict[str, Any] = {
            "anchor": local,
            "label": sg.label(node, lang),
            "curie": f"gg:{local}",
            "iri": str(node),
            "page": iris.relative(here, iris.page_file(path, lang)) if path else None,
            "definition": sg.text(node, [SKOS.definition, RDFS.comment], lang),
            "alignments": renderer.terms(
                [o for p in _ALIGN for o in onto.objects(node, p)], lang, here
            ),
        }
        if kind == "class":
            e["supers"] = renderer.terms(onto.objects(node, RDFS.subClassOf), lang, here)
            e["subs"] = renderer.terms(onto.subjects(RDFS.subClassOf, node), lang, here)
            e["disjoint"] = renderer.terms(onto.objects(node, OWL.disjointWith), lang, here)
            e["constraints"] = _constraints(shapes, node, lang)
        else:
            e["supers"] = renderer.terms(onto.objects(node, RDFS.subPropertyOf), lang, here)
            e["domain"] = renderer.terms(onto.objects(node, RDFS.domain), lang, here)
            e["range"] = renderer.terms(onto.objects(node, RDFS.range), lang, here)
            e["characteristics"] = [
                t(c, lang, here)["text"] for c in _CHARACTERISTICS if (node, RDF.type, c) in onto
            ]
        return e

    classes = sorted(_classes(onto), key=lambda c: sg.label(c, lang).casefold())
    props = sorted(_properties(onto), key=lambda p: sg.label(p, lang).casefold())
    ctx["classes"] = [entry(c, "class") for c in classes]
    ctx["properties"] = [entry(p, "property") for p in props]
    # Class hierarchy: our classes under their nearest superclass of ours.
    parents = {c: [s for s in onto.objects(c, RDFS.subClassOf) if s in classes] for c in classes}

    def tree(node: URIRef) -> dict[str, Any]:
        kids = sorted(
            (c for c in classes if node in parents[c]), key=lambda c: sg.label(c, lang).casefold()
        )
        return {
            "anchor": str(node)[len(str(GG)) :],
            "label": sg.label(node, lang),
            "children": [tree(k) for k in kids],
        }

    ctx["hierarchy"] = [tree(c) for c in classes if not parents[c]]
    schemes = sorted(onto.subjects(RDF.type, SKOS.ConceptScheme), key=str)
    ctx["schemes"] = renderer.terms(schemes, lang, here)
    ctx["alignment_ontologies"] = renderer.terms(
        [o for o in onto.subjects(RDF.type, OWL.Ontology) if o != root], lang, here
    )
    from .diagrams import overview_file

    diagram = overview_file("ontology", lang)
    ctx["figure"] = (
        {"src": iris.relative(here, diagram), "alt": t_words["ontology_diagram"]}
        if diagram in renderer.assets
        else None
    )
    return ctx


def render_ontology_page(renderer: Renderer, lang: str) -> str:
    return renderer.render("ontology.html", ontology_context(renderer, lang))
