"""The data says only what the sources say, and keeps the statements they do not make apart.

Every expectation below is read from the two source documents
(``../shared/sources/000_e9edf514ae66cc82.txt``, the English RESOC/SERR profile, and
``003_e1f758f476cb149f.txt``, the Dutch VESOC page) or from ``EXTERNAL-FACTS.md`` beside them,
and every test reads the bundled data: the loaded graph, its stored queries, or the Turtle files.

Statements the sources do not make live in ``data/interpretations.ttl``, so in the named graph
``ggg:data/interpretations``; docs/design.md ("Interpretations") says how to leave them out.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

import governance_graph as gg
from governance_graph import paths
from governance_graph.catalogue import Catalogue
from governance_graph.namespaces import GG, GGD, SCHEMA
from tests.helpers.paths import REPO, shared_file

FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
TIME = Namespace("http://www.w3.org/2006/time#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
FREQ = Namespace("http://publications.europa.eu/resource/authority/frequency/")
GGG = Namespace("https://w3id.org/governance-graph/graph/")

INTERPRETATIONS = GGG["data/interpretations"]
INTERPRETATIONS_FILE = paths.data_dir() / "interpretations.ttl"

# EXTERNAL-FACTS.md: the decree behind the profile's "new law on sub-regional partnerships".
DECREE = URIRef("http://www.ejustice.just.fgov.be/eli/decreet/2004/05/07/2004036335/justel")
JUSTEL = URIRef(
    "https://www.ejustice.just.fgov.be/cgi_loi/loi_a1.pl?language=nl&la=N&cn=2004050702&table_name=wet"
)
VESOC_PAGE = URIRef("https://serv.be/serv/pagina/vlaams-economisch-sociaal-overlegcomite")


@pytest.fixture(scope="module")
def kg() -> gg.KnowledgeGraph:
    return gg.load(engine="auto")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.bundled()


@pytest.fixture(scope="module")
def data(kg: gg.KnowledgeGraph) -> Graph:
    """Every asserted triple (ontology and data), as one graph."""
    union = Graph()
    for s, p, o, _ in kg.asserted.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.fixture(scope="module")
def interpretations(kg: gg.KnowledgeGraph) -> Graph:
    graph = Graph()
    for s, p, o, _ in kg.asserted.quads((None, None, None, INTERPRETATIONS)):
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="module")
def facts(kg: gg.KnowledgeGraph) -> Graph:
    """The asserted triples of every graph but the interpretations."""
    graph = Graph()
    for s, p, o, g in kg.asserted.quads((None, None, None, None)):
        name = g.identifier if hasattr(g, "identifier") else g
        if name != INTERPRETATIONS:
            graph.add((s, p, o))
    return graph


def rows(kg: gg.KnowledgeGraph, catalogue: Catalogue, name: str, **params: str) -> list[dict]:
    result = kg.query(catalogue.get(name), params, lang="en")
    names = [str(v) for v in result.vars]
    plain = [[term.toPython() if term is not None else None for term in row] for row in result]
    return [dict(zip(names, values, strict=True)) for values in plain]


# --------------------------------------------------------------------------- the lost e-mail


def test_nick_vanwalleghem_has_the_address_the_profile_pairs_with_him(kg, catalogue) -> None:
    # The profile's coordinator line for SERR Oostende/Westhoek gives his name, then the address.
    persons = {r["name"]: r for r in rows(kg, catalogue, "persons")}
    assert persons["Nick Vanwalleghem"]["email"] == "coordinator@stcctoow.be"
    coordinators = rows(kg, catalogue, "coordinators", scope_iri="ggd:serr-oostende-westhoek")
    assert [(r["name"], r["email"]) for r in coordinators] == [
        ("Nick Vanwalleghem", "coordinator@stcctoow.be")
    ]


def test_addresses_of_unsaid_owners_are_interpretations(
    facts: Graph, interpretations: Graph
) -> None:
    # The mailbox of SERR Oostende/Westhoek and the Ministry of Employment's homepage: the
    # profile gives the address and the web address on lines about a person or a unit.
    for graph, expected in ((facts, 0), (interpretations, 1)):
        assert len(list(graph.subject_objects(SCHEMA.contactPoint))) == expected
        assert len(list(graph.subject_objects(FOAF.homepage))) == expected


def test_his_address_is_modelled_like_every_other_coordinators(facts: Graph) -> None:
    coordinators = {
        facts.value(m, ORG.member) for m in facts.subjects(ORG.role, GGD["role-coordinator"])
    }
    assert all((p, RDF.type, FOAF.Person) in facts for p in coordinators)
    assert len(coordinators) == 17  # the profile's list names 17 people
    for person in coordinators:
        assert len(list(facts.objects(person, SCHEMA.email))) == 1, person


# --------------------------------------------------------------------------- interpretations apart


def test_the_interpretations_file_is_its_own_named_graph(kg, interpretations: Graph) -> None:
    assert INTERPRETATIONS_FILE.is_file()
    assert len(interpretations) > 0
    on_disk = Graph().parse(INTERPRETATIONS_FILE, format="turtle")
    assert set(on_disk) == set(interpretations)


def test_every_interpretation_says_what_it_rests_on(interpretations: Graph) -> None:
    """Each block of Turtle (the file cut at blank lines) begins with "# Rests on: ...", and the
    blocks together hold every triple of the graph, so no statement is left without one."""
    text = INTERPRETATIONS_FILE.read_text(encoding="utf-8")
    prefixes = "\n".join(line for line in text.splitlines() if line.startswith("@prefix"))
    covered = Graph()
    blocks = 0
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip()]
        turtle = [line for line in lines if not line.startswith(("#", "@prefix"))]
        if not turtle:
            continue
        blocks += 1
        comment = [line for line in lines if line.startswith("#")]
        start = next(i for i, line in enumerate(comment) if line.startswith("# Rests on:"))
        reason = " ".join(line.lstrip("# ") for line in comment[start:])
        assert len(reason) > len("Rests on:") + 20, block
        assert lines.index(comment[start]) < lines.index(turtle[0]), block
        block_graph = Graph().parse(data=prefixes + "\n" + "\n".join(turtle), format="turtle")
        assert len(block_graph) > 0
        covered += block_graph
    assert blocks >= 10
    assert set(covered) == set(interpretations)


def test_leaving_the_interpretations_out_still_validates() -> None:
    without = [p for p in paths.data_files() if p.name != "interpretations.ttl"]
    kg = gg.load(data=without, engine="auto")
    report = kg.validate()
    assert report.conforms, report.text()
    graphs = {str(g.identifier) for g in kg.asserted.graphs()}
    assert str(INTERPRETATIONS) not in graphs


def test_a_query_can_filter_the_interpretations_graph(kg) -> None:
    # docs/design.md, "Interpretations": the same answer as loading data/ without the file.
    answer = kg.query(
        r"""
        PREFIX gg: <https://w3id.org/governance-graph/ontology#>
        PREFIX ggg: <https://w3id.org/governance-graph/graph/>
        SELECT ?seat WHERE {
          GRAPH ?g { ?seat gg:voting true }
          FILTER NOT EXISTS { GRAPH ggg:data\/interpretations { ?seat gg:voting true } }
        }""",
        reasoning=False,
    )
    assert list(answer) == []


# --------------------------------------------------------------------------- votes


def test_no_vote_is_stated_where_the_sources_say_nothing_of_votes(
    facts: Graph, interpretations: Graph
) -> None:
    # The only words about votes: VESOC's senior civil servants attend "met raadgevende stem".
    stated = set(facts.subject_objects(GG.voting))
    advisory = set(facts.subjects(ORG.role, GGD["role-advisory-attendee"]))
    assert stated == {(seat, Literal(False)) for seat in advisory}
    assert {str(s).rsplit("/", 1)[1] for s in advisory} == {
        "vesoc-seat-dkb-secretary-general",
        "vesoc-seat-wse-secretary-general",
        "vesoc-seat-serv-administrator-general",
        "vesoc-seat-serv-deputy-administrator-general",
    }
    # VESOC's 16 + 4 vote only as an interpretation (the contrast with "raadgevende stem").
    assert set(interpretations.subject_objects(GG.voting)) == {
        (GGD["vesoc-seat-social-partners"], Literal(True)),
        (GGD["vesoc-seat-ministers"], Literal(True)),
    }


# --------------------------------------------------------------------------- history


def test_the_2005_structures_were_established_not_said_to_replace(
    data: Graph, facts: Graph, interpretations: Graph
) -> None:
    event = GGD["event-2005-resoc-serr-established"]
    assert facts.value(event, GG.changeKind) == GGD["change-created"]
    assert (None, None, GGD["change-replaced"]) not in data
    assert (GGD["change-replaced"], None, None) not in data
    assert list(facts.objects(event, ORG.originalOrganization)) == []
    assert list(facts.objects(event, GG.legalBasis)) == []
    assert set(interpretations.objects(event, ORG.originalOrganization)) == {
        GGD["subregional-employment-committees"],
        GGD["district-platforms"],
    }
    # Established: "Framework and setting"; since 2005: "Partnerships at work".
    assert set(facts.objects(event, DCTERMS.source)) == {
        GGD["doc-resoc-serr-profile-framework"],
        GGD["doc-resoc-serr-profile-at-work"],
    }
    assert str(facts.value(event, DCTERMS.date)) == "2005"


def test_the_employment_committees_tie_ends_in_the_1990s(data: Graph, facts: Graph) -> None:
    committees = GGD["subregional-employment-committees"]
    nes = GGD["national-employment-service"]
    assert (committees, ORG.subOrganizationOf, None) not in data
    (membership,) = [m for m in facts.subjects(ORG.member, committees)]
    assert facts.value(membership, ORG.organization) == nes
    assert facts.value(membership, ORG.role) == GGD["role-advisory-committee"]
    period = facts.value(membership, ORG.memberDuring)
    assert facts.value(period, DCAT.startDate) == Literal("1974", datatype=XSD.gYear)
    assert facts.value(period, DCAT.endDate) is None  # "in the 1990s": no year
    nineties = facts.value(period, TIME.intervalOverlaps)
    assert (facts.value(nineties, DCAT.startDate), facts.value(nineties, DCAT.endDate)) == (
        Literal("1990", datatype=XSD.gYear),
        Literal("1999", datatype=XSD.gYear),
    )
    assert facts.value(membership, DCTERMS.source) == GGD["doc-resoc-serr-profile-framework"]


def test_the_2004_event_references_the_decree(facts: Graph) -> None:
    event = GGD["event-2004-partnership-law"]
    assert facts.value(event, DCTERMS.references) == DECREE
    assert (DECREE, RDF.type, ELI.LegalResource) in facts
    assert facts.value(DECREE, ELI.date_document) == Literal("2004-05-07", datatype=XSD.date)
    assert facts.value(DECREE, ELI.date_publication) == Literal("2004-08-25", datatype=XSD.date)
    assert str(facts.value(DECREE, ELI.id_local)) == "2004036335"
    (title,) = facts.objects(DECREE, ELI.title)
    assert title.language == "nl"
    assert str(title).startswith("Decreet betreffende het statuut, de werking, de taken")
    assert str(title).endswith("de regionale sociaal-economische overlegcomités")
    section = facts.value(DECREE, DCTERMS.source)
    document = facts.value(section, DCTERMS.isPartOf)
    assert (document, SCHEMA.url, JUSTEL) in facts
    assert str(facts.value(document, DCTERMS.identifier)) == str(JUSTEL)


# --------------------------------------------------------------------------- programme and figures


def test_the_diversity_programme_is_reviewed_yearly_not_annual(facts: Graph, data: Graph) -> None:
    programme = GGD["diversity-programme"]
    assert list(data.objects(programme, GG.frequency)) == []
    assert facts.value(programme, GG.reviewFrequency) == FREQ.ANNUAL
    assert str(facts.value(programme, SCHEMA.startDate)) == "1999"


def test_over_2000_is_an_exclusive_bound(data: Graph, catalogue, kg) -> None:
    assert (GG.moreThan, RDF.type, URIRef("http://www.w3.org/2002/07/owl#DatatypeProperty")) in data
    assert (GG.moreThan, RDFS.subPropertyOf, SCHEMA.minValue) not in data
    assert (GG.minimumValue, None, None) not in data
    definitions = {d.language: str(d) for d in data.objects(GG.moreThan, SKOS.definition)}
    assert "strictly greater" in definitions["en"] and "strikt groter" in definitions["nl"]
    results = set(data.subjects(RDF.type, GG.Result))
    figures = {(r, data.value(r, GG.moreThan)) for r in results if data.value(r, GG.moreThan)}
    # "over 2,000 diversity action plans" (since 2005), "over 2,000 companies" (since 1999)
    assert figures == {
        (GGD["result-diversity-action-plans-guided"], Literal(2000)),
        (GGD["result-diversity-guidance-companies"], Literal(2000)),
    }
    assert [r for r in results if list(data.objects(r, SCHEMA.minValue))] == []


# --------------------------------------------------------------------------- smaller readings


def test_the_guidance_committee_is_not_a_steering_committee(data: Graph) -> None:
    committee = GGD["guidance-committee"]
    assert data.value(committee, ORG.classification) == GGD["kind-guidance-committee"]
    labels = {
        str(o).lower()
        for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
        for o in data.objects(None, p)
    }
    assert not any("stuurgroep" in label or "steering" in label for label in labels)
    assert Literal("begeleidingscomité", lang="nl") in set(
        data.objects(GGD["kind-guidance-committee"], SKOS.prefLabel)
    )


def test_the_flemish_ministers_of_employment_are_plural(data: Graph) -> None:
    addressee = data.value(GGD["instrument-formal-policy-advice"], GG.addressee)
    assert set(data.objects(addressee, SKOS.prefLabel)) == {
        Literal("Flemish Ministers of Employment", lang="en"),
        Literal("Vlaamse ministers van Werk", lang="nl"),
    }


def test_the_vesoc_protocol_note_uses_the_pages_words(data: Graph) -> None:
    notes = {n.language: str(n) for n in data.objects(GGD["vesoc-protocol"], SKOS.note)}
    assert "correct, volledig en ongewijzigd uit te voeren" in notes["nl"]
    assert {"correctly", "completely", "unchanged"} <= set(re.findall(r"\w+", notes["en"]))


def test_region_labels_keep_the_profiles_spelling(data: Graph) -> None:
    # "RESOC/SERR Meetjesland-Leie&Schelde", "RESOC/SERR Waas&Dender"
    for region, name in (
        ("region-meetjesland-leie-schelde", "Meetjesland-Leie&Schelde"),
        ("region-waas-dender", "Waas&Dender"),
    ):
        labels = list(data.objects(GGD[region], SKOS.prefLabel))
        assert {label.language for label in labels} == {"en", "nl"}
        assert all(name in str(label) for label in labels), labels


TEXT_PROPERTIES = (
    SKOS.prefLabel,
    SKOS.altLabel,
    RDFS.label,
    SKOS.definition,
    SKOS.note,
    SKOS.scopeNote,
    RDFS.comment,
)


def test_every_english_text_has_a_dutch_one() -> None:
    # Documents' and sections' dcterms:title are headings quoted as written: not here.
    graph = Graph()
    for path in [*paths.data_files(), *(paths.ontology_dir().glob("*.ttl"))]:
        if path.name != "shapes.ttl":
            graph.parse(path, format="turtle")
    missing = []
    for prop in TEXT_PROPERTIES:
        for subject in set(graph.subjects(prop, None)):
            languages = {o.language for o in graph.objects(subject, prop) if isinstance(o, Literal)}
            if "en" in languages and "nl" not in languages:
                missing.append((str(subject), str(prop)))
    assert missing == []


def test_the_2005_event_and_the_kinds_cite_where_they_are_said(data: Graph) -> None:
    framework = GGD["doc-resoc-serr-profile-framework"]
    at_work = GGD["doc-resoc-serr-profile-at-work"]
    event = GGD["event-2005-resoc-serr-established"]
    assert {framework, at_work} <= set(data.objects(event, DCTERMS.source))
    assert data.value(at_work, DCTERMS.title) == Literal("Partnerships at work", lang="en")
    for kind in ("kind-resoc", "kind-serr"):
        assert framework in set(data.objects(GGD[kind], DCTERMS.source)), kind
    assert data.value(framework, DCTERMS.title) == Literal("Framework and setting", lang="en")


# --------------------------------------------------------------------------- provenance


def test_no_source_is_an_issue_of_the_project(data: Graph) -> None:
    for section in set(data.objects(None, DCTERMS.source)):
        document = data.value(section, DCTERMS.isPartOf)
        for node in (section, document):
            assert "issue" not in str(node).lower(), node
            for text in data.objects(node, DCTERMS.identifier):
                assert "issue" not in str(text).lower(), (node, text)
            for url in data.objects(node, SCHEMA.url):
                assert "/issues" not in str(url), (node, url)


def test_external_identifiers_are_interpretations(facts: Graph, interpretations: Graph) -> None:
    wikidata = "http://www.wikidata.org/entity/"
    for graph, expected in ((facts, 0), (interpretations, 7)):
        links = [
            (s, o) for s, o in graph.subject_objects(SKOS.exactMatch) if str(o).startswith(wikidata)
        ]
        assert len(links) == expected
    assert list(facts.subject_objects(SKOS.notation)) == []
    codes = {str(o) for o in interpretations.objects(None, SKOS.notation)}
    assert codes == {"BE1", "BE2", "BE22", "BE23", "BE24", "BE25"}  # no page states BE21
    # Each Wikidata link cites the item itself.
    for subject, item in interpretations.subject_objects(SKOS.exactMatch):
        sections = set(interpretations.objects(subject, DCTERMS.source))
        assert any((s, DCTERMS.references, item) in interpretations for s in sections), subject


def test_the_source_documents_get_what_is_known_and_no_more(facts: Graph) -> None:
    vesoc_page = GGD["doc-vesoc-page"]
    assert facts.value(vesoc_page, SCHEMA.url) == VESOC_PAGE
    assert facts.value(vesoc_page, DCTERMS.publisher) == GGD.serv
    profile = GGD["doc-resoc-serr-profile"]
    for prop in (DCTERMS.publisher, DCTERMS.date, DCTERMS.issued, DCTERMS.creator, SCHEMA.url):
        assert facts.value(profile, prop) is None, prop
    notes = {n.language: str(n) for n in facts.objects(profile, SKOS.note)}
    assert "unknown" in notes["en"] and "onbekend" in notes["nl"]


# --------------------------------------------------------------------------- copied text


def test_the_data_and_model_copy_no_sentence_of_the_documents() -> None:
    tool = shared_file("tools", "copied_text.py")
    if tool is None:
        pytest.skip("../shared/tools/copied_text.py is not beside the checkout")
    out = subprocess.run(
        [sys.executable, str(tool), str(REPO)], capture_output=True, text=True, check=False
    ).stdout
    ours = ("data/", "ontology/", "queries/", "profiles/", "docs/")
    flagged = [line for line in out.splitlines() if line.startswith(ours)]
    assert flagged == []
