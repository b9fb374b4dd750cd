"""docs/design.md's module table matches the tree under src/governance_graph/: every module and
package it names exists, and every module of the package and of ``engines/`` is named once."""

from __future__ import annotations

import re

import pytest

from tests.helpers.paths import REPO

SRC = REPO / "src" / "governance_graph"
DESIGN = REPO / "docs" / "design.md"


def _table_names() -> list[str]:
    if not DESIGN.is_file():
        pytest.skip("docs/design.md is not beside the tests (installed without the checkout)")
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("## Code layout", 1)[1].split("\n## ", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names += re.findall(r"`([^`]+)`", first_cell)
    return names


def _tree() -> set[str]:
    top = {p.name for p in SRC.glob("*.py") if p.name != "__init__.py"}
    top |= {f"{p.name}/" for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    engines = {f"engines/{p.name}" for p in (SRC / "engines").glob("*.py")}
    engines |= {
        f"engines/{p.name}/" for p in (SRC / "engines").iterdir() if (p / "__init__.py").exists()
    }
    return top | engines | {"sparql/prepare.py"}


def test_every_module_named_in_the_table_exists() -> None:
    names = _table_names()
    assert names
    missing = [n for n in names if not (SRC / n.rstrip("/")).exists()]
    assert missing == []


def test_every_module_is_named_once() -> None:
    names = _table_names()
    repeated = sorted({n for n in names if names.count(n) > 1})
    assert repeated == []
    unnamed = sorted(_tree() - set(names) - {"engines/"} - {"sparql/"})
    assert unnamed == []
