"""Every external identifier in the data is on the list below, with the source it cites.

An external link is a skos:exactMatch, skos:closeMatch, owl:sameAs or schema:sameAs to a
resource outside our namespaces, or a skos:notation. Each entry names the section of the page
that states the value; the resource must cite that section with dcterms:source. A Wikidata link
cites the Wikidata item itself, a NUTS code the Wikipedia table that lists it; the province of
Antwerp has no NUTS code because no page read states it. None of these is a fact of the two
source documents or of EXTERNAL-FACTS.md, so all of them live in data/interpretations.ttl
(test_sources_faithful.py beside this file checks where they live).
"""

from __future__ import annotations

import pytest
from rdflib import OWL, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from governance_graph import paths
from governance_graph.namespaces import GG, GGD, SCHEMA

WD = Namespace("http://www.wikidata.org/entity/")
NUTS = GGD["nuts-code"]
WIKIPEDIA_NUTS = GGD["doc-wikipedia-nuts-belgium-codes"]


def item(q: str) -> URIRef:
    """The section citing Wikidata item ``q`` (the item's own page)."""
    return GGD[f"doc-wikidata-{q.lower()}"]


#: (resource, property, value) -> the source section that states it.
VERIFIED = {
    (GGD["province-antwerp"], SKOS.exactMatch, WD.Q1116): item("Q1116"),
    (GGD["province-east-flanders"], SKOS.exactMatch, WD.Q1114): item("Q1114"),
    (GGD["province-flemish-brabant"], SKOS.exactMatch, WD.Q1118): item("Q1118"),
    (GGD["province-limburg"], SKOS.exactMatch, WD.Q1095): item("Q1095"),
    (GGD["province-west-flanders"], SKOS.exactMatch, WD.Q1113): item("Q1113"),
    (GGD["flemish-region"], SKOS.exactMatch, WD.Q9337): item("Q9337"),
    (GGD["region-brussels"], SKOS.exactMatch, WD.Q240): item("Q240"),
    (GGD["province-east-flanders"], SKOS.notation, Literal("BE23", datatype=NUTS)): WIKIPEDIA_NUTS,
    (
        GGD["province-flemish-brabant"],
        SKOS.notation,
        Literal("BE24", datatype=NUTS),
    ): WIKIPEDIA_NUTS,
    (GGD["province-limburg"], SKOS.notation, Literal("BE22", datatype=NUTS)): WIKIPEDIA_NUTS,
    (GGD["province-west-flanders"], SKOS.notation, Literal("BE25", datatype=NUTS)): WIKIPEDIA_NUTS,
    (GGD["flemish-region"], SKOS.notation, Literal("BE2", datatype=NUTS)): WIKIPEDIA_NUTS,
    (GGD["region-brussels"], SKOS.notation, Literal("BE1", datatype=NUTS)): WIKIPEDIA_NUTS,
}
LINKS = (SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs, SCHEMA.sameAs)
OURS = (str(GG), str(GGD))


@pytest.fixture(scope="module")
def data() -> Graph:
    graph = Graph()
    for path in paths.data_files():
        graph.parse(path, format="turtle")
    return graph


def external_links(graph: Graph) -> set[tuple]:
    found = set()
    for prop in LINKS:
        for s, o in graph.subject_objects(prop):
            if isinstance(o, URIRef) and not str(o).startswith(OURS):
                found.add((s, prop, o))
    for s, o in graph.subject_objects(SKOS.notation):
        found.add((s, SKOS.notation, o))
    return found


def test_every_external_link_is_verified(data: Graph) -> None:
    unverified = external_links(data) - set(VERIFIED)
    assert unverified == set()


def test_every_verified_link_is_in_the_data(data: Graph) -> None:
    assert set(VERIFIED) - external_links(data) == set()


def test_every_link_cites_its_source(data: Graph) -> None:
    for (resource, _, value), section in VERIFIED.items():
        assert (resource, DCTERMS.source, section) in data, (resource, value)


def test_sources_are_sections_of_documents(data: Graph) -> None:
    for section in set(VERIFIED.values()):
        assert (section, DCTERMS.isPartOf, None) in data
        assert data.value(section, DCTERMS.title) is not None


def test_each_wikidata_link_cites_the_item_itself(data: Graph) -> None:
    for (_, prop, value), section in VERIFIED.items():
        if prop != SKOS.exactMatch:
            continue
        q = str(value).rsplit("/", 1)[1]
        assert set(data.objects(section, DCTERMS.references)) == {value}
        page = URIRef(f"https://www.wikidata.org/wiki/{q}")
        assert (section, SCHEMA.url, page) in data
        assert data.value(section, DCTERMS.isPartOf) == GGD["doc-wikidata"]


def test_no_nuts_code_without_a_page_that_states_it(data: Graph) -> None:
    # The Wikipedia table read lists BE1, BE2, BE22-BE25 but not the province of Antwerp.
    assert list(data.objects(GGD["province-antwerp"], SKOS.notation)) == []


def test_no_identifier_cites_an_issue(data: Graph) -> None:
    for section in set(VERIFIED.values()):
        document = data.value(section, DCTERMS.isPartOf)
        assert "issue" not in str(document), section
        assert "issues/" not in str(data.value(document, DCTERMS.identifier)), section


def test_provinces_are_not_tied_to_sub_regions(data: Graph) -> None:
    provinces = {s for (s, _, _) in VERIFIED if "/province-" in str(s)}
    assert len(provinces) == 5
    for province in provinces:
        assert not list(data.subjects(SCHEMA.containedInPlace, province))
        labels = {label.language for label in data.objects(province, SKOS.prefLabel)}
        assert labels == {"en", "nl"}
