"""Every external identifier in the data is on the verified list below, with its source.

An external link is a skos:exactMatch, skos:closeMatch, owl:sameAs or schema:sameAs to a
resource outside our namespaces, or a skos:notation. Each entry names the section whose source
verified the value; the resource must cite that section with dcterms:source.
"""

from __future__ import annotations

import pytest
from rdflib import OWL, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from governance_graph import paths
from governance_graph.namespaces import GG, GGD, SCHEMA

WD = Namespace("http://www.wikidata.org/entity/")
NUTS = GGD["nuts-code"]
ISSUE = GGD["doc-issue-8-identifiers"]
WIKIPEDIA_NUTS = GGD["doc-wikipedia-nuts-belgium-codes"]

#: (resource, property, value) -> the source section that verified it.
VERIFIED = {
    (GGD["province-antwerp"], SKOS.exactMatch, WD.Q1116): ISSUE,
    (GGD["province-east-flanders"], SKOS.exactMatch, WD.Q1114): ISSUE,
    (GGD["province-flemish-brabant"], SKOS.exactMatch, WD.Q1118): ISSUE,
    (GGD["province-limburg"], SKOS.exactMatch, WD.Q1095): ISSUE,
    (GGD["province-west-flanders"], SKOS.exactMatch, WD.Q1113): ISSUE,
    (GGD["flemish-region"], SKOS.exactMatch, WD.Q9337): ISSUE,
    (GGD["region-brussels"], SKOS.exactMatch, WD.Q240): ISSUE,
    (GGD["province-antwerp"], SKOS.notation, Literal("BE21", datatype=NUTS)): WIKIPEDIA_NUTS,
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


def test_the_issue_section_lists_the_wikidata_items_it_verified(data: Graph) -> None:
    listed = set(data.objects(ISSUE, DCTERMS.references))
    cited = {v for (_, p, v), s in VERIFIED.items() if s == ISSUE}
    assert listed == cited


def test_provinces_are_not_tied_to_sub_regions(data: Graph) -> None:
    provinces = {s for (s, _, _) in VERIFIED if "/province-" in str(s)}
    assert len(provinces) == 5
    for province in provinces:
        assert not list(data.subjects(SCHEMA.containedInPlace, province))
        labels = {label.language for label in data.objects(province, SKOS.prefLabel)}
        assert labels == {"en", "nl"}
