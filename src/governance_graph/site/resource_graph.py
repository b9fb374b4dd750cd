"""The description of one resource as an rdflib ``Graph``: what its page and RDF files show.

It holds the resource's Concise Bounded Description (its triples, following blank nodes), the
triples that point at it from other named resources (incoming links), and the citations: the
``dcterms:source`` of the resource and of each resource linking to it, with each cited section's
``dcterms:isPartOf`` document and the titles and labels of sections and documents.

>>> import governance_graph as gg
>>> from governance_graph.namespaces import GGD
>>> g = describe(gg.load(), GGD.vesoc)               # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from governance_graph.namespaces import bind_prefixes

from .context import SiteGraph, site_graph

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.term import Node

    from governance_graph.api import KnowledgeGraph

    Triple = tuple[Node, Node, Node]

__all__ = ["concise_description", "describe", "describe_in"]

_CITATION_PROPS = (RDF.type, DCTERMS.isPartOf, DCTERMS.title, SKOS.prefLabel, RDFS.label)


def describe(
    kg: KnowledgeGraph, iri: URIRef | str, *, include_personal_contacts: bool = False
) -> Graph:
    """CBD + incoming links + citations of ``iri`` in ``kg`` (persons' e-mails left out by
    default). An IRI the graph does not know gives an empty graph."""
    return describe_in(site_graph(kg, include_personal_contacts=include_personal_contacts), iri)


def concise_description(graph: Graph, node: URIRef | BNode) -> Iterator[Triple]:
    """The statements about ``node`` in ``graph``: its Concise Bounded Description (outgoing
    triples, following blank nodes), the first part of :func:`describe_in`."""
    stack: list[URIRef | BNode] = [node]
    seen: set[URIRef | BNode] = {node}
    while stack:
        subject = stack.pop()
        for p, o in graph.predicate_objects(subject):
            yield subject, p, o
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                stack.append(o)


def describe_in(sg: SiteGraph, iri: URIRef | str) -> Graph:
    """:func:`describe` on an already prepared :class:`SiteGraph`."""
    iri = URIRef(str(iri))
    graph = sg.graph
    out = bind_prefixes(Graph())
    for triple in concise_description(graph, iri):
        out.add(triple)
    # Incoming links from named resources, each with its own citations.
    citing: set[URIRef] = {iri}
    for s, p in graph.subject_predicates(iri):
        if isinstance(s, URIRef):
            out.add((s, p, iri))
            citing.add(s)
    sections: set[URIRef] = set()
    for node in citing:
        for section in graph.objects(node, DCTERMS.source):
            out.add((node, DCTERMS.source, section))
            if isinstance(section, URIRef):
                sections.add(section)
    documents: set[URIRef] = set()
    for section in sections:
        for p in _CITATION_PROPS:
            for o in graph.objects(section, p):
                out.add((section, p, o))
                if p == DCTERMS.isPartOf and isinstance(o, URIRef):
                    documents.add(o)
    for doc in documents - {iri}:
        for p in _CITATION_PROPS:
            for o in graph.objects(doc, p):
                out.add((doc, p, o))
    return out
