"""The ``synth`` and ``check`` commands: a synthetic graph of any size, and the whole pipeline
on a graph, timed (:func:`governance_graph.pipeline.run_check`). Loaded by name when run.

>>> from click.testing import CliRunner
>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as folder:
...     CliRunner().invoke(synth, ["--triples", "1k", "-o", os.path.join(folder, "g.nt")]).exit_code
0
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from governance_graph.options import (
    allow_warnings_option,
    data_option,
    engine_options,
    shapes_option,
)

from .shared import CONTEXT

__all__ = ["check", "synth"]


def _size(_ctx: click.Context, _param: click.Parameter, value: str) -> int:
    from governance_graph.synth import parse_size

    try:
        return parse_size(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


@click.command(context_settings=CONTEXT)
@click.option(
    "--triples",
    "-n",
    required=True,
    callback=_size,
    metavar="N",
    help="About how many triples (at least N): 1000, 10k, 1M, 10M.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same bytes.")
@click.option(
    "--violations",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="K",
    help="Inject K known SHACL violations; ground truth in FILE.violations.json.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="N-Triples file to write (also valid Turtle).",
)
def synth(triples: int, seed: int, violations: int, output: Path) -> None:
    """Write a deterministic synthetic governance graph in our model.

    Bodies of every kind with regions, chairs and chair rules, seats with counts, persons and
    memberships, funding links, events and source citations, shaped like data/. Use it with
    --data FILE on the other commands (the bundled ontology and shapes still apply).

    \b
    Examples:
      governance-graph synth --triples 1M -o synth-1M.nt
      governance-graph synth --triples 10k --seed 7 --violations 20 -o bad.nt
      governance-graph check --data synth-1M.nt --engine oxigraph
    """
    from governance_graph.synth import generate, write

    started = time.perf_counter()
    try:
        count, truth = write(output, triples, seed=seed, violations=violations)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    seconds = time.perf_counter() - started
    extra = f", {len(truth)} violations in {output}.violations.json" if violations else ""
    asked = ""
    if count > triples:  # say so when the smallest graph (one region) was more than asked for
        smallest = generate(1, seed=seed, violations=violations)[0].count("\n")
        asked = f" (the minimum; {triples} asked for)" if count == smallest else ""
    click.echo(f"{output}: {count} triples{asked} in {seconds:.1f} s{extra}", err=True)


class _Display:
    """Progress on stderr: a rich status line on a terminal, nothing otherwise (or --quiet)."""

    def __init__(self, quiet: bool) -> None:
        self.live = not quiet and sys.stderr.isatty()
        self._status = None
        if self.live:
            try:
                from rich.console import Console

                self._status = Console(stderr=True).status("")
                self._status.start()
            except ImportError:  # pragma: no cover - rich is optional
                self._status = None

    def update(self, stage: str, message: str) -> None:
        if self._status is not None:
            self._status.update(f"[bold]{stage}[/bold]: {message}")
        elif self.live:
            click.echo(f"{stage}: {message}", err=True)

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()


@click.command(context_settings=CONTEXT)
@data_option
@engine_options
@shapes_option
@allow_warnings_option
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
def check(
    data: tuple[Path, ...],
    engine: str,
    store_dir: Path | None,
    shapes: tuple[Path, ...],
    allow_warnings: bool,
    quiet: bool,
) -> None:
    """Run the whole pipeline: load, closure, SHACL, every stored query; time each stage.

    Exit status, as ``validate``: 0 the graph conforms (with --allow-warnings: or has only
    warnings and infos), 1 it does not (results listed), 2 it could not be read or is
    inconsistent.

    \b
    Examples:
      governance-graph check
      governance-graph check --data synth-1M.nt --engine oxigraph
      governance-graph check --data synth-10M.nt --engine oxigraph --store-dir /tmp/store
    """
    from governance_graph.pipeline import run_check

    display = _Display(quiet)
    try:
        outcome = run_check(
            list(data) or None,
            engine,
            store_dir=store_dir,
            shapes=list(shapes) or None,
            progress=display.update,
        )
    finally:
        display.stop()
    report = outcome.report
    if not report.conforms:
        click.echo(report.text())
    click.echo(
        f"engine {outcome.engine}: {outcome.asserted} asserted triples, "
        f"{outcome.closure} in the closure, "
        f"{sum(outcome.rows.values())} rows from {len(outcome.rows)} stored queries",
        err=True,
    )
    for stage, seconds in outcome.stages.items():
        beside = stage == "validate" and outcome.validated_beside_reasoning
        note = " (beside the closure)" if beside else ""
        click.echo(f"  {stage:<9} {seconds:8.2f} s{note}", err=True)
    slowest = outcome.slowest(3)
    if slowest:
        listed = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in slowest)
        click.echo(f"  slowest queries: {listed}", err=True)
    counts = report.counts()
    summary = (
        ", ".join(f"{n} {k.lower()}{'' if n == 1 else 's'}" for k, n in counts.items())
        or "no results"
    )
    verdict = "conforms" if report.conforms else "does not conform"
    click.echo(f"SHACL: {verdict} ({summary})", err=True)
    sys.exit(0 if report.passes(allow_warnings=allow_warnings) else 1)
