"""The ingest command: Turtle to stdout or (atomically) to a file, another mapping, the one
line when morph-kgc is not installed, a mapping that cannot run; the benchmark at a tiny size;
the modules' examples."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

from .conftest import requires_morph_kgc
from .workbooks import three_bodies, write_xlsx

PEOPLE_ONLY = """\
prefixes:
  dcterms: http://purl.org/dc/terms/
  foaf: http://xmlns.com/foaf/0.1/
  ggd: https://w3id.org/governance-graph/id/
mappings:
  people:
    sources: [[people.csv~csv]]
    s: ggd:$(id)
    po:
      - [a, foaf:Person]
      - [foaf:name, $(name)]
  person-sources:
    sources: [[person-sources.csv~csv]]
    s: ggd:$(id)
    po:
      - [dcterms:source, $(source)~iri]
  sections:
    sources: [[sources.csv~csv]]
    s: ggd:$(id)
    po:
      - [a, https://w3id.org/governance-graph/ontology#SourceSection~iri]
      - [dcterms:title, $(section_en), en~lang]
      - [dcterms:isPartOf, ggd:doc-vesoc-page~iri]
"""


@requires_morph_kgc
def test_turtle_on_stdout(gg, three_xlsx: Path, three_ttl: Path) -> None:
    done = gg("ingest", three_xlsx)
    assert done.stdout == three_ttl.read_text(encoding="utf-8")
    assert done.stderr.endswith("185 triples, conform; written to stdout\n")


@requires_morph_kgc
def test_another_mapping(gg, tmp_path: Path) -> None:
    mapping = tmp_path / "people.yml"
    mapping.write_text(PEOPLE_ONLY, encoding="utf-8")
    sheets = three_bodies()
    workbook = write_xlsx(tmp_path / "w.xlsx", {k: sheets[k] for k in ("people", "sources")})
    done = gg("ingest", workbook, "--mapping", mapping)
    assert "ggd:an-peeters a foaf:Person ;" in done.stdout
    assert "gg:Seat" not in done.stdout


@requires_morph_kgc
def test_a_mapping_that_cannot_run(gg, tmp_path: Path, three_xlsx: Path) -> None:
    mapping = tmp_path / "bad.yml"
    mapping.write_text(PEOPLE_ONLY.replace("$(name)", "$(nickname)"), encoding="utf-8")
    done = gg("ingest", three_xlsx, "--mapping", mapping, "-o", tmp_path / "out.ttl", code=2)
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"governance-graph: error: {mapping}: the mapping could not be run: ")
    assert "nickname" in line
    assert not (tmp_path / "out.ttl").exists()
    done = gg("ingest", three_xlsx, "--mapping", tmp_path / "none.yml", code=2)
    assert (
        done.stderr == f"governance-graph: error: {tmp_path / 'none.yml'}: no such mapping file\n"
    )


def test_without_morph_kgc(tmp_path: Path, three_xlsx: Path, script_env: dict[str, str]) -> None:
    """One line, exit 2, nothing written (the console script run where morph-kgc cannot be
    imported)."""
    blocker = tmp_path / "blocked" / "morph_kgc"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    env = dict(script_env, PYTHONPATH=str(blocker.parent))
    from tests.helpers.processes import run_script

    done = run_script("ingest", three_xlsx, "-o", tmp_path / "out.ttl", env=env)
    assert done.returncode == 2
    assert done.stderr == (
        "governance-graph: error: ingest needs morph-kgc: pip install --no-deps "
        "morph-kgc==2.10.0 (and pip install 'governance-graph[ingest]')\n"
    )
    assert not (tmp_path / "out.ttl").exists()


@requires_morph_kgc
def test_the_benchmark_runs_tiny(tmp_path: Path) -> None:
    pytest.importorskip("psutil")
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "ingest_speed.py"), "--bodies", "3",
         "--seats", "4", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "workbook: 3 bodies x 4 seats, 31 rows" in done.stdout
    assert "| total |" in done.stdout and "peak RSS" in done.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("module", ["columns", "checks", "lookups", "run"])
def test_the_examples_in_the_modules(module: str) -> None:
    found = importlib.import_module(f"governance_graph.ingest.{module}")
    assert doctest.testmod(found, optionflags=doctest.ELLIPSIS).failed == 0


@requires_morph_kgc
def test_the_reference_engine_validates_the_same(gg, three_xlsx: Path, three_ttl: Path) -> None:
    done = gg("ingest", three_xlsx, "--engine", "rdflib")
    assert done.stdout == three_ttl.read_text(encoding="utf-8")
