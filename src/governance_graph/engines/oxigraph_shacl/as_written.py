"""Results that name the terms the data and the shapes wrote, where the store rewrote them.

Oxigraph keeps a literal in canonical form (``4.0`` is read back as ``"4"^^xsd:decimal``) and
stores the derived integer types as ``xsd:integer`` (``"300"^^xsd:byte`` is read back as
``300``). A SHACL result must name the data's own term, so:

* focus nodes given by ``sh:targetNode`` are the shapes graph's literals
  (:func:`target_node_literals`, used as the validator's canonical → original map);
* a value reached by a predicate path whose triple has a declared datatype in
  :data:`~.components.DECLARED_GRAPH` gets that datatype and lexical form back
  (:func:`restore_declared`), when one declared literal matches it.

``validate_graph`` maps every literal of an rdflib data graph back as well (it has the data).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from ..oxigraph_terms import to_rdflib
from .components import DECLARED_GRAPH, DECLARED_PREFIX
from .report import Raw

__all__ = ["canonical_map", "restore_declared", "target_node_literals"]


def target_node_literals(shapes: Graph) -> dict:
    """The store's canonical form → the shapes graph's literal, for the typed literals given
    as ``sh:targetNode`` whose canonical form differs."""
    originals = {}
    for o in shapes.objects(None, SH.targetNode):
        if isinstance(o, Literal) and o.datatype is not None and o.datatype != XSD.string:
            originals[ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype)))] = o
    return canonical_map(originals)


def canonical_map(originals: dict) -> dict:
    """``{pyoxigraph literal as written: rdflib literal}`` → ``{the store's canonical form: rdflib
    literal}``, keeping only those the store rewrites (the first original wins)."""
    if not originals:
        return {}
    scratch = ox.Store()
    keys = list(originals)
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:i:{i}"), ox.NamedNode("urn:v"), k) for i, k in enumerate(keys)
    )
    out: dict = {}
    exact = set()
    for q in scratch:
        original = originals[keys[int(q.subject.value[6:])]]
        if to_rdflib(q.object, normalize=False) == original:
            exact.add(q.object)  # the data also wrote the canonical form: keep it
        out.setdefault(q.object, original)
    return {k: v for k, v in out.items() if k not in exact and to_rdflib(k, normalize=False) != v}


def restore_declared(store: ox.Store, raws: list[Raw]) -> list[Raw]:
    """``raws`` with each ``xsd:integer`` value of a predicate path given its declared datatype
    and lexical form back, when exactly one declared literal of that triple matches it."""
    graph = ox.NamedNode(DECLARED_GRAPH)
    if next(iter(store.quads_for_pattern(None, None, None, graph)), None) is None:
        return raws
    out = []
    for raw in raws:
        value = raw.value
        if (
            isinstance(value, Literal)
            and value.datatype == XSD.integer
            and isinstance(raw.path, URIRef)
            and isinstance(raw.focus, (URIRef, BNode))
        ):
            subject = (
                ox.NamedNode(str(raw.focus))
                if isinstance(raw.focus, URIRef)
                else ox.BlankNode(str(raw.focus))
            )
            found = {
                Literal(
                    q.object.value,
                    normalize=False,
                    datatype=URIRef(q.object.datatype.value.removeprefix(DECLARED_PREFIX)),
                )
                for q in store.quads_for_pattern(subject, ox.NamedNode(str(raw.path)), None, graph)
                if _same_integer(q.object.value, str(value))
            }
            if len(found) == 1:
                raw = Raw(
                    raw.focus,
                    found.pop(),
                    raw.path,
                    raw.shape,
                    raw.component,
                    raw.severity,
                    raw.messages,
                    raw.source_constraint,
                    raw.details,
                )
        out.append(raw)
    return out


def _same_integer(a: str, b: str) -> bool:
    try:
        return int(a) == int(b)
    except ValueError:
        return False
