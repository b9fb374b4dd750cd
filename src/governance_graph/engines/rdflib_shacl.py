"""The rdflib engine's validation: pyshacl over the asserted graph.

What is validated, and why: the **asserted** graph (ontology + data, as loaded), with pyshacl's
``inference="none"`` and no ``ont_graph``.

* Not an inferred graph: RDFS/OWL range and domain rules add exactly the ``rdf:type`` that
  ``sh:class`` tests, so on an inferred graph ``sh:class`` can never fail.
* Still subclass-aware: the ontology files are part of the asserted graph, and SHACL's
  ``sh:class`` and ``sh:targetClass`` follow ``rdf:type/rdfs:subClassOf*`` *in the data graph*,
  so an instance of ``gg:RESOC`` is a target of a shape on ``org:Organization``, and a
  ``gg:Chair`` value satisfies ``sh:class org:Post``. (``owl:equivalentClass`` is not followed.)
* ``ont_graph`` would only clone the data graph to mix in an ontology it already contains, and
  ``inference="rdfs"`` would bring back the trap above.
* ``conforms`` is SHACL's (:mod:`governance_graph.validation_report`): pyshacl runs with
  ``allow_warnings`` and ``allow_infos`` off, and the report says so whatever it does.
* ``advanced=False``: SHACL-AF rules would write into the graph being validated.

Validate the closure instead (``inferred=True`` in the engine) only for shapes that need
entailments, with that trap in mind.

>>> from rdflib import Graph
>>> data = Graph().parse(data='<urn:x> a <urn:C> .', format="turtle")
>>> shapes = Graph().parse(data='''
...   @prefix sh: <http://www.w3.org/ns/shacl#> .
...   <urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ;
...     sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .''', format="turtle")
>>> report = validate(data, shapes)
>>> report.conforms, len(report.results)
(False, 1)
>>> print(report.text().splitlines()[0])
Does not conform: 1 violation
"""

from __future__ import annotations

import logging

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from ..errors import ValidationError
from ..namespaces import bind_prefixes
from ..validation_report import (
    ValidationReport,
    ValidationResult,
    node_shape,
    render_path,
    result_order,
)

__all__ = ["validate"]


def validate(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate ``data`` (a Graph, or a Dataset as its union) against ``shapes``.

    See the module docstring for the options chosen. Broken shapes are a ``ValidationError``.
    """
    import pyshacl  # heavy: import only when validating

    logging.getLogger("pyshacl").setLevel(logging.ERROR)
    try:
        _conforms, report_graph, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_infos=False,  # sh:conforms as SHACL defines it: any result makes it false
            allow_warnings=False,
            advanced=False,
            meta_shacl=False,
            debug=False,
        )
    except Exception as err:  # pyshacl's ConstraintLoadError, ReportableRuntimeError, …
        raise ValidationError(f"cannot validate: {type(err).__name__}: {err}") from err
    bind_prefixes(report_graph)
    results = tuple(_results(report_graph, shapes))
    # pyshacl already says this with allow_infos/allow_warnings off; the object and the graph
    # must say the same whatever it does.
    for report in list(report_graph.subjects(RDF.type, SH.ValidationReport)):
        report_graph.set((report, SH.conforms, Literal(not results)))
    return ValidationReport(not results, results, report_graph)


def _results(report: Graph, shapes: Graph) -> list[ValidationResult]:
    results = []
    # Only the report's own sh:result entries: pyshacl also hangs the nested results of sh:node
    # failures under sh:detail, which would list one failure twice.
    top_level = {
        n
        for r in report.subjects(RDF.type, SH.ValidationReport)
        for n in report.objects(r, SH.result)
    }
    for node in top_level:
        messages = sorted({str(m) for m in report.objects(node, SH.resultMessage)})
        path = report.value(node, SH.resultPath)
        shape = report.value(node, SH.sourceShape)
        results.append(
            ValidationResult(
                focus_node=report.value(node, SH.focusNode),
                path=render_path(report, path) if path is not None else None,
                value=report.value(node, SH.value),
                source_shape=shape,
                constraint_component=report.value(node, SH.sourceConstraintComponent),
                severity=report.value(node, SH.resultSeverity) or SH.Violation,
                message="; ".join(messages),
                node_shape=node_shape(shapes, shape),
            )
        )
    results.sort(key=result_order)
    return results
