"""The documents of the event stream, each in Turtle and in JSON-LD: the root node and the pages.

The root node (``ldes.ttl``/``ldes.jsonld``) holds the stream's context information (its
``ldes:timestampPath``, ``ldes:versionOfPath``, delete marker, member shape, polling interval,
and the last release published: ``dcat:version`` and ``dcterms:modified``) and, for every page,
two relations on the timestamp path: ``tree:GreaterThanOrEqualToRelation`` from the time of the
page's first member and ``tree:LessThanOrEqualToRelation`` until that of its last (with
``tree:remainingItems``, its number of members). A page (``ldes/page-N``) is a ``tree:Node`` with
``ldes:immutable true`` and its members. Documents of one format name documents of the same
format, so a static copy of the site works without content negotiation.

Every document is written by :func:`governance_graph.writers.serialize` (the same bytes for the
same triples). JSON-LD carries its context inline, never a remote one: the site's prefixes
merged with the LDES specification's recommended context, which is copied verbatim into
``static/ldes-context.jsonld`` from the specification's ``context.jsonld``
(https://w3id.org/ldes/context, repository SEMICeu/LinkedDataEventStreams). Its terms that
coerce to IRIs (``relation``, ``node``, ``shape``…) only ever meet IRIs here: rdflib drops the
description of a blank node met through such a term, so relations and the shape are named.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from governance_graph.namespaces import bind_prefixes
from governance_graph.writers import serialize

from .ldes import (
    AS,
    DCAT_VERSION,
    DELETE,
    DELETE_PATH,
    FORMATS,
    LDES,
    TIMESTAMP_PATH,
    TREE,
    VERSION_OF_PATH,
    page_url,
    shape_iri,
    stream_iri,
    view_url,
)
from .rdf_files import CONTEXT

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.term import Node

    Triple = tuple[Node, Node, Node]

__all__ = [
    "CONTEXT_FILE",
    "POLLING_INTERVAL",
    "PageRef",
    "jsonld_context",
    "page_graph",
    "root_graph",
    "text",
]

CONTEXT_FILE = Path(__file__).parent / "static" / "ldes-context.jsonld"
#: ``ldes:pollingInterval``: a new release is not expected more than once a day.
POLLING_INTERVAL = 86400
_PREFIXES = {"tree": TREE, "ldes": LDES, "as": AS}


@dataclass(frozen=True)
class PageRef:
    """One page as the root node links it: its number, its number of members, and the times
    of its first and last members."""

    number: int
    members: int
    start: Literal
    end: Literal


@functools.cache
def _ldes_context() -> dict[str, Any]:
    return dict(json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"])


def jsonld_context() -> dict[str, Any]:
    """The ``@context`` of every JSON-LD document of the stream: the site's prefixes, ``tree``,
    ``ldes`` and ``as``, and the LDES recommended context's terms."""
    merged: dict[str, Any] = dict(CONTEXT)
    merged.update({prefix: str(ns) for prefix, ns in _PREFIXES.items()})
    merged.update(_ldes_context())
    return merged


def _graph() -> Graph:
    graph = bind_prefixes(Graph())
    for prefix, ns in _PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def text(graph: Graph, ext: str) -> str:
    """A document of the stream as Turtle (``ttl``) or JSON-LD (``jsonld``)."""
    if ext not in FORMATS:
        raise ValueError(f"unknown format {ext!r}; expected one of {sorted(FORMATS)}")
    if ext == "jsonld":
        return serialize(graph, "jsonld", context=jsonld_context()) + "\n"
    return serialize(graph, "ttl")


def root_graph(
    base_url: str, ext: str, *, version: str, modified: Literal, pages: Sequence[PageRef]
) -> Graph:
    """The root node in format ``ext``: the stream, the member shape, a relation pair per page."""
    graph = _graph()
    stream = stream_iri(base_url)
    view = URIRef(view_url(base_url, ext))
    shape = shape_iri(base_url)
    add = graph.add
    add((stream, RDF.type, LDES.EventStream))
    add((stream, RDFS.label, Literal("governance-graph: every resource, per release", lang="en")))
    add((stream, RDFS.label, Literal("governance-graph: elke resource, per release", lang="nl")))
    add((stream, LDES.timestampPath, TIMESTAMP_PATH))
    add((stream, LDES.versionOfPath, VERSION_OF_PATH))
    add((stream, LDES.versionDeletePath, DELETE_PATH))
    add((stream, LDES.versionDeleteObject, DELETE))
    add((stream, LDES.pollingInterval, Literal(POLLING_INTERVAL)))
    add((stream, DCAT_VERSION, Literal(version)))
    add((stream, DCTERMS.modified, modified))
    add((stream, TREE.shape, shape))
    add((stream, TREE.view, view))
    _shape(graph, shape)
    add((view, RDF.type, TREE.Node))
    for page in pages:
        node = URIRef(page_url(base_url, page.number, ext))
        for kind, suffix, value in (
            (TREE.GreaterThanOrEqualToRelation, "from", page.start),
            (TREE.LessThanOrEqualToRelation, "until", page.end),
        ):
            relation = URIRef(f"{view}#page-{page.number}-{suffix}")
            add((view, TREE.relation, relation))
            add((relation, RDF.type, kind))
            add((relation, TREE.node, node))
            add((relation, TREE.path, TIMESTAMP_PATH))
            add((relation, TREE.value, value))
            add((relation, TREE.remainingItems, Literal(page.members)))
    return graph


def _shape(graph: Graph, shape: URIRef) -> None:
    """``tree:shape``: every member is an IRI with one resource and one time."""
    graph.add((shape, RDF.type, SH.NodeShape))
    graph.add((shape, SH.nodeKind, SH.IRI))
    for path, constraint, value in (
        (VERSION_OF_PATH, SH.nodeKind, SH.IRI),
        (TIMESTAMP_PATH, SH.datatype, XSD.dateTime),
    ):
        prop = BNode()
        graph.add((shape, SH.property, prop))
        graph.add((prop, SH.path, path))
        graph.add((prop, SH.minCount, Literal(1)))
        graph.add((prop, SH.maxCount, Literal(1)))
        graph.add((prop, constraint, value))


def page_graph(
    base_url: str, ext: str, number: int, members: Iterable[tuple[URIRef, Iterable[Triple]]]
) -> Graph:
    """Page ``number`` in format ``ext`` with ``members`` (each an IRI and its triples)."""
    graph = _graph()
    stream = stream_iri(base_url)
    node = URIRef(page_url(base_url, number, ext))
    graph.add((node, RDF.type, TREE.Node))
    graph.add((node, LDES.immutable, Literal(True)))
    for member, triples in members:
        graph.add((stream, TREE.member, member))
        for triple in triples:
            graph.add(triple)
    return graph
