"""Finding resources by what a user types (governance_graph.lookup), describe's roles and the
stats plurals, on both engines over a small graph written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

import governance_graph as gg
from governance_graph.lookup import AmbiguousLabelError, NotFoundError, resolve
from governance_graph.reports import describe, stats

GGD = "https://w3id.org/governance-graph/id/"
DATA = """\
@prefix ggd: <https://w3id.org/governance-graph/id/> .
@prefix gg: <https://w3id.org/governance-graph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ggd:vesoc skos:prefLabel "VESOC"@en , "VESOC"@nl ; dcterms:source ggd:doc-section .
ggd:doc a gg:SourceDocument ; dcterms:title "VESOC"@nl .
ggd:doc-section dcterms:isPartOf ggd:doc .
ggd:tine-decuypere foaf:name "Tine Decuypere" .
ggd:resoc-brugge skos:prefLabel "RESOC Brugge"@en .
ggd:serr-brugge skos:prefLabel "SERR Brugge"@en .
ggd:role-coordinator skos:prefLabel "coordinator"@en , "coördinator"@nl .
ggd:membership-a org:member ggd:tine-decuypere ; org:organization ggd:resoc-brugge ;
    org:role ggd:role-coordinator .
ggd:membership-b org:member ggd:tine-decuypere ; org:organization ggd:serr-brugge ;
    org:role ggd:role-coordinator .
ggd:unlabelled-thing rdfs:comment "no label" .
"""


@pytest.fixture(params=["rdflib", "oxigraph"])
def kg(request: pytest.FixtureRequest, tiny_bundle: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    data = tmp_path / "people.ttl"
    data.write_text(DATA, encoding="utf-8")
    return gg.load(data=[data], engine=request.param)


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("VESOC", "vesoc"),  # a name wins over a document title
        ("vesoc", "vesoc"),
        ("Decuypere", "tine-decuypere"),  # part of a name
        ("  tine   DECUYPERE ", "tine-decuypere"),
        ("unlabelled-thing", "unlabelled-thing"),  # a ggd: local name
        ("ggd:serr-brugge", "serr-brugge"),
        (f"<{GGD}serr-brugge>", "serr-brugge"),
    ],
)
def test_resolve_finds_one_resource(kg, text: str, local: str) -> None:  # type: ignore[no-untyped-def]
    assert resolve(kg, text) == URIRef(GGD + local)


def test_part_of_several_names_is_ambiguous(kg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AmbiguousLabelError) as info:
        resolve(kg, "Brugge")
    assert str(info.value) == (
        "'Brugge' names 2 resources: ggd:resoc-brugge (RESOC Brugge), "
        "ggd:serr-brugge (SERR Brugge); give one of their IRIs"
    )


def test_nothing_found_suggests_only_close_names(kg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError) as label:
        resolve(kg, "RESOC Bruges")
    assert str(label.value) == (
        "no resource has the label, name or IRI 'RESOC Bruges'; did you mean 'RESOC Brugge'?"
    )
    with pytest.raises(NotFoundError) as iri:
        resolve(kg, "ggd:resoc-bruges")
    assert str(iri.value) == (
        "nothing is known about ggd:resoc-bruges; did you mean ggd:resoc-brugge?"
    )
    with pytest.raises(NotFoundError) as far:
        resolve(kg, "ggd:zzzz")
    assert str(far.value) == "nothing is known about ggd:zzzz"


@pytest.mark.parametrize(("lang", "role"), [("en", "coordinator"), ("nl", "coördinator")])
def test_describe_a_person_names_them_and_their_roles(kg, lang: str, role: str) -> None:  # type: ignore[no-untyped-def]
    text = describe(kg, URIRef(GGD + "tine-decuypere"), lang=lang).text()
    lines = text.splitlines()
    assert lines[0] == "ggd:tine-decuypere (Tine Decuypere)"
    assert lines[lines.index("roles:") + 1 :][:2] == [
        f"  {role} of ggd:resoc-brugge (RESOC Brugge)",
        f"  {role} of ggd:serr-brugge (SERR Brugge)",
    ]
    assert "membership" not in text


def test_describe_an_organisation_lists_its_members(kg) -> None:  # type: ignore[no-untyped-def]
    text = describe(kg, URIRef(GGD + "serr-brugge")).text()
    lines = text.splitlines()
    assert lines[lines.index("members:") + 1] == (
        "  ggd:tine-decuypere (Tine Decuypere): coordinator"
    )
    assert "incoming: none" in lines and "membership" not in text


def test_stats_plurals(kg) -> None:  # type: ignore[no-untyped-def]
    text = stats(kg, reasoning=False).text()
    assert '  ggd:doc "VESOC": 1 section, 1 citing resource' in text.splitlines()
