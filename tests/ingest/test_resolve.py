"""What a name in a cell refers to (the workbook's rows, then the graph's resources), and the
coded columns' values (the lookup tables the mapping joins)."""

from __future__ import annotations

import pytest
from rdflib import Graph

import governance_graph as gg
from governance_graph import paths
from governance_graph.ingest.checks import CellError
from governance_graph.ingest.lookups import SCHEMES, Lookup, lookup_tables
from governance_graph.ingest.resolve import Names
from governance_graph.namespaces import GGD


@pytest.fixture(scope="module")
def names() -> Names:
    found = Names()
    found.read_graph(gg.load(engine="oxigraph"))
    return found


@pytest.mark.parametrize(
    ("text", "target", "iri"),
    [
        ("RESOC Brugge", "organisation", "resoc-brugge"),
        ("  resoc\u00a0brugge ", "organisation", "resoc-brugge"),
        ("ggd:vesoc", "organisation", "vesoc"),
        ("https://w3id.org/governance-graph/id/vesoc", "organisation", "vesoc"),
        ("vesoc-working-group", "organisation", "vesoc-working-group"),
        ("Vlaamse Regering", "agent", "flemish-government"),
        ("NGOs", "holder", "ngos"),
        ("Minister-President of the Flemish Government", "holder", "minister-president"),
        ("Bruges (sub-region)", "region", "region-brugge"),
        ("Brugge", "region", "region-brugge"),
        ("Tine Decuypere", "person", "tine-decuypere"),
        ("innovative projects", "purpose", "purpose-innovative-projects"),
        ("ggd:doc-vesoc-page-plenary", "source", "doc-vesoc-page-plenary"),
    ],
)
def test_names_ids_and_iris_of_the_graph(names: Names, text: str, target: str, iri: str) -> None:
    assert names.find(text, target) == str(GGD[iri])


@pytest.mark.parametrize(
    ("text", "target", "message"),
    [
        (
            "Tine Decuyper",
            "person",
            "no person 'Tine Decuyper' in sheet people or in the graph "
            "(did you mean 'Tine Decuypere'?)",
        ),
        (
            "Bruges (sub-regoin)",
            "region",
            "no region 'Bruges (sub-regoin)' in the graph (did you mean 'Bruges (sub-region)'?)",
        ),
        (
            "ggd:resoc-bruges",
            "organisation",
            "no body ggd:resoc-bruges in sheet bodies or in the graph",
        ),
        ("ggd:region-brugge", "organisation", "ggd:region-brugge is not a body"),
        ("Atlantis", "region", "no region 'Atlantis' in the graph"),
    ],
)
def test_what_names_nothing_says_so(names: Names, text: str, target: str, message: str) -> None:
    with pytest.raises(CellError) as err:
        names.find(text, target)
    assert str(err.value) == message


def test_a_row_of_the_workbook_wins_and_two_rows_are_ambiguous() -> None:
    names = Names()
    names.add(str(GGD["vesoc"]), ("organisation", "agent"), ["VESOC"])
    names.add(
        str(GGD["vesoc-2"]),
        ("organisation", "agent"),
        ["VESOC"],
        where="w.xlsx, sheet bodies, row 2",
    )
    assert names.find("VESOC", "organisation") == str(GGD["vesoc-2"])
    names.add(
        str(GGD["vesoc-3"]),
        ("organisation", "agent"),
        ["VESOC"],
        where="w.xlsx, sheet bodies, row 3",
    )
    with pytest.raises(CellError) as err:
        names.find("VESOC", "organisation")
    assert str(err.value) == (
        "'VESOC' names several: ggd:vesoc-2 (w.xlsx, sheet bodies, row 2), "
        "ggd:vesoc-3 (w.xlsx, sheet bodies, row 3); write the one you mean as ggd:<id>"
    )


def test_a_seat_is_found_in_its_own_body() -> None:
    names = Names()
    for body in ("a", "b"):
        names.add(str(GGD[f"{body}-seat-x"]), ("seat", "post"), ["seat x"], body=str(GGD[body]))
    assert names.find("seat x", "seat", body=str(GGD["b"])) == str(GGD["b-seat-x"])
    with pytest.raises(CellError, match="no seat of this body 'seat y'"):
        names.find("seat y", "seat", body=str(GGD["b"]))


def test_label_is_a_name_that_finds_the_same_resource(names: Names) -> None:
    for iri, target in [
        ("social-partners", "holder"),
        ("region-brugge", "region"),
        ("minister-president", "post"),
        ("tine-decuypere", "person"),
        ("vesoc", "organisation"),
    ]:
        label = names.label(str(GGD[iri]), target)
        assert names.find(label, target) == str(GGD[iri]), (iri, label)
    assert names.label(str(GGD["social-partners"]), "holder") == "social partners"


def test_coded_values_by_any_label() -> None:
    kinds = Lookup.bundled("body-kinds")
    assert kinds.find("Tripartiet Orgaan").concept == str(GGD["kind-tripartite-body"])
    assert kinds.find("regional socio-economic committee").label == "RESOC"
    assert kinds.find("RESOC").cls == "https://w3id.org/governance-graph/ontology#RESOC"
    assert kinds.find("Flemish tripartite consultation committee").cls.endswith("#TripartiteBody")
    assert kinds.find("guidance committee").cls == "http://www.w3.org/ns/org#Organization"
    assert kinds.suggest("tripartiet") == ["tripartiet orgaan", "tripartite body"]
    seat_roles = Lookup.bundled("seat-roles")
    assert [c.label for c in seat_roles.codes] == [
        "advisory attendee (no vote)",
        "attendee when the agenda concerns them",
        "member",
    ]
    assert Lookup.bundled("roles").find("coördinator").label == "coordinator"


def test_the_lookup_tables_are_the_ontologys_schemes() -> None:
    ontology = Graph()
    for path in paths.ontology_files():
        ontology.parse(path)
    tables = lookup_tables(ontology)
    assert set(tables) == set(SCHEMES)
    for name, text in tables.items():
        committed = (paths.mappings_dir() / "lookups" / f"{name}.csv").read_text(encoding="utf-8")
        assert committed == text, (
            f"run: python -m governance_graph.ingest.template --write ({name})"
        )
