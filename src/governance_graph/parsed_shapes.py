"""Shapes graphs built from their parsed triples instead of parsing their Turtle again.

rdflib takes about 25 ms to parse ``ontology/shapes.ttl``, a fifth of the whole validation of a
small graph; building the same graph from its triples takes about 7 ms. So the triples of the
bundled shapes ship with the package (``bundled_shapes.json`` beside this module, written by
``python tools/compile_shapes.py``; a test parses the shapes again and compares, so the file
cannot fall behind them), and those of any other shapes files are kept in memory once parsed,
for the next validation in the same process (at most :data:`KEPT` sets of files).

Both are keyed by :func:`shapes_key`: the SHA-256 of each file's named-graph IRI (relative IRIs
resolve against it) and bytes, so an edited file is parsed again. Every graph built is a new
graph with blank nodes of its own, as a parse gives: changing one changes no other.

>>> from rdflib import Graph, URIRef
>>> g = Graph().parse(data='<urn:s> <urn:p> [ <urn:q> "1"^^<urn:t> ] .', format="turtle")
>>> h = build(encode(g))
>>> len(h), h.value(h.value(URIRef("urn:s"), URIRef("urn:p")), URIRef("urn:q")).n3()
(2, '"1"^^<urn:t>')
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

from .loading import Source
from .namespaces import bind_prefixes

__all__ = ["FILE", "FORMAT", "KEPT", "build", "encode", "graph_for", "keep", "shapes_key"]

FILE = Path(__file__).with_name("bundled_shapes.json")
#: The layout of an encoded graph; a shipped file in another layout is not used.
FORMAT = "1"
#: How many sets of shapes files parsed in this process are kept.
KEPT = 8

_kept: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


def shapes_key(sources: Sequence[Source]) -> str:
    """The key of the graph parsed from ``sources``: SHA-256 over their named-graph IRIs and
    bytes, in order."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(f"{source.graph_iri}\0{len(source.content)}\0".encode())
        digest.update(source.content)
    return digest.hexdigest()


def encode(graph: Graph, *, canonical: bool = False) -> dict[str, Any]:
    """``graph`` as JSON-ready lists: ``terms`` (an IRI as its text, a blank node as ``None``,
    a literal as ``[lexical form, language, datatype]``), ``triples`` (three term indices per
    triple, flat) and the ``namespaces`` it binds beyond :func:`bind_prefixes`'. Triples come in
    the graph's order, or ``canonical``: with blank nodes canonically labelled, sorted (the same
    lists for the same graph, whatever its blank nodes are called; slow). Terms come in order of
    first use. ``TypeError`` for a term that is none of those (a formula, a variable)."""
    base = set(bind_prefixes(Graph()).namespaces())
    index: dict[Any, int] = {}
    terms: list[Any] = []
    triples: list[int] = []
    ordered = graph.triples((None, None, None))
    if canonical:
        from rdflib.compare import to_canonical_graph

        ordered = sorted(
            to_canonical_graph(graph).triples((None, None, None)),
            key=lambda t: tuple(x.n3() for x in t),
        )
    for triple in ordered:
        for t in triple:
            at = index.get(t)
            if at is None:
                at = index[t] = len(terms)
                terms.append(_term(t))
            triples.append(at)
    namespaces = [[p, str(ns)] for p, ns in graph.namespaces() if (p, ns) not in base]
    return {"namespaces": namespaces, "terms": terms, "triples": triples}


def _term(t: Any) -> Any:
    if isinstance(t, BNode):
        return None
    if isinstance(t, URIRef):
        return str(t)
    if isinstance(t, Literal):
        return [str(t), t.language, None if t.datatype is None else str(t.datatype)]
    raise TypeError(f"not an RDF term of a Turtle graph: {t!r}")


def build(encoded: dict[str, Any]) -> Graph:
    """A new graph holding what :func:`encode` gave, with fresh blank nodes and the literals as
    written (no normalisation)."""
    made: list[Any] = []
    for t in encoded["terms"]:
        if t is None:
            made.append(BNode())
        elif isinstance(t, str):
            made.append(URIRef(t))
        else:
            lexical, language, datatype = t
            made.append(
                Literal(
                    lexical,
                    lang=language,
                    datatype=None if datatype is None else URIRef(datatype),
                    normalize=False,
                )
            )
    graph = bind_prefixes(Graph())
    for prefix, namespace in encoded["namespaces"]:
        graph.bind(prefix, namespace, override=False)
    ids = encoded["triples"]
    graph.addN(
        (made[ids[i]], made[ids[i + 1]], made[ids[i + 2]], graph) for i in range(0, len(ids), 3)
    )
    return graph


@cache
def _shipped() -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(FILE.read_text(encoding="utf-8"))
        graphs = data["graphs"]
        if data["format"] != FORMAT or not isinstance(graphs, dict):
            return {}
        return graphs
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def graph_for(sources: Sequence[Source]) -> Graph | None:
    """The shapes graph of ``sources`` built from its triples, shipped or kept; ``None`` when
    they have not been parsed before (or the shipped copy cannot be read)."""
    key = shapes_key(sources)
    with _lock:
        encoded = _kept.get(key)
    if encoded is None:
        encoded = _shipped().get(key)
    if encoded is None:
        return None
    try:
        return build(encoded)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def keep(sources: Sequence[Source], graph: Graph) -> None:
    """Keep the triples of ``graph``, just parsed from ``sources``, for the next
    :func:`graph_for` (the oldest of more than :data:`KEPT` goes)."""
    try:
        encoded = encode(graph)
    except TypeError:
        return
    key = shapes_key(sources)
    with _lock:
        _kept.pop(key, None)
        _kept[key] = encoded
        while len(_kept) > KEPT:
            del _kept[next(iter(_kept))]
