"""The old import paths still work for one release: each warns (DeprecationWarning naming the
new home) and hands out the very objects of the new modules; the package and its commands
import none of them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

ALIASES = {
    "governance_graph.engine": "governance_graph.engines",
    "governance_graph.oxigraph_engine": "governance_graph.engines.oxigraph",
    "governance_graph.rules": "governance_graph.engines.oxigraph_rules",
    "governance_graph.datatype_axioms": "governance_graph.engines.oxigraph_datatypes",
    "governance_graph.reasoning": "governance_graph.engines.rdflib_reasoning",
    "governance_graph.validation": "governance_graph.engines.rdflib_shacl",
    "governance_graph.shacl": "governance_graph.engines.oxigraph_shacl",
}


@pytest.mark.parametrize("old", sorted(ALIASES))
def test_an_old_path_warns_and_names_the_new_one(old, monkeypatch):
    monkeypatch.delitem(sys.modules, old, raising=False)
    with pytest.warns(DeprecationWarning, match=rf"{old} is deprecated.*{ALIASES[old]}"):
        module = importlib.import_module(old)
    assert module.__all__
    for name in module.__all__:
        value = getattr(module, name)
        if callable(value):  # an alias defines nothing itself: every function/class lives elsewhere
            assert value.__module__ not in ALIASES, (name, value.__module__)


def test_the_package_and_the_cli_import_no_old_path():
    code = (
        "import sys, governance_graph, governance_graph.cli, governance_graph.server.app, "
        "governance_graph.site\n"
        f"old = sorted(m for m in {sorted(ALIASES)!r} if m in sys.modules)\n"
        "assert not old, old"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning:governance_graph", "-c", code],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
