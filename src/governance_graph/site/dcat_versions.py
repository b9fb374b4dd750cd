# ruff: noqa: E501  (translations are kept on one line each)
"""The catalogue's distributions, releases and event stream (DCAT 3 / DCAT-AP 3.0.1).

* Each dump is a ``dcat:Distribution`` (:func:`add_distribution`).
* Each release recorded in ``releases.ttl`` is a ``dcat:Dataset`` of its own, a version of the
  catalogue's dataset (``dcat:isVersionOf``, ``dcat:hasVersion``, ``dcat:previousVersion``,
  ``dcat:version``, ``adms:versionNotes``), with the dumps published for it: the current
  release shares the dataset's distributions; an earlier one has those kept under
  ``releases/<version>/`` (:mod:`.release_dumps`), or none when they were not kept.
* The event stream is a ``dcat:DataService`` (``dcat:endpointURL`` = its view) serving the
  dataset, and a distribution of the dataset accessed through it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from governance_graph.releases import Release

from .dumps import Dump
from .ldes import DCAT_VERSION, LDES, TREE

__all__ = ["CatalogueContext", "StreamRef", "add_distribution", "add_releases", "add_stream"]

SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 terms rdflib's DCAT does not list
LDES_SPEC = URIRef("https://w3id.org/ldes/specification")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = URIRef(EU + "file-type")
IANA = "http://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class StreamRef:
    """The published event stream: its IRI and the URL of its view (root page)."""

    iri: URIRef
    view: URIRef


@dataclass
class CatalogueContext:
    """What every distribution shares: where the catalogue is, its licence, availability,
    languages and privacy note."""

    doc: str  # the catalogue's URL (``…/catalog.ttl``)
    base: str  # the site's base URL (ends with ``/``)
    license: URIRef
    availability: URIRef
    languages: Sequence[URIRef]
    privacy_en: str
    #: ``(graph, scheme, code, class) -> IRI``: the catalogue's code-list helper
    coded: Callable[[Graph, URIRef, str, URIRef], URIRef]


def add_distribution(
    g: Graph, ctx: CatalogueContext, dataset: URIRef, dump: Dump, issued: Literal, key: str = ""
) -> URIRef:
    """``dump`` as a distribution of ``dataset``; ``key`` keeps the IRIs of releases apart."""
    name = dump.file.rsplit("/", 1)[-1].replace(".", "-")
    dist = URIRef(ctx.doc + "#dist-" + (f"{key}-" if key else "") + name)
    url = URIRef(ctx.base + dump.file)
    g.add((dataset, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(dump.title_en, lang="en")))
    g.add((dist, DCTERMS.title, Literal(dump.title_nl, lang="nl")))
    g.add((dist, DCTERMS.description, Literal(f"{dump.title_en}. {ctx.privacy_en}", lang="en")))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.downloadURL, url))
    media = URIRef(IANA + dump.media_type)
    g.add((media, RDF.type, DCTERMS.MediaType))
    g.add((dist, DCAT.mediaType, media))
    g.add(
        (dist, DCTERMS.format, ctx.coded(g, FILE_TYPE, dump.file_type, DCTERMS.MediaTypeOrExtent))
    )
    if dump.compressed:
        gz = URIRef(IANA + "application/gzip")
        g.add((gz, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCAT.compressFormat, gz))
    g.add((dist, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
    checksum = BNode()
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
    g.add((dist, DCTERMS.license, ctx.license))
    g.add((dist, DCATAP.availability, ctx.availability))
    g.add((dist, DCTERMS.issued, issued))
    g.add((dist, DCTERMS.modified, issued))
    for lang in ctx.languages:
        g.add((dist, DCTERMS.language, lang))
    return dist


def add_releases(
    g: Graph,
    ctx: CatalogueContext,
    catalog: URIRef,
    dataset: URIRef,
    publisher: URIRef,
    releases: Sequence[Release],
    current: Sequence[URIRef],
    archived: Mapping[str, Sequence[Dump]],
) -> None:
    """Every release as a version of ``dataset``; the last one is current and shares the
    ``current`` distributions; earlier ones get their ``archived`` dumps."""
    previous: URIRef | None = None
    shared = [
        (p, o)
        for p in (DCAT.theme, DCAT.keyword, DCTERMS.spatial, DCTERMS.temporal, DCTERMS.language)
        for o in g.objects(dataset, p)
    ]
    for index, release in enumerate(releases):
        node = release.iri
        for p, o in shared:  # what the releases have in common with the dataset
            g.add((node, p, o))
        issued = Literal(release.timestamp, datatype=XSD.dateTime)
        g.add((catalog, DCAT.dataset, node))
        g.add((dataset, DCAT3.hasVersion, node))
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCAT3.isVersionOf, dataset))
        g.add((node, DCAT_VERSION, Literal(release.version)))
        g.add((node, DCTERMS.title, Literal(f"Governance graph {release.version}", lang="en")))
        g.add((node, DCTERMS.title, Literal(f"Governance-graaf {release.version}", lang="nl")))
        en = release.notes_en or f"Release {release.version} of the governance graph."
        nl = release.notes_nl or f"Versie {release.version} van de governance-graaf."
        g.add((node, DCTERMS.description, Literal(en, lang="en")))
        g.add((node, DCTERMS.description, Literal(nl, lang="nl")))
        if release.notes_en:
            g.add((node, ADMS.versionNotes, Literal(release.notes_en, lang="en")))
        if release.notes_nl:
            g.add((node, ADMS.versionNotes, Literal(release.notes_nl, lang="nl")))
        g.add((node, DCTERMS.issued, issued))
        g.add((node, DCTERMS.publisher, publisher))
        if previous is not None:
            g.add((node, DCAT3.previousVersion, previous))
        if index == len(releases) - 1:
            g.add((dataset, DCAT3.hasCurrentVersion, node))
            g.add((dataset, DCAT_VERSION, Literal(release.version)))
            for dist in current:
                g.add((node, DCAT.distribution, dist))
        else:
            for dump in archived.get(release.version, ()):
                add_distribution(g, ctx, node, dump, issued, key=release.version.replace(".", "-"))
        previous = node


def add_stream(
    g: Graph, ctx: CatalogueContext, catalog: URIRef, dataset: URIRef, stream: StreamRef
) -> None:
    """The event stream: a data service at its view, serving ``dataset``, and a distribution
    of ``dataset`` accessed through it."""
    g.bind("ldes", LDES)
    service = URIRef(ctx.doc + "#event-stream-service")
    g.add((catalog, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add(
        (
            service,
            DCTERMS.title,
            Literal("Linked Data Event Stream of the governance graph", lang="en"),
        )
    )
    g.add(
        (
            service,
            DCTERMS.title,
            Literal("Linked Data Event Stream van de governance-graaf", lang="nl"),
        )
    )
    g.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "Every release's changed resource descriptions as versions, and deletions, paged by time (LDES 1.0 over TREE).",
                lang="en",
            ),
        )
    )
    g.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "De gewijzigde beschrijvingen van elke versie, en verwijderingen, per pagina in tijdsvolgorde (LDES 1.0 over TREE).",
                lang="nl",
            ),
        )
    )
    g.add((service, DCAT.endpointURL, stream.view))
    g.add((service, DCAT.endpointDescription, stream.iri))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.conformsTo, LDES_SPEC))
    g.add((service, DCTERMS.license, ctx.license))
    g.add((LDES_SPEC, RDF.type, DCTERMS.Standard))
    g.add((stream.iri, RDF.type, LDES.EventStream))
    g.add((stream.iri, TREE.view, stream.view))
    dist = URIRef(ctx.doc + "#dist-event-stream")
    g.add((dataset, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add(
        (dist, DCTERMS.title, Literal("Event stream (LDES), Turtle and JSON-LD pages", lang="en"))
    )
    g.add(
        (
            dist,
            DCTERMS.title,
            Literal("Gebeurtenisstroom (LDES), pagina's in Turtle en JSON-LD", lang="nl"),
        )
    )
    g.add((dist, DCAT.accessURL, stream.view))
    g.add((dist, DCAT.accessService, service))
    g.add((dist, DCTERMS.conformsTo, LDES_SPEC))
    g.add((dist, DCTERMS.license, ctx.license))
    g.add((dist, DCATAP.availability, ctx.availability))
    turtle = URIRef(IANA + "text/turtle")
    g.add((turtle, RDF.type, DCTERMS.MediaType))
    g.add((dist, DCAT.mediaType, turtle))
