"""A workbook of three new bodies written by hand in the template (tests/ingest/workbooks.py):
it ingests, conforms on both engines beside the bundled data, is answered by the stored
queries body-composition, chairs, members and persons (answers written by hand), is read the
same from CSV files, is used beside or instead of the bundled data, and publishes pages."""

from __future__ import annotations

from pathlib import Path

import pytest

import governance_graph as gg
from governance_graph import paths
from governance_graph.catalogue import Catalogue

from .conftest import requires_morph_kgc
from .workbooks import three_bodies, write_csvs

pytestmark = requires_morph_kgc

ID = "https://w3id.org/governance-graph/id/"


def rows(kg, name: str, **params: str) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    query = Catalogue.bundled().get(name)
    return [
        tuple("" if v is None else str(v).removeprefix(ID) for v in row)
        for row in kg.query(query, params=params or None, lang="en")
    ]


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def kg(request, three_ttl: Path):  # type: ignore[no-untyped-def]
    return gg.load(data=[*paths.data_files(), three_ttl], engine=request.param)


def test_the_workbook_ingests_and_conforms_beside_the_bundled_data(
    gg, three_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "three.ttl"
    done = gg("ingest", three_xlsx, "-o", out)
    assert done.stdout == ""
    assert done.stderr == (
        f"{three_xlsx}: rows read: bodies 3, seats 8, chairs 3, people 3, memberships 4, "
        f"sources 2; 185 triples, conform; written to {out}\n"
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("@prefix dcterms: <http://purl.org/dc/terms/> .")
    assert "ggd:kempen-employment-forum a gg:TripartiteBody ;" in text
    for engine in ("rdflib", "oxigraph"):
        gg("validate", "--engine", engine, "--data", paths.data_dir(), "--data", out)


def test_body_composition(kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(kg, "body-composition", body_iri="ggd:kempen-employment-forum") == [
        (
            "kempen-employment-forum-seat-local-authorities",
            "seat of the local authorities in Kempen Employment Forum",
            "government",
            "6",
            "member",
            "true",
            "local authorities",
            "",
        ),
        (
            "kempen-employment-forum-seat-employees",
            "seat of the employees",
            "employees",
            "4",
            "member",
            "true",
            "social partners",
            "",
        ),
        (
            "kempen-employment-forum-seat-employers",
            "seat of the employers",
            "employers",
            "4",
            "member",
            "true",
            "social partners",
            "",
        ),
        (
            "kempen-employment-forum-seat-advisory-seat-of-vdab",
            "advisory seat of VDAB",
            "public employment service",
            "1",
            "advisory attendee (no vote)",
            "false",
            "VDAB",
            "",
        ),
    ]


def test_chairs(kg) -> None:  # type: ignore[no-untyped-def]
    new = [r for r in rows(kg, "chairs") if "kempen-" in r[0] or "noorderkempen" in r[0]]
    assert new == [
        (
            "kempen-employment-forum",
            "Kempen Employment Forum",
            "a representative of a kind of organisation",
            "provincial authorities",
            "",
        ),
        (
            "kempen-forum-working-group",
            "Kempen Forum Working Group",
            "ex officio, by the holder of a named post",
            "Minister-President of the Flemish Government",
            "The forum may appoint another chair.",
        ),
        ("serr-noorderkempen", "SERR Noorderkempen", "one of the members", "social partners", ""),
    ]


def test_members(kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(kg, "members", body_iri="SERR Noorderkempen") == [
        ("an-peeters", "An Peeters", "coordinator", "membership-an-peeters-serr-noorderkempen"),
        (
            "bart-janssens",
            "Bart Janssens",
            "contact person",
            "membership-bart-janssens-serr-noorderkempen",
        ),
        ("social-partners", "social partners", "member", "serr-noorderkempen-seat-employees"),
        ("social-partners", "social partners", "member", "serr-noorderkempen-seat-employers"),
    ]
    group = rows(kg, "members", body_iri="ggd:kempen-forum-working-group")
    assert ("chris-wouters", "Chris Wouters", "contact person") in [r[:3] for r in group]
    assert ("chris-wouters", "Chris Wouters", "member") in [r[:3] for r in group]
    assert ("flemish-government", "Flemish Government", "member") in [r[:3] for r in group]


def test_persons(kg) -> None:  # type: ignore[no-untyped-def]
    new = [
        r for r in rows(kg, "persons") if r[0] in ("an-peeters", "bart-janssens", "chris-wouters")
    ]
    assert new == [
        (
            "an-peeters",
            "An Peeters",
            "an.peeters@example.org",
            "coordinator (Kempen Employment Forum); coordinator (SERR Noorderkempen)",
        ),
        (
            "bart-janssens",
            "Bart Janssens",
            "bart.janssens@example.org",
            "contact person (SERR Noorderkempen)",
        ),
        (
            "chris-wouters",
            "Chris Wouters",
            "",
            "contact person (Kempen Forum Working Group); member (Kempen Forum Working Group)",
        ),
    ]


def test_periods_are_w3c_time_intervals(three_ttl: Path) -> None:
    text = three_ttl.read_text(encoding="utf-8")
    assert 'time:inXSDDate "2021-03-01"^^xsd:date' in text  # 01/03/2021, day first
    assert 'time:inXSDDate "2021-01-01"^^xsd:date' in text  # a date cell
    assert 'time:inXSDgYear "2020"^^xsd:gYear' in text  # a year alone
    assert 'time:inXSDDate "2023-06-30"^^xsd:date' in text


def test_csv_files_give_the_same_turtle(gg, three_ttl: Path, tmp_path: Path) -> None:
    folder = write_csvs(tmp_path / "csv", three_bodies(), encoding="cp1252", delimiter=";")
    out = tmp_path / "three.ttl"
    gg("ingest", folder, "-o", out)
    assert out.read_bytes() == three_ttl.read_bytes()


def test_beside_or_instead_of_the_bundled_data(gg, three_ttl: Path) -> None:
    beside = gg(
        "query", "persons", "--data", paths.data_dir(), "--data", three_ttl, "--format", "csv"
    )
    assert beside.stdout.count("\n") == 1 + 21 + 3
    instead = gg("query", "persons", "--data", three_ttl, "--format", "csv", "--lang", "en")
    assert [line.split(",")[1] for line in instead.stdout.splitlines()[1:]] == [
        "An Peeters",
        "Bart Janssens",
        "Chris Wouters",
    ]


def test_the_new_bodies_publish_pages(three_ttl: Path, tmp_path: Path) -> None:
    from governance_graph.site.build import PublishOptions, publish

    kg = gg.load(data=[*paths.data_files(), three_ttl], engine="oxigraph")
    site = tmp_path / "site"
    publish(kg, site, PublishOptions(diagrams=False))
    page = (site / "id/kempen-employment-forum.html").read_text(encoding="utf-8")
    assert "<h1>Kempen Employment Forum</h1>" in page
    assert 'href="kempen-employment-forum-chair.html"' in page
    assert 'href="an-peeters.html"' in page
    assert "Councils" in page  # the cited section
    dutch = (site / "id/kempen-employment-forum.nl.html").read_text(encoding="utf-8")
    assert "<h1>Kempens Werkgelegenheidsforum</h1>" in dutch
    for name in (
        "serr-noorderkempen",
        "kempen-forum-working-group-chair",
        "doc-register-of-test-councils",
    ):
        assert (site / f"id/{name}.html").is_file(), name


def test_exported_and_ingested_again_they_are_the_same(gg, three_ttl: Path, tmp_path: Path) -> None:
    """Their periods, Dutch names, exceptions and new source come back as they went in."""
    from rdflib import Graph

    workbook, out = tmp_path / "again.xlsx", tmp_path / "again.ttl"
    bodies = (
        "ggd:kempen-employment-forum",
        "ggd:serr-noorderkempen",
        "ggd:kempen-forum-working-group",
    )
    data = ("--data", paths.data_dir(), "--data", three_ttl)
    gg("export", "--template", workbook, *data, *(x for b in bodies for x in ("--body", b)))
    gg("ingest", workbook, *data, "-o", out)
    again, before = Graph().parse(out), Graph().parse(three_ttl)
    assert set(again) == set(before)
