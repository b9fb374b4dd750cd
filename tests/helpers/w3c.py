"""The W3C SHACL test suite (``<shared>/w3c-shacl-tests``), read in place: its manifests
(:func:`tests`, as pytest parameters :func:`params`, skipped with :data:`requires_suite` where
the suite is absent), one test's files and expected outcome (:func:`load_case`), and the
comparison of a validator's report with it (:func:`run`, :func:`compare`).

Reports are compared as SOURCES.md says: ``sh:conforms`` equal, and the results equal as sets of
(focus node, result path, value, severity, source constraint component, source shape), blank
nodes left out, messages ignored. A test whose ``mf:result`` is ``sht:Failure`` passes when the
validator refuses the shapes (raises).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from governance_graph.validation_report import render_path
from tests.helpers.paths import shared_dir

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


def suite_root() -> Path:
    """Where the suite is: ``w3c-shacl-tests`` in the shared folder."""
    return shared_dir() / "w3c-shacl-tests"


def _local(node) -> Path:
    return Path(str(node).removeprefix("file://"))


def tests(under: str = "") -> list[tuple[str, Path, URIRef]]:
    """Every ``sht:Validate`` entry reachable by ``mf:include`` from the top manifest, as
    (test id, manifest, entry), sorted; with ``under`` (``"core/"``), those whose id starts so.
    The test id is the manifest's folder in the suite and the entry's local name
    (``core/property/datatype-001``). Empty when the suite is absent."""
    return [test for test in _all_tests() if test[0].startswith(under)]


@functools.cache
def _all_tests() -> tuple[tuple[str, Path, URIRef], ...]:
    root = suite_root()
    top = root / "manifest.ttl"
    if not top.is_file():
        return ()
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
    return tuple(sorted(found))


#: Skips a test of the suite where the suite is absent.
requires_suite = pytest.mark.skipif(
    not _all_tests(),
    reason=f"W3C SHACL tests not found under {suite_root()} "
    "(set GOVERNANCE_GRAPH_SHARED to the shared folder)",
)


def params(
    known_failures: Mapping[str, str] | None = None, *, under: str = "", engine: str | None = None
) -> list:
    """The tests of :func:`tests` (``under``) as pytest parameters ``(manifest, entry)`` with the
    test id as id, or with ``engine``, ``(engine, manifest, entry)`` with ids ``engine:test id``.
    A test in ``known_failures`` (test id to reason) is a strict xfail. Where the suite is
    absent, one placeholder parameter ``none`` (for a test under :data:`requires_suite`)."""
    known = known_failures or {}
    first = () if engine is None else (engine,)
    out = []
    for test_id, manifest, entry in tests(under):
        marks = [pytest.mark.xfail(reason=known[test_id], strict=True)] if test_id in known else []
        name = test_id if engine is None else f"{engine}:{test_id}"
        out.append(pytest.param(*first, manifest, entry, marks=marks, id=name))
    if not out:
        out.append(pytest.param(*(first and ("none",)), Path(), URIRef("urn:none"), id="none"))
    return out


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
        return False, (
            f"conforms {conforms} (want {want_conforms}); missing {missing}; extra {extra}"
        )
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
    manifest: Path,
    entry: URIRef,
    validate: Callable[[Graph, Graph], object],
    *,
    as_written: bool = True,
) -> tuple[bool, str]:
    """(passed, explanation) for one test; ``validate(data, shapes)`` returns a report with
    ``.conforms`` and ``.graph`` (SHACL's ``sh:conforms``: warnings count).

    The test graphs are parsed with rdflib's literal normalisation off
    (:func:`literals_as_written`), unless ``as_written`` is false."""
    if not as_written:
        return _run(load_case(manifest, entry), validate)
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
