"""pyoxigraph terms and answers as rdflib's, and back: what the oxigraph engine returns is what
the rdflib engine returns (``xsd:string`` literals become plain literals, as rdflib writes them).

>>> import pyoxigraph as ox
>>> to_rdflib(ox.Literal("x", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")))
rdflib.term.Literal('x')
>>> to_ox(to_rdflib(ox.NamedNode("urn:a")))
<NamedNode value=urn:a>
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Node

__all__ = ["to_ox", "to_rdflib", "to_result"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Any, bnodes: Mapping | None = None, *, normalize: bool = True) -> Node:
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals become plain literals).

    ``bnodes`` maps store blank nodes back to the rdflib ones they were made from (see
    :func:`to_ox`). ``normalize=False`` keeps a literal's lexical form as the store gives it, as
    SHACL reports need: an ill-formed ``"none"^^xsd:boolean`` stays that term instead of
    becoming ``false``."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        if bnodes is not None and term in bnodes:
            return bnodes[term]
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        if normalize:
            return Literal(term.value, datatype=URIRef(datatype))
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"cannot convert {term!r}")


def to_ox(term: Node, bnodes: dict | None = None) -> Any:
    """An rdflib term as a pyoxigraph term.

    With ``bnodes``, each rdflib blank node becomes a fresh store blank node, the same one each
    time (the dict remembers them), rather than one named after the rdflib identifier."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        if bnodes is None:
            return ox.BlankNode(str(term))
        if term not in bnodes:
            bnodes[term] = ox.BlankNode()
        return bnodes[term]
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def to_result(solutions: Any) -> Result:
    """pyoxigraph query results as an rdflib ``Result`` (what ``query_output.render`` takes)."""
    from rdflib.query import Result

    if isinstance(solutions, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(solutions)
        return result
    if isinstance(solutions, ox.QueryTriples):
        from rdflib import Graph

        from ..namespaces import bind_prefixes

        result = Result("CONSTRUCT")
        graph = bind_prefixes(Graph())
        for t in solutions:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        result.graph = graph
        return result
    from rdflib.term import Variable

    result = Result("SELECT")
    names = [v.value for v in solutions.variables]
    result.vars = [Variable(n) for n in names]
    variables = list(zip(names, result.vars, strict=True))
    rows = []
    for solution in solutions:
        row = {}
        for name, var in variables:
            term = solution[name]
            if term is not None:
                row[var] = to_rdflib(term)
        rows.append(row)
    result.bindings = rows
    return result
