"""The ``publish`` click command; ``governance_graph.cli`` loads it lazily by name."""

from __future__ import annotations

from pathlib import Path

import click

from governance_graph.options import data_option, engine_options

__all__ = ["publish"]


@click.command("publish")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--base-url",
    default="https://w3id.org/governance-graph/",
    show_default=True,
    help="Where the site will be served (download URLs in DCAT/VoID, rewrite rules).",
)
@click.option(
    "--include-personal-contacts",
    is_flag=True,
    help="Keep persons' e-mail addresses (left out by default; role mailboxes always stay).",
)
@click.option(
    "--sparql-endpoint",
    default=None,
    metavar="URL",
    help="SPARQL endpoint for the queries page and VoID [default: <base-url>sparql].",
)
@click.option("--no-diagrams", is_flag=True, help="Skip the Graphviz diagrams.")
@click.option(
    "--releases",
    "releases_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="The checkout whose releases.ttl names the release published (the one --data comes "
    "from) [default: the bundled one].",
)
@click.option(
    "--previous",
    metavar="DIR|URL",
    help="The event stream to continue: a published site's folder, its ldes.ttl, or its URL "
    "[default: the stream of the site in OUT_DIR, if any].",
)
@click.option(
    "--stream-page-size",
    type=click.IntRange(min=1),
    default=250,
    show_default=True,
    metavar="N",
    help="Most members on a new page of the event stream.",
)
@data_option
@engine_options
def publish(
    out_dir: Path,
    base_url: str,
    include_personal_contacts: bool,
    sparql_endpoint: str | None,
    no_diagrams: bool,
    releases_dir: Path | None,
    previous: str | None,
    stream_page_size: int,
    data: tuple[Path, ...],
    engine: str,
    store_dir: Path | None,
) -> None:
    """Publish the graph as a static linked-data site in OUT_DIR (replaced atomically).

    One page per resource (HTML in English and Dutch, Turtle, JSON-LD, N-Triples), dumps with
    checksums, a DCAT-AP catalogue and VoID, ontology docs, diagrams, a search index with a
    search box on every page, the stored queries' results (a table, CSV and JSON), and rewrite
    rules for Apache and nginx. Persons' e-mail addresses are left out unless asked for.

    The event stream (ldes.ttl, ldes/) gets the current release's changes since the stream
    the site had (or --previous): new pages, earlier pages unchanged. A release published
    again must have the same graph; without a release recorded, no stream is written.

    \b
    Examples:
      governance-graph publish site/
      governance-graph publish site/ --base-url https://data.example.org/governance/
      governance-graph publish site/ --include-personal-contacts --no-diagrams
      governance-graph publish site/ --data ../gg/data --releases ../gg
      governance-graph publish site/ --previous https://data.example.org/governance/
    """
    import governance_graph as gg
    from governance_graph import paths
    from governance_graph.errors import GovernanceGraphError
    from governance_graph.releases import FILE_NAME, ReleaseError, read_releases

    from .build import PublishOptions
    from .build import publish as build

    try:
        if releases_dir is not None and not (releases_dir / FILE_NAME).is_file():
            raise ReleaseError(f"--releases {releases_dir}: no {FILE_NAME} there")
        releases = tuple(read_releases(releases_dir or paths.bundled_root()))
        kg = gg.load(data=list(data) or None, engine=engine, store_dir=store_dir)
        report = build(
            kg,
            out_dir,
            PublishOptions(
                base_url=base_url,
                include_personal_contacts=include_personal_contacts,
                sparql_endpoint=sparql_endpoint,
                diagrams=not no_diagrams,
                releases=releases,
                previous_stream=previous,
                stream_page_size=stream_page_size,
            ),
        )
    except GovernanceGraphError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(2) from err
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(report.text().splitlines()[0])
    if report.stream is not None:
        click.echo(report.stream.text())
