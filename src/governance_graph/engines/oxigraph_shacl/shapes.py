"""A SHACL shapes graph read into a small model: shapes, their targets and their constraints.

The shapes graph is small, so it is read with rdflib. Every shape is a :class:`Shape`; a
constraint is one (component, parameters) pair: ``sh:class`` with two values gives two
constraints, ``sh:pattern`` takes its ``sh:flags`` along, ``sh:qualifiedValueShape`` its counts.
A shape is asked for some forty parameters, most of which it does not have, so the model reads
each node's predicates and objects from the graph once (:meth:`ShapesModel.objects`) rather
than asking the graph forty times.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

__all__ = ["Constraint", "SHACLError", "Shape", "ShapesModel"]


class SHACLError(ValueError):
    """The shapes graph is ill-formed, or a SPARQL query in it is not allowed by SHACL."""


#: Core parameter → constraint component; each value of the parameter is one constraint.
SIMPLE_PARAMETERS: dict[URIRef, URIRef] = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.property: SH.PropertyConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}

#: Parameters that are read together with another one (not constraints of their own).
COMPANION_PARAMETERS = {
    SH.flags,
    SH.ignoredProperties,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
}

SHAPE_REFERENCES = (SH.node, SH["not"], SH.property, SH.qualifiedValueShape)
SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)

#: Components whose value is a shape, and those whose value is a list of shapes.
_NAMES_SHAPE = frozenset(
    {
        SH.NodeConstraintComponent,
        SH.NotConstraintComponent,
        SH.PropertyConstraintComponent,
        SH.QualifiedMinCountConstraintComponent,
        SH.QualifiedMaxCountConstraintComponent,
    }
)
_NAMES_SHAPES = frozenset(
    {SH.AndConstraintComponent, SH.OrConstraintComponent, SH.XoneConstraintComponent}
)
_QUALIFIED = (SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint)


@dataclass(frozen=True)
class Constraint:
    """One constraint of a shape: the component, its main value and companion parameters."""

    component: URIRef
    value: Node
    extra: tuple[tuple[URIRef, Node], ...] = ()

    def get(self, parameter: URIRef) -> Node | None:
        return next((v for p, v in self.extra if p == parameter), None)


@dataclass
class Shape:
    node: Node
    is_property: bool
    path: Node | None
    severity: URIRef
    deactivated: bool
    messages: tuple[Literal, ...]
    constraints: list[Constraint] = field(default_factory=list)
    target_classes: list[Node] = field(default_factory=list)
    target_nodes: list[Node] = field(default_factory=list)
    target_subjects_of: list[Node] = field(default_factory=list)
    target_objects_of: list[Node] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        return bool(
            self.target_classes
            or self.target_nodes
            or self.target_subjects_of
            or self.target_objects_of
        )


class ShapesModel:
    """Every shape of a shapes graph, read once; nested shapes are read on first use."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        self._facts: dict[Node, dict[Node, list[Node]]] = {}
        self._classes: set[Node] | None = None
        self._lists: dict[Node, list[Node]] = {}
        self._reading = threading.RLock()
        self.components = _custom_components(graph)
        for node in sorted(self._shape_nodes(), key=str):
            self.shape(node)

    def _shape_nodes(self) -> set[Node]:
        g = self.graph
        nodes: set[Node] = set()
        for kind in (SH.NodeShape, SH.PropertyShape):
            for k in g.transitive_subjects(RDFS.subClassOf, kind):
                nodes.update(g.subjects(RDF.type, k))
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            nodes.update(g.subjects(p, None))
        return nodes

    @property
    def shapes(self) -> list[Shape]:
        return list(self._shapes.values())

    def targeted(self) -> list[Shape]:
        """Shapes with targets, in a stable order."""
        return [s for s in self._shapes.values() if s.has_targets]

    def objects(self, node: Node, predicate: Node) -> list[Node]:
        """The objects of ``node predicate ?o`` in the order ``graph.objects`` gives them."""
        return self._facts_of(node).get(predicate, [])

    def _facts_of(self, node: Node) -> dict[Node, list[Node]]:
        facts = self._facts.get(node)
        if facts is None:
            facts = {}
            for p, o in self.graph.predicate_objects(node):
                facts.setdefault(p, []).append(o)
            self._facts[node] = facts
        return facts

    def value(self, node: Node, predicate: Node) -> Node | None:
        """``graph.value(node, predicate)``: the one object, or the graph's pick of several."""
        values = self.objects(node, predicate)
        if len(values) > 1:
            return self.graph.value(node, predicate)
        return values[0] if values else None

    def shape(self, node: Node) -> Shape:
        # Shapes are evaluated side by side: one thread reads a shape (and the shapes it
        # names) while the others wait, so none sees a shape whose constraints are half read.
        with self._reading:
            if node in self._shapes:
                return self._shapes[node]
            return self._read(node)

    def _read(self, node: Node) -> Shape:
        objects = self.objects
        paths = objects(node, SH.path)
        if len(paths) > 1:
            raise SHACLError(f"shape {node} has more than one sh:path")
        severity = self.value(node, SH.severity) or SH.Violation
        deactivated = any(
            isinstance(v, Literal)
            and v.datatype == URIRef("http://www.w3.org/2001/XMLSchema#boolean")
            and str(v) in ("true", "1")
            for v in objects(node, SH.deactivated)
        )
        shape = Shape(
            node=node,
            is_property=bool(paths),
            path=paths[0] if paths else None,
            severity=severity,  # type: ignore[arg-type]
            deactivated=deactivated,
            messages=tuple(m for m in objects(node, SH.message) if isinstance(m, Literal)),
            target_classes=sorted(objects(node, SH.targetClass), key=str),
            target_nodes=sorted(objects(node, SH.targetNode), key=str),
            target_subjects_of=sorted(objects(node, SH.targetSubjectsOf), key=str),
            target_objects_of=sorted(objects(node, SH.targetObjectsOf), key=str),
        )
        if isinstance(node, (URIRef, BNode)) and self._is_class(node):
            shape.target_classes.append(node)  # implicit class target
        self._shapes[node] = shape
        self._read_constraints(shape)
        return shape

    def _read_constraints(self, shape: Shape) -> None:
        objects, value_of = self.objects, self.value
        node = shape.node
        facts = self._facts_of(node)
        for parameter, component in SIMPLE_PARAMETERS.items():
            given = facts.get(parameter)
            if not given:
                continue
            for value in sorted(given, key=str):
                extra: tuple[tuple[URIRef, Node], ...] = ()
                if parameter == SH.pattern:
                    flags = value_of(node, SH.flags)
                    extra = ((SH.flags, flags),) if flags is not None else ()
                shape.constraints.append(Constraint(component, value, extra))
        closed = value_of(node, SH.closed)
        if isinstance(closed, Literal) and closed.toPython() is True:
            ignored = value_of(node, SH.ignoredProperties)
            shape.constraints.append(
                Constraint(
                    SH.ClosedConstraintComponent,
                    closed,
                    ((SH.ignoredProperties, ignored),) if ignored is not None else (),
                )
            )
        for qvs in sorted(objects(node, SH.qualifiedValueShape), key=str):
            extra_q = tuple((p, v) for p in _QUALIFIED for v in objects(node, p))
            if value_of(node, SH.qualifiedMinCount) is not None:
                shape.constraints.append(
                    Constraint(SH.QualifiedMinCountConstraintComponent, qvs, extra_q)
                )
            if value_of(node, SH.qualifiedMaxCount) is not None:
                shape.constraints.append(
                    Constraint(SH.QualifiedMaxCountConstraintComponent, qvs, extra_q)
                )
        for component in self.components:
            bindings = component.bind(objects, node)
            if bindings is not None:
                shape.constraints.append(
                    Constraint(component.node, component.node, bindings)  # type: ignore[arg-type]
                )
        # read nested shapes now, so that errors in them surface early
        for c in shape.constraints:
            if c.component in _NAMES_SHAPE:
                self.shape(c.value)
            elif c.component in _NAMES_SHAPES:
                for member in self.items(c.value):
                    self.shape(member)

    def items(self, head: Node) -> list[Node]:
        """The members of the RDF list ``head`` (read from the graph once)."""
        if head == RDF.nil:
            return []
        found = self._lists.get(head)
        if found is None:
            if (head, RDF.first, None) not in self.graph:
                raise SHACLError(f"not an RDF list: {head}")
            found = self._lists[head] = list(Collection(self.graph, head))
        return list(found)

    def parents(self, shape_node: Node) -> list[Node]:
        """Shapes that hold ``shape_node`` with ``sh:property``."""
        return list(self.graph.subjects(SH.property, shape_node))

    def _is_class(self, node: Node) -> bool:
        g = self.graph
        types = set(self.objects(node, RDF.type))
        if not types & {SH.NodeShape, SH.PropertyShape} and not any(
            (t, RDFS.subClassOf, None) in g for t in types
        ):
            return False
        if self._classes is None:
            self._classes = {RDFS.Class, OWL.Class} | set(
                g.transitive_subjects(RDFS.subClassOf, RDFS.Class)
            )
        return bool(types & self._classes)


@dataclass(frozen=True)
class CustomComponent:
    """A SPARQL-based constraint component (``sh:ConstraintComponent`` with ``sh:parameter``)."""

    node: Node
    parameters: tuple[tuple[URIRef, bool], ...]  # (path, optional)

    def bind(
        self, objects: Callable[[Node, Node], list[Node]], shape: Node
    ) -> tuple[tuple[URIRef, Node], ...] | None:
        """The parameters ``shape`` gives this component (``objects(shape, path)`` reads them),
        or None when it does not use the component."""
        bound = []
        for path, optional in self.parameters:
            values = objects(shape, path)
            if not values:
                if optional:
                    continue
                return None
            if len(values) > 1:
                return None  # several values: not supported natively (fallback decides)
            bound.append((path, values[0]))
        return tuple(bound) if bound else None


def _custom_components(g: Graph) -> list[CustomComponent]:
    found = []
    kinds = set(g.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent))
    for node in sorted({n for k in kinds for n in g.subjects(RDF.type, k)}, key=str):
        params = []
        for p in g.objects(node, SH.parameter):
            path = g.value(p, SH.path)
            optional = g.value(p, SH.optional)
            if isinstance(path, URIRef):
                params.append((path, isinstance(optional, Literal) and optional.toPython() is True))
        if params:
            found.append(CustomComponent(node, tuple(sorted(params))))
    return found
