"""Periods (W3C Time) through ``governance-graph validate --engine rdflib|oxigraph --data FILE``:
bad data is rejected by both engines, with the same results (an interval that ends before it
begins, two ends, a date that is not a date, an instant with no date, DCAT and Time bounds that
disagree, a membership period that is not an interval), and the good fixture conforms on both.

The fixtures are those of ``tests/fixtures/shapes/`` (``bad/…`` say in ``# expect:`` lines
which shape or SPARQL constraint must report which focus node; ``tests/data/test_shapes.py``
runs them through the Python API on the reference engine).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from tests.helpers.paths import FIXTURES
from tests.helpers.processes import run_script

ENGINES = ("oxigraph", "rdflib")
GGSH = Namespace("https://w3id.org/governance-graph/shapes#")
GGD = Namespace("https://w3id.org/governance-graph/id/")
BAD = [
    FIXTURES / "shapes" / "bad" / name
    for name in (
        "IntervalShape--two-ends-no-source.ttl",
        "interval-begins-before-it-ends--end-before-beginning.ttl",
        "InstantShape--not-a-date.ttl",
        "instant-has-a-date--undated.ttl",
        "period-bounds-agree--dcat-and-time-differ.ttl",
        "MembershipShape--period-not-an-interval.ttl",
    )
]
GOOD = FIXTURES / "shapes" / "good" / "periods.ttl"


def expected(path: Path) -> set[tuple[URIRef, URIRef]]:
    """(shape or constraint, focus node) of each ``# expect:`` line of a bad fixture."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            shape, focus = line.removeprefix("# expect:").split()
            out.add((GGSH[shape.removeprefix("ggsh:")], GGD[focus.removeprefix("ggd:")]))
    return out


def results(report: Path) -> set[tuple]:
    """(focus, component, path, constraint, node shape) of every result. Blank nodes differ
    from one report to the next: a property shape stands for itself by its path, and a path
    that is a blank node (an alternative path) by the paths it lists."""
    g = Graph().parse(report, format="turtle")
    out = set()
    for r in g.subjects(RDF.type, SH.ValidationResult):
        source = g.value(r, SH.sourceShape)
        path = g.value(r, SH.resultPath)
        if isinstance(path, BNode):
            path = tuple(sorted(str(o) for o in _reachable(g, path) if isinstance(o, URIRef)))
        out.add(
            (
                g.value(r, SH.focusNode),
                g.value(r, SH.sourceConstraintComponent),
                path,
                g.value(r, SH.sourceConstraint),
                source if isinstance(source, URIRef) else None,
            )
        )
    return out


def _reachable(g: Graph, node: BNode) -> set:
    seen, todo = set(), [node]
    while todo:
        for _, o in g.predicate_objects(todo.pop()):
            if o not in seen:
                seen.add(o)
                todo.append(o)
    return seen


@pytest.fixture
def validate(script_env: dict[str, str], tmp_path: Path):
    """``validate(engine, data)``: exit status and results of ``governance-graph validate``."""

    def run(engine: str, data: Path) -> tuple[int, set[tuple], str]:
        report = tmp_path / f"{engine}-{data.stem}.ttl"
        proc: subprocess.CompletedProcess[str] = run_script(
            "validate", "--engine", engine, "--data", data, "--report", report, env=script_env
        )
        return proc.returncode, results(report), proc.stdout

    return run


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_periods_are_rejected_by_both_engines_alike(validate, path: Path) -> None:
    want = expected(path)
    assert want
    found = {}
    for engine in ENGINES:
        status, got, text = validate(engine, path)
        assert status == 1, (engine, text)
        assert {r[0] for r in got} == {focus for _, focus in want}, (engine, text)
        for name, focus in want:
            # a SPARQL constraint is named in the report, a node shape in the text
            named = any(r[0] == focus and name in (r[3], r[4]) for r in got)
            assert named or f"[{name.replace(str(GGSH), 'ggsh:')}," in text, (engine, name, text)
        found[engine] = got
    assert found["oxigraph"] == found["rdflib"]


@pytest.mark.parametrize("engine", ENGINES)
def test_periods_as_the_data_writes_them_conform(validate, engine: str) -> None:
    status, got, text = validate(engine, GOOD)
    assert (status, got) == (0, set()), text
