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

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ...namespaces import bind_prefixes, compact
from ...validation_report import (
    ValidationReport,
    ValidationResult,
    node_shape,
    render_path,
    result_order,
)

__all__ = ["Raw", "build_report", "generic_message"]


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
                node_shape=node_shape(shapes, raw.shape),
            )
        )
    results.sort(key=result_order)
    return ValidationReport(conforms, tuple(results), graph)


_GENERIC = {
    SH.ClassConstraintComponent: "Value does not have class {v}",
    SH.DatatypeConstraintComponent: "Value is not Literal with datatype {v}",
    SH.NodeKindConstraintComponent: "Value is not of Node Kind {v}",
    SH.MinCountConstraintComponent: "Less than {v} values",
    SH.MaxCountConstraintComponent: "More than {v} values",
    SH.MinExclusiveConstraintComponent: "Value is not > {v}",
    SH.MinInclusiveConstraintComponent: "Value is not >= {v}",
    SH.MaxExclusiveConstraintComponent: "Value is not < {v}",
    SH.MaxInclusiveConstraintComponent: "Value is not <= {v}",
    SH.MinLengthConstraintComponent: "String length not >= {v}",
    SH.MaxLengthConstraintComponent: "String length not <= {v}",
    SH.PatternConstraintComponent: "Value does not match pattern '{v}'",
    SH.LanguageInConstraintComponent: "String language is not in the allowed languages",
    SH.UniqueLangConstraintComponent: "More than one String shares the same Language",
    SH.EqualsConstraintComponent: "Value is not equal to the values of {v}",
    SH.DisjointConstraintComponent: "Value is also a value of {v}",
    SH.LessThanConstraintComponent: "Value is not < the values of {v}",
    SH.LessThanOrEqualsConstraintComponent: "Value is not <= the values of {v}",
    SH.NotConstraintComponent: "Value conforms to shape {v}",
    SH.AndConstraintComponent: "Value does not conform to every shape of the sh:and list",
    SH.OrConstraintComponent: "Value does not conform to any shape of the sh:or list",
    SH.XoneConstraintComponent: "Value does not conform to exactly one shape of the sh:xone list",
    SH.NodeConstraintComponent: "Value does not conform to Shape {v}",
    SH.HasValueConstraintComponent: "Value {v} is missing",
    SH.InConstraintComponent: "Value is not in the list of allowed values",
    SH.ClosedConstraintComponent: "Node is closed: the property is not allowed",
    SH.QualifiedMinCountConstraintComponent: "Too few values conform to shape {v}",
    SH.QualifiedMaxCountConstraintComponent: "Too many values conform to shape {v}",
}


def generic_message(component: Node, value: Node) -> str:
    """The message of a result whose shape has no ``sh:message``: pyshacl's wording."""
    template = _GENERIC.get(component, "Constraint {c} violated")  # type: ignore[call-overload]
    try:
        v = compact(value)
    except Exception:
        v = str(value)
    return template.format(v=v, c=component)
