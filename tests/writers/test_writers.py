"""``governance_graph.writers``: one writer per format, shared by the command line, the server and
the site; graphs written in a stable order."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection

from governance_graph import writers
from governance_graph.writers import Answer, FormatError, serialize, write_answer

EX = "http://example.org/"
ROWS = [
    (URIRef(EX + "a"), Literal('x, "y"\tz', lang="nl"), None),
    (BNode("b1"), Literal("7", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")), None),
]
SELECT = Answer("SELECT", vars=["s", "label", "missing"], rows=ROWS)  # type: ignore[arg-type]
GRAPH = Answer(
    "CONSTRUCT",
    triples=[
        (URIRef("https://w3id.org/governance-graph/id/vesoc"), URIRef(EX + "p"), Literal("v")),
        (
            URIRef(EX + "a"),
            URIRef("http://www.w3.org/ns/sparql-service-description#name"),
            Literal("n"),
        ),
    ],
)


@pytest.mark.parametrize("media", ["json", "xml", "csv", "tsv", "ttl", "nt", "jsonld", "rdfxml"])
def test_the_server_writes_through_the_writers(media: str) -> None:
    from governance_graph.server import media_types as formats

    assert formats.Answer is Answer
    kind = "CONSTRUCT" if media in ("ttl", "nt", "jsonld", "rdfxml") else "SELECT"
    answer = GRAPH if kind == "CONSTRUCT" else SELECT
    chosen = next(m for m in formats.MEDIA_TYPES[kind] if m.name == media)
    expected = write_answer(
        answer, "xml" if media == "rdfxml" else media, indent=None, prefixes=formats.GRAPH_PREFIXES
    )
    assert formats.write(answer, chosen) == expected.encode("utf-8")


def test_the_command_line_and_the_server_differ_only_in_json_layout() -> None:
    for kind_answer in (SELECT, Answer("ASK", boolean=True)):
        person = write_answer(kind_answer, "json")
        wire = write_answer(kind_answer, "json", indent=None)
        assert "\n" in person and "\n" not in wire
        assert json.loads(person) == json.loads(wire)


def test_the_site_writes_through_the_writers() -> None:
    from governance_graph.namespaces import bind_prefixes
    from governance_graph.site.rdf_files import CONTEXT
    from governance_graph.site.rdf_files import serialize as site_serialize

    graph = bind_prefixes(Graph())
    for triple in GRAPH.triples:
        graph.add(triple)
    for ext in ("ttl", "nt"):
        assert site_serialize(graph, ext) == serialize(graph, ext)
    assert site_serialize(graph, "jsonld") == serialize(graph, "jsonld", context=CONTEXT)
    assert json.loads(site_serialize(graph, "jsonld"))["@context"] == CONTEXT


def test_graph_formats_that_do_not_fit_are_format_errors() -> None:
    with pytest.raises(FormatError, match="cannot hold a graph"):
        write_answer(GRAPH, "csv")
    with pytest.raises(FormatError, match="cannot hold a SELECT answer"):
        write_answer(SELECT, "ttl")
    with pytest.raises(ValueError, match="unknown RDF format 'rdf'"):
        serialize(Graph(), "rdf")


def test_trig_lists_the_default_graph_then_named_graphs_by_name() -> None:
    ds = Dataset()
    for name in ("c", "a", "b"):
        ds.graph(URIRef(EX + "graph/" + name)).add(
            (URIRef(EX + name), URIRef(EX + "p"), Literal(1))
        )
    ds.graph(URIRef(EX + "graph/empty"))
    ds.add((URIRef(EX + "d"), URIRef(EX + "p"), Literal(0)))
    text = serialize(ds, "trig", prefixes={"ex": EX})
    body = [line for line in text.splitlines() if line.endswith("{")]
    assert body == ["{"] + [f"<{EX}graph/{name}> {{" for name in "abc"]


def test_jsonld_sorts_unordered_arrays_but_keeps_lists() -> None:
    graph = Graph()
    head = BNode()
    Collection(graph, head, [Literal("z"), Literal("a"), Literal("m")])
    graph.add((URIRef(EX + "s"), URIRef(EX + "list"), head))
    for value in ("c", "a", "b"):
        graph.add((URIRef(EX + "s"), URIRef(EX + "set"), Literal(value)))
    node = json.loads(serialize(graph, "jsonld", prefixes={"ex": EX}))
    assert node["ex:set"] == ["a", "b", "c"]
    assert node["ex:list"] == {"@list": ["z", "a", "m"]}


def test_a_dataset_in_a_triple_format_is_the_union_of_its_graphs() -> None:
    ds = Dataset()
    triple = (URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "o"))
    ds.graph(URIRef(EX + "g1")).add(triple)
    ds.graph(URIRef(EX + "g2")).add(triple)
    assert serialize(ds, "nt") == f"<{EX}s> <{EX}p> <{EX}o> .\n"


def test_package_lists_what_it_exports() -> None:
    assert all(hasattr(writers, name) for name in writers.__all__)
