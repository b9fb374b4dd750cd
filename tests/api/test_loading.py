"""Loading Turtle files into a Dataset: named graphs, and one-line errors with file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from governance_graph import paths
from governance_graph.errors import LoadError
from governance_graph.loading import Source, bundled_sources, load_dataset
from governance_graph.namespaces import GGG

EX = "https://example.org/tiny#"


def _load(*files: Path):
    return load_dataset([Source.read(f, "data") for f in files])


def test_one_named_graph_per_file(tiny_bundle: Path) -> None:
    ds = load_dataset(bundled_sources())
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert names == {GGG["ontology/tiny"], GGG["data/bodies"], GGG["data/people"]}
    assert (URIRef(EX + "ann"), None, None) in ds.graph(GGG["data/people"])
    assert (URIRef(EX + "ann"), None, None) not in ds.graph(GGG["data/bodies"])


def test_default_graph_is_the_union(tiny_bundle: Path) -> None:
    ds = load_dataset(bundled_sources())
    assert (URIRef(EX + "council-a"), URIRef(EX + "code"), Literal("A")) in ds


def test_shapes_file_is_not_a_source(tiny_bundle: Path) -> None:
    assert paths.shapes_file().is_file()
    assert all(s.path.name != "shapes.ttl" for s in bundled_sources())


def test_data_argument_replaces_bundled_data(tiny_bundle: Path, core: Path) -> None:
    sources = bundled_sources([core / "bad" / "functional.ttl"])
    assert [(s.role, s.path.name) for s in sources] == [
        ("ontology", "tiny.ttl"),
        ("data", "functional.ttl"),
    ]


def test_folder_stands_for_its_ttl_files(tiny_bundle: Path, core: Path) -> None:
    names = [s.path.name for s in bundled_sources([core / "data"])]
    assert names == ["tiny.ttl", "bodies.ttl", "people.ttl"]


def test_syntax_error_names_file_line_and_column(core: Path) -> None:
    with pytest.raises(LoadError) as info:
        _load(core / "bad" / "syntax.ttl")
    message = str(info.value)
    assert "\n" not in message
    # The missing '.' after line 4 is noticed where the next statement starts.
    assert message.startswith(f"{_shown(core / 'bad' / 'syntax.ttl')}:5:1: ")
    assert "'ex:council-d'" in message


def test_non_syntax_parser_exception_is_located(core: Path) -> None:
    # rdflib raises a bare ValueError for a bad language tag, without a position.
    with pytest.raises(LoadError) as info:
        _load(core / "bad" / "langtag.ttl")
    assert f"{_shown(core / 'bad' / 'langtag.ttl')}:4:" in str(info.value)
    assert "ValueError" in str(info.value)


def test_recursion_error_is_a_load_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.ttl"
    deep.write_text("<urn:a> <urn:b> " + "(" * 5000 + ")" * 5000 + " .\n")
    with pytest.raises(LoadError, match=r"deep\.ttl:1:\d+: RecursionError"):
        _load(deep)


def test_not_utf8(core: Path) -> None:
    with pytest.raises(LoadError, match=r"latin1\.ttl:2:27: not UTF-8"):
        _load(core / "bad" / "latin1.ttl")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"nope\.ttl: no such file$"):
        Source.read(tmp_path / "nope.ttl", "data")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="is a directory"):
        Source.read(tmp_path, "data")


def test_two_files_with_one_stem(tmp_path: Path, core: Path) -> None:
    other = tmp_path / "bodies.ttl"
    other.write_text("<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(LoadError, match="same named graph"):
        _load(core / "data" / "bodies.ttl", other)


def test_relative_iris_resolve_against_the_graph_iri(tmp_path: Path) -> None:
    f = tmp_path / "rel.ttl"
    f.write_text("<#a> <urn:p> <b> .\n")
    ds = _load(f)
    assert (URIRef(GGG["data/rel"] + "#a"), URIRef("urn:p"), None) in ds


def _shown(path: Path) -> str:
    return Source.read(path, "data").name if path.exists() else str(path)


def test_the_bundle_is_found() -> None:
    # Guards packaging: from a wheel, the files must come from governance_graph/_bundled/.
    root = paths.bundled_root()
    assert paths.ontology_files(), f"no ontology/*.ttl under {root}"
    assert paths.data_files(), f"no data/*.ttl under {root}"
    assert paths.shapes_file().is_file(), f"no ontology/shapes.ttl under {root}"
