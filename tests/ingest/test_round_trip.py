"""The bundled data round-trips through the template: export --template, then ingest, gives a
graph whose stored queries answer as the bundled graph's do.

The graph compared is the bundled data without what the workbook carries (the statements the
template has a column for, written by hand below, about the resources it has a row for) plus
what ingest made of the workbook; the ingest validates it whole (--data). What the template
does not carry (policy areas, periods of bodies, alternative names, meetings, agreements,
history, contact points, the order of sections…) stays, so every stored query must answer the
same, and so must body-composition and members for every body and person-bodies for every
person. What ingest makes is also, triple for triple, in the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import governance_graph as gg
from governance_graph import paths
from governance_graph.catalogue import Catalogue
from governance_graph.namespaces import GGD, PREFIXES

from .conftest import requires_morph_kgc

pytestmark = requires_morph_kgc

#: The statements the template has a column for (README: "Add your own bodies").
CARRIED = {
    f"{PREFIXES[prefix]}{local}"
    for prefix, local in (
        ("rdf", "type"),
        ("skos", "prefLabel"),
        ("org", "classification"),
        ("dcterms", "spatial"),
        ("org", "subOrganizationOf"),
        ("gg", "secretariat"),
        ("dcterms", "source"),
        ("gg", "seatIn"),
        ("org", "role"),
        ("gg", "constituency"),
        ("gg", "seatCount"),
        ("gg", "voting"),
        ("gg", "seatHolderGroup"),
        ("gg", "filledByPost"),
        ("gg", "attendanceCondition"),
        ("gg", "chairOf"),
        ("gg", "chairSelection"),
        ("gg", "exOfficioPost"),
        ("gg", "representativeOf"),
        ("gg", "chosenFromSeat"),
        ("gg", "defaultRule"),
        ("foaf", "name"),
        ("schema", "email"),
        ("org", "member"),
        ("org", "organization"),
        ("org", "memberDuring"),
        ("schema", "funder"),
        ("gg", "recipient"),
        ("gg", "fundingPurpose"),
        ("gg", "frequency"),
        ("dcterms", "isPartOf"),
        ("dcterms", "title"),
    )
}
#: What it has a column for about a source document (its sections have a row each).
CARRIED_DOCUMENT = {
    f"{PREFIXES[prefix]}{local}"
    for prefix, local in (
        ("rdf", "type"),
        ("dcterms", "title"),
        ("dcterms", "identifier"),
        ("dcterms", "language"),
        ("schema", "url"),
    )
}


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory, script_env) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """(the bundled data without what the workbook carries, what ingest made of it)."""
    import openpyxl

    from tests.helpers.processes import run_script

    folder = tmp_path_factory.mktemp("round-trip")
    workbook, residual, out = folder / "bodies.xlsx", folder / "rest.nt", folder / "ingested.ttl"
    done = run_script("export", "--template", workbook, env=script_env)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(workbook, read_only=True)
    rows = {
        str(GGD[r[0]])
        for ws in book.worksheets[1:]
        for r in ws.iter_rows(min_row=2, values_only=True)
        if r[0]
    }
    documents = {
        str(GGD[r[6]]) for r in book["sources"].iter_rows(min_row=2, values_only=True) if r[6]
    }
    bundled = Graph()
    for path in paths.data_files():
        bundled.parse(path)
    rest = Graph()
    for s, p, o in bundled:
        if str(s) in documents and str(p) in CARRIED_DOCUMENT:
            continue
        if not (str(s) in rows and str(p) in CARRIED):
            rest.add((s, p, o))
    rest.serialize(residual, format="nt", encoding="utf-8")
    done = run_script("ingest", workbook, "--data", residual, "-o", out, env=script_env)
    assert done.returncode == 0, done.stderr
    return residual, out


def test_what_ingest_makes_is_in_the_bundled_data(round_trip: tuple[Path, Path]) -> None:
    bundled = Graph()
    for path in paths.data_files():
        bundled.parse(path)
    made = Graph().parse(round_trip[1])
    assert len(made) > 1400
    assert [t for t in made if t not in bundled] == []
    assert {str(p) for p in made.predicates()} <= CARRIED | CARRIED_DOCUMENT


def answers(kg, query, **params: str) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return sorted(tuple(str(v) for v in row) for row in kg.query(query, params=params or None))


def test_the_stored_queries_answer_the_same(round_trip: tuple[Path, Path]) -> None:
    before = gg.load(engine="oxigraph")
    after = gg.load(data=list(round_trip), engine="oxigraph")
    catalogue = Catalogue.bundled()
    differ = [
        name
        for name in catalogue.names()
        if answers(before, catalogue.get(name)) != answers(after, catalogue.get(name))
    ]
    assert differ == []
    bodies = [
        str(r[0])
        for r in before.query(
            "SELECT ?b { ?b a <https://w3id.org/governance-graph/ontology#ConsultationBody> }"
        )
    ]
    people = [
        str(r[0]) for r in before.query("SELECT ?p { ?p a <http://xmlns.com/foaf/0.1/Person> }")
    ]
    assert len(bodies) == 30 and len(people) == 21
    for name, parameter, values in (
        ("body-composition", "body_iri", bodies),
        ("members", "body_iri", bodies),
        ("person-bodies", "person_iri", people),
    ):
        query = catalogue.get(name)
        for value in values:
            assert answers(before, query, **{parameter: value}) == answers(
                after, query, **{parameter: value}
            ), (name, value)


def test_a_selection_round_trips_too(gg, tmp_path: Path) -> None:
    workbook, out = tmp_path / "vesoc.xlsx", tmp_path / "vesoc.ttl"
    gg("export", "--template", workbook, "--body", "ggd:vesoc", "--body", "VESOC working group")
    gg("ingest", workbook, "-o", out)
    bundled = Graph()
    for path in paths.data_files():
        bundled.parse(path)
    made = Graph().parse(out)
    assert [t for t in made if t not in bundled] == []
    assert (URIRef(GGD["vesoc-seat-dkb-secretary-general"]), None, None) in made
