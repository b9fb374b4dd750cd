"""The project's pinned namespaces, one spelling each (see ``docs/design.md``).

Use these instead of ``rdflib.namespace`` where the two differ: rdflib's ``SDO`` is
``https://schema.org/``, ours is ``http://schema.org/``.

>>> from governance_graph.namespaces import GG, compact
>>> GG.Chair
rdflib.term.URIRef('https://w3id.org/governance-graph/ontology#Chair')
>>> compact(GG.Chair)
'gg:Chair'
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    TIME,
    VANN,
    XSD,
)
from rdflib.term import Literal, Node, URIRef

GG = Namespace("https://w3id.org/governance-graph/ontology#")
GGSH = Namespace("https://w3id.org/governance-graph/shapes#")
GGD = Namespace("https://w3id.org/governance-graph/id/")
GGG = Namespace("https://w3id.org/governance-graph/graph/")

SCHEMA = Namespace("http://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CV = Namespace("http://data.europa.eu/m8g/")

#: prefix -> namespace, in the order prefixed names are tried (most specific first).
PREFIXES: dict[str, Namespace] = {
    "gg": GG,
    "ggsh": GGSH,
    "ggd": GGD,
    "ggg": GGG,
    "schema": SCHEMA,
    "org": Namespace(str(ORG)),
    "foaf": Namespace(str(FOAF)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "vcard": VCARD,
    "cv": CV,
    "time": Namespace(str(TIME)),
    "vann": Namespace(str(VANN)),
    "dcat": Namespace(str(DCAT)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "sh": Namespace(str(SH)),
}

__all__ = [
    "CV",
    "GG",
    "GGD",
    "GGG",
    "GGSH",
    "PREFIXES",
    "SCHEMA",
    "VCARD",
    "bind_prefixes",
    "compact",
]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every pinned prefix on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def compact(term: Node) -> str:
    """Return ``term`` as a prefixed name when a pinned namespace fits, else its N3 form.

    >>> compact(URIRef("http://schema.org/funder"))
    'schema:funder'
    >>> compact(URIRef("http://example.org/x"))
    '<http://example.org/x>'
    >>> compact(Literal("2", datatype=XSD.integer))
    '"2"^^xsd:integer'
    """
    if isinstance(term, Literal):
        if term.datatype is None:
            return term.n3()
        return f"{Literal(str(term)).n3()}^^{compact(term.datatype)}"
    if isinstance(term, URIRef):
        text = str(term)
        best: tuple[str, str] | None = None
        for prefix, namespace in PREFIXES.items():
            base = str(namespace)
            if text.startswith(base) and (best is None or len(base) > len(best[1])):
                best = (prefix, base)
        if best is not None:
            local = text[len(best[1]) :]
            if _is_simple_local(local):
                return f"{best[0]}:{local}"
    return term.n3()


def _is_simple_local(local: str) -> bool:
    """True when ``local`` can be written after ``prefix:`` without escapes."""
    return local == "" or (
        all(ch.isalnum() or ch in "_-." for ch in local) and not local.endswith(".")
    )
