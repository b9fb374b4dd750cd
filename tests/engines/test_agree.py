"""Both engines give the same answers: closure, stored queries, validation (small graphs only).

Closures are compared whole, term for term (datatypes and lexical forms included: the data
uses only datatypes Oxigraph keeps, see docs/design.md, "Datatypes"). Query rows are compared
as multisets of exact terms (a plain literal and an ``xsd:string`` one are the same term in
RDF 1.1); the order of the parts of a ``GROUP_CONCAT`` is unspecified in SPARQL, so joined lists
are compared as sorted parts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.compare import graph_diff, to_isomorphic

import governance_graph as gg
from governance_graph import synth
from governance_graph.catalogue import Catalogue

_XSD = "http://www.w3.org/2001/XMLSchema#"


def _value(term):  # type: ignore[no-untyped-def]
    """The term itself; only the parts of a joined list are sorted."""
    if isinstance(term, Literal):
        if term.language:
            return ("lang", _parts(str(term)), term.language)
        if term.datatype is None or str(term.datatype) == _XSD + "string":
            return ("str", _parts(str(term)))
        return ("typed", str(term), str(term.datatype))
    return term


def _parts(text: str) -> str:
    for sep in (" / ", ", "):
        if sep in text:
            return sep.join(sorted(text.split(sep)))
    return text


def _pair(data: list[Path] | None):  # type: ignore[no-untyped-def]
    return gg.load(data=data, engine="rdflib"), gg.load(data=data, engine="oxigraph")


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    return _pair(None)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("synth") / "synth.nt"
    synth.write(path, 1500, seed=11, violations=len(synth.VIOLATION_KINDS))
    return path, _pair([path])


def _assert_same_closure(rdf, oxi) -> None:  # type: ignore[no-untyped-def]
    """The two closures are the same set of triples, exactly (blank nodes up to renaming)."""
    expected, found = to_isomorphic(rdf.closure()), to_isomorphic(oxi.closure())
    assert len(expected) > len(rdf.asserted)
    if expected != found:
        _, only_rdflib, only_oxigraph = graph_diff(expected, found)
        assert sorted(only_oxigraph) == sorted(only_rdflib) == []


def test_integer_literals_keep_their_datatype_on_both_engines(bundled) -> None:  # type: ignore[no-untyped-def]
    """The 16 social-partner places of VESOC come back as the data wrote them, on each engine."""
    query = (
        "SELECT (DATATYPE(?n) AS ?d) WHERE { "
        "<https://w3id.org/governance-graph/id/vesoc-seat-social-partners> "
        "<https://w3id.org/governance-graph/ontology#seatCount> ?n }"
    )
    for kg in bundled:
        assert [str(row[0]) for row in kg.query(query)] == [_XSD + "integer"], kg.engine.name


def test_same_closure_on_the_bundled_graph(bundled) -> None:  # type: ignore[no-untyped-def]
    _assert_same_closure(*bundled)


def test_same_closure_on_a_synthetic_graph(synthetic) -> None:  # type: ignore[no-untyped-def]
    _assert_same_closure(*synthetic[1])


def _assert_same_rows(rdf, oxi, query, reasoning: bool = True) -> None:  # type: ignore[no-untyped-def]
    a = oxi.query(query, reasoning=reasoning)
    b = rdf.query(query, reasoning=reasoning)
    assert [str(v) for v in a.vars] == [str(v) for v in b.vars]
    rows_a = Counter(tuple(_value(r.get(v)) for v in a.vars) for r in a.bindings)
    rows_b = Counter(tuple(_value(r.get(v)) for v in b.vars) for r in b.bindings)
    assert rows_a == rows_b


@pytest.mark.parametrize("name", [q.name for q in Catalogue.bundled()])
@pytest.mark.parametrize("reasoning", [True, False], ids=["closure", "asserted"])
def test_same_rows_for_every_stored_query(bundled, name: str, reasoning: bool) -> None:  # type: ignore[no-untyped-def]
    _assert_same_rows(*bundled, Catalogue.bundled().get(name), reasoning)


@pytest.mark.parametrize("name", [q.name for q in Catalogue.bundled()])
def test_same_rows_for_every_stored_query_on_a_synthetic_graph(synthetic, name: str) -> None:  # type: ignore[no-untyped-def]
    """With the parameters' defaults, and with every parameter left unbound (the query over all
    bodies, persons, …: the shape the benchmark times at scale)."""
    rdf, oxi = synthetic[1]
    stored = Catalogue.bundled().get(name)
    _assert_same_rows(rdf, oxi, stored)
    _assert_same_rows(rdf, oxi, stored.text)


def _results(report) -> set:  # type: ignore[no-untyped-def]
    return {
        (
            str(r.focus_node),
            str(r.node_shape),
            r.path,
            str(r.constraint_component),
            _value(r.value) if r.value is not None else None,
            str(r.severity),
        )
        for r in report.results
    }


def test_same_validation_on_the_bundled_graph(bundled) -> None:  # type: ignore[no-untyped-def]
    rdf, oxi = bundled
    assert _results(oxi.validate()) == _results(rdf.validate())


def test_same_validation_on_a_synthetic_graph_equal_to_the_ground_truth(synthetic) -> None:  # type: ignore[no-untyped-def]
    path, (rdf, oxi) = synthetic
    import json

    truth = json.loads(Path(f"{path}.violations.json").read_text())
    expected = {(v["focus_node"], v["node_shape"], v["path"], v["component"]) for v in truth}
    for kg in (rdf, oxi):
        report = kg.validate()
        found = {
            (str(r.focus_node), str(r.node_shape), r.path, str(r.constraint_component))
            for r in report.results
        }
        assert found == expected, kg.engine.name
