"""``governance-graph diff`` end to end, through the installed console script: exit status 0
equal, 1 different, 2 unreadable (one line naming the file and line, nothing written)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from governance_graph import paths
from governance_graph.graph_sides import read_side
from governance_graph.synth import generate
from governance_graph.writers import serialize
from tests.diff.gitrepo import GitRepo, git_env
from tests.helpers.paths import FIXTURES
from tests.helpers.processes import error_line, run_script

RELEASES = FIXTURES / "releases"
V1, V2 = RELEASES / "v1", RELEASES / "v2"


@pytest.fixture
def diff(script_env: dict[str, str]):
    """``diff(*args, code=…, cwd=None, env=None)``: ``governance-graph diff ARGS`` run to the end
    with exit status ``code``."""

    def run(
        *args: str | Path, code: int, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        proc = run_script("diff", *args, env={**script_env, **(env or {})}, cwd=cwd)
        assert proc.returncode == code, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        return proc

    return run


def test_two_releases_differ_as_written_by_hand(diff) -> None:
    proc = diff(V1, V2, code=1)
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[:2] == [f"--- {V1}", f"+++ {V2}"]
    assert "SERR Brugge (ggd:serr-brugge): removed resource" in lines
    assert "Alain Depreux (ggd:alain-depreux): new resource" in lines
    assert "  changed: places 16 → 14" in lines
    assert lines[-1] == "5 resources: 2 new, 2 removed, 1 changed; 11 triples added, 7 removed"


def test_every_format_is_the_same_bytes_in_every_process(diff) -> None:
    for fmt in ("text", "ttl", "nq", "json"):
        runs = [
            diff(
                V1,
                V2,
                "--format",
                fmt,
                code=1,
                env={"PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "0"},
            )
            for seed in ("1", "2")
        ]
        assert runs[0].stdout == runs[1].stdout, fmt
    statuses = [r["status"] for r in json.loads(runs[1].stdout)["resources"]]
    assert statuses == ["added", "added", "removed", "removed", "changed"]


def test_the_bundled_graph_against_itself_is_equal(diff, tmp_path: Path) -> None:
    root = paths.bundled_root()
    for folder in ("ontology", "data"):
        shutil.copytree(root / folder, tmp_path / "graph" / folder)
    proc = diff(tmp_path / "graph", tmp_path / "graph", code=0)
    assert proc.stdout == proc.stderr == ""
    # the same graph as a gzipped dump, in another order and format
    dump = tmp_path / "graph.nt.gz"
    dump.write_bytes(gzip.compress(serialize(read_side(tmp_path / "graph").graph, "nt").encode()))
    data = json.loads(diff(tmp_path / "graph", dump, "--format", "json", code=0).stdout)
    assert data == {
        "equal": True,
        "old": str(tmp_path / "graph"),
        "new": str(dump),
        "resources": [],
    }


def test_a_synthetic_graph_with_one_triple_changed_shows_exactly_that(diff, tmp_path: Path) -> None:
    text, _truth = generate(2000, seed=3)
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "#seatCount>" in line)
    subject, predicate, value = lines[at].split(" ", 2)
    number = int(value.split('"')[1])
    changed = (
        f'{subject} {predicate} "{number + 1}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    (tmp_path / "old.nt").write_text(text)
    (tmp_path / "new.nt").write_text("".join([*lines[:at], changed, *lines[at + 1 :]][::-1]))
    data = json.loads(
        diff(tmp_path / "old.nt", tmp_path / "new.nt", "--format", "json", code=1).stdout
    )
    (resource,) = data["resources"]
    assert resource["iri"] == subject.strip("<>")
    assert resource["status"] == "changed"
    assert resource["added"] == resource["removed"] == []
    assert resource["changed"] == [
        {
            "property": predicate,
            "old": [f'"{number}"^^<http://www.w3.org/2001/XMLSchema#integer>'],
            "new": [f'"{number + 1}"^^<http://www.w3.org/2001/XMLSchema#integer>'],
        }
    ]
    text_out = diff(tmp_path / "old.nt", tmp_path / "new.nt", code=1).stdout
    assert f"  changed: gg:seatCount {number} → {number + 1}\n" in text_out


def test_git_head_against_the_working_tree(diff, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.copy(V1 / "ontology.ttl", "ontology/tiny.ttl")
    repo.copy(V1 / "bodies.ttl", "data/bodies.ttl")
    repo.commit("release 1")
    env = git_env(tmp_path)
    assert diff("git:HEAD", ".", code=0, cwd=repo.path, env=env).stdout == ""
    repo.copy(V2 / "bodies.ttl", "data/bodies.ttl")
    proc = diff("git:HEAD", ".", code=1, cwd=repo.path, env=env)
    by_hand = diff(V1, V2, code=1).stdout.splitlines()
    assert proc.stdout.splitlines() == ["--- git:HEAD", "+++ .", *by_hand[2:]]
    elsewhere = diff("git:HEAD", repo.path, "--repo", repo.path, code=1, cwd=tmp_path, env=env)
    assert elsewhere.stdout.splitlines()[2:] == by_hand[2:]


def test_output_goes_to_a_file_and_the_status_still_tells(diff, tmp_path: Path) -> None:
    out = tmp_path / "changes.json"
    proc = diff(V1, V2, "--format", "json", "-o", out, code=1)
    assert proc.stdout == ""
    assert out.read_text() == diff(V1, V2, "--format", "json", code=1).stdout
    diff(V1, V1, "--format", "json", "-o", out, code=0)
    assert json.loads(out.read_text())["equal"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changes.json"]


# --------------------------------------------------------------------------- bad input


@pytest.fixture
def bad(tmp_path: Path) -> dict[str, Path]:
    """Sides that cannot be read, by what is wrong with them."""
    (tmp_path / "broken.ttl").write_text("@prefix ex: <urn:x:> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    (tmp_path / "broken.nt.gz").write_bytes(
        gzip.compress(b'<urn:a> <urn:b> "c" .\n<urn:a> "b" .\n')
    )
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("nothing\n")
    (tmp_path / "plain").mkdir()
    return {"tmp": tmp_path}


@pytest.mark.parametrize(
    ("side", "message"),
    [
        ("{tmp}/missing.ttl", "{tmp}/missing.ttl: no such file or folder"),
        ("{tmp}/broken.ttl", "{tmp}/broken.ttl:3:10: objectList expected (at '.')"),
        ("{tmp}/broken.nt.gz", "{tmp}/broken.nt.gz:2: ParserError: "),
        ("{tmp}/empty", "{tmp}/empty: folder has no RDF files ("),
        ("git:no-such-tag", "git:no-such-tag: unknown revision 'no-such-tag' in "),
        ("git:HEAD", "git:HEAD: {tmp}/plain is not in a git repository"),
    ],
)
def test_an_unreadable_side_is_one_line_exit_2_and_nothing_written(
    diff, bad: dict[str, Path], side: str, message: str
) -> None:
    tmp = bad["tmp"]
    repo = GitRepo(tmp / "repo")
    repo.copy(V1 / "bodies.ttl", "data/bodies.ttl")
    repo.commit("release 1")
    folder = tmp / "plain" if side == "git:HEAD" else repo.path
    out = tmp / "out.ttl"
    side = side.format(tmp=tmp)
    for args in ([side, V1], [V1, side]):
        proc = diff(*args, "--format", "ttl", "-o", out, "--repo", folder, code=2, env=git_env(tmp))
        assert error_line(proc).startswith(message.format(tmp=tmp)), proc.stderr
        assert proc.stdout == ""
        assert not out.exists()


def test_the_command_loads_rdflib_only_when_it_runs() -> None:
    code = (
        "import sys, governance_graph.cli, governance_graph.cli.diff; "
        "print(sorted(m for m in ('rdflib', 'governance_graph.graph_diff') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
