"""governance_graph.pipeline: the whole pipeline as a library function (what ``check`` prints),
and the engines' query counts, which must be the rows their answers have."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance_graph import synth
from governance_graph.catalogue import Catalogue
from governance_graph.engines import engine_names
from governance_graph.pipeline import STAGES, CheckResult, run_check


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pipeline") / "g.nt"
    synth.write(path, 1000, seed=3, violations=2)
    return path


@pytest.mark.parametrize("engine", engine_names(auto=False))
def test_run_check_counts_what_the_queries_answer(graph: Path, engine: str) -> None:
    import governance_graph as gg

    seen: list[str] = []
    ended: dict[str, float] = {}
    outcome = run_check(
        [graph],
        engine,
        progress=lambda stage, _message: seen.append(stage),
        on_stage=ended.__setitem__,
        skip_queries=("persons",),
    )
    assert isinstance(outcome, CheckResult) and outcome.engine == engine
    assert tuple(outcome.stages) == STAGES and ended == outcome.stages
    assert [s for i, s in enumerate(seen) if s not in seen[:i]] == list(STAGES[:-1])
    assert 0 < outcome.asserted < outcome.closure
    assert not outcome.report.conforms and len(outcome.report.results) == 2
    kg = gg.load(data=[graph], engine=engine)
    expected = {}
    for stored in Catalogue.bundled():
        if stored.name == "persons":
            continue
        result = kg.query(stored)
        expected[stored.name] = len(result.bindings) if result.type == "SELECT" else 1
    assert outcome.rows == expected
    assert set(outcome.query_seconds) == set(expected)
    assert [name for name, _ in outcome.slowest(len(expected))] == sorted(
        expected, key=lambda name: -outcome.query_seconds[name]
    )


def test_count_is_the_rows_on_every_engine(core: Path) -> None:
    """A SELECT's solutions, duplicates included; 1 for ASK and CONSTRUCT; parameters bound."""
    from governance_graph.api import load

    queries = {
        "SELECT ?s WHERE { ?s ?p ?o }": None,
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o }": None,
        "SELECT ?s WHERE { ?s ?p ?o FILTER(1 = 2) }": 0,
        # counted by the store over the query as a sub-select: modifiers, prologue, comments
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3 OFFSET 1": 3,
        "PREFIX x: <urn:x#>\nSELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p # per {": None,
        "SELECT REDUCED ?p { ?s ?p ?o }": None,
        "SELECT ?s (GROUP_CONCAT(?o) AS ?all) { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1)": None,
        "SELECT * { ?s ?p ?o } VALUES ?p { <urn:none> }": 0,
        "ASK { ?s ?p ?o }": 1,
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }": 1,
    }
    for engine in engine_names(auto=False):
        kg = load(data=[core / "data"], engine=engine)
        for text, known in queries.items():
            for reasoning in (True, False):
                result = kg.engine.query(text, reasoning=reasoning)
                rows = len(result.bindings) if result.type == "SELECT" else 1
                assert kg.engine.count(text, reasoning=reasoning) == rows, (engine, text)
                assert known is None or rows == known
        some = next(iter(kg.asserted.subjects()))
        bound = kg.engine.count("SELECT ?p WHERE { ?s ?p ?o }", bindings={"s": some})
        assert bound == len(list(kg.closure().predicates(some)))
