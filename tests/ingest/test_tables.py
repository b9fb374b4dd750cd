"""From the checked rows to the mapping's tables: ids made from names, references resolved,
values of several in tables of their own, and the problems a row can have, each on its row."""

from __future__ import annotations

from pathlib import Path

import pytest

import governance_graph as gg
from governance_graph.ingest.checks import IngestError, Problems
from governance_graph.ingest.resolve import Names
from governance_graph.ingest.rows import FIELDS
from governance_graph.ingest.tables import prepare
from governance_graph.ingest.workbook import read_tables
from governance_graph.namespaces import GGD

from .workbooks import COUNCILS, FORUM, three_bodies, write_xlsx


@pytest.fixture(scope="module")
def graph_names():
    kg = gg.load(engine="oxigraph")

    def fresh() -> Names:
        names = Names()
        names.read_graph(kg)
        return names

    return fresh


def run(tmp_path: Path, sheets, graph_names):  # type: ignore[no-untyped-def]
    problems = Problems()
    path = write_xlsx(tmp_path / "w.xlsx", sheets)
    prepared = prepare(read_tables(path, "w.xlsx", problems), graph_names(), problems)
    try:
        problems.raise_if_any()
    except IngestError as err:
        return prepared, err.lines
    return prepared, []


def test_the_three_bodies_make_their_tables(tmp_path: Path, graph_names) -> None:
    prepared, problems = run(tmp_path, three_bodies(), graph_names)
    assert problems == []
    assert set(prepared.tables) == set(FIELDS)
    assert [r["id"] for r in prepared.tables["bodies"]] == [
        "kempen-employment-forum",
        "serr-noorderkempen",
        "kempen-forum-working-group",
    ]
    forum = prepared.tables["bodies"][0]
    assert forum["kind"] == "tripartite body"
    group = prepared.tables["bodies"][2]
    assert group["kind"] == "preparatory working group"  # given in Dutch
    assert group["part_of"] == str(GGD["kempen-employment-forum"])
    assert group["secretariat"] == str(GGD["vdab"])
    assert prepared.tables["body-regions"][0] == {
        "id": "kempen-employment-forum",
        "region": str(GGD["region-kempen"]),
    }
    seats = {r["id"]: r for r in prepared.tables["seats"]}
    assert set(seats) == {
        "kempen-employment-forum-seat-local-authorities",
        "kempen-employment-forum-seat-employers",
        "kempen-employment-forum-seat-employees",
        "kempen-employment-forum-seat-advisory-seat-of-vdab",
        "serr-noorderkempen-seat-employers",
        "serr-noorderkempen-seat-employees",
        "kempen-forum-working-group-seat-government",
        "kempen-forum-working-group-seat-social-partners",
    }
    vdab = seats["kempen-employment-forum-seat-advisory-seat-of-vdab"]
    assert (vdab["role"], vdab["places"], vdab["voting"]) == (
        "advisory attendee (no vote)",
        "1",
        "false",
    )
    chairs = {r["id"]: r for r in prepared.tables["chairs"]}
    assert chairs["serr-noorderkempen-chair"]["chosen_from"] == str(
        GGD["serr-noorderkempen-seat-employers"]
    )
    assert chairs["kempen-forum-working-group-chair"]["ex_officio"] == str(
        GGD["minister-president"]
    )
    assert {r["id"] for r in prepared.tables["people"]} == {
        "an-peeters",
        "bart-janssens",
        "chris-wouters",
    }
    assert prepared.tables["membership-roles"][-2:] == [
        {"id": "membership-chris-wouters-kempen-forum-working-group", "role": "contact person"},
        {"id": "membership-chris-wouters-kempen-forum-working-group", "role": "member"},
    ]
    starts = {r["id"]: (r["date"], r["year"]) for r in prepared.tables["membership-starts"]}
    assert starts == {
        "membership-an-peeters-kempen-employment-forum": ("2021-01-01", ""),
        "membership-an-peeters-serr-noorderkempen": ("2021-03-01", ""),
        "membership-chris-wouters-kempen-forum-working-group": ("", "2020"),
    }
    assert prepared.tables["sources"][0] == {
        "id": "doc-register-of-test-councils-councils",
        "document": "doc-register-of-test-councils",
        "document_en": "Register of test councils",
        "document_nl": "Register van testraden",
        "section_en": "Councils",
        "section_nl": "Raden",
        "language": "http://id.loc.gov/vocabulary/iso639-1/en",
        "address": "https://example.org/test-register",
        "identifier": "https://example.org/test-register",
    }
    assert prepared.origins[str(GGD["serr-noorderkempen-chair"])] == "w.xlsx, sheet chairs, row 3"
    assert prepared.origins[str(GGD["membership-an-peeters-serr-noorderkempen-period"])] == (
        "w.xlsx, sheet memberships, row 3"
    )


def test_an_id_given_is_kept_and_names_may_change(tmp_path: Path, graph_names) -> None:
    sheets = three_bodies()
    sheets["bodies"][0].insert(0, "id")
    for row in sheets["bodies"][1:]:
        row.insert(0, None)
    sheets["bodies"][1][0] = "ggd:my-forum"
    prepared, problems = run(tmp_path, sheets, graph_names)
    assert problems == []
    assert prepared.tables["bodies"][0]["id"] == "my-forum"
    assert prepared.tables["seats"][0]["id"] == "my-forum-seat-local-authorities"


def test_problems_are_reported_on_their_rows(tmp_path: Path, graph_names) -> None:
    sheets = three_bodies()
    sheets["people"].append(["Chris\u00a0Wouters ", None, "Test register — People"])
    sheets["bodies"][1][3] = "Kempenland"
    sheets["bodies"][2][2] = "tripartiet"
    sheets["seats"][1][5] = "six"
    sheets["memberships"][1][0] = "An Peters"
    sheets["memberships"][4][4] = "2019"
    sheets["chairs"][2][4] = "seat of the bakers"
    sheets["seats"][2][8] = "Test register — Seats"
    sheets["funding"] = [
        ["funder", "recipient", "purposes", "frequency", "source"],
        ["Flemish Government", FORUM, "", "weekly", COUNCILS],
    ]
    _, problems = run(tmp_path, sheets, graph_names)
    assert problems == [
        "w.xlsx, sheet bodies, row 2, column 'region': no region 'Kempenland' in the graph",
        "w.xlsx, sheet bodies, row 3, column 'kind': unknown body kind 'tripartiet' "
        "(did you mean 'tripartiet orgaan' or 'tripartite body'?)",
        "w.xlsx, sheet seats, row 2, column 'places': 'six' is not a whole number",
        "w.xlsx, sheet seats, row 3, column 'source': no source 'Test register — Seats' in "
        "sheet sources or in the graph (did you mean 'Test register — People' or "
        "'Test register — Councils'?)",
        "w.xlsx, sheet chairs, row 3, column 'chosen from seat': no seat of this body "
        "'seat of the bakers' in sheet seats or in the graph (did you mean 'seat of the "
        "employers' or 'seat of the employees'?)",
        "w.xlsx, sheet people, row 5: duplicate person 'Chris Wouters' (also row 4)",
        "w.xlsx, sheet memberships, row 2, column 'person': no person 'An Peters' in sheet "
        "people or in the graph (did you mean 'An Peeters'?)",
        "w.xlsx, sheet memberships, row 5, column 'until': '2019' is before the start of the "
        "tie ('2020')",
        "w.xlsx, sheet funding, row 2, column 'frequency': unknown frequency 'weekly'",
        "w.xlsx, sheet funding, row 2, column 'purposes': empty, but every funding link needs one",
    ]


def test_a_new_funding_purpose_and_one_of_the_graph(tmp_path: Path, graph_names) -> None:
    sheets = three_bodies()
    sheets["funding"] = [
        ["name in English", "funder", "recipient", "purposes", "frequency", "source"],
        [
            "yearly grant to the forum",
            "Vlaamse Regering",
            FORUM,
            "innovative projects; Staff of the forum",
            "jaarlijks",
            COUNCILS,
        ],
    ]
    prepared, problems = run(tmp_path, sheets, graph_names)
    assert problems == []
    assert prepared.tables["funding"] == [
        {
            "id": "funding-flemish-government-kempen-employment-forum",
            "name_en": "yearly grant to the forum",
            "name_nl": "",
            "funder": str(GGD["flemish-government"]),
            "recipient": str(GGD["kempen-employment-forum"]),
            "frequency": "annual",
            "source": str(GGD["doc-register-of-test-councils-councils"]),
        }
    ]
    assert [r["purpose"] for r in prepared.tables["funding-purposes"]] == [
        str(GGD["purpose-innovative-projects"]),
        str(GGD["purpose-staff-of-the-forum"]),
    ]
    assert prepared.tables["purposes"] == [
        {
            "id": "purpose-staff-of-the-forum",
            "label": "Staff of the forum",
            "source": str(GGD["doc-register-of-test-councils-councils"]),
        }
    ]
