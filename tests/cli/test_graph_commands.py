"""End-to-end tests of the installed ``governance-graph`` console script on tiny fixtures: the
commands that read or write the whole graph (validate, export, describe, stats, check)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from tests.helpers.paths import FIXTURES
from tests.helpers.processes import console_script, error_line

CLI_FIXTURES = FIXTURES / "cli"
TINY = CLI_FIXTURES / "tiny.ttl"
SHAPES = CLI_FIXTURES / "shapes.ttl"
GGD = "https://w3id.org/governance-graph/id/"


# --------------------------------------------------------------------------- validate


def test_validate_conforms(gg) -> None:
    assert gg("validate", TINY, "--shapes", SHAPES).stdout.strip() == "Conforms."


def test_validate_does_not_conform(gg) -> None:
    out = gg("validate", CLI_FIXTURES / "nonconforming.ttl", "--shapes", SHAPES, code=1).stdout
    assert out.startswith("Does not conform: 2 violations")
    assert "ggd:orphan-chair" in out and "a chair must chair a body" in out
    report = gg(
        "validate", CLI_FIXTURES / "nonconforming.ttl", "--shapes", SHAPES, "-f", "ttl", code=1
    ).stdout
    assert "sh:ValidationReport" in Graph().parse(data=report, format="turtle").serialize(
        format="turtle"
    )


def test_validate_unreadable(gg, tmp_path: Path) -> None:
    assert "broken.ttl:3:" in error_line(
        gg("validate", CLI_FIXTURES / "broken.ttl", "--shapes", SHAPES, code=2)
    )
    assert "no shapes file" in error_line(
        gg("validate", TINY, "--shapes", tmp_path / "none.ttl", code=2)
    )


# --------------------------------------------------------------------------- export


def test_export_turtle_to_stdout(gg) -> None:
    graph = Graph().parse(data=gg("export", "--data", TINY).stdout, format="turtle")
    assert (URIRef(GGD + "test-council"), None, None) in graph


def test_export_nquads_keeps_named_graphs(gg) -> None:
    ds = Dataset()
    ds.parse(data=gg("export", "--data", TINY, "-f", "nq").stdout, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/governance-graph/graph/data/tiny" in names
    assert "https://w3id.org/governance-graph/graph/ontology/governance" in names
    assert "https://w3id.org/governance-graph/graph/inferred" not in names


def test_export_inferred_trig_to_file_atomically(gg, tmp_path: Path) -> None:
    target = tmp_path / "closure.trig"
    target.write_text("old content")
    assert gg("export", "--data", TINY, "--inferred", "-f", "trig", "-o", target).stdout == ""
    ds = Dataset()
    ds.parse(target, format="trig")
    inferred = ds.graph(URIRef("https://w3id.org/governance-graph/graph/inferred"))
    assert (
        URIRef(GGD + "test-council"),
        None,
        URIRef("https://w3id.org/governance-graph/ontology#ConsultationBody"),
    ) in inferred
    assert sorted(p.name for p in tmp_path.iterdir()) == ["closure.trig"]  # no temp file left


@pytest.mark.parametrize(("fmt", "parser"), [("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_export_other_formats(gg, tmp_path: Path, fmt: str, parser: str) -> None:
    target = tmp_path / f"out.{fmt}"
    gg("export", "--data", TINY, "-f", fmt, "-o", target)
    assert len(Graph().parse(target, format=parser)) > 800


def test_export_to_missing_folder(gg, tmp_path: Path) -> None:
    message = error_line(gg("export", "--data", TINY, "-o", tmp_path / "no" / "x.ttl", code=2))
    assert "does not exist" in message


# --------------------------------------------------------------------------- describe


def test_describe_by_curie(gg) -> None:
    out = gg("describe", "ggd:test-council", "--data", TINY).stdout
    assert out.splitlines()[0] == "ggd:test-council (Test council)"
    assert '  skos:notation  "TC"' in out
    assert "  ggd:test-council-chair (chair of the test council)  gg:chairOf" in out
    assert '  ggd:doc-test-composition: "Composition" in "Test document"' in out


def test_describe_by_label_any_case(gg) -> None:
    out = gg("describe", "testraad", "--data", TINY, "--lang", "nl").stdout
    assert out.splitlines()[0] == "ggd:test-council (Testraad)"


def test_describe_ambiguous_label_lists_on_stderr_and_exits_2(gg) -> None:
    proc = gg("describe", "Council", "--data", TINY, code=2)
    assert proc.stdout == ""
    assert error_line(proc) == (
        "'Council' names 2 resources: ggd:test-committee (Council), ggd:test-council (Council); "
        "give one of their IRIs"
    )


def test_describe_unknown(gg) -> None:
    assert (
        error_line(gg("describe", "ggd:nothing-here", "--data", TINY, code=2))
        == "nothing is known about ggd:nothing-here"
    )
    assert "no resource has the label" in error_line(
        gg("describe", "no such thing", "--data", TINY, code=2)
    )


# --------------------------------------------------------------------------- stats


def test_stats(gg) -> None:
    out = gg("stats", "--data", TINY).stdout
    assert "triples asserted: " in out
    assert "ggg:data/tiny: 27" in out
    inferred = int(out.split("triples inferred: ")[1].split()[0])
    assert inferred > 0
    assert 'ggd:doc-test "Test document": 1 section, 4 citing resources' in out
    quick = gg("stats", "--data", TINY, "--no-reasoning").stdout
    assert "not computed" in quick


# --------------------------------------------------------------------------- export --profile


def test_export_profile_schema_org(gg, tmp_path: Path) -> None:
    target = tmp_path / "schema.ttl"
    gg("export", "--profile", "schema-org", "-o", target)
    graph = Graph().parse(target, format="turtle")
    grant = URIRef("http://schema.org/MonetaryGrant")
    funder = URIRef("http://schema.org/funder")
    grants = graph.subjects(predicate=None, object=grant)
    funders = {str(o) for s in grants for o in graph.objects(s, funder)}
    # the profile says who funds the ERSVs: the Flemish Government, provincial and local authorities
    assert len(funders) == 3


def test_export_profile_unknown_names_the_valid_ones(gg) -> None:
    line = error_line(gg("export", "--profile", "dcat", code=2))
    assert "dcat" in line and "oslo" in line and "cpov" in line and "schema-org" in line


def test_export_profile_refuses_dataset_formats(gg) -> None:
    proc = gg("export", "--profile", "oslo", "--format", "trig", code=2)
    assert "trig" in proc.stderr


def test_query_does_not_import_the_server_or_site(script_env: dict[str, str]) -> None:
    code = (
        "import sys\n"
        "from governance_graph.cli import main\n"
        "try:\n    main(['queries'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.startswith(('governance_graph.server', "
        "'governance_graph.site', 'starlette', 'uvicorn', 'jinja2'))]\n"
        "print(heavy)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=script_env
    )
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


# --------------------------------------------------------------------------- check

STAGE_LINE = r"^  (load|reason|validate|queries|total) +\d+\.\d\d s( \(beside the closure\))?$"


def _stages(stderr: str) -> list[str]:
    import re

    return [m.group(1) for m in re.finditer(STAGE_LINE, stderr, re.MULTILINE)]


def test_check_the_bundled_graph_on_both_engines(gg) -> None:
    """Exit 0, a timing per stage, and the same closure-independent figures on both engines:
    the asserted triples and the rows of all the stored queries."""
    import re

    summaries = {}
    for engine in ("oxigraph", "rdflib"):
        proc = gg("check", "--engine", engine)
        assert proc.stdout == ""  # conforms: nothing to list
        assert _stages(proc.stderr) == ["load", "reason", "validate", "queries", "total"]
        # the fast engine validates the asserted graph while it computes the closure
        beside = re.search(r"^  validate .* s \(beside the closure\)$", proc.stderr, re.MULTILINE)
        assert (beside is not None) == (engine == "oxigraph")
        assert "SHACL: conforms (no results)" in proc.stderr
        assert re.search(r"^  slowest queries: [a-z-]+ \d+\.\d\d s, ", proc.stderr, re.MULTILINE)
        line = next(x for x in proc.stderr.splitlines() if x.startswith(f"engine {engine}: "))
        asserted, rows, queries = re.search(
            r": (\d+) asserted triples, \d+ in the closure, (\d+) rows from (\d+) stored", line
        ).groups()
        summaries[engine] = (int(asserted), int(rows), int(queries))
    assert summaries["oxigraph"] == summaries["rdflib"]
    from governance_graph.catalogue import Catalogue

    assert summaries["oxigraph"][2] == len(list(Catalogue.bundled()))  # every stored query ran


def test_check_lists_the_violations_and_exits_1(gg, tmp_path: Path) -> None:
    graph = tmp_path / "bad.nt"
    gg("synth", "--triples", "2k", "--violations", "6", "-o", graph)
    truth = json.loads(Path(f"{graph}.violations.json").read_text())
    proc = gg("check", "--data", graph, "--engine", "oxigraph", code=1)
    assert proc.stdout.startswith(f"Does not conform: {len(truth)} violations")
    for violation in truth:
        local = violation["focus_node"].removeprefix(GGD)
        assert f"ggd:{local}" in proc.stdout
    assert f"SHACL: does not conform ({len(truth)} violations)" in proc.stderr


def test_check_exits_as_validate_on_warnings(gg, tmp_path: Path) -> None:
    """Warnings only: the graph does not conform (SHACL), exit 1; --allow-warnings: exit 0."""
    graph = tmp_path / "g.nt"
    gg("synth", "--triples", "1k", "-o", graph)
    shapes = tmp_path / "warn.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "<urn:x:NoSuchThing> a sh:NodeShape ; sh:targetClass org:Organization ; "
        "sh:property [ sh:path <urn:x:nowhere> ; sh:minCount 1 ; sh:severity sh:Warning ] .\n"
    )
    args = ("check", "--data", graph, "--shapes", shapes, "--engine", "oxigraph", "--quiet")
    strict = gg(*args, code=1)
    assert "SHACL: does not conform (" in strict.stderr and " warning" in strict.stderr
    allowed = gg(*args, "--allow-warnings")
    assert allowed.stdout == strict.stdout


def test_check_of_a_missing_file_is_one_line_and_exit_2(gg, tmp_path: Path) -> None:
    proc = gg("check", "--data", tmp_path / "nope.ttl", code=2)
    assert "nope.ttl" in error_line(proc) and "no such file" in error_line(proc)
    assert proc.stdout == ""


def test_check_shows_progress_on_a_terminal_only(gg, tmp_path: Path) -> None:
    if shutil.which("script") is None:
        pytest.skip("util-linux 'script' (a pseudo-terminal) is not installed")
    graph = tmp_path / "g.nt"
    gg("synth", "--triples", "1k", "-o", graph)
    command = f"{console_script()} check --data {graph} --engine oxigraph"
    env = {**os.environ, "TERM": "xterm"}
    shown = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert shown.returncode == 0, shown.stdout
    assert "validate" in shown.stdout and "\x1b[" in shown.stdout  # rich's live display
    quiet = subprocess.run(
        ["script", "-qec", f"{command} --quiet", "/dev/null"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert quiet.returncode == 0 and "\x1b[" not in quiet.stdout
    piped = gg("check", "--data", graph, "--engine", "oxigraph")  # not a terminal: no display
    assert "\x1b[" not in piped.stderr
