# ruff: noqa: E501  (translations and sentences are kept on one line each)
"""The dataset description: a DCAT-AP 3.0.1 catalogue (``catalog.ttl``) and VoID (``void.ttl``).

The catalogue has one dataset with a distribution per dump (media type, EU file type, byte
size, SHA-256 checksum, licence), publisher, spatial and temporal coverage, keywords in Dutch
and English, and a description that states whether persons' e-mail addresses are included.
Objects of range-constrained properties carry their ``rdf:type`` (and EU code-list values their
``skos:inScheme``), so the catalogue passes the DCAT-AP shapes without background knowledge.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, VOID, XSD

from governance_graph.namespaces import GGD, bind_prefixes
from governance_graph.releases import Release

from .context import SiteGraph
from .dcat_versions import (
    ADMS,
    DCATAP,
    SPDX,
    CatalogueContext,
    StreamRef,
    add_distribution,
    add_releases,
    add_stream,
)
from .dumps import Dump
from .ldes import LDES, TREE

__all__ = ["LICENSE", "catalogue", "void"]

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE = URIRef(EU + "language")
THEME = URIRef(EU + "data-theme")
COUNTRY = URIRef(EU + "country")
FREQUENCY = URIRef(EU + "frequency")
AVAILABILITY = URIRef(EU + "planned-availability")
LICENCE_TYPE = URIRef("http://purl.org/adms/licencetype")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")

KEYWORDS = {
    "en": [
        "consultation bodies",
        "social dialogue",
        "regional partnerships",
        "RESOC",
        "SERR",
        "VESOC",
        "Flanders",
        "governance",
        "linked open data",
    ],
    "nl": [
        "overlegorganen",
        "sociaal overleg",
        "regionale samenwerkingsverbanden",
        "RESOC",
        "SERR",
        "VESOC",
        "Vlaanderen",
        "bestuur",
        "linked open data",
    ],
}


def _privacy_text(sg: SiteGraph) -> dict[str, str]:
    if sg.include_personal_contacts:
        return {
            "en": "Persons' e-mail addresses are included (published with --include-personal-contacts).",
            "nl": "De e-mailadressen van personen zijn opgenomen (gepubliceerd met --include-personal-contacts).",
        }
    return {
        "en": "Persons' e-mail addresses are left out; role mailboxes and organisations' addresses are included.",
        "nl": "De e-mailadressen van personen zijn weggelaten; functionele mailboxen en adressen van organisaties zijn opgenomen.",
    }


def _coded(g: Graph, scheme: URIRef, code: str, cls: URIRef) -> URIRef:
    iri = URIRef(f"{scheme}/{code}")
    g.add((iri, RDF.type, cls))
    g.add((iri, SKOS.inScheme, scheme))
    return iri


def catalogue(
    sg: SiteGraph,
    dumps: Sequence[Dump],
    base_url: str,
    *,
    issued: dt.date | None = None,
    releases: Sequence[Release] = (),
    archived: Mapping[str, Sequence[Dump]] | None = None,
    stream: StreamRef | None = None,
) -> Graph:
    """The DCAT-AP catalogue of the published site at ``base_url``: the dataset with its
    ``dumps``, each of the ``releases`` (the earlier ones with their ``archived`` dumps) and
    the event ``stream``. With releases, the dates are theirs (first issued, last modified),
    so the same release gives the same catalogue; without, ``issued`` (default today)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    doc = base + "catalog.ttl"
    g = bind_prefixes(Graph())
    for prefix, ns in (("spdx", SPDX), ("vcard", VCARD), ("adms", ADMS), ("dcatap", DCATAP)):
        g.bind(prefix, ns)
    today = Literal((issued or dt.date.today()).isoformat(), datatype=XSD.date)
    first = today
    if releases:
        first = Literal(releases[0].timestamp, datatype=XSD.dateTime)
        today = Literal(releases[-1].timestamp, datatype=XSD.dateTime)
    cat, ds, publisher = (
        URIRef(doc + "#catalog"),
        URIRef(doc + "#dataset"),
        URIRef(doc + "#publisher"),
    )
    home = URIRef(base + "index.html")
    privacy = _privacy_text(sg)

    g.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    attribution = _coded(g, LICENCE_TYPE, "Attribution", SKOS.Concept)
    g.add((attribution, SKOS.prefLabel, Literal("Attribution", lang="en")))
    g.add((LICENSE, DCTERMS.type, attribution))
    g.add((home, RDF.type, FOAF.Document))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("governance-graph developers", lang="en")))
    g.add((publisher, FOAF.name, Literal("ontwikkelaars van governance-graph", lang="nl")))
    g.add((THEME, RDF.type, SKOS.ConceptScheme))
    g.add((THEME, DCTERMS.title, Literal("Data theme", lang="en")))
    langs = [_coded(g, LANGUAGE, code, DCTERMS.LinguisticSystem) for code in ("ENG", "NLD")]

    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal("Governance graph", lang="en")))
    g.add((cat, DCTERMS.title, Literal("Governance-graaf", lang="nl")))
    g.add(
        (
            cat,
            DCTERMS.description,
            Literal(
                "Linked open data on the Flemish regional socio-economic consultation bodies.",
                lang="en",
            ),
        )
    )
    g.add(
        (
            cat,
            DCTERMS.description,
            Literal(
                "Linked open data over de Vlaamse regionale sociaal-economische overlegorganen.",
                lang="nl",
            ),
        )
    )
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, DCTERMS.license, LICENSE))
    g.add((cat, FOAF.homepage, home))
    g.add((cat, DCTERMS.issued, first))
    g.add((cat, DCTERMS.modified, today))
    g.add((cat, DCAT.themeTaxonomy, THEME))
    for lang in langs:
        g.add((cat, DCTERMS.language, lang))
    g.add((cat, DCAT.dataset, ds))

    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("Flemish socio-economic consultation bodies", lang="en")))
    g.add((ds, DCTERMS.title, Literal("Vlaamse sociaal-economische overlegorganen", lang="nl")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "RESOC, SERR, VESOC and related bodies: their seats, chairs and how chairs are filled, "
                "members and coordinators, secretariats, funding links and history, each fact citing the "
                "section of its source document. " + privacy["en"],
                lang="en",
            ),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "RESOC, SERR, VESOC en verwante organen: hun zetels, voorzitters en hoe het "
                "voorzitterschap wordt ingevuld, leden en coördinatoren, secretariaten, financiering en "
                "geschiedenis, elk feit met de sectie van zijn brondocument. " + privacy["nl"],
                lang="nl",
            ),
        )
    )
    g.add((ds, RDFS.comment, Literal(privacy["en"], lang="en")))
    g.add((ds, RDFS.comment, Literal(privacy["nl"], lang="nl")))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCTERMS.issued, first))
    g.add((ds, DCTERMS.modified, today))
    g.add((ds, DCAT.landingPage, home))
    g.add((ds, DCTERMS.license, LICENSE))
    for lang in langs:
        g.add((ds, DCTERMS.language, lang))
    for code, en in (("GOVE", "Government and public sector"), ("SOCI", "Population and society")):
        theme = _coded(g, THEME, code, SKOS.Concept)
        g.add((theme, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((ds, DCAT.theme, theme))
    for lang, words in KEYWORDS.items():
        for word in words:
            g.add((ds, DCAT.keyword, Literal(word, lang=lang)))
    # Spatial coverage: Flanders (our own resource) within Belgium (EU country authority).
    flanders = GGD["flemish-region"]
    g.add((flanders, RDF.type, DCTERMS.Location))
    g.add((flanders, SKOS.prefLabel, Literal("Flanders", lang="en")))
    g.add((flanders, SKOS.prefLabel, Literal("Vlaanderen", lang="nl")))
    g.add((ds, DCTERMS.spatial, flanders))
    belgium = _coded(g, COUNTRY, "BEL", DCTERMS.Location)
    g.add((ds, DCTERMS.spatial, belgium))
    g.add((cat, DCTERMS.spatial, belgium))
    # Temporal coverage: from the first dated event of the history to today.
    period = URIRef(doc + "#temporal-coverage")
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(f"{_first_year(sg)}-01-01", datatype=XSD.date)))
    g.add((ds, DCTERMS.temporal, period))
    g.add((ds, DCTERMS.accrualPeriodicity, _coded(g, FREQUENCY, "IRREG", DCTERMS.Frequency)))
    g.add((ds, DCTERMS.conformsTo, _standard(g, URIRef(base + "ontology"))))

    stable = _coded(g, AVAILABILITY, "STABLE", SKOS.Concept)
    g.add((stable, SKOS.prefLabel, Literal("stable", lang="en")))
    ctx = CatalogueContext(doc, base, LICENSE, stable, langs, privacy["en"], _coded)
    current = [add_distribution(g, ctx, ds, dump, today) for dump in dumps]
    add_releases(g, ctx, cat, ds, publisher, releases, current, archived or {})
    if stream is not None:
        add_stream(g, ctx, cat, ds, stream)
    return g


def _standard(g: Graph, iri: URIRef) -> URIRef:
    g.add((iri, RDF.type, DCTERMS.Standard))
    return iri


def _first_year(sg: SiteGraph) -> int:
    years = []
    for p in (DCTERMS.date, DCAT.startDate):
        for o in sg.graph.objects(None, p):
            text = str(o)[:4]
            if text.isdigit():
                years.append(int(text))
    return min(years, default=dt.date.today().year)


def void(
    sg: SiteGraph,
    dumps: Sequence[Dump],
    base_url: str,
    *,
    sparql_endpoint: str | None = None,
    examples: int = 5,
    stream: StreamRef | None = None,
) -> Graph:
    """The VoID description of the asserted graph: sizes, class and property partitions,
    example resources, dumps, the SPARQL endpoint and the event stream when there are."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    g = bind_prefixes(Graph())
    g.bind("void", VOID)
    ds = URIRef(base + "void.ttl#governance-graph")
    graph = sg.graph
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("Governance graph", lang="en")))
    g.add((ds, DCTERMS.title, Literal("Governance-graaf", lang="nl")))
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, RDFS.seeAlso, URIRef(base + "catalog.ttl#dataset")))
    g.add((ds, VOID.uriSpace, Literal("https://w3id.org/governance-graph/")))
    g.add((ds, VOID.vocabulary, URIRef("https://w3id.org/governance-graph/ontology#")))
    g.add((ds, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    g.add((ds, VOID.entities, Literal(len(subjects), datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(len(set(graph.subjects())), datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(len(set(graph.objects())), datatype=XSD.integer)))
    classes = Counter(o for o in graph.objects(None, RDF.type))
    properties = Counter(graph.predicates())
    g.add((ds, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(properties), datatype=XSD.integer)))
    for cls, n in sorted(classes.items(), key=lambda kv: str(kv[0])):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in sorted(properties.items(), key=lambda kv: str(kv[0])):
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    for example in (
        "vesoc",
        "resoc-brugge",
        "serr-vlaams-brabant",
        "vesoc-chair",
        "event-2005-resoc-serr-established",
    )[:examples]:
        if (GGD[example], None, None) in graph:
            g.add((ds, VOID.exampleResource, GGD[example]))
    for dump in dumps:
        g.add((ds, VOID.dataDump, URIRef(base + dump.file)))
    if sparql_endpoint:
        g.add((ds, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    g.add((ds, VOID.rootResource, URIRef(base + "index.html")))
    if stream is not None:  # VoID has no term for a feed of changes: the stream names itself
        g.bind("ldes", LDES)
        g.add((ds, RDFS.seeAlso, stream.iri))
        g.add((stream.iri, RDF.type, LDES.EventStream))
        g.add((stream.iri, TREE.view, stream.view))
    return g
