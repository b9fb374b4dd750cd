"""Rendering SELECT/ASK/CONSTRUCT results, and picking one language among label rows."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from governance_graph.errors import GovernanceGraphError
from governance_graph.query_output import (
    FORMATS,
    GRAPH_FORMATS,
    FormatError,
    compact,
    pick_language,
    render,
)

XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

DATA = """
@prefix ggd: <https://w3id.org/governance-graph/id/> .
@prefix gg: <https://w3id.org/governance-graph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ggd:vesoc a gg:TripartiteBody ; skos:prefLabel "VESOC comité"@nl , "VESOC committee"@en ;
    gg:seatCount 16 ; skos:note "tab\\there, \\"quoted\\", comma, and\\na newline" .
ggd:serv a gg:Secretariat ; skos:prefLabel "SERV" .
ggd:sera a gg:Secretariat ; skos:prefLabel "SERA"@fr , "SERA"@de .
<http://example.org/a/b#c> skos:prefLabel "odd"@en .
"""

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX gg: <https://w3id.org/governance-graph/ontology#>
"""
SELECT = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?s ?label"""


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(data=DATA, format="turtle")


def select(graph: Graph, text: str = SELECT) -> Result:
    return graph.query(text)


# --------------------------------------------------------------------------- terms


def test_compact_forms() -> None:
    assert compact(URIRef("https://w3id.org/governance-graph/id/vesoc")) == "ggd:vesoc"
    assert compact(URIRef("http://schema.org/funder")) == "schema:funder"
    assert compact(URIRef("http://example.org/x")) == "http://example.org/x"
    assert compact(URIRef("https://w3id.org/governance-graph/graph/data/vesoc")) == "ggg:data/vesoc"
    assert compact(URIRef("https://w3id.org/governance-graph/id/a b")) == (
        "https://w3id.org/governance-graph/id/a b"
    )
    assert compact(Literal("16", datatype=XSD_INTEGER)) == "16"
    assert compact(Literal("x", lang="nl")) == "x"
    assert compact(BNode("b0")) == "_:b0"
    assert compact(None) == ""


# --------------------------------------------------------------------------- languages


A, B = URIRef("urn:a"), URIRef("urn:b")


def lit(text: str, lang: str | None = None) -> Literal:
    return Literal(text, lang=lang)


def test_pick_exact_then_untagged_then_other() -> None:
    rows = [
        (A, lit("stad", "nl")),
        (A, lit("city", "en")),
        (A, lit("Stadt")),
        (B, lit("town", "en")),
        (B, lit("Town")),
        (URIRef("urn:c"), lit("ville", "fr")),
        (URIRef("urn:c"), lit("Stadt", "de")),
    ]
    assert pick_language(rows, "nl") == [
        (A, lit("stad", "nl")),
        (B, lit("Town")),
        (URIRef("urn:c"), lit("Stadt", "de")),
    ]
    assert pick_language(rows, "EN") == [
        (A, lit("city", "en")),
        (B, lit("town", "en")),
        (URIRef("urn:c"), lit("Stadt", "de")),
    ]
    assert pick_language(rows, None) == rows


def test_pick_prefers_primary_subtag_over_untagged() -> None:
    rows = [(A, lit("x")), (A, lit("y", "nl-BE"))]
    assert pick_language(rows, "nl") == [(A, lit("y", "nl-BE"))]


def test_pick_keeps_ties_and_order_and_other_columns_apart() -> None:
    rows = [
        (A, lit("one", "nl"), Literal(1)),
        (A, lit("two", "nl"), Literal(1)),
        (A, lit("three", "en"), Literal(1)),
        (A, lit("four", "en"), Literal(2)),  # differs in a non-text column: its own group
    ]
    assert pick_language(rows, "nl") == [*rows[:2], rows[3]]


def test_pick_with_two_text_columns() -> None:
    rows = [
        (A, lit("n-nl", "nl"), lit("d-nl", "nl")),
        (A, lit("n-nl", "nl"), lit("d-en", "en")),
        (A, lit("n-en", "en"), lit("d-nl", "nl")),
        (A, lit("n-en", "en"), lit("d-en", "en")),
    ]
    assert pick_language(rows, "en") == [rows[3]]
    assert pick_language(rows[1:3], "nl") == [rows[2 - 1]]  # first column decides, deterministic


def test_pick_handles_unbound() -> None:
    rows = [(A, None), (A, lit("x", "en")), (A, lit("y", "nl"))]
    assert pick_language(rows, "nl") == [(A, None), (A, lit("y", "nl"))]


# --------------------------------------------------------------------------- SELECT formats


def test_table_is_aligned_compact_and_picks_language(graph: Graph) -> None:
    out = render(select(graph), "table", lang="en")
    lines = out.splitlines()
    assert lines[0].split() == ["s", "label"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert "ggd:vesoc                    VESOC committee" in out or "ggd:vesoc" in out
    assert "VESOC committee" in out and "VESOC comité" not in out
    assert "ggd:serv" in out and "SERV" in out
    assert out.count("ggd:sera") == 1  # fr and de: one row, deterministic (de)
    assert "http://example.org/a/b#c" in out
    assert lines[-1] == "(4 rows)"
    assert '"' not in out and "@en" not in out
    col = lines[0].index("label")
    assert all(line[col - 2 : col] == "  " for line in lines[2:-1])


def test_table_truncates_wide_cells_unless_told_not_to(graph: Graph) -> None:
    text = "SELECT ?note WHERE { ?s <http://www.w3.org/2004/02/skos/core#note> ?note }"
    cut = render(graph.query(text), "table", width=12)
    assert 'tab here, "…' in cut.splitlines()[2] or cut.splitlines()[2].endswith("…")
    assert len(cut.splitlines()[2]) == 12
    full = render(graph.query(text), "table", width=None)
    assert 'tab here, "quoted", comma, and a newline' in full


def test_table_of_nothing(graph: Graph) -> None:
    out = render(graph.query("SELECT ?x WHERE { ?x <urn:none> ?y }"), "table")
    assert out.splitlines() == ["x", "-", "(0 rows)"]


def test_csv_follows_sparql_csv(graph: Graph) -> None:
    text = PREFIXES + SELECT.replace("?s ?label", "?s ?label ?count").replace(
        "?s skos:prefLabel ?label }",
        "?s skos:prefLabel ?label OPTIONAL { ?s gg:seatCount ?count } }",
    )
    out = render(graph.query(text), "csv")
    assert out.startswith("s,label,count\r\n")
    rows = list(csv.reader(io.StringIO(out)))
    assert ["https://w3id.org/governance-graph/id/vesoc", "VESOC committee", "16"] in rows
    assert ["https://w3id.org/governance-graph/id/serv", "SERV", ""] in rows
    note = render(
        graph.query("SELECT ?n { ?s <http://www.w3.org/2004/02/skos/core#note> ?n }"), "csv"
    )
    assert list(csv.reader(io.StringIO(note)))[1] == ['tab\there, "quoted", comma, and\na newline']


def test_tsv_round_trips_through_rdflib(graph: Graph) -> None:
    text = PREFIXES + "SELECT ?s ?n WHERE { ?s skos:note|gg:seatCount ?n }"
    out = render(graph.query(text), "tsv")
    assert out.splitlines()[0] == "?s\t?n"
    assert len(out.splitlines()) == 3  # header + 2 rows: tabs and newlines escaped
    parsed = Result.parse(io.StringIO(out), format="tsv")
    assert {tuple(r) for r in parsed} == {tuple(r) for r in graph.query(text)}


def test_json_round_trips_through_rdflib(graph: Graph) -> None:
    out = render(select(graph), "json")
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["s", "label"]
    first = doc["results"]["bindings"][0]
    assert first["s"]["type"] == "uri"
    parsed = Result.parse(io.StringIO(out), format="json")
    assert [tuple(r) for r in parsed] == [tuple(r) for r in select(graph)]


def test_json_marks_datatype_and_language_and_skips_unbound(graph: Graph) -> None:
    text = """SELECT ?x ?y WHERE {
        VALUES (?x ?b) { (16 UNDEF) ('a'@nl 1) }
        BIND(IF(BOUND(?b), BNODE(), ?z) AS ?y)
    }"""
    bindings = json.loads(render(graph.query(text), "json"))["results"]["bindings"]
    assert bindings[0] == {"x": {"type": "literal", "value": "16", "datatype": str(XSD_INTEGER)}}
    assert bindings[1]["x"] == {"type": "literal", "value": "a", "xml:lang": "nl"}
    assert bindings[1]["y"]["type"] == "bnode"


def test_markdown(graph: Graph) -> None:
    out = render(select(graph), "md", lang="nl")
    lines = out.splitlines()
    assert lines[0] == "| s | label |"
    assert lines[1] == "|---|---|"
    assert "| ggd:vesoc | VESOC comité |" in lines
    note = render(
        graph.query("SELECT ?n { ?s <http://www.w3.org/2004/02/skos/core#note> ?n }"),
        "md",
        width=None,
    )
    assert note.splitlines()[2] == '| tab\there, "quoted", comma, and<br>a newline |'
    pipe = render(graph.query("SELECT ?x { BIND('a|b' AS ?x) }"), "md")
    assert pipe.splitlines()[2] == "| a\\|b |"


# --------------------------------------------------------------------------- ASK and graphs


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "true"),
        ("json", '{\n  "head": {},\n  "boolean": true\n}'),
        ("csv", "_askResult\r\ntrue\r\n"),
        ("tsv", "?_askResult\ntrue\n"),
        ("md", "| ask |\n|---|\n| true |"),
    ],
)
def test_ask(graph: Graph, fmt: str, expected: str) -> None:
    assert render(graph.query("ASK { ?s ?p ?o }"), fmt) == expected
    assert render(graph.query("ASK { ?s <urn:none> ?o }"), "table") == "false"


CONSTRUCT = PREFIXES + "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }"


def test_construct_formats_round_trip(graph: Graph) -> None:
    expected = graph.query(CONSTRUCT).graph
    assert expected is not None
    ttl = render(graph.query(CONSTRUCT), "ttl")
    assert "@prefix ggd: <https://w3id.org/governance-graph/id/> ." in ttl
    assert "ggd:vesoc" in ttl
    for fmt, parser in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        text = render(graph.query(CONSTRUCT), fmt)
        assert set(Graph().parse(data=text, format=parser)) == set(expected), fmt
    nt = render(graph.query(CONSTRUCT), "nt").splitlines()
    assert nt == sorted(nt)
    assert render(graph.query(CONSTRUCT)) == ttl  # graphs default to Turtle


def test_jsonld_uses_compact_context(graph: Graph) -> None:
    doc = json.loads(render(graph.query(CONSTRUCT), "jsonld"))
    assert doc["@context"]["ggd"] == "https://w3id.org/governance-graph/id/"
    assert "gg" not in doc["@context"]  # only prefixes that are used


def test_unserializable_graph_is_a_format_error() -> None:
    bad = Graph()
    bad.add((URIRef("http://example.org/a b"), URIRef("urn:p"), Literal("x")))
    result = bad.query("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(FormatError, match="cannot write the graph as ttl: "):
        render(result, "ttl")


def test_describe_is_a_graph(graph: Graph) -> None:
    out = render(graph.query("DESCRIBE <https://w3id.org/governance-graph/id/serv>"), "nt")
    assert "<https://w3id.org/governance-graph/id/serv>" in out


# --------------------------------------------------------------------------- mismatches


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_select_as_graph_format_is_a_clear_error(graph: Graph, fmt: str) -> None:
    with pytest.raises(FormatError) as info:
        render(select(graph), fmt)
    message = str(info.value)
    assert f"format '{fmt}' is for graphs" in message
    assert "a SELECT query returns a table" in message
    with pytest.raises(FormatError, match="an ASK query returns true/false"):
        render(graph.query("ASK {}"), fmt)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_construct_as_table_format_is_a_clear_error(graph: Graph, fmt: str) -> None:
    with pytest.raises(
        FormatError,
        match=rf"format '{fmt}' is for SELECT/ASK results, but a CONSTRUCT query returns a graph; "
        "use ttl, jsonld, nt",
    ):
        render(graph.query(CONSTRUCT), fmt)


def test_unknown_format(graph: Graph) -> None:
    with pytest.raises(FormatError, match="unknown format 'xlsx'; choose one of table, csv"):
        render(select(graph), "xlsx")
    assert issubclass(FormatError, GovernanceGraphError)
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "md", "ttl", "jsonld", "nt"}
