"""The SPARQL 1.1 Service Description (bare ``GET /sparql``) and the HTML pages for browsers.

The description names the endpoint, SPARQL 1.1 Query (no Update), the result formats, the
OWL 2 RL entailment the default graph was materialised with, and the dataset: the default graph
(the closure) and one named graph per source document, with their sizes (``void:triples``).
"""

from __future__ import annotations

from html import escape

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from governance_graph.server.media_types import GRAPH_TYPES, TABLE_TYPES, Answer

__all__ = ["index_page", "query_page", "service_description"]

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


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "textarea{width:100%;font-family:monospace}code,pre{background:#f4f4f4}"
)
_EXAMPLE = """PREFIX gg: <https://w3id.org/governance-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?body ?label WHERE {
  ?body a gg:ConsultationBody ; skos:prefLabel ?label .
  FILTER(lang(?label) = "en")
} ORDER BY ?label LIMIT 50"""


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{_STYLE}</style></head><body>{body}</body></html>"
    )


def query_page(graphs: dict[str, int]) -> str:
    """A plain HTML form posting to ``/sparql`` (no script, no CDN)."""
    formats = "".join(
        f'<option value="{m.name}">{escape(m.media_type)}</option>'
        for m in TABLE_TYPES + GRAPH_TYPES
    )
    graph_items = "".join(
        f"<li><code>{escape(g)}</code> ({n} triples)</li>" for g, n in sorted(graphs.items())
    )
    body = (
        "<h1>SPARQL query</h1>"
        '<form method="post" action="sparql" accept-charset="utf-8">'
        f'<textarea name="query" rows="14">{escape(_EXAMPLE)}</textarea>'
        '<p><label>Answer as <select name="format">'
        f'<option value="">(by Accept header)</option>{formats}</select></label> '
        '<button type="submit">Run</button></p></form>'
        "<p>Default graph: the OWL 2 RL closure. Named graphs (one per source document), for "
        f"<code>GRAPH</code> or <code>default-graph-uri</code>:</p><ul>{graph_items}</ul>"
        '<p>Read-only. See also the <a href="api">stored-query API</a> and '
        '<a href="health">health</a>.</p>'
    )
    return _page("governance-graph SPARQL endpoint", body)


def index_page() -> str:
    body = (
        "<h1>governance-graph</h1><ul>"
        '<li><a href="sparql">/sparql</a>: SPARQL 1.1 endpoint (query form for browsers)</li>'
        '<li><a href="api">/api</a>: stored queries as a web API '
        '(<a href="api/openapi.json">OpenAPI</a>)</li>'
        "<li>/id/&lt;name&gt;: linked-data descriptions of every resource</li>"
        '<li><a href="health">/health</a></li></ul>'
    )
    return _page("governance-graph", body)
