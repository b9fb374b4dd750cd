"""Releases in the published site: the catalogue lists each release with its dumps, earlier
releases' dumps are kept when a new release is published into the same folder, and the same
release gives the same catalogue."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, XSD

from governance_graph.releases import Release
from governance_graph.site.build import PublishOptions, publish
from tests.helpers.paths import FIXTURES

from .site_helpers import shared_external

DCAT3 = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DATASET = URIRef("https://w3id.org/governance-graph/catalog.ttl#dataset")
UTC = dt.UTC
R1 = Release(dt.datetime(2026, 11, 25, tzinfo=UTC), "0.1.0", "First", "Eerste")
R2 = Release(dt.datetime(2026, 12, 5, 9, tzinfo=UTC), "0.2.0", "Second", "")
R3 = Release(dt.datetime(2026, 12, 6, 9, tzinfo=UTC), "0.3.0")


@pytest.fixture(scope="module")
def tiny_kg():
    import governance_graph as gg

    return gg.load(data=[FIXTURES / "core" / "data"])


def _publish(kg, out, *releases):
    publish(kg, out, PublishOptions(diagrams=False, releases=tuple(releases)))
    return Graph().parse(out / "catalog.ttl")


def _release(version):
    return URIRef(f"https://w3id.org/governance-graph/release/{version}")


def test_each_release_is_a_version_of_the_dataset(tmp_path, tiny_kg):
    cat = _publish(tiny_kg, tmp_path / "site", R1, R2)
    assert set(cat.objects(DATASET, DCAT3.hasVersion)) == {_release("0.1.0"), _release("0.2.0")}
    assert cat.value(DATASET, DCAT3.hasCurrentVersion) == _release("0.2.0")
    assert cat.value(DATASET, DCAT3.version) == Literal("0.2.0")
    assert cat.value(_release("0.2.0"), DCAT3.previousVersion) == _release("0.1.0")
    assert cat.value(_release("0.1.0"), DCTERMS.issued) == Literal(
        "2026-11-25T00:00:00Z", datatype=XSD.dateTime
    )
    assert cat.value(DATASET, DCTERMS.modified) == Literal(
        "2026-12-05T09:00:00Z", datatype=XSD.dateTime
    )
    # the current release shares the dataset's dumps; the first one's were never kept here
    # (the event stream, which spans every release, is the dataset's alone)
    dumps = {
        d for d in cat.objects(DATASET, DCAT.distribution) if (d, DCAT.downloadURL, None) in cat
    }
    assert dumps and set(cat.objects(_release("0.2.0"), DCAT.distribution)) == dumps
    assert not list(cat.objects(_release("0.1.0"), DCAT.distribution))


def test_a_new_release_keeps_the_earlier_dumps(tmp_path, tiny_kg):
    out = tmp_path / "site"
    _publish(tiny_kg, out, R1)
    first = (out / "dumps" / "governance-graph.ttl").read_bytes()
    _publish(tiny_kg, out, R1, R2)
    cat = _publish(tiny_kg, out, R1, R2, R3)
    assert sorted(p.name for p in (out / "releases").iterdir()) == ["0.1.0", "0.2.0"]
    assert (out / "releases/0.1.0/dumps/governance-graph.ttl").read_bytes() == first
    manifest = json.loads((out / "releases/0.1.0/dumps/dumps.json").read_text())
    assert manifest["version"] == "0.1.0"
    for version in ("0.1.0", "0.2.0"):
        dists = list(cat.objects(_release(version), DCAT.distribution))
        assert dists, version
        for dist in dists:
            url = str(cat.value(dist, DCAT.downloadURL))
            assert url.startswith(f"https://w3id.org/governance-graph/releases/{version}/dumps/")
            data = (out / url.removeprefix("https://w3id.org/governance-graph/")).read_bytes()
            checksum = cat.value(cat.value(dist, SPDX.checksum), SPDX.checksumValue)
            assert str(checksum) == hashlib.sha256(data).hexdigest()


def test_the_same_release_gives_the_same_catalogue(tmp_path, tiny_kg):
    _publish(tiny_kg, tmp_path / "a", R1, R2)
    _publish(tiny_kg, tmp_path / "b", R1, R2)
    assert (tmp_path / "a/catalog.ttl").read_bytes() == (tmp_path / "b/catalog.ttl").read_bytes()


def test_publishing_the_same_release_again_archives_nothing(tmp_path, tiny_kg):
    out = tmp_path / "site"
    _publish(tiny_kg, out, R1)
    _publish(tiny_kg, out, R1)
    assert not (out / "releases").exists()


def test_a_catalogue_with_releases_passes_dcat_ap(tmp_path, tiny_kg):
    external = shared_external()
    if external is None:
        pytest.skip("shared/external/check_external.py not found: set GOVERNANCE_GRAPH_SHARED")
    out = tmp_path / "site"
    _publish(tiny_kg, out, R1)
    _publish(tiny_kg, out, R1, R2)
    run = subprocess.run(
        [sys.executable, str(external / "check_external.py"), "dcat", str(out / "catalog.ttl")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "violations: 0" in run.stdout


def test_the_catalogue_and_void_describe_the_event_stream(tmp_path, tiny_kg):
    from rdflib.namespace import RDF, RDFS

    out = tmp_path / "site"
    cat = _publish(tiny_kg, out, R1)
    stream = URIRef("https://w3id.org/governance-graph/ldes#stream")
    view = URIRef("https://w3id.org/governance-graph/ldes.ttl")
    (service,) = cat.subjects(DCAT.endpointURL, view)
    assert cat.value(service, RDF.type) == DCAT.DataService
    assert cat.value(service, DCAT.servesDataset) == DATASET
    assert cat.value(service, DCAT.endpointDescription) == stream
    (dist,) = cat.subjects(DCAT.accessService, service)
    assert dist in set(cat.objects(DATASET, DCAT.distribution))
    assert (out / "ldes.ttl").is_file()
    void = Graph().parse(out / "void.ttl")
    assert stream in set(void.objects(None, RDFS.seeAlso))
    assert void.value(stream, Namespace("https://w3id.org/tree#").view) == view


def test_no_release_no_stream_in_the_catalogue(tmp_path, tiny_kg):
    cat = _publish(tiny_kg, tmp_path / "site")
    assert not list(cat.subjects(None, DCAT.DataService))
