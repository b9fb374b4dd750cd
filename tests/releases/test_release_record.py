"""The release record (releases.ttl) and recording a release from Python."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from governance_graph.releases import (
    ReleaseError,
    current_release,
    parse_version,
    read_releases,
    record,
)
from tests.helpers.paths import REPO

UTC = dt.UTC
ONTOLOGY = URIRef("https://w3id.org/governance-graph/ontology")


def _ontology_version(root: Path) -> tuple[str, str]:
    g = Graph().parse(root / "ontology" / "governance.ttl")
    return str(g.value(ONTOLOGY, OWL.versionInfo)), str(g.value(ONTOLOGY, OWL.versionIRI))


def test_the_bundled_record_names_the_first_release_and_the_ontology_agrees():
    releases = read_releases(REPO)
    assert releases[0].version == "0.1.0"
    assert releases[0].issued == dt.datetime(2026, 11, 25, tzinfo=UTC)
    last = current_release(REPO)
    assert last is not None
    assert _ontology_version(REPO) == (
        last.version,
        f"https://w3id.org/governance-graph/ontology/{last.version}",
    )


@pytest.mark.parametrize("text", ["1", "1.0", "v1.0.0", "1.0.0.0", "01.0.0", "1.0.0-rc1", ""])
def test_a_version_is_major_minor_patch(text):
    with pytest.raises(ReleaseError, match=r"expected MAJOR\.MINOR\.PATCH"):
        parse_version(text)


def test_versions_compare_as_numbers():
    assert parse_version("0.10.0") > parse_version("0.9.9")


def test_record_appends_and_moves_the_ontology_version(checkout):
    before = (checkout / "releases.ttl").read_text()
    moment = dt.datetime(2027, 12, 24, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    done = record(checkout, "0.9.0", issued=moment, notes_en="Periods", notes_nl="Periodes")
    assert done.timestamp == "2027-12-24T09:30:00Z"
    text = (checkout / "releases.ttl").read_text()
    assert text.startswith(before.rstrip("\n"))  # appended: the earlier blocks stay as written
    last = read_releases(checkout)[-1]
    assert (last.version, last.notes_en, last.notes_nl) == ("0.9.0", "Periods", "Periodes")
    assert _ontology_version(checkout) == (
        "0.9.0",
        "https://w3id.org/governance-graph/ontology/0.9.0",
    )
    g = Graph().parse(checkout / "releases.ttl")
    node = URIRef("https://w3id.org/governance-graph/release/0.9.0")
    assert Literal("Periodes", lang="nl") in set(g.objects(node, None))


def _unchanged(root: Path):
    files = [root / "releases.ttl", root / "ontology" / "governance.ttl"]
    return {p: p.read_bytes() for p in files}


@pytest.mark.parametrize(
    ("version", "issued", "message"),
    [
        ("0.8.0", None, "not greater than the last release, 0.8.0"),
        ("0.7.9", None, "not greater than the last release"),
        ("0.9.0", dt.datetime(2027, 1, 1, tzinfo=UTC), "is before the last release's"),
        ("0.9.0", dt.datetime(2027, 7, 1), "give a time zone"),
    ],
)
def test_bad_releases_are_refused_and_nothing_changes(checkout, version, issued, message):
    record(checkout, "0.8.0", issued=dt.datetime(2027, 6, 1, tzinfo=UTC))
    before = _unchanged(checkout)
    with pytest.raises(ReleaseError, match=message):
        record(checkout, version, issued=issued)
    assert _unchanged(checkout) == before


def test_an_ontology_without_one_version_is_refused(checkout):
    path = checkout / "ontology" / "governance.ttl"
    path.write_text(path.read_text().replace("owl:versionInfo", "rdfs:comment"))
    before = _unchanged(checkout)
    with pytest.raises(ReleaseError, match="expected exactly one owl:versionInfo"):
        record(checkout, "0.9.0")
    assert _unchanged(checkout) == before


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ('dcat:version "9.0.0" .', "needs one dcat:version and one issued"),
        (
            'dcat:version "9.0.0" ; dcterms:issued "2026-12-01"^^xsd:date .',
            "must be an xsd:dateTime with a time zone",
        ),
        (
            'dcat:version "two" ; dcterms:issued "2026-12-01T00:00:00Z"^^xsd:dateTime .',
            "expected MAJOR.MINOR.PATCH",
        ),
        (
            'dcat:version "9.0.0" ; dcterms:issued "2020-12-01T00:00:00Z"^^xsd:dateTime .',
            "release 9.0.0 is dated before release",
        ),
        (
            'dcat:version "0.1.0" ; dcterms:issued "2030-12-01T00:00:00Z"^^xsd:dateTime .',
            "release 0.1.0 is recorded twice",
        ),
    ],
)
def test_a_malformed_record_is_named(checkout, block, message):
    path = checkout / "releases.ttl"
    path.write_text(path.read_text() + f"\n<https://w3id.org/governance-graph/release/x> {block}\n")
    with pytest.raises(ReleaseError, match=message):
        read_releases(checkout)


def test_no_record_means_no_release(tmp_path):
    assert read_releases(tmp_path) == []
    assert current_release(tmp_path) is None
