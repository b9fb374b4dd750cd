"""The oxigraph engine's validation: SHACL Core and SHACL-SPARQL as SPARQL over a pyoxigraph
store.

The same results as pyshacl (:mod:`governance_graph.engines.rdflib_shacl`), as the same types
(:class:`~governance_graph.validation_report.ValidationReport` of
:class:`~governance_graph.validation_report.ValidationResult`), in seconds on a million triples:
each shape becomes a few SPARQL queries batched over all its focus nodes. A shape the fast path
cannot express falls back to pyshacl, for that shape only; the report's ``fallbacks`` lists
those shapes with the reason, and a warning is logged. See ``docs/shacl.md``.

>>> from rdflib import Graph
>>> data = Graph().parse(data='<urn:x> a <urn:C> .', format="turtle")
>>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
...   <urn:S> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .''',
...   format="turtle")
>>> report = validate_graph(data, shapes)
>>> report.conforms, len(report.results), report.fallbacks
(False, 1, ())
>>> report.results[0].constraint_component.n3()
'<http://www.w3.org/ns/shacl#MinCountConstraintComponent>'
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ...errors import ValidationError
from ...validation_report import ValidationReport
from ..oxigraph_terms import to_ox, to_rdflib
from .as_written import canonical_map, restore_declared, target_node_literals
from .components import COLLAPSED, DECLARED_GRAPH, DECLARED_PREFIX
from .fallback import pyshacl_results
from .profile import PROFILE
from .report import build_report
from .shapes import SHACLError, ShapesModel
from .side_by_side import evaluate_targeted
from .validator import Validator

__all__ = [
    "COLLAPSED_DATATYPES",
    "DECLARED_GRAPH",
    "FastValidationReport",
    "declared_datatype_quads",
    "validate_graph",
    "validate_store",
]

log = logging.getLogger(__name__)

#: The datatypes Oxigraph stores as ``xsd:integer`` (IRIs as text).
COLLAPSED_DATATYPES = frozenset(str(d) for d in COLLAPSED)
#: The named graph (or, in a shared store, the prefix of the graph) holding the shapes.
_SHAPES_GRAPH = "urn:x-governance-graph:shapes-graph"


@dataclass(frozen=True)
class FastValidationReport(ValidationReport):
    """A :class:`ValidationReport` that also says which shapes fell back to pyshacl and why."""

    fallbacks: tuple[tuple[Node, str], ...] = ()


GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph | str | URIRef


def _graph_name(name) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    if isinstance(name, (ox.NamedNode, ox.BlankNode, ox.DefaultGraph)):
        return name
    return ox.NamedNode(str(name))


def validate_store(
    store: ox.Store,
    shapes: Graph,
    *,
    data_graph_name: GraphName | Sequence[GraphName] | None = None,
    _bnodes: dict | None = None,
    _literals: dict | None = None,
    _shapes_graph: str | None = None,
    _data: Graph | None = None,
) -> FastValidationReport:
    """Validate the data in ``store`` against the SHACL ``shapes``.

    ``data_graph_name``: the graph holding the data: ``None`` for the store's default graph, a
    graph name, a list of names (validated as their union), or ``"*"`` for the union of every
    graph of the store. ``conforms`` is SHACL's (no result of any severity); whether warnings
    are acceptable is the caller's choice (``report.passes(allow_warnings=True)``). Ill-formed
    shapes and SPARQL queries SHACL forbids raise
    :class:`~governance_graph.errors.ValidationError`.

    Shapes whose SPARQL names ``$shapesGraph`` need the shapes in the store: they are added as
    a named graph of their own for the time of the validation, and removed after. Not when the
    data is ``"*"`` (every graph of the store, which would then hold the shapes too): such shapes
    then go to the pyshacl fallback, which does not support ``$shapesGraph`` either.
    """
    temporary = None
    if _shapes_graph is None and data_graph_name != "*" and _names_shapes_graph(shapes):
        temporary = f"{_SHAPES_GRAPH}:{uuid.uuid4().hex}"
        store.extend(_shape_quads(shapes, {}, temporary))
    try:
        return _validate_store(
            store,
            shapes,
            data_graph_name=data_graph_name,
            _bnodes=_bnodes,
            _literals=_literals,
            _shapes_graph=_shapes_graph or temporary,
            _data=_data,
        )
    finally:
        if temporary is not None:
            store.remove_graph(ox.NamedNode(temporary))


def _names_shapes_graph(shapes: Graph) -> bool:
    return any(
        isinstance(o, Literal) and "shapesgraph" in str(o).lower()
        for o in shapes.objects(None, None)
    )


def _shape_quads(shapes: Graph, bnodes: dict, name: str) -> list[ox.Quad]:
    quads = []
    for s, p, o in shapes.triples((None, None, None)):
        try:
            quads.append(
                ox.Quad(
                    to_ox(s, bnodes),
                    to_ox(p, bnodes),
                    to_ox(o, bnodes),
                    ox.NamedNode(name),
                )
            )
        except (TypeError, ValueError):
            continue
    return quads


def _validate_store(
    store: ox.Store,
    shapes: Graph,
    *,
    data_graph_name,
    _bnodes: dict | None,
    _literals: dict | None,
    _shapes_graph: str | None,
    _data: Graph | None,
) -> FastValidationReport:
    options: dict = {}
    if data_graph_name == "*":
        options["use_default_graph_as_union"] = True
    elif data_graph_name is not None:
        names = data_graph_name if isinstance(data_graph_name, (list, tuple)) else [data_graph_name]
        options["default_graph"] = [_graph_name(n) for n in names]
    try:
        model = ShapesModel(shapes)
    except SHACLError as err:
        raise ValidationError(f"cannot validate: {err}") from err
    # focus nodes from sh:targetNode are the shapes graph's literals, not the store's forms
    literals = {**target_node_literals(shapes), **(_literals or {})}

    def validator() -> Validator:
        return Validator(
            store,
            model,
            query_options=options,
            bnodes=_bnodes,
            literals=literals,
            shapes_graph=_shapes_graph,
        )

    try:
        raws, fallbacks, stats = evaluate_targeted(model, validator)
    except SHACLError as err:
        raise ValidationError(f"cannot validate: {err}") from err
    if fallbacks:
        for node, reason in fallbacks:
            log.warning("SHACL shape %s runs on pyshacl (fallback): %s", node, reason)
        data = _data if _data is not None else _store_graph(store, options)
        paths = {s.node: s.path for s in model.shapes}
        try:
            raws.extend(
                pyshacl_results(
                    data,
                    shapes,
                    {n for n, _ in fallbacks},
                    [s.node for s in model.targeted()],
                    paths,
                )
            )
        except Exception as err:  # pyshacl's own errors
            raise ValidationError(f"cannot validate: {type(err).__name__}: {err}") from err
    if _literals is None:  # the data is only in the store: restore its declared datatypes
        raws = restore_declared(store, raws)
    report = build_report(raws, shapes)
    if PROFILE:
        stats.report()
    return FastValidationReport(report.conforms, report.results, report.graph, tuple(fallbacks))


def _store_graph(store: ox.Store, options: dict) -> Graph:
    graph = Graph()
    for t in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", **options):
        graph.add(tuple(to_rdflib(x, normalize=False) for x in (t.subject, t.predicate, t.object)))
    return graph


def declared_datatype_quads(quads) -> list[ox.Quad]:
    """For a loader: the quads of :data:`DECLARED_GRAPH` that record the declared datatype of
    the literals Oxigraph stores as ``xsd:integer`` (``xsd:positiveInteger``, ``xsd:byte``…), so
    that ``sh:datatype`` can still tell ``"16"^^xsd:positiveInteger`` from a bare ``16``.

    Give it the quads as parsed (``pyoxigraph.parse``), not as read back from a store: the
    store has already turned them into ``xsd:integer``."""
    graph = ox.NamedNode(DECLARED_GRAPH)
    out = []
    for q in quads:
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype.value in COLLAPSED_DATATYPES:
            side = ox.Literal(o.value, datatype=ox.NamedNode(DECLARED_PREFIX + o.datatype.value))
            out.append(ox.Quad(q.subject, q.predicate, side, graph))
    return out


def validate_graph(data: Graph, shapes: Graph) -> FastValidationReport:
    """Validate an rdflib graph (a Dataset: its union) through a temporary pyoxigraph store.

    Results name the rdflib graph's own blank nodes and literals (Oxigraph keeps literals in
    canonical form: ``"4.0"^^xsd:decimal`` is read back as the data wrote it). The shapes graph
    is loaded too, as a named graph, for ``$shapesGraph``.
    """
    store = ox.Store()
    bnodes: dict = {}
    quads = []
    originals: dict = {}
    for s, p, o in data.triples((None, None, None)):
        try:
            quad = ox.Quad(to_ox(s, bnodes), to_ox(p, bnodes), to_ox(o, bnodes))
        except (TypeError, ValueError):
            continue  # generalised RDF (literal subjects…) cannot go into the store
        quads.append(quad)
        if isinstance(o, Literal) and o.datatype is not None and o.datatype != XSD.string:
            originals.setdefault(quad.object, o)
    store.extend(quads)
    store.extend(declared_datatype_quads(quads))
    literals = canonical_map(originals)
    shapes_name = _SHAPES_GRAPH
    store.extend(_shape_quads(shapes, bnodes, shapes_name))
    back = {v: k for k, v in bnodes.items()}
    return validate_store(
        store, shapes, _bnodes=back, _data=data, _literals=literals, _shapes_graph=shapes_name
    )
