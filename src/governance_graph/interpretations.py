"""Interpretations: statements the source documents do not make, kept apart from the facts.

They live in ``data/interpretations.ttl`` and so in the named graph
``ggg:data/interpretations`` of the asserted dataset (docs/design.md, "Interpretations"). Every
place that groups the data by source document keeps them apart too: the TriG dump and the
endpoint put them in that named graph and in no document's graph, so a client that reads the
documents' graphs reads facts only.

>>> from governance_graph.loading import Source
>>> from pathlib import Path
>>> source = Source(Path("data/interpretations.ttl"), "data", b"<urn:a> <urn:b> <urn:c> .")
>>> len(interpretation_triples([source]))
1
>>> is_interpretations(source)
True
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef

from .loading import Source
from .namespaces import GGG

__all__ = ["INTERPRETATIONS_GRAPH", "interpretation_triples", "is_interpretations"]

#: The named graph of ``data/interpretations.ttl``.
INTERPRETATIONS_GRAPH: URIRef = GGG["data/interpretations"]


def is_interpretations(source: Source) -> bool:
    """Whether ``source`` is the interpretations file (graph ``ggg:data/interpretations``)."""
    return source.graph_iri == INTERPRETATIONS_GRAPH


def interpretation_triples(sources: Iterable[Source]) -> Graph:
    """The triples the interpretations file among ``sources`` asserts (empty without one)."""
    graph = Graph()
    for source in sources:
        if is_interpretations(source):
            graph.parse(data=source.content, format="turtle", publicID=str(source.graph_iri))
    return graph
