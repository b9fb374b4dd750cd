"""The overview diagram of the ontology page: our classes, the classes of W3C ORG, FOAF, SKOS
and DCTERMS they specialise or link to, ``rdfs:subClassOf`` as hollow arrows, and each object
property of ours whose domain and range are both stated as a labelled arrow from domain to
range. Schema.org and PROV superclasses (alignments, listed on the page) are left out so the
picture stays readable. ``diagrams/ontology.<lang>.svg``, drawn with Graphviz like the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, RDF, RDFS, SKOS

from governance_graph.namespaces import GG

from . import iris
from .diagrams import _Drawer, _svg, missing, overview_file

if TYPE_CHECKING:  # pragma: no cover
    import graphviz

    from .context import SiteGraph

__all__ = ["NAME", "ontology_graph", "render"]

NAME = "ontology"
_SHOWN = (str(ORG), str(FOAF), str(SKOS), str(DCTERMS))


def _ours(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(GG))


def _shown(node: object) -> bool:
    return _ours(node) or (isinstance(node, URIRef) and str(node).startswith(_SHOWN))


def ontology_graph(sg: SiteGraph, lang: str) -> graphviz.Digraph:
    """The diagram of ``sg``'s ontology, labelled in ``lang``."""
    from .i18n import text_for

    onto = sg.ontology
    d = _Drawer(sg, lang, text_for(lang)["ontology_diagram"])
    d.g.graph_attr.update({"rankdir": "LR", "nodesep": "0.3", "ranksep": "0.6"})
    classes = sorted({c for c in onto.subjects(RDF.type, OWL.Class) if _ours(c)}, key=str)

    def node(cls: URIRef) -> str:
        if _ours(cls):
            return d.node(cls, style="rounded,filled", fillcolor="#dbe8f7", URL=_anchor(cls, lang))
        return d.node(cls, style="rounded,dashed")

    for cls in classes:
        node(cls)
        for sup in sorted(onto.objects(cls, RDFS.subClassOf), key=str):
            if _shown(sup):
                d.edge(node(cls), node(sup), "", arrowhead="onormal")
    properties = sorted({p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if _ours(p)})
    for prop in properties:
        for domain in sorted(onto.objects(prop, RDFS.domain), key=str):
            for range_ in sorted(onto.objects(prop, RDFS.range), key=str):
                if _shown(domain) and _shown(range_):
                    d.edge(node(domain), node(range_), d.label(prop), style="dashed")
    return d.g


def _anchor(cls: URIRef, lang: str) -> str:
    """The link from ``diagrams/`` to the class's entry on the ontology page."""
    page = iris.page_file("ontology", lang)
    return iris.relative("diagrams/x.svg", page) + "#" + str(cls)[len(str(GG)) :]


def render(sg: SiteGraph, out: Path) -> list[str]:
    """Write the diagram in every language under ``out``; return the site files (none when
    Graphviz is missing: ``publish`` has said so once already)."""
    if missing() is not None:
        return []
    files = []
    for lang in iris.LANGS:
        name = overview_file(NAME, lang)
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(_svg(ontology_graph(sg, lang)))
        files.append(name)
    return files
