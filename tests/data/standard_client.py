"""A client that knows only the standard vocabularies: plain rdflib + owlrl over the Turtle files
of ontology/ + data/ (nothing of governance_graph), and its answers as plain Python values."""

from __future__ import annotations

import owlrl
from rdflib import XSD, Graph, Literal

from tests.helpers.paths import REPO

ID = "https://w3id.org/governance-graph/id/"

PREFIXES = """
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def rows(graph: Graph, query: str) -> set[tuple]:
    """Answer as a set of tuples of plain Python values (IRIs as str, literals by value)."""
    out = set()
    for row in graph.query(PREFIXES + query):
        out.add(tuple(_plain(term) for term in row))
    return out


def _plain(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype == XSD.gYear:
            return int(str(term))
        value = term.toPython()
        return str(value) if isinstance(value, Literal) else value
    return str(term).removeprefix(ID)


def values(graph: Graph, query: str) -> set:
    return {row[0] for row in rows(graph, query)}


def standard_closure() -> Graph:
    """The OWL 2 RL closure of ontology/ (without the shapes) + data/, by owlrl alone."""
    graph = Graph()
    files = [p for p in sorted((REPO / "ontology").glob("*.ttl")) if p.name != "shapes.ttl"]
    files += sorted((REPO / "data").glob("*.ttl"))
    for path in files:
        graph.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph
