"""The ``governance-graph`` command: a thin click layer over the Python API.

One module per job, each command reading its options, calling the library and printing:
:mod:`.query` (``queries``, ``query``), :mod:`.graph` (``validate``, ``export``, ``import``,
``describe``, ``stats``), :mod:`.scale` (``synth``, ``check``), :mod:`.diff` (``diff``); ``publish``
(:mod:`governance_graph.site.commands`), ``serve`` and ``push``
(:mod:`governance_graph.server.commands`). Imports happen inside the commands, and the heavier
commands' modules only when they run, so ``query`` on a warm closure cache loads neither owlrl
nor pyshacl, nor the server or the site builder.

Error boundary (:func:`main`): every :class:`~governance_graph.errors.GovernanceGraphError`,
and any exception a parser lets out (``IndexError``, ``ValueError``, ``AssertionError``,
``RecursionError``, ``re.error``, …), becomes one line ``governance-graph: error: …`` on
stderr and exit status 2, never a traceback. ``GOVERNANCE_GRAPH_DEBUG=1`` re-raises instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import ClassVar, NoReturn

import click

from .graph import describe, export, import_, stats, validate
from .query import queries, query
from .shared import CONTEXT, PROG

__all__ = ["cli", "main"]


# --------------------------------------------------------------------------- group


class LazyGroup(click.Group):
    """A group whose heavier commands live in their own modules and are imported only when run
    (or listed by ``--help``), so that ``query`` never pays for the server or the site builder."""

    LAZY: ClassVar[dict[str, str]] = {
        "publish": "governance_graph.site.commands:publish",
        "serve": "governance_graph.server.commands:serve",
        "push": "governance_graph.server.commands:push",
        "release": "governance_graph.cli.release:release",
        "synth": "governance_graph.cli.scale:synth",
        "check": "governance_graph.cli.scale:check",
        "diff": "governance_graph.cli.diff:diff",
        "ingest": "governance_graph.cli.ingest:ingest",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            import importlib

            module, attr = self.LAZY[name].split(":")
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(package_name="governance-graph", prog_name=PROG)
def cli() -> None:
    """Reason over, validate and query the governance knowledge graph.

    \b
    Examples:
      governance-graph queries
      governance-graph query chairs --lang nl
      governance-graph query members --param body_iri=ggd:vesoc --format csv
      governance-graph describe ggd:vesoc
      governance-graph validate
      governance-graph export --inferred --format nq -o graph.nq
      governance-graph export --profile cpov -o cpov.ttl
      governance-graph import --profile oslo oslo.ttl -o ours.ttl
      governance-graph publish site/ --base-url https://example.org/governance/
      governance-graph serve --port 8000
      governance-graph diff git:v1.0 git:HEAD
    """


for _command in (queries, query, validate, export, import_, describe, stats):
    cli.add_command(_command)


# --------------------------------------------------------------------------- entry point


def _fail(message: str) -> NoReturn:
    line = " ".join(str(message).split()) or "unknown error"
    click.echo(f"{PROG}: error: {line}", err=True)
    sys.exit(2)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point with the one-line error boundary."""
    import re

    debug = os.environ.get("GOVERNANCE_GRAPH_DEBUG", "") not in ("", "0")
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None, prog_name=PROG, standalone_mode=False
        )
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:  # usage errors: click's message, exit 2
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(f"{PROG}: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo(f"{PROG}: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # output piped into head & co.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as exc:
        if debug:
            raise
        from governance_graph.errors import GovernanceGraphError

        if isinstance(exc, GovernanceGraphError):
            _fail(str(exc))
        if isinstance(
            exc,
            (
                IndexError,
                ValueError,
                AssertionError,
                RecursionError,
                re.error,
                SyntaxError,
                UnicodeError,
                OSError,
                LookupError,
            ),
        ):
            _fail(f"{type(exc).__name__}: {exc}")
        _fail(
            f"unexpected {type(exc).__name__}: {exc} (set GOVERNANCE_GRAPH_DEBUG=1 for a traceback)"
        )
    sys.exit(code if isinstance(code, int) else 0)
