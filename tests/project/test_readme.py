"""The README says what the tool has: every command in its table, every optional system program
the tests use with its Debian package, and every kind of body the graph holds."""

from __future__ import annotations

import re

import click
import pytest

from tests.helpers.paths import REPO
from tests.helpers.programs import PROGRAMS

README = REPO / "README.md"


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_every_command_is_in_the_command_table(readme: str) -> None:
    from governance_graph.cli import cli

    commands = cli.list_commands(click.Context(cli))
    assert "import" in commands and "serve" in commands
    rows = set(re.findall(r"^\| `([a-z-]+)[ `]", readme, flags=re.MULTILINE))
    assert sorted(set(commands) - rows) == []


def test_every_system_program_is_listed_with_its_package(readme: str) -> None:
    for program in PROGRAMS.values():
        assert f"| `{program.name}` | `{program.debian}` |" in readme, program.name


def test_the_bodies_are_named(readme: str) -> None:
    opening = readme.split("## Install")[0]
    for body in ("VESOC", "RESOC", "SERR", "ERSV"):
        assert body in opening, body
