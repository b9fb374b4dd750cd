"""Stored queries about the bodies (chairs, composition, kinds and counts) answer as the two
source documents say; the expected rows are written by hand from them (see
``stored_answers.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .stored_answers import RESOCS, SERRS, i, parts, run


@pytest.fixture(autouse=True)
def _isolated_cache() -> Iterator[None]:
    """Overrides conftest's per-test cache reset: this module shares one closure (``kg``)."""
    yield


# --------------------------------------------------------------------------- chairs


def test_chairs(kg, catalogue) -> None:
    rows = {r["body"]: r for r in run(kg, catalogue, "chairs")}
    assert set(rows) == RESOCS | SERRS | {i("vesoc"), i("vesoc-working-group")}
    # VESOC: the minister-president chairs, by virtue of office.
    vesoc = rows[i("vesoc")]
    assert "ex officio" in vesoc["selection"].lower()
    assert parts(vesoc["filled_from"], " / ") == {"Minister-President of the Flemish Government"}
    # The working group: a representative of the minister-president, unless VESOC decides
    # otherwise.
    wg = rows[i("vesoc-working-group")]
    assert "representative" in wg["selection"].lower()
    assert parts(wg["filled_from"], " / ") == {"Minister-President of the Flemish Government"}
    assert "VESOC" in wg["exception"]
    # RESOC: a representative of the local or provincial authorities.
    for body in RESOCS:
        assert "representative" in rows[body]["selection"].lower()
        assert parts(rows[body]["filled_from"], " / ") == {
            "local authorities",
            "provincial authorities",
        }
        assert rows[body]["exception"] is None
    # SERR: presided by one of the members, i.e. the social partners.
    for body in SERRS:
        assert rows[body]["selection"] == "one of the members"
        assert parts(rows[body]["filled_from"], " / ") == {"social partners"}


def test_chairs_in_dutch(kg, catalogue) -> None:
    rows = {r["body"]: r for r in run(kg, catalogue, "chairs", lang="nl")}
    assert len(rows) == 30
    assert "minister-president" in rows[i("vesoc")]["filled_from"]
    assert rows[i("vesoc-working-group")]["name"] == "VESOC-werkgroep"


def test_neutral_chairs(kg, catalogue) -> None:
    rows = run(kg, catalogue, "neutral-chairs")
    by_body: dict[str, set[tuple[object, object]]] = {}
    for r in rows:
        by_body.setdefault(r["body"], set()).add((r["method"], r["filled_from"]))
    assert by_body[i("vesoc")] == {(i("chair-ex-officio"), i("minister-president"))}
    assert by_body[i("vesoc-working-group")] == {
        (i("chair-representative-of-post"), i("minister-president"))
    }
    for body in RESOCS:
        assert by_body[body] == {
            (i("chair-representative-of-group"), i("local-authorities")),
            (i("chair-representative-of-group"), i("provincial-authorities")),
        }
    for body in SERRS:
        assert by_body[body] == {(i("chair-one-of-the-members"), body + "-seat-social-partners")}
    assert len(by_body) == 30


# --------------------------------------------------------------------------- composition


def test_body_composition_of_vesoc(kg, catalogue) -> None:
    rows = run(kg, catalogue, "body-composition")  # default: VESOC
    members = {(r["places"], r["held_by"], r["voting"]) for r in rows if r["role"] == "member"}
    # 16 members of the Flemish social partners and 4 VESOC ministers; that they vote is an
    # interpretation (the contrast with "met raadgevende stem"), in the bundled graph.
    assert members == {(16, "Flemish social partners", True), (4, "Flemish Government", True)}
    advisory = [r for r in rows if r["voting"] is False]
    # Two secretaries-general (DKB, WSE), SERV's administrator-general and deputy: 4 places.
    assert sum(r["places"] for r in advisory) == 4
    assert len(advisory) == 4
    assert {r["held_by"] for r in advisory} == {
        "Secretary-General of the Department of Chancellery and Governance",
        "Secretary-General of the Department of Work and Social Economy",
        "Administrator-General of SERV",
        "Deputy Administrator-General of SERV",
    }
    # The other ministers attend when the agenda touches their competences.
    (conditional,) = [r for r in rows if r["seat"] == i("vesoc-seat-other-ministers")]
    assert conditional["held_by"] == "Flemish Government"
    assert conditional["condition"]
    assert conditional["voting"] is None
    assert len(rows) == 7
    assert {r["constituency"] for r in rows if r["places"] == 16} == {
        "social partners (employers and employees)"
    }


def test_body_composition_of_the_working_group_and_a_resoc_and_a_serr(kg, catalogue) -> None:
    wg = run(kg, catalogue, "body-composition", {"body_iri": "ggd:vesoc-working-group"})
    assert {r["seat"] for r in wg} == {
        i("vesoc-working-group-seat-vesoc-ministers-cabinets"),
        i("vesoc-working-group-seat-work-cabinet"),
        i("vesoc-working-group-seat-other-cabinets"),
        i("vesoc-working-group-seat-social-partners"),
    }
    resoc = run(kg, catalogue, "body-composition", {"body_iri": i("resoc-brugge")})
    # Main partners: local and provincial authorities, social partners, VDAB, NGOs.
    assert {frozenset(parts(r["held_by"], " / ")) for r in resoc} == {
        frozenset({"local authorities", "provincial authorities"}),
        frozenset({"social partners"}),
        frozenset({"VDAB"}),
        frozenset({"non-governmental organisations"}),
    }
    serr = run(kg, catalogue, "body-composition", {"body_iri": "ggd:serr-gent"})
    # The profile says nothing about votes in a SERR (or a RESOC): no gg:voting.
    assert [(r["held_by"], r["voting"]) for r in serr] == [("social partners", None)]
    assert {r["voting"] for r in resoc} == {None}


def test_advisory_attendees(kg, catalogue) -> None:
    rows = run(kg, catalogue, "advisory-attendees")
    assert {(r["body"], r["post"], r["organisation"], r["places"]) for r in rows} == {
        (i("vesoc"), i("dkb-secretary-general"), i("department-chancellery-and-governance"), 1),
        (i("vesoc"), i("wse-secretary-general"), i("department-work-and-social-economy"), 1),
        (i("vesoc"), i("serv-administrator-general"), i("serv"), 1),
        (i("vesoc"), i("serv-deputy-administrator-general"), i("serv"), 1),
    }


def test_members(kg, catalogue) -> None:
    rows = run(kg, catalogue, "members")  # default: VESOC
    assert {(r["member"], r["role"]) for r in rows} == {
        (i("flemish-social-partners"), "member"),  # the 16 seats
        (i("flemish-government"), "member"),  # the 4 VESOC ministers
        (i("flemish-government"), "attendee when the agenda concerns them"),
        (i("dkb-secretary-general"), "advisory attendee (no vote)"),
        (i("wse-secretary-general"), "advisory attendee (no vote)"),
        (i("serv-administrator-general"), "advisory attendee (no vote)"),
        (i("serv-deputy-administrator-general"), "advisory attendee (no vote)"),
        (i("pieter-kerremans"), "contact person"),
        (i("helga-coppen"), "contact person"),
    }
    leuven = run(kg, catalogue, "members", {"body_iri": "ggd:resoc-leuven"})
    assert {r["member"] for r in leuven} == {
        i(m)
        for m in (
            "local-authorities",
            "provincial-authorities",
            "social-partners",
            "vdab",
            "ngos",
            "cil-cuypers",
        )
    }


def test_resoc_partners(kg, catalogue) -> None:
    rows = run(kg, catalogue, "resoc-partners")
    assert {(r["partner"], r["constituency"]) for r in rows} == {
        (i("local-authorities"), "government"),
        (i("provincial-authorities"), "government"),
        (i("social-partners"), "social partners (employers and employees)"),
        (i("vdab"), "public employment service"),
        (i("ngos"), "non-governmental organisations"),
    }


def test_secretariats(kg, catalogue) -> None:
    rows = run(kg, catalogue, "secretariats")
    # SERV runs the practical operation of VESOC and the secretariat of its working group.
    assert {(r["body"], r["secretariat"]) for r in rows} == {
        (i("vesoc"), i("serv")),
        (i("vesoc-working-group"), i("serv")),
    }


def test_sub_bodies(kg, catalogue) -> None:
    rows = run(kg, catalogue, "sub-bodies")
    assert {(r["sub"], r["parent"]) for r in rows} == {
        (i("vesoc-working-group"), i("vesoc")),
        (i("department-chancellery-and-governance"), i("flemish-administration")),
        (i("department-work-and-social-economy"), i("flemish-administration")),
        (i("cabinet-work"), i("flemish-government")),
        (i("cabinets-of-vesoc-ministers"), i("flemish-government")),
        (i("cabinets-of-other-ministers"), i("flemish-government")),
        (i("coordination-unit"), i("ministry-of-employment")),
        (i("project-developers"), i("ersvs")),
    }
    # The sub-regional employment committees were advisory committees of the National
    # Employment Service only until the 1990s: a membership with its period, not a
    # sub-organisation (test_sources_faithful.py).


def test_guidance_committee(kg, catalogue) -> None:
    rows = run(kg, catalogue, "guidance-committee")
    # Social partners, government, ministry and PES at Flemish level, plus RESOC/SERR. The
    # ministry read as the Ministry of Employment is an interpretation, in the bundled graph.
    assert {(r["committee"], r["member"]) for r in rows} == {
        (i("guidance-committee"), i(m))
        for m in (
            "flemish-social-partners",
            "flemish-government",
            "ministry-of-employment",
            "vdab",
            "resoc-serr-representatives",
        )
    }


# --------------------------------------------------------------------------- kinds and counts


def test_bodies_by_kind(kg, catalogue) -> None:
    rows = run(kg, catalogue, "bodies-by-kind")
    tripartite = {r["body"] for r in rows if r["partite"] == "tripartite body"}
    bipartite = {r["body"] for r in rows if r["partite"] == "bipartite body"}
    assert tripartite == RESOCS | {i("vesoc"), i("vesoc-working-group")}
    assert bipartite == SERRS
    assert len(rows) == 30
    assert {r["kind"] for r in rows if r["body"] in RESOCS} == {"RESOC"}
    assert {r["kind"] for r in rows if r["body"] in SERRS} == {"SERR"}


def test_body_counts(kg, catalogue) -> None:
    counts = {r["kind"]: r["bodies"] for r in run(kg, catalogue, "body-counts")}
    assert counts[i("kind-resoc")] == 15
    assert counts[i("kind-serr")] == 13
    assert counts[i("kind-tripartite-body")] == 17  # 15 RESOCs, VESOC, its working group
    assert counts[i("kind-bipartite-body")] == 13
    assert counts[i("kind-vesoc")] == 1
    assert counts[i("kind-public-employment-service")] == 1  # VDAB
