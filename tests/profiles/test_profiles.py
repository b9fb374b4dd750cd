"""Export profiles: each runs on the bundled closure; OSLO and CPOV outputs pass the owners'
official SHACL shapes (read from the shared folder, never copied), schema.org output uses only
schema.org terms, and the facts a profile can carry survive."""

from __future__ import annotations

import doctest
import importlib.util
from types import ModuleType

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, SKOS

from governance_graph import paths, profiles
from governance_graph.errors import GovernanceGraphError
from governance_graph.namespaces import CV, GG, GGD, SCHEMA
from tests.helpers.paths import shared_dir

CHECKER = shared_dir() / "external" / "check_external.py"
WD = Namespace("http://www.wikidata.org/entity/")
PERSON = Namespace("http://www.w3.org/ns/person#")
TIME = Namespace("http://www.w3.org/2006/time#")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")

needs_shared = pytest.mark.skipif(
    not CHECKER.is_file(),
    reason=f"official shapes not found: {CHECKER} is missing "
    "(set GOVERNANCE_GRAPH_SHARED to the folder that holds external/check_external.py)",
)

PUBLIC = {
    GGD[name]
    for name in (
        "flemish-government",
        "flemish-administration",
        "department-chancellery-and-governance",
        "department-work-and-social-economy",
        "ministry-of-employment",
        "vdab",
        "vesoc",
        "vesoc-working-group",
    )
}
RESOCS = 15
SERRS = 13


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    """Every profile run once on the bundled closure (with a private closure cache)."""
    import governance_graph as gg
    from governance_graph.engines import rdflib_reasoning as reasoning

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("profile-cache")))
        reasoning.clear_memory_cache()
        closure = gg.load().closure()
        result = {name: profiles.run_profile(name, closure) for name in profiles.profile_names()}
        reasoning.clear_memory_cache()
    return result


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_external", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def official_violations(profile: str, data: Graph) -> list[tuple[str, str, str]]:
    """(focus, path, component) of every sh:Violation, exactly as check_external.py runs it."""
    from pyshacl import validate

    checker = _checker()
    _, shape_files, vocab_files = checker.PROFILES[profile]
    shapes = checker.load(shape_files, checker.HERE)
    vocab = checker.load(vocab_files, checker.HERE)
    checker.patch_langstring_class(shapes)
    copy = Graph()
    for triple in data:
        copy.add(triple)
    _, results, _ = validate(
        copy,
        shacl_graph=shapes,
        ont_graph=vocab,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
        advanced=False,
    )
    sh = Namespace("http://www.w3.org/ns/shacl#")
    found = []
    for res in results.subjects(RDF.type, sh.ValidationResult):
        if results.value(res, sh.resultSeverity) == sh.Violation:
            found.append(
                (
                    str(results.value(res, sh.focusNode)),
                    str(results.value(res, sh.resultPath)),
                    str(results.value(res, sh.sourceConstraintComponent)).rsplit("#", 1)[-1],
                )
            )
    return found


# ------------------------------------------------------------------------------ discovery


def test_profile_names() -> None:
    assert profiles.profile_names() == ["cpov", "oslo", "schema-org"]


def test_profiles_dir_sits_beside_the_bundled_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVERNANCE_GRAPH_PROFILES_DIR", raising=False)
    assert profiles.profiles_dir() == paths.bundled_root() / "profiles"


def test_unknown_profile_names_the_valid_ones() -> None:
    with pytest.raises(profiles.UnknownProfileError) as info:
        profiles.get_profile("dcat")
    assert isinstance(info.value, GovernanceGraphError)
    assert str(info.value) == "unknown profile 'dcat'; valid profiles: cpov, oslo, schema-org"


def test_every_profile_has_a_readme_table() -> None:
    for name in profiles.profile_names():
        readme = profiles.get_profile(name).readme
        assert "| our term | their term |" in readme.read_text(encoding="utf-8")


def test_empty_graph_gives_empty_export() -> None:
    for name in profiles.profile_names():
        assert len(profiles.run_profile(name, Graph())) == 0


def test_doctests() -> None:
    result = doctest.testmod(profiles, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


# ------------------------------------------------------------------------------ all profiles


@pytest.mark.parametrize("name", ["oslo", "cpov", "schema-org"])
def test_output_speaks_only_the_consumers_terms(outputs: dict[str, Graph], name: str) -> None:
    ours = (str(GG), str(profiles.GGP))
    for s, p, o in outputs[name]:
        assert not str(p).startswith(ours), (name, p)
        if p == RDF.type:
            assert not str(o).startswith(ours), (name, s, o)


@pytest.mark.parametrize("name", ["oslo", "cpov", "schema-org"])
def test_public_organisations_agree(outputs: dict[str, Graph], name: str) -> None:
    public_type = SCHEMA.GovernmentOrganization if name == "schema-org" else CV.PublicOrganisation
    public = set(outputs[name].subjects(RDF.type, public_type))
    resocs_serrs = {
        o for o in public if str(o).startswith((str(GGD) + "resoc-", str(GGD) + "serr-"))
    }
    assert len(resocs_serrs) == RESOCS + SERRS
    assert public - resocs_serrs == PUBLIC


@pytest.mark.parametrize("name", ["oslo", "cpov"])
def test_prefixes_are_bound(outputs: dict[str, Graph], name: str) -> None:
    bound = dict(outputs[name].namespaces())
    assert str(bound["org"]) == str(ORG)
    assert str(bound["skos"]) == str(SKOS)
    assert str(bound["ggd"]) == str(GGD)
    assert "ggp" not in bound


# ------------------------------------------------------------------------------ OSLO


@needs_shared
def test_oslo_passes_the_official_shapes(outputs: dict[str, Graph]) -> None:
    assert official_violations("oslo", outputs["oslo"]) == []


@needs_shared
def test_oslo_check_can_fail_membership_without_role(outputs: dict[str, Graph]) -> None:
    broken = Graph()
    for triple in outputs["oslo"]:
        broken.add(triple)
    membership = GGD["membership-tine-decuypere-resoc-brugge"]
    broken.remove((membership, ORG.role, None))
    found = official_violations("oslo", broken)
    assert (str(membership), str(ORG.role), "MinCountConstraintComponent") in found


@needs_shared
def test_oslo_check_can_fail_two_preferred_labels(outputs: dict[str, Graph]) -> None:
    broken = Graph()
    for triple in outputs["oslo"]:
        broken.add(triple)
    broken.add((GGD.vesoc, SKOS.prefLabel, Literal("VESOC", lang="en")))
    found = official_violations("oslo", broken)
    assert (str(GGD.vesoc), str(SKOS.prefLabel), "MaxCountConstraintComponent") in found


def test_oslo_one_dutch_preferred_label_per_organisation(outputs: dict[str, Graph]) -> None:
    out = outputs["oslo"]
    for org in set(out.subjects(RDF.type, ORG.Organization)):
        labels = list(out.objects(org, SKOS.prefLabel))
        assert len(labels) == 1, org
        assert labels[0].language == "nl", org


def test_oslo_carries_bodies_posts_and_memberships(outputs: dict[str, Graph]) -> None:
    out = outputs["oslo"]
    resocs = set(out.subjects(ORG.classification, GGD["kind-resoc"]))
    serrs = set(out.subjects(ORG.classification, GGD["kind-serr"]))
    assert (len(resocs), len(serrs)) == (RESOCS, SERRS)
    seat = GGD["vesoc-seat-social-partners"]
    assert (seat, RDF.type, ORG.Post) in out
    assert (seat, ORG.postIn, GGD.vesoc) in out
    assert (seat, ORG.role, GGD["role-member"]) in out
    assert "16" in str(out.value(seat, SKOS.prefLabel))
    memberships = set(out.subjects(RDF.type, ORG.Membership))
    # 33 of persons (29 coordinators' and 4 contact persons'), 5 on the guidance committee, and
    # the sub-regional employment committees' in the National Employment Service (1974-1990s).
    assert len(memberships) == 39
    guidance = {
        m for m in memberships if out.value(m, ORG.organization) == GGD["guidance-committee"]
    }
    assert len(guidance) == 5
    assert (GGD["tine-decuypere"], RDF.type, PERSON.Person) in out


def test_oslo_carries_membership_periods(outputs: dict[str, Graph]) -> None:
    """lidVanTot: the one period the sources give a membership, a cv:PeriodOfTime, its bounds
    in W3C Time beside it (1974; an undated end inside 1990-1999); no other period."""
    out = outputs["oslo"]
    tie = GGD["membership-subregional-employment-committees-national-employment-service"]
    assert set(out.subject_objects(ORG.memberDuring)) == {(tie, GGD["period-1974-to-1990s"])}
    period = out.value(tie, ORG.memberDuring)
    assert (period, RDF.type, CV.PeriodOfTime) in out
    begin, end = out.value(period, TIME.hasBeginning), out.value(period, TIME.hasEnd)
    assert out.value(begin, TIME.inXSDgYear) == Literal("1974", datatype=GYEAR)
    assert out.value(end, TIME.inXSDgYear) is None and out.value(end, TIME.inXSDDate) is None
    decade = out.value(None, TIME.inside, end)
    assert [
        str(out.value(out.value(decade, bound), TIME.inXSDgYear))
        for bound in (TIME.hasBeginning, TIME.hasEnd)
    ] == ["1990", "1999"]
    assert GGD["period-since-2005"] not in set(out.subjects())  # a body's period is not carried


def test_oslo_units_have_exactly_one_whole(outputs: dict[str, Graph]) -> None:
    out = outputs["oslo"]
    units = set(out.subjects(RDF.type, ORG.OrganizationalUnit))
    assert units == {GGD["cabinet-work"], GGD["coordination-unit"]}
    assert out.value(GGD["cabinet-work"], ORG.unitOf) == GGD["flemish-government"]


def test_oslo_carries_no_change_events(outputs: dict[str, Graph]) -> None:
    out = outputs["oslo"]
    assert not list(out.subjects(RDF.type, ORG.ChangeEvent))
    assert not list(out.triples((None, ORG.resultedFrom, None)))


# ------------------------------------------------------------------------------ CPOV


@needs_shared
def test_cpov_passes_the_official_shapes(outputs: dict[str, Graph]) -> None:
    assert official_violations("cpov", outputs["cpov"]) == []


@needs_shared
def test_cpov_check_can_fail_non_public_result_of_an_event(outputs: dict[str, Graph]) -> None:
    broken = Graph()
    for triple in outputs["cpov"]:
        broken.add(triple)
    event = GGD["event-2005-resoc-serr-established"]
    broken.add((event, ORG.originalOrganization, GGD["district-platforms"]))
    broken.add((GGD.vdab, SKOS.altLabel, Literal("PES", lang="en")))
    found = official_violations("cpov", broken)
    assert (str(event), str(ORG.originalOrganization), "ClassConstraintComponent") in found
    assert (str(GGD.vdab), str(SKOS.altLabel), "UniqueLangConstraintComponent") in found


def test_cpov_carries_public_bodies_places_and_history(outputs: dict[str, Graph]) -> None:
    out = outputs["cpov"]
    resocs = set(out.subjects(ORG.classification, GGD["kind-resoc"]))
    assert len(resocs) == RESOCS
    assert all((r, RDF.type, CV.PublicOrganisation) in out for r in resocs)
    event = GGD["event-2005-resoc-serr-established"]
    assert len(list(out.objects(event, ORG.resultingOrganization))) == RESOCS + SERRS
    assert not list(out.objects(event, ORG.originalOrganization))
    assert (event, CV.hasFormalFramework, GGD["law-2004-subregional-partnerships"]) in out
    assert (GGD["resoc-brugge"], DCTERMS.spatial, GGD["region-brugge"]) in out
    assert (GGD["region-brugge"], RDF.type, DCTERMS.Location) in out
    box = GGD["serr-oostende-westhoek-coordinator-mailbox"]
    assert (GGD["serr-oostende-westhoek"], CV.contactPoint, box) in out
    assert (box, RDF.type, CV.ContactPoint) in out
    assert (
        GGD["ministry-of-employment"],
        FOAF.homepage,
        URIRef("http://www.vlaanderen.be/werk"),
    ) in out


# ------------------------------------------------------------------------------ schema.org


def test_schema_org_uses_only_schema_org_terms(outputs: dict[str, Graph]) -> None:
    from rdflib.namespace import SDO  # https://schema.org/: compare by local name

    known = set(SDO.__annotations__)
    used = set()
    for _, p, o in outputs["schema-org"]:
        if p == RDF.type:
            used.add(o)
        else:
            used.add(p)
    bad = []
    for term in used:
        text = str(term)
        if not text.startswith(str(SCHEMA)) or text[len(str(SCHEMA)) :] not in known:
            bad.append(text)
    assert bad == []
    assert not any(
        "https://schema.org/" in str(t) for triple in outputs["schema-org"] for t in triple
    )


def test_schema_org_carries_seats_roles_funding_and_places(outputs: dict[str, Graph]) -> None:
    out = outputs["schema-org"]
    seat = GGD["vesoc-seat-social-partners"]
    assert (GGD.vesoc, SCHEMA.member, seat) in out
    assert (seat, SCHEMA.member, GGD["flemish-social-partners"]) in out
    count = out.value(seat, SCHEMA.additionalProperty)
    assert out.value(count, SCHEMA.value).toPython() == 16
    roles = set(out.subjects(RDF.type, SCHEMA.OrganizationRole))
    people_roles = {
        r for r in roles if (out.value(r, SCHEMA.member), RDF.type, SCHEMA.Person) in out
    }
    assert len(people_roles) == 33
    funders = {
        out.value(g, SCHEMA.funder)
        for g in out.subjects(RDF.type, SCHEMA.MonetaryGrant)
        if out.value(g, SCHEMA.fundedItem) == GGD.ersvs
    }
    assert funders == {
        GGD["flemish-government"],
        GGD["provincial-authorities"],
        GGD["local-authorities"],
    }
    assert (GGD["province-antwerp"], SCHEMA.sameAs, WD.Q1116) in out
    nuts = out.value(GGD["province-limburg"], SCHEMA.identifier)
    assert str(out.value(nuts, SCHEMA.value)) == "BE22"
    # No page read states the province of Antwerp's NUTS code: none is recorded.
    assert out.value(GGD["province-antwerp"], SCHEMA.identifier) is None
    resocs = [
        o for o in out.subjects(RDF.type, SCHEMA.GovernmentOrganization) if "/resoc-" in str(o)
    ]
    assert len(resocs) == RESOCS
    assert str(out.value(GGD["resoc-brugge"], SCHEMA.foundingDate)) == "2005"


def test_schema_org_json_ld_context_round_trips(outputs: dict[str, Graph]) -> None:
    from rdflib.compare import isomorphic

    out = outputs["schema-org"]
    context = profiles.get_profile("schema-org").context()
    assert context is not None and context["@vocab"] == str(SCHEMA)
    text = out.serialize(format="json-ld", context=context)
    assert isomorphic(Graph().parse(data=text, format="json-ld"), out)


@pytest.mark.parametrize("name", ["oslo", "cpov"])
def test_places_keep_verified_identifiers(outputs: dict[str, Graph], name: str) -> None:
    out = outputs[name]
    assert (GGD["flemish-region"], SKOS.exactMatch, WD.Q9337) in out
    assert str(out.value(GGD["province-limburg"], SKOS.notation)) == "BE22"
