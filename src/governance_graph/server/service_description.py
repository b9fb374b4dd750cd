"""The SPARQL 1.1 Service Description (bare ``GET /sparql`` asking for RDF).

The description names the endpoint, SPARQL 1.1 Query (no Update), the result formats, the
OWL 2 RL entailment the default graph was materialised with, and the dataset: the default graph
(the closure) and one named graph per source document, with their sizes (``void:triples``).
"""

from __future__ import annotations

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from governance_graph.server.media_types import GRAPH_TYPES, TABLE_TYPES, Answer

__all__ = ["service_description"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCTERMS = Namespace("http://purl.org/dc/terms/")


def service_description(endpoint: str, default_triples: int, graphs: dict[str, int]) -> Answer:
    """The description of the endpoint at URL ``endpoint`` as a graph :class:`Answer`."""
    service = URIRef(endpoint)
    triples = []
    add = lambda s, p, o: triples.append((s, p, o))  # noqa: E731
    add(service, RDF.type, SD.Service)
    add(service, SD.endpoint, service)
    add(service, SD.supportedLanguage, SD.SPARQL11Query)
    for media in TABLE_TYPES + GRAPH_TYPES:
        add(service, SD.resultFormat, URIRef(media.iri))
    add(service, SD.feature, SD.BasicFederatedQuery)
    add(
        service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/OWL-RDF-Based")
    )
    add(
        service, SD.defaultSupportedEntailmentProfile, URIRef("http://www.w3.org/ns/owl-profile/RL")
    )
    add(
        service,
        DCTERMS.description,
        Literal(
            "Read-only SPARQL 1.1 endpoint of the governance graph. The default graph is the "
            "OWL 2 RL closure of ontology and data; each source document has a named graph "
            "(named by the document's IRI) holding what cites it.",
            lang="en",
        ),
    )
    dataset = BNode("dataset")
    add(service, SD.defaultDataset, dataset)
    add(dataset, RDF.type, SD.Dataset)
    default = BNode("default-graph")
    add(dataset, SD.defaultGraph, default)
    add(default, RDF.type, SD.Graph)
    add(default, VOID.triples, Literal(default_triples, datatype=XSD.integer))
    for index, (name, size) in enumerate(sorted(graphs.items())):
        named, graph = BNode(f"named-{index}"), BNode(f"graph-{index}")
        add(dataset, SD.namedGraph, named)
        add(named, RDF.type, SD.NamedGraph)
        add(named, SD.name, URIRef(name))
        add(named, SD.graph, graph)
        add(graph, RDF.type, SD.Graph)
        add(graph, VOID.triples, Literal(size, datatype=XSD.integer))
    return Answer(kind="CONSTRUCT", triples=triples)
