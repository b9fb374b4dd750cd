"""The W3C SHACL test suite (``<shared>/w3c-shacl-tests``), read in place.

Reports are compared as SOURCES.md says: ``sh:conforms`` equal, and the results equal as sets of
(focus node, result path, value, severity, source constraint component, source shape), blank
nodes left out, messages ignored. A test whose ``mf:result`` is ``sht:Failure`` passes when the
validator refuses the shapes (raises).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from governance_graph.validation_report import render_path
from tests.helpers.paths import shared_dir

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


def suite_root() -> Path:
    return shared_dir() / "w3c-shacl-tests"


def _local(node) -> Path:
    return Path(str(node).removeprefix("file://"))


def tests() -> list[tuple[str, Path, URIRef]]:
    """Every ``sht:Validate`` entry reachable by ``mf:include`` from the top manifest."""
    root = suite_root()
    top = root / "manifest.ttl"
    if not top.is_file():
        return []
    pending, seen, found = [top], set(), []
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        g = Graph().parse(path, format="turtle")
        pending.extend(_local(i) for i in g.objects(None, URIRef(MF + "include")))
        for entries in g.objects(None, URIRef(MF + "entries")):
            for entry in g.items(entries):
                if (entry, RDF.type, URIRef(SHT + "Validate")) in g:
                    rel = path.parent.relative_to(root).as_posix()
                    found.append((f"{rel}/{str(entry).rsplit('/', 1)[-1]}", path, entry))
    return sorted(found)


def _term(node):
    if node is None:
        return None
    return "_:" if isinstance(node, BNode) else node


def result_key(graph: Graph, result) -> tuple:
    path = graph.value(result, SH.resultPath)
    return (
        _term(graph.value(result, SH.focusNode)),
        render_path(graph, path) if path is not None else None,
        _term(graph.value(result, SH.value)),
        graph.value(result, SH.resultSeverity),
        graph.value(result, SH.sourceConstraintComponent),
        _term(graph.value(result, SH.sourceShape)),
    )


def report_results(graph: Graph) -> list:
    return [
        r
        for top in graph.subjects(RDF.type, SH.ValidationReport)
        for r in graph.objects(top, SH.result)
    ]


@dataclass(frozen=True)
class Case:
    """One ``sht:Validate`` test: its data and shapes files, and the expected outcome (the
    manifest graph ``manifest`` and its ``mf:result`` node ``expected``)."""

    data: Path
    shapes: Path
    manifest: Graph
    expected: Node

    @property
    def must_fail(self) -> bool:
        """``mf:result sht:Failure``: the validator must refuse the shapes."""
        return self.expected == URIRef(SHT + "Failure")


def load_case(manifest: Path, entry: URIRef) -> Case:
    g = Graph().parse(manifest, format="turtle")
    action = g.value(entry, URIRef(MF + "action"))
    return Case(
        data=_local(g.value(action, URIRef(SHT + "dataGraph"))),
        shapes=_local(g.value(action, URIRef(SHT + "shapesGraph"))),
        manifest=g,
        expected=g.value(entry, URIRef(MF + "result")),
    )


def compare(case: Case, conforms: bool, report: Graph) -> tuple[bool, str]:
    """(passed, explanation): ``conforms`` and the results of the ``report`` graph against the
    expected report, as the module docstring says."""
    g = case.manifest
    want_conforms = bool(g.value(case.expected, SH.conforms).toPython())
    want = sorted(map(repr, {result_key(g, r) for r in g.objects(case.expected, SH.result)}))
    got = sorted(map(repr, {result_key(report, r) for r in report_results(report)}))
    if conforms != want_conforms or want != got:
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        return False, (f"conforms {conforms} (want {want_conforms}); "
                       f"missing {missing}; extra {extra}")
    return True, ""


@contextmanager
def literals_as_written() -> Iterator[None]:
    """rdflib's literal normalisation off, so that ``"1"^^xsd:boolean`` or
    ``"none"^^xsd:boolean`` stay as the test wrote them (with it on, rdflib rewrites them to
    ``true``/``false`` before any validator runs)."""
    import rdflib.term

    saved = rdflib.term._NORMALIZE_LITERALS if hasattr(rdflib.term, "_NORMALIZE_LITERALS") else None
    rdflib.NORMALIZE_LITERALS = False
    if saved is not None:
        rdflib.term._NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = True
        if saved is not None:
            rdflib.term._NORMALIZE_LITERALS = saved


def run(
    manifest: Path, entry: URIRef, validate: Callable[[Graph, Graph], object]
) -> tuple[bool, str]:
    """(passed, explanation) for one test; ``validate(data, shapes)`` returns a report with
    ``.conforms`` and ``.graph`` (SHACL's ``sh:conforms``: warnings count).

    The test graphs are parsed with rdflib's literal normalisation off
    (:func:`literals_as_written`)."""
    with literals_as_written():
        return _run(load_case(manifest, entry), validate)


def _run(case: Case, validate) -> tuple[bool, str]:
    data = Graph().parse(case.data, format="turtle")
    shapes = Graph().parse(case.shapes, format="turtle")
    if case.must_fail:
        try:
            validate(data, shapes)
        except Exception as err:
            return True, f"refused: {err}"
        return False, "expected a failure, got a report"
    try:
        report = validate(data, shapes)
    except Exception as err:
        return False, f"{type(err).__name__}: {err}"
    return compare(case, report.conforms, report.graph)  # type: ignore[attr-defined]
