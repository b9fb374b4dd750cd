"""The build is atomic and refuses to replace foreign folders; the click command works."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance_graph.site.build import MARKER, PublishError, PublishOptions, publish
from governance_graph.site.commands import publish as publish_command
from tests.helpers.paths import FIXTURES

CORE_DATA = FIXTURES / "core" / "data"


@pytest.fixture
def tiny_kg():
    import governance_graph as gg

    return gg.load(data=[CORE_DATA])


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_failed_build_leaves_previous_site(tmp_path, tiny_kg, monkeypatch):
    out = tmp_path / "site"
    publish(tiny_kg, out, PublishOptions(diagrams=False))
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    assert (out / MARKER).is_file() and (out / "index.html").is_file()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("governance_graph.site.dumps.write_dumps", broken)
    with pytest.raises(RuntimeError):
        publish(tiny_kg, out, PublishOptions(diagrams=False))
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left


def test_a_build_asked_to_stop_writes_nothing(tmp_path, tiny_kg):
    asked = []

    def stop_midway() -> bool:  # as serve asks when it stops while publishing
        asked.append(True)
        return len(asked) > 5

    with pytest.raises(PublishError, match="stopped"):
        publish(tiny_kg, tmp_path / "site", PublishOptions(diagrams=False, should_stop=stop_midway))
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_replace_a_foreign_folder(tmp_path, tiny_kg):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("do not delete")
    with pytest.raises(PublishError):
        publish(tiny_kg, out, PublishOptions(diagrams=False))
    assert (out / "thesis.txt").read_text() == "do not delete"


def test_republish_replaces_the_site(tmp_path, tiny_kg):
    out = tmp_path / "site"
    publish(tiny_kg, out, PublishOptions(diagrams=False))
    # A new site folder opens like any new folder (a web server's user must enter it).
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~_umask()
    (out / "stale.html").write_text("old")
    out.chmod(0o750)
    publish(tiny_kg, out, PublishOptions(diagrams=False, base_url="https://example.org/gg"))
    assert stat.S_IMODE(out.stat().st_mode) == 0o750  # the replaced site's own permissions
    assert not (out / "stale.html").exists()
    assert "RewriteBase /gg/" in (out / ".htaccess").read_text()
    assert "https://example.org/gg/dumps/governance-graph.ttl" in (out / "catalog.ttl").read_text()


def test_command_with_click_runner(tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(
        publish_command,
        [
            str(out),
            "--data",
            str(CORE_DATA),
            "--no-diagrams",
            "--base-url",
            "https://example.org/x/",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "published" in result.output
    assert (out / "index.html").is_file() and (out / "catalog.ttl").is_file()


def test_command_reports_user_errors(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.txt").write_text("x")
    result = CliRunner().invoke(
        publish_command, [str(tmp_path / "site"), "--data", str(CORE_DATA), "--no-diagrams"]
    )
    assert result.exit_code == 2
    assert "refusing to replace" in result.output


def test_command_end_to_end_in_a_fresh_interpreter(tmp_path):
    out = tmp_path / "site"
    code = "import sys; from governance_graph.site.commands import publish; publish(sys.argv[1:])"
    run = subprocess.run(
        [sys.executable, "-c", code, str(out), "--data", str(CORE_DATA), "--no-diagrams"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert (out / "index.nl.html").is_file()


def test_importing_the_site_package_has_no_side_effects():
    code = (
        "import sys; import governance_graph.site as s; "
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('rdflib', 'jinja2', 'graphviz')]; "
        "print(heavy); assert not heavy, heavy; assert callable(s.describe); "
        "assert callable(s.render_resource_page)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_render_resource_page_api(kg):
    from governance_graph.site import describe, render_resource_page

    html = render_resource_page(kg, "https://w3id.org/governance-graph/id/vesoc", "nl")
    assert '<html lang="nl">' in html and "<h1>VESOC</h1>" in html
    import governance_graph.site as site

    assert callable(site.describe)  # not shadowed by a submodule
    assert len(describe(kg, "https://w3id.org/governance-graph/id/vesoc")) > 10
    onto = render_resource_page(kg, "https://w3id.org/governance-graph/ontology", "en")
    assert 'id="Chair"' in onto
    with pytest.raises(LookupError):
        render_resource_page(kg, "https://w3id.org/governance-graph/id/nothing", "en")
    with pytest.raises(LookupError):
        render_resource_page(kg, "https://w3id.org/governance-graph/id/vesoc", "fr")


def test_both_engines_publish_the_same_site(tmp_path):
    """Every published file (the pages of every resource in HTML, Turtle, JSON-LD and
    N-Triples, the dumps of the asserted graph and the closure, their checksums, the catalogue)
    is byte-identical whichever engine computed the closure, each build in a process of its own
    string hash seed."""
    import os

    files = {}
    for engine, seed in (("rdflib", "1"), ("oxigraph", "2")):
        out = tmp_path / engine
        args = ["publish", str(out), "--data", str(CORE_DATA), "--no-diagrams", "--engine", engine]
        proc = subprocess.run(
            [sys.executable, "-m", "governance_graph.cli", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        files[engine] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert len([p for p in files["rdflib"] if p.parts[0] == "id"]) > 20
    assert (Path("dumps") / "governance-graph.trig") in files["rdflib"]
    assert files["rdflib"].keys() == files["oxigraph"].keys()
    differing = [str(k) for k in files["rdflib"] if files["rdflib"][k] != files["oxigraph"][k]]
    assert differing == []


def test_command_refuses_an_unknown_engine(tmp_path):
    result = CliRunner().invoke(
        publish_command, [str(tmp_path / "site"), "--engine", "jena", "--no-diagrams"]
    )
    assert result.exit_code == 2
    assert "unknown engine 'jena'" in result.output
    assert not (tmp_path / "site").exists()


def _graphviz(monkeypatch, *, package: bool, program: bool) -> None:
    """Make the ``graphviz`` Python package and the ``dot`` program present or absent."""
    import shutil
    import types

    monkeypatch.setitem(sys.modules, "graphviz", types.ModuleType("graphviz") if package else None)
    which = shutil.which

    def fake_which(name, *args, **kwargs):
        if name == "dot":
            return "/usr/bin/dot" if program else None
        return which(name, *args, **kwargs)

    monkeypatch.setattr(shutil, "which", fake_which)


PACKAGE_MISSING = (
    "the 'graphviz' Python package is not installed: diagrams skipped; "
    "install it with `pip install graphviz`"
)
DOT_MISSING = (
    "Graphviz's `dot` program is not on PATH: diagrams skipped; "
    "install it with `apt install graphviz` (https://graphviz.org/download/)"
)


@pytest.mark.parametrize(
    ("package", "program", "says"),
    [(False, True, PACKAGE_MISSING), (True, False, DOT_MISSING)],
    ids=["python-package-missing", "dot-missing"],
)
def test_publish_says_once_what_graphviz_lacks(tmp_path, monkeypatch, package, program, says):
    _graphviz(monkeypatch, package=package, program=program)
    out = tmp_path / "site"
    result = CliRunner().invoke(publish_command, [str(out), "--data", str(CORE_DATA)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {says}"]
    assert (out / "index.html").is_file() and not (out / "diagrams").exists()


def test_graphviz_missing_names_each_missing_part(monkeypatch):
    from governance_graph.site.diagrams import available, missing

    _graphviz(monkeypatch, package=True, program=True)
    assert missing() is None and available()
    _graphviz(monkeypatch, package=False, program=True)
    assert missing() == PACKAGE_MISSING and not available()
    _graphviz(monkeypatch, package=True, program=False)
    assert missing() == DOT_MISSING
    _graphviz(monkeypatch, package=False, program=False)
    both = missing()
    assert both is not None and "`pip install graphviz`" in both
    assert "`dot` program is not on PATH" in both and "`apt install graphviz`" in both
