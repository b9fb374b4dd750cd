"""``release``: record a release of the graph (version, date, notes) in the checkout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .shared import CONTEXT, UsageProblem, echo

__all__ = ["release"]


def _moment(text: str | None) -> dt.datetime | None:
    """``--date``: an ISO 8601 date-time with a time zone, or a date (midnight UTC)."""
    if text is None:
        return None
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageProblem(
            f"--date {text!r}: expected a date (2026-12-05) or a date-time with a time zone "
            "(2026-12-05T10:00:00Z)"
        ) from None
    if moment.tzinfo is None:
        raise UsageProblem(f"--date {text!r}: give a time zone (Z for UTC, or +01:00)")
    return moment


@click.command(context_settings=CONTEXT)
@click.argument("version")
@click.option(
    "--date",
    "issued",
    metavar="WHEN",
    help="When it is issued: a date (midnight UTC) or a date-time with a time zone [default: now].",
)
@click.option("--note", "notes_en", default="", metavar="TEXT", help="What changed, in English.")
@click.option("--note-nl", "notes_nl", default="", metavar="TEXT", help="What changed, in Dutch.")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="The checkout holding ontology/, data/ and releases.ttl [default: the bundled one].",
)
def release(
    version: str, issued: str | None, notes_en: str, notes_nl: str, root: Path | None
) -> None:
    """Record release VERSION (MAJOR.MINOR.PATCH, greater than the last) of the graph.

    The graph must load, be consistent and conform to its shapes. The release is appended to
    releases.ttl and the ontology's owl:versionInfo/owl:versionIRI are set to it; `publish`
    then names it in the catalogue and stamps the event stream's new members with its date.

    \b
    Examples:
      governance-graph release 0.2.0 --note "Periods of memberships"
      governance-graph release 1.0.0 --date 2027-01-15 --note "..." --note-nl "..."
    """
    from governance_graph import paths
    from governance_graph.releases import check_checkout, parse_version, record

    moment = _moment(issued)
    parse_version(version)  # a malformed version fails before the graph is checked
    chosen = root if root is not None else paths.bundled_root()
    if root is None and chosen.name == "_bundled":
        raise UsageProblem("the installed package is not a checkout: give --root DIR")
    check_checkout(chosen)
    done = record(chosen, version, issued=moment, notes_en=notes_en, notes_nl=notes_nl)
    echo(f"release {done.version} recorded ({done.timestamp}) in {chosen / 'releases.ttl'}")
