"""The site's RDF files: Turtle, N-Triples, and JSON-LD with the published context.

Written by :func:`governance_graph.writers.serialize` (the same bytes for the same graph, as
for ``export``). The JSON-LD ``@context`` is the project's prefixes (:data:`CONTEXT`); the site
publishes it as ``context.jsonld`` and every JSON-LD file carries the same object inline, so
that a client parses it without fetching anything.

>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph(); _ = g.add((URIRef("https://w3id.org/governance-graph/id/x"),
...     URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("X", lang="en")))
>>> '"ggd:x"' in serialize(g, "jsonld")
True
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Dataset, Graph

from governance_graph.namespaces import PREFIXES
from governance_graph.writers import serialize as write

from .iris import RDF_FORMATS

__all__ = ["CONTEXT", "context_document", "script_json", "serialize"]

#: The published JSON-LD context: prefix -> namespace.
CONTEXT: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def context_document() -> str:
    """``context.jsonld``: the context as a JSON-LD context document."""
    return json.dumps({"@context": CONTEXT}, indent=2, sort_keys=True) + "\n"


def serialize(graph: Graph | Dataset, ext: str) -> str:
    """``graph`` as ``ttl``, ``nt`` or ``jsonld`` text (a dataset also as ``trig``), with the
    graph's own prefixes and the pinned ones, JSON-LD with the published context inline."""
    if ext not in RDF_FORMATS and ext != "trig":
        raise ValueError(f"unknown RDF format {ext!r}; expected one of {sorted(RDF_FORMATS)}")
    return write(graph, ext, context=CONTEXT if ext == "jsonld" else None)


def script_json(jsonld_text: str) -> str:
    """JSON-LD text made safe inside ``<script type="application/ld+json">``."""
    return jsonld_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
