"""Per-shape fallback to pyshacl for what the fast path cannot express.

Only the shapes that need it are validated by pyshacl: the other shapes of the shapes graph
lose their targets in a copy (nested references to them still work), so pyshacl reports only
on the shapes handed to it. The data go to pyshacl as an rdflib graph (for a store: its data
graph read into rdflib once, only when some shape falls back).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from .report import Raw

__all__ = ["pyshacl_results"]

log = logging.getLogger(__name__)

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def restricted_shapes(shapes: Graph, keep: set[Node], targeted: Iterable[Node]) -> Graph:
    """A copy of ``shapes`` where only the shapes in ``keep`` have targets."""
    copy = Graph()
    for t in shapes:
        copy.add(t)
    for node in targeted:
        if node in keep:
            continue
        for p in _TARGETS:
            copy.remove((node, p, None))
        for cls in (RDFS.Class, OWL.Class):
            copy.remove((node, RDF.type, cls))
    return copy


def pyshacl_results(
    data: Graph,
    shapes: Graph,
    keep: set[Node],
    targeted: Iterable[Node],
    paths: dict[Node, Node | None],
) -> list[Raw]:
    """Run pyshacl for the shapes in ``keep``; its results as :class:`Raw` (rdflib terms)."""
    import pyshacl

    logging.getLogger("pyshacl").setLevel(logging.ERROR)
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=restricted_shapes(shapes, keep, targeted),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        meta_shacl=False,
        debug=False,
    )
    raws = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        path = report.value(node, SH.resultPath)
        if isinstance(path, BNode):  # pyshacl copied the path: use the shapes graph's node
            path = paths.get(shape, path)
        raws.append(
            Raw(
                focus=report.value(node, SH.focusNode),  # type: ignore[arg-type]
                value=report.value(node, SH.value),
                path=path,
                shape=shape,  # type: ignore[arg-type]
                component=report.value(node, SH.sourceConstraintComponent),  # type: ignore[arg-type]
                severity=report.value(node, SH.resultSeverity) or SH.Violation,
                messages=tuple(sorted(str(m) for m in report.objects(node, SH.resultMessage))),
                source_constraint=report.value(node, SH.sourceConstraint),
            )
        )
    return raws


__all__ += ["URIRef", "restricted_shapes"]
