"""The change set of governance_graph.graph_diff: what counts as a change, under which resource
it is told, how resources and values are named, and the four ways it is written."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace
from rdflib.namespace import SKOS

import governance_graph as gg
from governance_graph.graph_diff import ADDED_GRAPH, CS, REMOVED_GRAPH, Change, label
from governance_graph.namespaces import GG, GGD
from tests.helpers.paths import FIXTURES

RELEASES = FIXTURES / "releases"
EX = Namespace("urn:x:")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
PREFIXES = "@prefix ex: <urn:x:> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def summary(change: gg.GraphDiff) -> dict[str, str]:
    return {str(r.iri): r.status for r in change.resources}


# --------------------------------------------------------------------------- the two releases


def test_the_two_releases_differ_by_what_release_2_changed() -> None:
    change = gg.diff(RELEASES / "v1", RELEASES / "v2")
    assert not change.equal
    assert summary(change) == {
        str(GGD["alain-depreux"]): "added",
        str(GGD["membership-alain-depreux-resoc-brugge"]): "added",
        str(GGD["membership-tine-decuypere-serr-brugge"]): "removed",
        str(GGD["serr-brugge"]): "removed",
        str(GGD["vesoc-seat-social-partners"]): "changed",
    }
    seat = change.resources[-1]
    assert seat.label == "seats of the social partners in VESOC"
    assert seat.changed == (
        Change(GGD["vesoc-seat-social-partners"], GG.seatCount, (Literal(16),), (Literal(14),)),
    )
    assert seat.added == seat.removed == ()
    body = next(r for r in change.resources if r.iri == GGD["serr-brugge"])
    assert body.label == "SERR Brugge"
    assert set(body.removed) == {
        (GGD["serr-brugge"], RDF.type, GG.SERR),
        (GGD["serr-brugge"], SKOS.prefLabel, Literal("SERR Brugge", lang="nl")),
    }
    assert len(change.added()) == 11 and len(change.removed()) == 7


def test_the_new_coordinator_brings_its_period_along() -> None:
    change = gg.diff(RELEASES / "v1", RELEASES / "v2")
    membership = next(
        r for r in change.resources if r.iri == GGD["membership-alain-depreux-resoc-brugge"]
    )
    assert membership.status == "added"
    own = {(p, o) for s, p, o in membership.added if s == membership.iri}
    assert (ORG.member, GGD["alain-depreux"]) in own
    assert (ORG.role, GGD["role-coordinator"]) in own
    # the period and its beginning are blank nodes: their triples are told under the membership
    blank = [t for t in membership.added if isinstance(t[0], BNode)]
    assert {p for _s, p, _o in blank} == {RDF.type, TIME.hasBeginning, TIME.inXSDgYear}
    from rdflib import XSD  # not at the top: pytest's collection asks the namespace for names

    assert Literal("2024", datatype=XSD.gYear) in {o for _s, _p, o in blank}


def test_the_text_says_it_for_people() -> None:
    text = gg.diff(RELEASES / "v1", RELEASES / "v2").write("text")
    v1, v2 = RELEASES / "v1", RELEASES / "v2"
    assert text == (
        f"--- {v1}\n"
        f"+++ {v2}\n"
        "Alain Depreux (ggd:alain-depreux): new resource\n"
        "  added: rdf:type foaf:Person\n"
        '  added: foaf:name "Alain Depreux"\n'
        "ggd:membership-alain-depreux-resoc-brugge: new resource\n"
        "  added: rdf:type org:Membership\n"
        "  added: org:member Alain Depreux\n"
        "  added: org:memberDuring [ rdf:type dcterms:PeriodOfTime ;"
        " time:hasBeginning [ time:inXSDgYear 2024 ] ]\n"
        "  added: org:organization RESOC Brugge\n"
        "  added: org:role ggd:role-coordinator\n"
        "ggd:membership-tine-decuypere-serr-brugge: removed resource\n"
        "  removed: rdf:type org:Membership\n"
        "  removed: org:member Tine Decuypere\n"
        "  removed: org:organization SERR Brugge\n"
        "  removed: org:role ggd:role-coordinator\n"
        "SERR Brugge (ggd:serr-brugge): removed resource\n"
        "  removed: rdf:type SERR\n"
        '  removed: skos:prefLabel "SERR Brugge"@nl\n'
        "seats of the social partners in VESOC (ggd:vesoc-seat-social-partners): changed\n"
        "  changed: places 16 → 14\n"
        "5 resources: 2 new, 2 removed, 1 changed; 11 triples added, 7 removed\n"
    )


def test_a_release_against_itself_is_equal_and_says_nothing() -> None:
    change = gg.diff(RELEASES / "v1", RELEASES / "v1")
    assert change.equal and change.resources == ()
    assert change.write("text") == ""
    assert json.loads(change.write("json"))["resources"] == []


# --------------------------------------------------------------------------- blank nodes


def test_blank_node_names_and_statement_order_make_no_difference() -> None:
    old = turtle("ex:a ex:during _:x . _:x ex:begin 1974 ; ex:end 1990 . ex:a ex:p 1 .")
    new = turtle("ex:a ex:p 1 ; ex:during [ ex:end 1990 ; ex:begin 1974 ] .")
    assert gg.diff(old, new).equal


def test_two_equal_blank_nodes_of_two_owners_stay_apart() -> None:
    # the same interval under two bodies: a change to one of them is told under that one only
    old = turtle("ex:a ex:during [ ex:begin 1974 ] . ex:b ex:during [ ex:begin 1974 ] .")
    new = turtle("ex:b ex:during [ ex:begin 1975 ] . ex:a ex:during [ ex:begin 1974 ] .")
    change = gg.diff(old, new)
    assert summary(change) == {"urn:x:b": "changed"}
    (resource,) = change.resources
    (during,) = resource.changed
    assert during.property == EX.during
    text = change.write("text")
    assert "  changed: <urn:x:during> [ <urn:x:begin> 1974 ] → [ <urn:x:begin> 1975 ]\n" in text


def test_a_change_deep_in_blank_nodes_is_told_under_the_nearest_iri() -> None:
    old = turtle('ex:a ex:address [ ex:street "X" ; ex:geo [ ex:lat 1 ] ] ; ex:other [ ex:v 1 ] .')
    new = turtle('ex:a ex:other [ ex:v 1 ] ; ex:address [ ex:geo [ ex:lat 2 ] ; ex:street "X" ] .')
    change = gg.diff(old, new)
    assert summary(change) == {"urn:x:a": "changed"}
    text = change.write("text")
    assert '<urn:x:address> [ <urn:x:geo> [ <urn:x:lat> 1 ] ; <urn:x:street> "X" ] → ' in text
    assert "<urn:x:other>" not in text  # the untouched blank node is not renamed


def test_an_iri_referred_to_by_several_owns_nothing_it_does_not_refer_to() -> None:
    old = turtle("ex:a ex:p [ ex:q 1 ] . ex:b ex:p ex:a .")
    new = turtle("ex:a ex:p [ ex:q 2 ] . ex:b ex:p ex:a .")
    assert summary(gg.diff(old, new)) == {"urn:x:a": "changed"}


def test_blank_nodes_no_iri_refers_to_are_their_own_resource() -> None:
    old = turtle("[ ex:p [ ex:q 1 ] ] .")
    new = turtle("[ ex:p [ ex:q 2 ] ] .")
    change = gg.diff(old, new)
    assert sorted(r.status for r in change.resources) == ["added", "removed"]
    assert all(isinstance(r.iri, BNode) for r in change.resources)


def test_a_duplicated_blank_node_is_a_difference() -> None:
    old = turtle("ex:a ex:during [ ex:begin 1974 ] .")
    new = turtle("ex:a ex:during [ ex:begin 1974 ] , [ ex:begin 1974 ] .")
    change = gg.diff(old, new)
    assert summary(change) == {"urn:x:a": "changed"}
    assert len(change.added()) == 2 and change.removed() == []


# --------------------------------------------------------------------------- what a change is


def test_one_value_replaced_by_one_other_is_a_change_several_are_not() -> None:
    old = turtle("ex:a ex:n 16 ; ex:m 1, 2 ; ex:k 5 .")
    new = turtle("ex:a ex:n 14 ; ex:m 3 ; ex:k 5, 6 .")
    (resource,) = gg.diff(old, new).resources
    assert resource.status == "changed"
    assert resource.changed == (Change(EX.a, EX.n, (Literal(16),), (Literal(14),)),)
    assert set(resource.removed) == {(EX.a, EX.m, Literal(1)), (EX.a, EX.m, Literal(2))}
    assert set(resource.added) == {(EX.a, EX.m, Literal(3)), (EX.a, EX.k, Literal(6))}


def test_a_literal_differs_by_language_and_datatype() -> None:
    old = turtle('ex:a ex:n "16" ; ex:l "Brugge"@nl .')
    new = turtle('ex:a ex:n 16 ; ex:l "Brugge"@en .')
    (resource,) = gg.diff(old, new).resources
    assert {c.property for c in resource.changed} == {EX.n, EX.l}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ('skos:prefLabel "Raad"@nl, "Council"@en', "Council"),
        ('ex:x "y" ; skos:prefLabel "Raad"@nl, "Conseil"@fr', "Raad"),
        ('skos:prefLabel "Conseil"@fr', "Conseil"),
        (
            '<http://www.w3.org/2000/01/rdf-schema#label> "label"@en ; skos:prefLabel "pref"@en',
            "pref",
        ),
        # the language comes first, then the property
        ('<http://schema.org/name> "Naam"@nl ; <http://xmlns.com/foaf/0.1/name> "Name"@en', "Name"),
        ('ex:x "no name"', "<urn:x:a>"),
    ],
)
def test_a_resource_is_named_by_its_label(names: str, expected: str) -> None:
    assert label(EX.a, [turtle(f"ex:a {names} .")]) == expected


def test_a_removed_resource_keeps_its_old_name_a_renamed_one_gets_the_new() -> None:
    old = turtle('ex:a skos:prefLabel "Old"@en . ex:b skos:prefLabel "B"@en .')
    new = turtle('ex:a skos:prefLabel "New"@en .')
    assert {r.label for r in gg.diff(old, new).resources} == {"New", "B"}


# --------------------------------------------------------------------------- the formats


def test_json_has_every_term_as_n_triples() -> None:
    data = json.loads(gg.diff(RELEASES / "v1", RELEASES / "v2").write("json"))
    assert data["equal"] is False
    assert data["old"] == str(RELEASES / "v1")
    seat = data["resources"][-1]
    assert seat == {
        "iri": str(GGD["vesoc-seat-social-partners"]),
        "label": "seats of the social partners in VESOC",
        "status": "changed",
        "added": [],
        "removed": [],
        "changed": [
            {
                "property": f"<{GG.seatCount}>",
                "old": ['"16"^^<http://www.w3.org/2001/XMLSchema#integer>'],
                "new": ['"14"^^<http://www.w3.org/2001/XMLSchema#integer>'],
            }
        ],
    }
    membership = data["resources"][1]
    assert ["_:b1", f"<{RDF.type}>", "<http://purl.org/dc/terms/PeriodOfTime>"] in membership[
        "added"
    ]
    assert [r["iri"] for r in data["resources"]] == sorted(r["iri"] for r in data["resources"])


def test_ttl_is_a_talis_changeset_per_resource() -> None:
    change = gg.diff(RELEASES / "v1", RELEASES / "v2")
    graph = Graph().parse(data=change.write("ttl", created="2025-01-02T03:04:05Z"), format="ttl")
    sets = set(graph.subjects(RDF.type, CS.ChangeSet))
    assert {graph.value(s, CS.subjectOfChange) for s in sets} == {r.iri for r in change.resources}
    seat = next(
        s for s in sets if graph.value(s, CS.subjectOfChange) == GGD["vesoc-seat-social-partners"]
    )
    assert str(graph.value(seat, CS.createdDate)).startswith("2025-01-02T03:04:05")
    (removal,) = graph.objects(seat, CS.removal)
    (addition,) = graph.objects(seat, CS.addition)
    assert graph.value(removal, RDF.type) == RDF.Statement
    assert graph.value(removal, RDF.predicate) == GG.seatCount
    assert (graph.value(removal, RDF.object), graph.value(addition, RDF.object)) == (
        Literal(16),
        Literal(14),
    )
    statements = len(set(graph.subjects(RDF.type, RDF.Statement)))
    assert statements == len(change.added()) + len(change.removed())


def test_nq_puts_removed_and_added_triples_in_two_named_graphs() -> None:
    change = gg.diff(RELEASES / "v1", RELEASES / "v2")
    dataset = Dataset()
    dataset.parse(data=change.write("nq"), format="nquads")
    removed, added = dataset.graph(REMOVED_GRAPH), dataset.graph(ADDED_GRAPH)
    assert (GGD["vesoc-seat-social-partners"], GG.seatCount, Literal(16)) in removed
    assert (GGD["vesoc-seat-social-partners"], GG.seatCount, Literal(14)) in added
    assert (len(removed), len(added)) == (7, 11)


@pytest.mark.parametrize("fmt", ["text", "json", "ttl", "nq"])
def test_the_same_change_set_gives_the_same_bytes(fmt: str, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = gg.diff(RELEASES / "v1", RELEASES / "v2").write(fmt)
    second = gg.diff(RELEASES / "v1", RELEASES / "v2").write(fmt)
    assert first == second
    if fmt == "ttl":
        assert "2023-11-14T22:13:20" in first


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown diff format 'xml'"):
        gg.diff(RELEASES / "v1", RELEASES / "v1").write("xml")
