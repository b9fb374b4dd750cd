"""Stored queries about people, regions, funding, history, aims and results answer as the two
source documents say; the expected rows are written by hand from them (see
``stored_answers.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .stored_answers import (
    CONTACTS,
    COORDINATOR_ROWS,
    COORDINATORS,
    RESOCS,
    SERR_REGIONS,
    SERRS,
    i,
    parts,
    run,
)


@pytest.fixture(autouse=True)
def _isolated_cache() -> Iterator[None]:
    """Overrides conftest's per-test cache reset: this module shares one closure (``kg``)."""
    yield


# --------------------------------------------------------------------------- people


def test_coordinators(kg, catalogue) -> None:
    rows = run(kg, catalogue, "coordinators")
    assert {(r["name"], r["email"], r["body"]) for r in rows} == COORDINATOR_ROWS
    assert len(rows) == 29
    assert len({r["person"] for r in rows}) == 17


def test_coordinators_filtered_by_body_and_region(kg, catalogue) -> None:
    def pairs(scope: str) -> set[tuple[object, object]]:
        rows = run(kg, catalogue, "coordinators", {"scope_iri": scope})
        return {(r["name"], r["body"]) for r in rows}

    assert pairs("ggd:serr-vlaams-brabant") == {("Lode Van Loock", i("serr-vlaams-brabant"))}
    assert pairs("ggd:region-leuven") == {
        ("Cil Cuypers", i("resoc-leuven")),
        ("Lode Van Loock", i("serr-vlaams-brabant")),
    }
    assert pairs("ggd:region-oostende") == {
        ("Ann Vanassche", i("resoc-oostende")),
        ("Nick Vanwalleghem", i("serr-oostende-westhoek")),
    }
    # Everything in Flanders: all but BNCTO-Brussels.
    flanders = pairs("ggd:flemish-region")
    assert len(flanders) == 28
    assert ("Daevy Amerlynck", i("bncto-brussels")) not in flanders


def test_contact_persons(kg, catalogue) -> None:
    rows = run(kg, catalogue, "contact-persons")
    assert {(r["name"], r["email"], r["organisation"]) for r in rows} == CONTACTS


def test_person_bodies(kg, catalogue) -> None:
    rows = run(kg, catalogue, "person-bodies")  # default: Lode Van Loock
    assert {(r["organisation"], r["role"]) for r in rows} == {
        (i("resoc-halle-vilvoorde"), "coordinator"),
        (i("serr-vlaams-brabant"), "coordinator"),
    }
    tine = run(kg, catalogue, "person-bodies", {"person_iri": "ggd:tine-decuypere"})
    assert {r["organisation"] for r in tine} == {i("resoc-brugge"), i("serr-brugge")}
    sandra = run(kg, catalogue, "person-bodies", {"person_iri": "ggd:sandra-hellings"})
    assert [(r["organisation"], r["role"]) for r in sandra] == [
        (i("vesoc-working-group"), "contact person")
    ]


def test_persons(kg, catalogue) -> None:
    rows = {r["name"]: r for r in run(kg, catalogue, "persons")}
    expected_names = {n for n, _, _ in COORDINATORS} | {n for n, _, _ in CONTACTS}
    assert set(rows) == expected_names
    assert len(rows) == 21
    # Every line of the profile's list pairs a person with an address, Nick Vanwalleghem's
    # (coordinator@stcctoow.be) too.
    for name, email, bodies in COORDINATORS:
        assert rows[name]["email"] == email
        assert len(parts(rows[name]["roles"], "; ")) == len(bodies)
    assert parts(rows["Lode Van Loock"]["roles"], "; ") == {
        "coordinator (RESOC Halle-Vilvoorde)",
        "coordinator (SERR Vlaams-Brabant)",
    }
    assert rows["Miet Verhamme"]["email"] == "miet.verhamme@wse.vlaanderen.be"


def test_neutral_memberships(kg, catalogue) -> None:
    rows = run(kg, catalogue, "neutral-memberships")
    found = {(r["name"], r["organisation"]) for r in rows}
    expected = {(n, b) for n, _, b in COORDINATOR_ROWS} | {(n, o) for n, _, o in CONTACTS}
    assert found == expected
    assert {r["role"] for r in rows} == {"coordinator", "contact person"}


# --------------------------------------------------------------------------- regions


def test_region_bodies(kg, catalogue) -> None:
    def bodies(region: str | None = None) -> set[object]:
        params = {"region_iri": region} if region else {}
        return {r["body"] for r in run(kg, catalogue, "region-bodies", params)}

    assert bodies() == {i("resoc-leuven"), i("serr-vlaams-brabant")}  # default: Leuven
    assert bodies("ggd:region-halle-vilvoorde") == {
        i("resoc-halle-vilvoorde"),
        i("serr-vlaams-brabant"),
    }
    assert bodies("ggd:region-westhoek") == {i("resoc-westhoek"), i("serr-oostende-westhoek")}
    assert bodies("ggd:region-brugge") == {i("resoc-brugge"), i("serr-brugge")}
    assert bodies("ggd:region-brussels") == {i("bncto-brussels")}
    assert RESOCS | SERRS | {i("vesoc")} <= bodies("ggd:flemish-region")


def test_serr_regions(kg, catalogue) -> None:
    rows = run(kg, catalogue, "serr-regions")
    found: dict[object, set[object]] = {}
    for r in rows:
        found.setdefault(r["serr"], set()).add(r["region"])
        # The RESOC of the same sub-region.
        assert r["resoc"] == str(r["region"]).replace("/region-", "/resoc-")
    assert found == {
        i(s): {i(f"region-{r}") for r in regions} for s, regions in SERR_REGIONS.items()
    }
    assert len(found) == 13
    assert len(rows) == 15


def test_region_population(kg, catalogue) -> None:
    (row,) = run(kg, catalogue, "region-population")
    # Population range of a sub-region: 150,000 to 700,000; 15 sub-regions.
    assert (row["min_inhabitants"], row["max_inhabitants"]) == (150000, 700000)
    assert row["unit"] == "inhabitants"
    assert row["count"] == 15


# --------------------------------------------------------------------------- funding


def test_funding(kg, catalogue) -> None:
    rows = run(kg, catalogue, "funding")
    assert {(r["funder"], r["recipient"], r["frequency"]) for r in rows} == {
        (i("flemish-government"), i("ersvs"), "annual"),  # a yearly staffing budget
        (i("provincial-authorities"), i("ersvs"), None),  # additional funding
        (i("local-authorities"), i("ersvs"), None),
    }
    (staffing,) = [r for r in rows if r["funder"] == i("flemish-government")]
    purposes = parts(staffing["purpose"], " / ")
    assert len(purposes) == 2  # the central advisory role and the project-development staff
    assert any("advisory" in p for p in purposes)
    assert any("project" in p for p in purposes)


def test_neutral_funders(kg, catalogue) -> None:
    rows = run(kg, catalogue, "neutral-funders")
    assert {(r["funder"], r["funded"], r["frequency"]) for r in rows} == {
        (i("flemish-government"), i("ersvs"), "annual"),
        (i("provincial-authorities"), i("ersvs"), None),
        (i("local-authorities"), i("ersvs"), None),
    }


def test_funding_opportunities(kg, catalogue) -> None:
    (row,) = run(kg, catalogue, "funding-opportunities")
    # The ERSVs can apply for funding of innovative projects; no funder is named.
    assert row["open_to"] == i("ersvs")
    assert row["purpose"] == "innovative projects"


# --------------------------------------------------------------------------- history


def test_history(kg, catalogue) -> None:
    rows = {r["when"]: r for r in run(kg, catalogue, "history")}
    assert list(rows) == ["1974", "1990-1999", "1994", "1999", "2004", "2005"]
    assert rows["1974"]["resulting"] == "sub-regional employment committees"
    assert rows["1974"]["from"] is None
    assert rows["1990-1999"]["change"] == "transformed"
    assert rows["2005"]["change"] == "created"  # "established"; "replaced" is not said
    assert rows["1994"]["resulting"] == "district platforms"
    assert rows["2004"]["resulting_count"] == 0
    assert rows["2004"]["legal_act"]
    # 2005: in every sub-region a RESOC and a SERR. That they came from the committees and the
    # platforms, under the 2004 law, is an interpretation (data/interpretations.ttl), part of
    # the bundled graph.
    new = rows["2005"]
    assert parts(new["from"], ", ") == {"sub-regional employment committees", "district platforms"}
    assert parts(new["resulting"], ", ") == {"15 \u00d7 RESOC", "13 \u00d7 SERR"}
    assert new["resulting_count"] == 28
    assert new["legal_act"] == rows["2004"]["legal_act"]


# --------------------------------------------------------------------------- aims and results


def test_objectives(kg, catalogue) -> None:
    def objectives(kind: str | None = None) -> set[object]:
        params = {"kind_iri": kind} if kind else {}
        return {r["objective"] for r in run(kg, catalogue, "objectives", params)}

    serr = {
        i(f"objective-{o}")
        for o in (
            "bipartite-consultation",
            "labour-market-advice",
            "regional-advice",
            "consultation-forum",
            "two-way-information",
        )
    }
    resoc = {
        i(f"objective-{o}")
        for o in (
            "regional-pact",
            "innovative-initiatives",
            "socio-economic-advice",
            "consultative-framework",
            "regional-advice",
            "consultation-forum",
            "two-way-information",
        )
    }
    assert objectives("ggd:kind-serr") == serr
    assert objectives("ggd:kind-resoc") == resoc
    assert objectives("ggd:diversity-programme") == {i("objective-employment-equity")}
    assert objectives("ggd:vesoc-working-group") == {
        i("objective-policy-follow-up"),
        i("objective-policy-decisions"),
    }
    assert objectives("ggd:kind-tripartite-body") == resoc | {
        i("objective-vesoc-consultation"),
        i("objective-policy-follow-up"),
        i("objective-policy-decisions"),
    }
    everything = objectives()
    assert everything == serr | resoc | {
        i("objective-employment-equity"),
        i("objective-vesoc-consultation"),
        i("objective-policy-follow-up"),
        i("objective-policy-decisions"),
    }


def test_targets_and_results(kg, catalogue) -> None:
    rows = run(kg, catalogue, "targets-and-results")
    (target,) = [r for r in rows if r["type"] == "target"]
    assert (target["figure"], target["year"]) == (525, "2006")  # 2006 target: 525 plans
    results = [r for r in rows if r["type"] == "result"]
    assert len(results) == 10  # four since 2005, six in the highlight section
    # Both results give a figure they exceed: over 2,000 (plans; companies).
    assert sorted(r["figure"] for r in results if r["figure"] is not None) == [2000, 2000]
    pacts = [r for r in results if r["item"] == i("result-regional-pacts")]
    assert parts(pacts[0]["credited_to"], ", ") == {"RESOC"}


def test_instruments(kg, catalogue) -> None:
    rows = {r["instrument"]: r for r in run(kg, catalogue, "instruments")}
    advice = rows[i("instrument-formal-policy-advice")]
    assert advice["addressed_to"] == "Flemish Ministers of Employment"  # plural, as the profile
    assert parts(advice["used_by"], ", ") == {"RESOC", "SERR"}
    assert "project developers" in rows[i("instrument-hr-counselling")]["addressed_to"]
    assert len(rows) == 4


def test_policy_areas(kg, catalogue) -> None:
    counts = {r["area"]: (r["bodies"], r["broader"]) for r in run(kg, catalogue, "policy-areas")}
    # Labour market and economic policy development: the 15 RESOCs and the 13 SERRs.
    assert counts == {
        i("policy-area-labour-market"): (28, "socio-economic policy"),
        i("policy-area-economic-policy"): (28, "socio-economic policy"),
        i("policy-area-socio-economic"): (1, None),  # VESOC
    }


def test_agreements(kg, catalogue) -> None:
    rows = {r["agreement"]: r for r in run(kg, catalogue, "agreements")}
    pact = rows[i("regional-pact")]
    # A regional pact every six years, binding all undersigning partners.
    assert (pact["of"], pact["cycle_years"], pact["binding"]) == ("RESOC", 6, True)
    assert pact["parties"] is None
    protocol = rows[i("vesoc-protocol")]
    assert parts(protocol["parties"], ", ") == {"Flemish Government", "Flemish social partners"}
    assert protocol["of"] == "VESOC"
    assert set(rows) == {i("regional-pact"), i("vesoc-protocol"), i("vesoc-agreements")}


def test_meetings(kg, catalogue) -> None:
    rows = {r["series"]: r for r in run(kg, catalogue, "meetings")}
    wg = rows[i("vesoc-working-group-meetings")]
    assert (wg["body"], wg["frequency"]) == (i("vesoc-working-group"), "monthly")
    formal = rows[i("vesoc-formal-meetings")]
    informal = rows[i("vesoc-informal-meetings")]
    assert formal["concludes"] == "VESOC agreements"
    assert informal["prepares"] == "VESOC agreements"
    assert informal["more_often_than"] == formal["name"]
    assert formal["prepared_by"] == informal["prepared_by"] == "VESOC working group"


def test_programmes(kg, catalogue) -> None:
    (row,) = run(kg, catalogue, "programmes")
    assert (row["programme"], row["since"], row["frequency"]) == (
        i("diversity-programme"),
        "1999",
        "annual",
    )
    assert parts(row["target_groups"], ", ") == {
        "migrant workers",
        "disabled persons",
        "older workers",
    }


# --------------------------------------------------------------------------- provenance


def test_sources_of(kg, catalogue) -> None:
    rows = run(kg, catalogue, "sources-of")  # default: RESOC Brugge
    assert {(r["section"], r["document"], r["file"]) for r in rows} == {
        (
            i("doc-resoc-serr-profile-at-work"),
            i("doc-resoc-serr-profile"),
            "000_e9edf514ae66cc82.txt",
        ),
        (
            i("doc-resoc-serr-profile-coordinators"),
            i("doc-resoc-serr-profile"),
            "000_e9edf514ae66cc82.txt",
        ),
    }
    chair = run(kg, catalogue, "sources-of", {"resource_iri": "ggd:vesoc-chair"}, lang=None)
    assert {(r["section"], r["heading"], r["file"]) for r in chair} == {
        (i("doc-vesoc-page-plenary"), "(In)formeel VESOC-overleg", "003_e1f758f476cb149f.txt")
    }
    sandra = run(kg, catalogue, "sources-of", {"resource_iri": "ggd:sandra-hellings"}, lang=None)
    assert {r["heading"] for r in sandra} == {"Meer info"}
