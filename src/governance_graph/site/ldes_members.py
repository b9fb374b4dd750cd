"""The members of the event stream: which resources have them, what a member holds, and how one
is read back from a page.

A member is a version object of one resource at one release. It holds the resource's statements
as the site describes them (:func:`.resource_graph.concise_description`: the triples whose subject
is the resource, and those of the blank nodes they reach, each member with blank nodes of its
own) with the resource's IRI in subject position replaced by the member's, plus two triples:
``dcterms:isVersionOf`` the resource and ``prov:generatedAtTime`` the release's ``issued``
time. The rest of a resource page's description (the links pointing at it, the citations of the
resources that cite it) are statements about other resources, and travel in their members.
A delete member holds only ``a as:Delete`` and those two triples.

Descriptions are compared by :func:`fingerprint`: the SHA-256 of the sorted N-Triples of the
statements, blank nodes labelled by :func:`rdflib.compare.to_canonical_graph` first, so that two
descriptions have one fingerprint exactly when they are the same graph (isomorphic).

>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph().parse(data='<urn:r> <urn:p> [ <urn:q> "x" ] .', format="turtle")
>>> h = Graph().parse(data='<urn:r> <urn:p> [ <urn:q> "x" ] .', format="turtle")
>>> fingerprint(statements(g, URIRef("urn:r"))) == fingerprint(statements(h, URIRef("urn:r")))
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, XSD

from .ldes import DELETE, TIMESTAMP_PATH, VERSION_OF_PATH, StreamError
from .resource_graph import concise_description

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.term import Node

    from .context import SiteGraph

    Triple = tuple[Node, Node, Node]

__all__ = [
    "ReadMember",
    "check_reserved",
    "delete_triples",
    "fingerprint",
    "read_member",
    "statements",
    "stream_resources",
    "timestamp_literal",
    "version_triples",
]


def stream_resources(sg: SiteGraph, *, reserved: Iterable[str] = ()) -> list[tuple[URIRef, str]]:
    """``(iri, site path)`` of every resource that gets a member: those the site gives a page
    (not the ontology itself, whose page is the whole ontology, nor a reserved path) and that the
    graph states something about. Sorted by IRI."""
    from .pages import ONTOLOGY_IRI

    reserved = set(reserved)
    graph = sg.graph
    found = []
    for iri, path in sorted(sg.resources.items()):
        if iri == ONTOLOGY_IRI or path in reserved or path.split("/", 1)[0] in reserved:
            continue
        if (iri, None, None) in graph:
            found.append((iri, path))
    return found


def statements(graph: Graph, resource: URIRef) -> list[Triple]:
    """The statements about ``resource`` in ``graph`` (its concise bounded description)."""
    return list(concise_description(graph, resource))


def fingerprint(triples: Iterable[Triple]) -> str:
    """SHA-256 (hex) of ``triples`` as a graph: equal exactly for isomorphic graphs."""
    found = list(triples)
    if any(isinstance(term, BNode) for triple in found for term in triple):
        canonical = Graph()
        for triple in found:
            canonical.add(triple)
        found = list(to_canonical_graph(canonical))
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in found)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def check_reserved(resource: URIRef, triples: Iterable[Triple]) -> None:
    """Refuse a resource whose own statements use a predicate the members use for their
    metadata: its member would carry two values, and no client could tell them apart."""
    for s, p, o in triples:
        if s != resource:
            continue
        if p in (VERSION_OF_PATH, TIMESTAMP_PATH) or (p == RDF.type and o == DELETE):
            raise StreamError(
                f"<{resource}> states {p.n3()} itself, which the event stream's members use "
                "for their own metadata; the stream cannot carry it"
            )


def timestamp_literal(moment: str) -> Literal:
    """The ``xsd:dateTime`` of a release (``2026-12-06T00:00:00Z``), written as given."""
    return Literal(moment, datatype=XSD.dateTime, normalize=False)


def version_triples(
    member: URIRef, resource: URIRef, timestamp: Literal, triples: Iterable[Triple]
) -> Iterator[Triple]:
    """The member ``member`` for ``triples`` (the statements about ``resource``): the resource's
    IRI in subject position becomes ``member``, blank nodes are new ones of this member."""
    fresh: dict[BNode, BNode] = {}

    def renamed(term: Node) -> Node:
        if isinstance(term, BNode):
            if term not in fresh:
                fresh[term] = BNode()
            return fresh[term]
        return term

    yield member, VERSION_OF_PATH, resource
    yield member, TIMESTAMP_PATH, timestamp
    for s, p, o in triples:
        yield (member if s == resource else renamed(s)), p, renamed(o)


def delete_triples(member: URIRef, resource: URIRef, timestamp: Literal) -> Iterator[Triple]:
    """The delete member ``member``: ``resource`` is no longer described from this release."""
    yield member, RDF.type, DELETE
    yield member, VERSION_OF_PATH, resource
    yield member, TIMESTAMP_PATH, timestamp


@dataclass(frozen=True)
class ReadMember:
    """A member as read from a page: the resource it is a version of, its time, and the
    fingerprint of the resource's statements (None for a delete)."""

    iri: URIRef
    resource: URIRef
    moment: dt.datetime
    fingerprint: str | None

    @property
    def deleted(self) -> bool:
        return self.fingerprint is None


def read_member(graph: Graph, member: Node, where: str) -> ReadMember:
    """The member ``member`` of a page parsed into ``graph`` (``where`` names the page in
    messages). A member without exactly one resource and one ``xsd:dateTime`` is refused."""
    if not isinstance(member, URIRef):
        raise StreamError(f"{where}: a tree:member is not an IRI ({member.n3()})")
    resources = list(graph.objects(member, VERSION_OF_PATH))
    moments = list(graph.objects(member, TIMESTAMP_PATH))
    if len(resources) != 1 or not isinstance(resources[0], URIRef):
        raise StreamError(f"{where}: member <{member}> needs one IRI as {VERSION_OF_PATH.n3()}")
    moment = moments[0].toPython() if len(moments) == 1 else None
    if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
        raise StreamError(
            f"{where}: member <{member}> needs one {TIMESTAMP_PATH.n3()} with a time zone"
        )
    resource = resources[0]
    own = [
        triple
        for triple in concise_description(graph, member)
        if triple[0] != member or triple[1] not in (VERSION_OF_PATH, TIMESTAMP_PATH)
    ]
    if (member, RDF.type, DELETE) in graph:
        if len(own) != 1:
            raise StreamError(f"{where}: delete member <{member}> states more than a delete")
        return ReadMember(member, resource, moment, None)
    rewritten = [((resource if s == member else s), p, o) for s, p, o in own]
    return ReadMember(member, resource, moment, fingerprint(rewritten))
