"""RDF serialisations of the site: Turtle, N-Triples, and JSON-LD with the published context.

The JSON-LD ``@context`` is the project's prefixes (:data:`CONTEXT`); the site publishes it as
``context.jsonld`` and every JSON-LD file carries the same object inline, so that a client
parses it without fetching anything.

>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph(); _ = g.add((URIRef("https://w3id.org/governance-graph/id/x"),
...     URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("X", lang="en")))
>>> '"ggd:x"' in serialize(g, "jsonld")
True
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

from governance_graph.namespaces import PREFIXES, bind_prefixes

from .iris import RDF_FORMATS

__all__ = ["CONTEXT", "context_document", "script_json", "serialize"]

#: The published JSON-LD context: prefix -> namespace.
CONTEXT: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def context_document() -> str:
    """``context.jsonld``: the context as a JSON-LD context document."""
    return json.dumps({"@context": CONTEXT}, indent=2, sort_keys=True) + "\n"


def serialize(graph: Graph, ext: str) -> str:
    """``graph`` as ``ttl``, ``nt`` or ``jsonld`` text (N-Triples lines and JSON-LD nodes sorted,
    so files are stable)."""
    if ext not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {ext!r}; expected one of {sorted(RDF_FORMATS)}")
    if ext == "nt":
        lines = graph.serialize(format="nt").splitlines()
        return "".join(sorted(line + "\n" for line in lines if line.strip()))
    if ext == "jsonld":
        text = graph.serialize(format="json-ld", context=CONTEXT, indent=2, sort_keys=True)
        # rdflib lists nodes and values in the graph's iteration order, which depends on how
        # the graph was filled (rdflib or oxigraph engine); sorted, the files are stable.
        return json.dumps(_sorted(json.loads(text)), indent=2, sort_keys=True, ensure_ascii=False)
    return bind_prefixes(graph).serialize(format="turtle")


def _sorted(value: Any) -> Any:
    """JSON-LD with every unordered array sorted (``@list`` arrays keep their order)."""
    if isinstance(value, dict):
        return {
            key: [_sorted(v) for v in item] if key == "@list" else _sorted(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return sorted((_sorted(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def script_json(jsonld_text: str) -> str:
    """JSON-LD text made safe inside ``<script type="application/ld+json">``."""
    return jsonld_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
