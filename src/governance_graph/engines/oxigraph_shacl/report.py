"""Validation results of the fast path as the project's ``ValidationResult``/``ValidationReport``.

The report graph has the shape pyshacl gives: one ``sh:ValidationReport`` with ``sh:conforms``
and a ``sh:result`` per result; a blank source shape and a blank result path are copied from the
shapes graph under the same blank node, so readers find ``sh:node`` or ``sh:inversePath`` there.
Messages follow pyshacl: the shape's ``sh:message`` values, then those of the SPARQL constraint,
with ``{?var}``/``{$var}`` replaced by the solution's bindings; a shape without messages gets a
generic one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from ..namespaces import bind_prefixes, compact
from ..validation import ValidationReport, ValidationResult, render_path

__all__ = ["Raw", "build_report", "to_rdflib"]

_SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


def to_rdflib(t, bnodes: dict | None = None) -> Node:
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals become plain literals).

    Literals keep the lexical form the store gives (rdflib's normalisation off): an ill-formed
    ``"none"^^xsd:boolean`` or ``"2011-01-01"^^xsd:dateTime`` in the data stays that term in
    the report, instead of becoming ``false`` or a different date-time."""
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        if bnodes is not None and t in bnodes:
            return bnodes[t]
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        if dt == str(XSD.string):
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(dt), normalize=False)
    raise TypeError(f"unexpected term {t!r}")


@dataclass(frozen=True)
class Raw:
    """One result, in rdflib terms. ``path`` is a path node of the shapes graph (or an IRI)."""

    focus: Node
    value: Node | None
    path: Node | None
    shape: Node
    component: Node
    severity: Node
    messages: tuple[str, ...]
    source_constraint: Node | None = None
    details: tuple = field(default=(), compare=False)


def substitute(message: str, bindings: dict[str, Node]) -> str:
    for var, val in bindings.items():
        message = re.sub(f"{{[?$]{re.escape(var)}}}", lambda _m, v=val: str(v), message)
    return message


def messages_for(
    shape_messages, extra, bindings: dict[str, Node] | None, generic: str
) -> tuple[str, ...]:
    """pyshacl's rule: the shape's messages plus the constraint's, else a generic one."""
    out = [str(m) for m in shape_messages]
    for m in extra:
        if m not in shape_messages and str(m) not in out:
            out.append(str(m))
    if not out:
        out = [generic]
    if bindings:
        out = [substitute(m, bindings) for m in out]
    return tuple(out)


def _owner(shapes: Graph, shape: Node) -> Node:
    if isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape)
        if parent is not None:
            return parent
    return shape


def _copy(shapes: Graph, node: Node, into: Graph, seen: set) -> None:
    """Copy the blank-node closure of ``node`` from the shapes graph into the report."""
    if not isinstance(node, BNode) or node in seen:
        return
    seen.add(node)
    for p, o in shapes.predicate_objects(node):
        into.add((node, p, o))
        _copy(shapes, o, into, seen)


def build_report(raws: list[Raw], shapes: Graph) -> ValidationReport:
    """The report of ``raws`` (duplicates dropped). ``sh:conforms`` is SHACL's: true only when
    there is no result at all, whatever its severity."""
    unique = list(dict.fromkeys(raws))
    graph = bind_prefixes(Graph())
    report = BNode()
    conforms = not unique
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    seen: set = set()
    results = []
    for raw in unique:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, raw.focus))
        graph.add((node, SH.sourceShape, raw.shape))
        graph.add((node, SH.sourceConstraintComponent, raw.component))
        graph.add((node, SH.resultSeverity, raw.severity))
        _copy(shapes, raw.shape, graph, seen)
        if raw.value is not None:
            graph.add((node, SH.value, raw.value))
        if raw.path is not None:
            graph.add((node, SH.resultPath, raw.path))
            _copy(shapes, raw.path, graph, seen)
        if raw.source_constraint is not None:
            graph.add((node, SH.sourceConstraint, raw.source_constraint))
        for m in raw.messages:
            graph.add((node, SH.resultMessage, Literal(m)))
        results.append(
            ValidationResult(
                focus_node=raw.focus,
                path=render_path(shapes, raw.path) if raw.path is not None else None,
                value=raw.value,
                source_shape=raw.shape,
                constraint_component=raw.component,
                severity=raw.severity,
                message="; ".join(sorted(set(raw.messages))),
                node_shape=_owner(shapes, raw.shape),
            )
        )
    results.sort(
        key=lambda r: (
            compact(r.focus_node),
            _SEVERITY_ORDER.get(r.severity, 3),  # type: ignore[call-overload]
            r.path or "",
            r.message,
        )
    )
    return ValidationReport(conforms, tuple(results), graph)
