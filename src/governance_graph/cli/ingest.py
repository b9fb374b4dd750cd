"""The ``ingest`` command: a workbook in the template's form (or a folder of its CSV files)
into the graph's model, through the declared mapping, validated before anything is written
(:func:`governance_graph.ingest.ingest`). Loaded by name when run.

Every problem is one line on stderr naming the file, sheet, row and column, and the exit
status is 2; nothing is written then.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from governance_graph.engines import DEFAULT_ENGINE, engine_help
from governance_graph.options import data_option

from .shared import CONTEXT, PROG, emit

__all__ = ["ingest"]


class _Progress:
    """Progress on stderr while the command runs: a rich status line on a terminal (the
    stages and their sizes), nothing otherwise."""

    def __init__(self) -> None:
        self._status = None
        if sys.stderr.isatty():
            from rich.console import Console

            self._status = Console(stderr=True).status("")
            self._status.start()

    def __call__(self, stage: str, message: str) -> None:
        if self._status is not None:
            self._status.update(f"[bold]{stage}[/bold]: {message}")

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()


@click.command(context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path), metavar="FILE.xlsx|DIR")
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="A YARRRML or RML mapping to run instead of the bundled mappings/template.yml "
    "(it reads the same normalised tables).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="OUT.ttl",
    help="Write the Turtle to OUT.ttl (atomically, and only when it conforms); default stdout.",
)
@data_option
@click.option(
    "--engine", default=DEFAULT_ENGINE, show_default=True, metavar="NAME", help=engine_help()
)
def ingest(
    source: Path, mapping: Path | None, output: Path | None, data: tuple[Path, ...], engine: str
) -> None:
    """Turn a workbook of bodies, seats, chairs, people, memberships, funding and sources
    (the template of templates/, or what export --template wrote) into Turtle in the graph's
    model.

    Every cell is checked (whole numbers, dates, yes/no, coded values such as kinds and
    roles, names of bodies, regions and people, in the workbook or the graph); the rows are
    mapped with the declared mapping (morph-kgc); the result is validated with the graph's
    shapes beside the bundled data (or --data), and written only when it conforms. A problem
    is reported on the row and column it comes from; exit status 2.

    \b
    Examples:
      governance-graph export --template bodies.xlsx
      governance-graph ingest bodies.xlsx -o my-bodies.ttl
      governance-graph ingest my-csv-folder/ -o my-bodies.ttl
      governance-graph query chairs --data data/ --data my-bodies.ttl
    """
    from governance_graph.ingest import IngestError
    from governance_graph.ingest import ingest as run_ingest
    from governance_graph.ingest.checks import SHOWN

    progress = _Progress()
    try:
        result = run_ingest(
            source, mapping=mapping, data=list(data) or None, engine=engine, progress=progress
        )
    except IngestError as err:
        progress.stop()
        for line in err.lines[:SHOWN]:
            click.echo(f"{PROG}: error: {' '.join(line.split())}", err=True)
        if len(err.lines) > SHOWN:
            click.echo(f"{PROG}: error: and {len(err.lines) - SHOWN} more problems", err=True)
        sys.exit(2)
    finally:
        progress.stop()
    emit(result.turtle, output)
    read = ", ".join(f"{name} {n}" for name, n in result.rows.items() if n)
    target = f"written to {output}" if output else "written to stdout"
    click.echo(
        f"{source}: rows read: {read}; {result.triples} triples, conform; {target}", err=True
    )
