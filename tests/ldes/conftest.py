"""Fixtures of the event stream tests: the bundled graph at two releases, each recorded with the
``release`` command in a copy of the checkout.

Release A (0.3.0) is the bundled data plus two resources of its own: ``ggd:ldes-test-note``
and ``ggd:ldes-test-kept``, whose statements reach nested blank nodes. Release B (0.4.0) drops
the note and adds a comment to two others (``ggd:vesoc``, ``ggd:serv``): so B changes two
resources and removes one, and keeps the one with blank nodes as it was. The changes live in
one extra data file, so that they do not depend on what the bundled files say.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from governance_graph.namespaces import GGD
from tests.helpers.paths import REPO
from tests.helpers.processes import run_script

BASE = "http://example.test/gg/"
EXTRA = "zz-ldes-test.ttl"
PREFIXES = (
    "@prefix ggd: <https://w3id.org/governance-graph/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
)
KEPT = (
    'ggd:ldes-test-kept rdfs:seeAlso [ rdfs:label "a blank node"@en ;\n'
    '    rdfs:seeAlso [ rdfs:label "a blank node in it"@en ] ] .\n'
)
EXTRA_A = (
    PREFIXES + KEPT + 'ggd:ldes-test-note rdfs:label "a resource only release 0.3.0 has"@en .\n'
)
EXTRA_B = (
    PREFIXES
    + KEPT
    + 'ggd:vesoc rdfs:comment "commented in release 0.4.0"@en .\n'
    + 'ggd:serv rdfs:comment "commented in release 0.4.0"@en .\n'
)
CHANGED = {GGD.vesoc, GGD.serv}
GONE = GGD["ldes-test-note"]
WITH_BLANK_NODES = GGD["ldes-test-kept"]


@dataclass(frozen=True)
class Checkout:
    """A copy of the checkout at one release: its folder, its data and its release."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def release(self):
        from governance_graph.releases import current_release

        found = current_release(self.root)
        assert found is not None
        return found

    @property
    def releases(self) -> tuple:
        from governance_graph.releases import read_releases

        return tuple(read_releases(self.root))

    def load(self):
        """The graph of this checkout (its data, the bundled ontology), as ``publish`` loads
        it with ``--data``."""
        import governance_graph as gg

        return gg.load(data=[self.data], engine="rdflib")

    def site_graph(self):
        from governance_graph.site.context import SiteGraph

        return SiteGraph(self.load())


def _release(root: Path, version: str, date: str, env: dict[str, str]) -> None:
    proc = run_script("release", version, "--root", root, "--date", date, env=env)
    assert proc.returncode == 0, proc.stderr


def _copy(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("ontology", "data"):
        shutil.copytree(source / name, target / name)
    shutil.copy(source / "releases.ttl", target / "releases.ttl")
    return target


@pytest.fixture(scope="session")
def checkouts(
    tmp_path_factory: pytest.TempPathFactory, script_env: dict[str, str]
) -> dict[str, Checkout]:
    """``a``: release 0.3.0 recorded (2026-12-06); ``b``: then release 0.4.0 (2026-12-20)."""
    folder = tmp_path_factory.mktemp("checkouts")
    a = _copy(REPO, folder / "a")
    (a / "data" / EXTRA).write_text(EXTRA_A, encoding="utf-8")
    _release(a, "0.3.0", "2026-12-06", script_env)
    b = _copy(a, folder / "b")
    (b / "data" / EXTRA).write_text(EXTRA_B, encoding="utf-8")
    _release(b, "0.4.0", "2026-12-20", script_env)
    return {"a": Checkout(a), "b": Checkout(b)}


@pytest.fixture(scope="session")
def graphs(checkouts: dict[str, Checkout]) -> dict:
    """The site graph of each checkout (loaded once)."""
    return {name: checkout.site_graph() for name, checkout in checkouts.items()}


@pytest.fixture
def gg(script_env: dict[str, str]):
    """``gg(*args)``: the installed command run to completion (exit status not checked)."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return run_script(*args, env=script_env)

    return run
