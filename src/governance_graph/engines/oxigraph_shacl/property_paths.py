"""SHACL property paths (in the shapes graph) as SPARQL 1.1 property paths.

>>> from rdflib import Graph, URIRef
>>> g = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
...   <urn:s> sh:path ( [ sh:inversePath <urn:p> ] [ sh:zeroOrMorePath <urn:q> ] ) .''',
...   format="turtle")
>>> sparql_path(g, g.value(URIRef("urn:s"), URIRef("http://www.w3.org/ns/shacl#path")))
'(^<urn:p>/(<urn:q>)*)'
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

__all__ = ["UnsupportedPath", "predicate_of", "sparql_path"]


class UnsupportedPath(ValueError):
    """A path node that is not a well-formed SHACL property path."""


def sparql_path(graph: Graph, path: Node) -> str:
    """The SPARQL property path of the SHACL path ``path`` (``UnsupportedPath`` if ill-formed)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in graph:
        items = list(Collection(graph, path))
        if len(items) < 2:
            raise UnsupportedPath(f"a sequence path needs two or more members: {path}")
        return "(" + "/".join(sparql_path(graph, p) for p in items) + ")"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{sparql_path(graph, inverse)}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        items = list(Collection(graph, alternatives))
        if len(items) < 2:
            raise UnsupportedPath(f"an alternative path needs two or more members: {path}")
        return "(" + "|".join(sparql_path(graph, p) for p in items) + ")"
    repeats = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))
    for predicate, mark in repeats:
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({sparql_path(graph, inner)}){mark}"
    raise UnsupportedPath(f"not a SHACL property path: {path}")


def predicate_of(path: Node) -> URIRef | None:
    """The predicate of a path that is a single IRI, else ``None``."""
    return path if isinstance(path, URIRef) else None
