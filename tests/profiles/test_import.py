"""``import --profile oslo``: OSLO data read back into our model with the profile's own mapping
(``profiles/oslo/import/*.rq``), and the round trip: export, import, same answers to the stored
queries the profile carries."""

from __future__ import annotations

from pathlib import Path

import pytest

import governance_graph
from governance_graph.catalogue import Catalogue
from governance_graph.cli import main
from governance_graph.importing import UnknownImportProfileError, import_files, import_profile
from governance_graph.profiles import run_profile

#: Stored queries whose every term the OSLO profile carries (README: organisations with one
#: label, classification, structure, places, posts, memberships). Their answers after the round
#: trip are those of the original in the one label language the profile keeps: same IRIs in
#: every row, and no row that the original does not have.
CARRIED = ["bodies-by-kind", "body-counts", "guidance-committee", "region-bodies",
           "serr-regions", "sub-bodies"]  # fmt: skip
#: Carried except for a column the profile does not carry (a person's e-mail): same IRIs.
CARRIED_IRIS = ["persons", "neutral-memberships", "contact-persons"]


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory):
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("import-cache")))
    try:
        original = governance_graph.load()
        exported = run_profile("oslo", original.closure())
        folder = tmp_path_factory.mktemp("imported")
        imported_file = folder / "imported.ttl"
        import_profile("oslo", exported).serialize(imported_file, format="turtle")
        imported = governance_graph.load(data=[imported_file])
        yield original, imported, exported, imported_file
    finally:
        mp.undo()


def _rows(kg, name: str) -> set[tuple]:
    query = Catalogue.bundled().get(name)
    return {tuple(None if t is None else str(t) for t in row) for row in kg.query(query)}


def _iris(rows: set[tuple]) -> set[tuple]:
    return {tuple(v if v and v.startswith("http") else "" for v in row) for row in rows}


@pytest.mark.parametrize("name", CARRIED)
def test_round_trip_keeps_the_answers(round_trip, name: str) -> None:
    original, imported, *_ = round_trip
    before, after = _rows(original, name), _rows(imported, name)
    assert after, name
    assert after <= before, sorted(after - before)[:3]
    assert _iris(after) == _iris(before)


@pytest.mark.parametrize("name", CARRIED_IRIS)
def test_round_trip_keeps_the_resources(round_trip, name: str) -> None:
    original, imported, *_ = round_trip
    assert _iris(_rows(imported, name)) == _iris(_rows(original, name))


def test_counts_survive_exactly(round_trip) -> None:
    original, imported, *_ = round_trip
    assert _rows(imported, "body-counts") == _rows(original, "body-counts")


def test_round_trip_keeps_membership_periods(round_trip) -> None:
    """The committees' tie to the National Employment Service comes back with its period: it
    holds in 1980, and its end, inside the 1990s, leaves 1995 open."""
    original, imported, *_ = round_trip
    tie = "https://w3id.org/governance-graph/id/membership-subregional-employment-committees-national-employment-service"
    for day, period in (
        ("1980-01-01", "stated"),
        ("1995-06-01", "uncertain"),
        ("2026-01-01", None),
    ):
        found = set()
        for kg in (original, imported):
            rows = kg.query(Catalogue.bundled().get("holders-on-date"), {"date": day})
            found.add(tuple(str(r.period) for r in rows if str(r.tie) == tie))
        assert found == {(period,) * 2 if period else ()}, day


def test_export_of_the_import_is_the_export(round_trip) -> None:
    """Exporting the imported graph again gives the same OSLO graph, except which organisations
    are cv:PublicOrganisation: the profile derives that from our classes (gg:RESOC, …, see
    profiles/_common/), which OSLO does not carry, so it is not read back."""
    from rdflib import RDF, URIRef

    _, imported, exported, _ = round_trip
    again = set(run_profile("oslo", imported.closure()))
    before = set(exported)
    assert again <= before
    public = URIRef("http://data.europa.eu/m8g/PublicOrganisation")
    assert {(p, o) for _, p, o in before - again} == {(RDF.type, public)}


def test_import_command(round_trip, tmp_path: Path, capsys) -> None:
    *_, exported, _ = round_trip
    source = tmp_path / "oslo.ttl"
    exported.serialize(source, format="turtle")
    target = tmp_path / "ours.ttl"
    with pytest.raises(SystemExit) as info:
        main(["import", "--profile", "oslo", str(source), "-o", str(target)])
    assert info.value.code == 0
    text = target.read_text(encoding="utf-8")
    assert "org:subOrganizationOf" in text and "cv:PublicOrganisation" not in text


def test_unknown_import_profile(capsys, tmp_path: Path) -> None:
    with pytest.raises(UnknownImportProfileError, match="profiles that can be imported: oslo"):
        import_files("cpov")
    with pytest.raises(SystemExit) as info:
        main(["import", "--profile", "cpov", str(tmp_path / "x.ttl")])
    assert info.value.code == 2
    assert "no import mapping" in capsys.readouterr().err
