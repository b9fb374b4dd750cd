"""Shapes graphs built from their parsed triples: the shipped triples are what the bundled shapes
parse to, a graph built from them equals a parse, and an edited file is parsed again."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from governance_graph import parsed_shapes, paths, validation_report
from governance_graph.loading import Source
from governance_graph.validation_report import load_shapes, parse_shapes
from tests.helpers.paths import REPO
from tests.helpers.processes import tool_check

TOOL = REPO / "tools" / "compile_shapes.py"
UNIQUE_LANG = "<urn:S> <http://www.w3.org/ns/shacl#uniqueLang> "
BOOLEAN = "^^<http://www.w3.org/2001/XMLSchema#boolean> ."


@pytest.fixture()
def parses(monkeypatch) -> list[int]:
    """Counts the parses ``load_shapes`` makes (each call appends the number of files)."""
    made: list[int] = []
    parse = validation_report.parse_shapes

    def counting(sources):
        made.append(len(sources))
        return parse(sources)

    monkeypatch.setattr(validation_report, "parse_shapes", counting)
    return made


@pytest.fixture(autouse=True)
def _nothing_kept(monkeypatch):
    monkeypatch.setattr(parsed_shapes, "_kept", {})


def _same(a, b) -> bool:
    return isomorphic(a, b) and sorted(a.namespaces()) == sorted(b.namespaces())


def test_the_shipped_triples_are_what_the_shapes_parse_to():
    tool_check(TOOL)


def test_the_bundled_shapes_are_built_not_parsed_and_equal_a_parse(parses):
    shipped = load_shapes([paths.shapes_file()])
    assert parses == []
    parsed = parse_shapes([Source.read(paths.shapes_file(), "ontology")])
    assert _same(shipped, parsed)
    # literals as written: the same lexical forms, not rdflib's normalised ones
    assert sorted(o.n3() for o in shipped.objects() if isinstance(o, Literal)) == sorted(
        o.n3() for o in parsed.objects() if isinstance(o, Literal)
    )


def test_every_graph_built_has_blank_nodes_of_its_own_and_changes_alone():
    one, two = load_shapes([paths.shapes_file()]), load_shapes([paths.shapes_file()])
    blank = lambda g: {t for triple in g for t in triple if isinstance(t, BNode)}  # noqa: E731
    assert blank(one) and not blank(one) & blank(two)
    one.remove((None, SH.message, None))
    assert len(two) == len(load_shapes([paths.shapes_file()]))


def test_an_edited_shapes_file_is_parsed_again(tmp_path, parses):
    edited = tmp_path / "shapes.ttl"
    edited.write_bytes(
        paths.shapes_file().read_bytes()
        + b'\n<urn:Extra> <http://www.w3.org/ns/shacl#minCount> "01"^^'
        + b"<http://www.w3.org/2001/XMLSchema#integer> .\n"
    )
    graph = load_shapes([edited])
    assert parses == [1]
    assert str(graph.value(URIRef("urn:Extra"), SH.minCount)) == "01"
    assert len(graph) == len(load_shapes([paths.shapes_file()])) + 1


def test_other_shapes_files_are_parsed_once_then_built_until_they_change(tmp_path, parses):
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(UNIQUE_LANG + '"1"' + BOOLEAN)
    first = load_shapes([shapes])
    second = load_shapes([shapes])
    assert parses == [1]
    assert _same(first, second)
    assert str(second.value(URIRef("urn:S"), SH.uniqueLang)) == "1"  # as written
    shapes.write_text(UNIQUE_LANG + '"true"' + BOOLEAN)
    assert str(load_shapes([shapes]).value(URIRef("urn:S"), SH.uniqueLang)) == "true"
    assert parses == [1, 1]


def test_the_same_bytes_under_another_name_are_another_graph(tmp_path, parses):
    # relative IRIs resolve against the file's named-graph IRI, which its name gives
    text = "<#S> <http://www.w3.org/ns/shacl#targetNode> <#x> ."
    (tmp_path / "a.ttl").write_text(text)
    (tmp_path / "b.ttl").write_text(text)
    a, b = load_shapes([tmp_path / "a.ttl"]), load_shapes([tmp_path / "b.ttl"])
    assert parses == [1, 1]
    assert set(a) != set(b)


def test_no_more_than_kept_sets_of_files_are_kept(tmp_path, monkeypatch, parses):
    monkeypatch.setattr(parsed_shapes, "KEPT", 2)
    files = []
    for n in range(3):
        files.append(tmp_path / f"s{n}.ttl")
        files[-1].write_text(f"<urn:S{n}> <urn:p> <urn:o> .")
        load_shapes([files[-1]])
    assert len(parsed_shapes._kept) == 2
    load_shapes([files[0]])  # the oldest went
    assert parses == [1, 1, 1, 1]


@pytest.mark.parametrize(
    "text", ["", "{not json", '{"format": "0", "graphs": {}}', '{"format": "1", "graphs": []}']
)
def test_an_unreadable_or_older_shipped_file_means_parsing(tmp_path, monkeypatch, parses, text):
    broken = tmp_path / "bundled_shapes.json"
    broken.write_text(text)
    monkeypatch.setattr(parsed_shapes, "FILE", broken)
    parsed_shapes._shipped.cache_clear()
    try:
        load_shapes([paths.shapes_file()])
    finally:
        parsed_shapes._shipped.cache_clear()
    assert parses == [1]
