"""Reading the sides of a diff (governance_graph.graph_sides): every file format, gzipped too,
folders, checkouts and git revisions, and one clear error per unreadable side."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import governance_graph as gg
from governance_graph.errors import LoadError
from governance_graph.graph_sides import canonical_graph, read_side
from governance_graph.writers import serialize
from tests.diff.gitrepo import GitRepo, git_env
from tests.helpers.paths import FIXTURES

RELEASES = FIXTURES / "releases"


def release(number: int) -> Graph:
    return read_side(RELEASES / f"v{number}").graph


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gz"])
def test_every_format_reads_the_same_graph(tmp_path: Path, fmt: str, gzipped: bool) -> None:
    graph = release(2)
    data = serialize(graph, fmt).encode()
    path = tmp_path / (f"release.{fmt}.gz" if gzipped else f"release.{fmt}")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    assert gg.diff(RELEASES / "v2", path).equal


def test_a_dataset_counts_as_the_union_of_its_named_graphs(tmp_path: Path) -> None:
    (tmp_path / "dump.trig").write_text(
        "<urn:g1> { <urn:a> <urn:p> 1 . }\n<urn:g2> { <urn:a> <urn:p> 2 . <urn:a> <urn:p> 1 . }\n"
        "<urn:a> <urn:p> 3 .\n"
    )
    graph = read_side(tmp_path / "dump.trig").graph
    assert set(graph) == {(URIRef("urn:a"), URIRef("urn:p"), Literal(n)) for n in (1, 2, 3)}


def test_a_folder_is_every_rdf_file_below_it(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "a.ttl").write_text("<urn:a> <urn:p> 1 .")
    (tmp_path / "deep" / "er" / "b.nt.gz").write_bytes(gzip.compress(b'<urn:b> <urn:p> "2" .\n'))
    (tmp_path / "deep" / "notes.txt").write_text("not RDF")
    side = read_side(tmp_path)
    assert len(side.graph) == 2
    assert side.files == (str(tmp_path / "a.ttl"), str(tmp_path / "deep" / "er" / "b.nt.gz"))


def test_a_list_of_files_or_a_graph_is_a_side_too() -> None:
    files = sorted((RELEASES / "v1").glob("*.ttl"))
    assert gg.diff(files, release(1)).equal


def test_relative_iris_resolve_as_every_command_loads_the_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.ttl").write_text("<#a> <urn:p> 1 .")
    (subject,) = set(read_side(tmp_path / "data" / "x.ttl").graph.subjects())
    assert str(subject) == "https://w3id.org/governance-graph/graph/data/x#a"


def test_the_canonical_form_ignores_blank_node_names() -> None:
    one = Graph().parse(data="<urn:a> <urn:p> _:x . _:x <urn:q> 1 .", format="turtle")
    two = Graph().parse(data="<urn:a> <urn:p> [ <urn:q> 1 ] .", format="turtle")
    assert set(canonical_graph(one)) == set(canonical_graph(two))


# --------------------------------------------------------------------------- git


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repository with release 1 committed (tagged v1) and release 2 in the working tree."""
    repo = GitRepo(tmp_path / "repo")
    repo.copy(RELEASES / "v1" / "ontology.ttl", "ontology/tiny.ttl")
    repo.copy(RELEASES / "v1" / "bodies.ttl", "data/bodies.ttl")
    repo.write("README.md", "not read\n")
    repo.write("tests/other.ttl", "<urn:not> <urn:read> 1 .")
    repo.commit("release 1", tag="v1")
    repo.copy(RELEASES / "v2" / "bodies.ttl", "data/bodies.ttl")
    return repo


def test_a_git_revision_is_its_ontology_and_data(repo: GitRepo) -> None:
    side = read_side("git:v1", repo=repo.path)
    assert side.files == ("git:v1:data/bodies.ttl", "git:v1:ontology/tiny.ttl")
    assert gg.diff("git:v1", RELEASES / "v1", repo=repo.path).equal


def test_a_checkout_folder_is_its_working_tree_as_git_reads_it(repo: GitRepo) -> None:
    change = gg.diff("git:HEAD", repo.path, repo=repo.path)
    expected = gg.diff(RELEASES / "v1", RELEASES / "v2")
    assert change.resources == expected.resources
    repo.commit("release 2")
    assert gg.diff("git:HEAD~1", "git:HEAD", repo=repo.path).resources == expected.resources


def test_git_revisions_are_read_from_the_working_folders_repository(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo.path / "data" / "sub").mkdir()
    monkeypatch.chdir(repo.path / "data" / "sub")
    assert gg.diff("git:v1", "git:HEAD").equal


# --------------------------------------------------------------------------- errors


def error(*args: object, **kwargs: object) -> str:
    with pytest.raises(LoadError) as caught:
        gg.diff(*args, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "missing.ttl"
    assert error(missing, RELEASES / "v1") == f"{missing}: no such file or folder"


def test_a_folder_without_rdf(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    assert error(RELEASES / "v1", tmp_path) == (
        f"{tmp_path}: folder has no RDF files (*.ttl, *.nt, *.nq, *.trig, *.jsonld, each also .gz)"
    )


def test_a_file_of_no_known_format(tmp_path: Path) -> None:
    (tmp_path / "graph.rdf").write_text("<x/>")
    assert "graph.rdf: not a file name of a known RDF format" in error(
        tmp_path / "graph.rdf", RELEASES / "v1"
    )


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad.ttl", "<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n", "bad.ttl:2:"),
        (
            "bad.trig",
            "<urn:g> { <urn:a> <urn:b> <urn:c> . }\n<urn:g> { <urn:a> <urn:b> ; . }\n",
            "bad.trig:2:",
        ),
        ("bad.nt", "<urn:a> <urn:b> <urn:c> .\n\n<urn:a> <urn:b> <urn:c\n", "bad.nt:3: "),
        ("bad.nq", '<urn:a> <urn:b> "x" <urn:g> .\n<urn:a> <urn:b> "x .\n', "bad.nq:2: "),
        ("bad.jsonld", '{"@id": "urn:a",\n "urn:b": 1\n,,}', "bad.jsonld:3:2: "),
        ("latin1.ttl", '<urn:a> <urn:b> "caf\xe9" .', "latin1.ttl:1:21: not UTF-8"),
    ],
)
def test_a_syntax_error_names_file_and_line(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1"))
    assert error(RELEASES / "v1", path).startswith(f"{tmp_path}/{where}")


def test_an_error_deep_in_a_large_n_triples_file_is_found(tmp_path: Path) -> None:
    lines = [f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(10_000)]
    lines[9_000] = "<urn:s> <urn:p> oops .\n"
    (tmp_path / "big.nt.gz").write_bytes(gzip.compress("".join(lines).encode()))
    assert error(tmp_path / "big.nt.gz", RELEASES / "v1").startswith(f"{tmp_path}/big.nt.gz:9001: ")


def test_a_broken_gzip_file(tmp_path: Path) -> None:
    (tmp_path / "dump.nt.gz").write_bytes(b"not gzip at all")
    assert "dump.nt.gz: not a readable gzip file" in error(tmp_path / "dump.nt.gz", RELEASES / "v1")


def test_an_unknown_revision(repo: GitRepo) -> None:
    assert error("git:v9", RELEASES / "v1", repo=repo.path) == (
        f"git:v9: unknown revision 'v9' in {repo.path}"
    )


@pytest.mark.parametrize("side", ["git:", "git:--help", "git:a b"])
def test_what_is_not_a_revision(repo: GitRepo, side: str) -> None:
    assert "not a git revision" in error(side, RELEASES / "v1", repo=repo.path)


def test_git_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in git_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    (tmp_path / "plain").mkdir()
    assert error("git:HEAD", RELEASES / "v1", repo=tmp_path / "plain") == (
        f"git:HEAD: {tmp_path / 'plain'} is not in a git repository"
    )


def test_a_revision_without_ontology_or_data(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "empty")
    repo.write("README.md", "nothing\n")
    repo.commit("nothing")
    assert error("git:HEAD", RELEASES / "v1", repo=repo.path) == (
        "git:HEAD: no ontology/*.ttl or data/*.ttl files at HEAD"
    )


def test_a_syntax_error_at_a_revision_names_the_revision_and_file(repo: GitRepo) -> None:
    repo.write("data/broken.ttl", "<urn:a> <urn:b> .\n")
    repo.commit("broken")
    assert error("git:HEAD", RELEASES / "v1", repo=repo.path).startswith(
        "git:HEAD:data/broken.ttl:1:"
    )
