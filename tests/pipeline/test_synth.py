"""synth.py: deterministic output, sizes, and injected violations equal to pyshacl's results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from governance_graph import synth


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    synth.write(a, 3000, seed=5, violations=4)
    synth.write(b, 3000, seed=5, violations=4)
    assert a.read_bytes() == b.read_bytes()
    assert Path(f"{a}.violations.json").read_bytes() == Path(f"{b}.violations.json").read_bytes()
    synth.write(b, 3000, seed=6)
    assert a.read_bytes() != b.read_bytes()


@pytest.mark.parametrize("size", [1000, 5000, 20000])
def test_at_least_the_size_asked_for(size: int) -> None:
    text, _ = synth.generate(size)
    assert size <= text.count("\n") < size * 1.2


def test_parse_size() -> None:
    assert synth.parse_size("10M") == 10_000_000
    with pytest.raises(ValueError):
        synth.parse_size("-3")


def test_violations_are_what_pyshacl_reports(tmp_path: Path) -> None:
    import governance_graph as gg

    data = tmp_path / "bad.nt"
    kinds = len(synth.VIOLATION_KINDS)
    _, truth = synth.write(data, 1500, seed=2, violations=kinds)
    assert sorted(v.kind for v in truth) == sorted(synth.VIOLATION_KINDS)
    saved = json.loads(Path(f"{data}.violations.json").read_text())
    assert len(saved) == kinds
    report = gg.load(data=[data], engine="rdflib").validate()
    found = {
        (str(r.focus_node), str(r.node_shape), r.path, str(r.constraint_component))
        for r in report.results
    }
    expected = {(v.focus_node, v.node_shape, v.path, v.component) for v in truth}
    assert found == expected
    assert len(report.results) == kinds


def test_a_clean_graph_conforms_and_is_consistent(tmp_path: Path) -> None:
    import governance_graph as gg

    data = tmp_path / "good.nt"
    synth.write(data, 1000, seed=1)
    kg = gg.load(data=[data], engine="oxigraph")
    kg.engine.materialize()  # raises InconsistencyError otherwise
    assert gg.load(data=[data], engine="rdflib").validate().conforms
