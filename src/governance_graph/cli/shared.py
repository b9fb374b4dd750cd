"""What the command modules share: click's context settings, the usage-error class, loading the
graph the options name, and writing text out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.api import KnowledgeGraph

__all__ = ["CONTEXT", "PROG", "UsageProblem", "echo", "emit", "load_graph"]

PROG = "governance-graph"
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UsageProblem(click.UsageError):
    """A command-line mistake click cannot see (e.g. ``--param`` without ``=``)."""


def load_graph(data: Sequence[Path], engine: str, store_dir: Path | None = None) -> KnowledgeGraph:
    """The graph of ``--data`` (the bundled one without), on ``--engine``."""
    from governance_graph.api import load

    return load(data=list(data) or None, engine=engine, store_dir=store_dir)


def echo(text: str) -> None:
    """``text`` on stdout, with one final newline."""
    click.echo(text, nl=not text.endswith("\n"))


def emit(text: str, output: Path | None) -> None:
    """Serialised RDF to stdout or (atomically) to ``output``."""
    if output is None:
        echo(text)
    else:
        from governance_graph.files import atomic_write

        atomic_write(output, text.encode("utf-8"))
