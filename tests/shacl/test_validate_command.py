"""``governance-graph validate`` as a general SHACL validator: ``--no-ontology`` validates exactly
the given files, the report's ``sh:conforms`` is SHACL's (false on any result), and the exit
status accepts warnings only with ``--allow-warnings``. Both engines, through the installed
console script. (The W3C suite through the command line: ``tests/shacl/test_w3c_cli.py``.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from tests.helpers.processes import run_script

ENGINES = ("oxigraph", "rdflib")
HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix gg: <https://w3id.org/governance-graph/ontology#> .
@prefix ex: <http://example.org/> .
"""
#: A RESOC is an org:Organization only through the bundled ontology's subclass axioms.
DATA = HEAD + 'ex:body a gg:RESOC .\nex:other a org:Organization ; ex:name "Other" .\n'
SHAPES = (
    HEAD
    + """
ex:NamedShape a sh:NodeShape ; sh:targetClass org:Organization ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity {severity} ] .
"""
)


@pytest.fixture
def validate(script_env: dict[str, str]):
    """``validate(*args, cwd=None)``: ``governance-graph validate ARGS`` run to completion."""

    def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return run_script("validate", *args, env=script_env, cwd=cwd)

    return run


def _files(tmp_path: Path, severity: str) -> tuple[Path, Path]:
    data, shapes = tmp_path / "d.ttl", tmp_path / "s.ttl"
    data.write_text(DATA)
    shapes.write_text(SHAPES.replace("{severity}", severity))
    return data, shapes


def _conforms(report: Path) -> bool:
    graph = Graph().parse(report, format="turtle")
    (value,) = graph.objects(None, SH.conforms)
    assert isinstance(value, Literal)
    return bool(value.toPython())


@pytest.mark.parametrize("engine", ENGINES)
def test_warnings_fail_unless_allowed(validate, tmp_path: Path, engine: str) -> None:
    data, shapes = _files(tmp_path, "sh:Warning")
    report = tmp_path / "r.ttl"
    args = ["--engine", engine, "--data", data, "--shapes", shapes, "--report", report]
    strict = validate(*args)
    assert strict.returncode == 1, strict.stderr
    assert strict.stdout.splitlines()[0] == "Does not conform: 1 warning"
    assert not _conforms(report)
    report.unlink()
    allowed = validate(*args, "--allow-warnings")
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout == strict.stdout
    assert not _conforms(report)  # the report is SHACL's whatever the exit status


@pytest.mark.parametrize("engine", ENGINES)
def test_violations_fail_even_with_allow_warnings(validate, tmp_path: Path, engine: str) -> None:
    data, shapes = _files(tmp_path, "sh:Violation")
    proc = validate("--engine", engine, "--data", data, "--shapes", shapes, "--allow-warnings")
    assert proc.returncode == 1
    assert proc.stdout.startswith("Does not conform: 1 violation")


@pytest.mark.parametrize("engine", ENGINES)
def test_no_ontology_validates_exactly_the_given_files(
    validate, tmp_path: Path, engine: str
) -> None:
    data, shapes = _files(tmp_path, "sh:Violation")
    merged = validate("--engine", engine, "--data", data, "--shapes", shapes, "-f", "ttl")
    assert merged.returncode == 1  # ex:body is an org:Organization through the ontology
    focus = set(Graph().parse(data=merged.stdout, format="turtle").objects(None, SH.focusNode))
    assert focus == {URIRef("http://example.org/body")}
    alone = validate("--engine", engine, "--data", data, "--shapes", shapes, "--no-ontology")
    assert (alone.returncode, alone.stdout.strip()) == (0, "Conforms."), alone.stderr


@pytest.mark.parametrize(
    "args",
    [["--no-ontology", "--shapes", "s.ttl"], ["--no-ontology", "--data", "d.ttl"]],
    ids=["no-data", "no-shapes"],
)
def test_no_ontology_needs_data_and_shapes(validate, tmp_path: Path, args: list[str]) -> None:
    _files(tmp_path, "sh:Violation")
    proc = validate(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (
        "Error: --no-ontology validates exactly the given files: give --data and --shapes"
    )


def test_missing_file_with_no_ontology(validate, tmp_path: Path) -> None:
    _, shapes = _files(tmp_path, "sh:Violation")
    proc = validate("--no-ontology", "--data", tmp_path / "none.ttl", "--shapes", shapes)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert "none.ttl" in line


@pytest.mark.parametrize("engine", ENGINES)
def test_bundled_graph_still_exits_0(validate, engine: str) -> None:
    proc = validate("--engine", engine)
    assert (proc.returncode, proc.stdout.strip()) == (0, "Conforms."), proc.stdout[:2000]
