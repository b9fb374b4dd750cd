"""The ``diff`` command: what changed between two versions of a graph
(:func:`governance_graph.graph_diff.diff`). Loaded by name when run; rdflib only then.

>>> from click.testing import CliRunner
>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as folder:
...     path = os.path.join(folder, "g.nt")
...     _ = open(path, "w").write("<urn:a> <urn:b> <urn:c> .\\n")
...     CliRunner().invoke(diff, [path, path]).exit_code
0
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .shared import CONTEXT, emit

__all__ = ["diff"]

_FORMATS = ("text", "ttl", "nq", "json")


@click.command(context_settings=CONTEXT)
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default="text",
    show_default=True,
    help="text for people; json, ttl (ChangeSet vocabulary) or nq (two named graphs) for programs.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Write to FILE (atomically) instead of stdout.",
)
@click.option(
    "--repo",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="The git repository git:REV is read from (default: the one holding the working folder).",
)
def diff(old: str, new: str, fmt: str, output: Path | None, repo: Path | None) -> None:
    """Show what changed from the graph OLD to the graph NEW, resource by resource.

    OLD and NEW are each a data file or a dump (*.ttl, *.nt, *.nq, *.trig, *.jsonld, also
    gzipped), a folder (every such file below it; the top folder of a git checkout: its
    ontology/*.ttl and data/*.ttl), or git:REV (ontology/*.ttl and data/*.ttl at that revision,
    read from git without a checkout). Blank-node names and the order of statements make no
    difference. Resources are named by label; a triple about a blank node is told under the
    resource that refers to it.

    The ttl form dates its change sets now, or at $SOURCE_DATE_EPOCH when set.

    Exit status, as diff(1): 0 the graphs are equal, 1 they differ, 2 a side cannot be read.

    \b
    Examples:
      governance-graph diff git:v1.0 git:HEAD
      governance-graph diff git:HEAD .
      governance-graph diff old/graph.nt.gz site/dumps/governance-graph.nt.gz --format json
      governance-graph diff git:HEAD~1 git:HEAD --format ttl -o changes.ttl
    """
    from governance_graph.graph_diff import diff as compute

    change = compute(old, new, repo=repo)
    text = change.write(fmt)
    if output is not None or text:
        emit(text, output)
    sys.exit(0 if change.equal else 1)
