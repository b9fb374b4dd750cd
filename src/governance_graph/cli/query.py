"""The ``queries`` and ``query`` commands: list the stored queries, run one.

Where a query runs (an endpoint, ``--with`` graphs beside ours, our graph alone) is chosen by
:func:`governance_graph.querying.run_query`; this module reads the options and writes the
answer. It imports nothing at load time beyond click, so a warm ``query`` pays only for the
engine it runs on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from governance_graph.options import data_option, engine_options

from .shared import CONTEXT, UsageProblem, echo

__all__ = ["queries", "query"]

TABLE_FORMATS = ("table", "csv", "tsv", "json", "md")
GRAPH_FORMATS = ("ttl", "jsonld", "nt")


@click.command(context_settings=CONTEXT)
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(path_type=Path),
    help="Folder of *.rq files to list instead of the bundled queries/.",
)
@click.option("--tag", help="Only queries with this tag.")
def queries(queries_dir: Path | None, tag: str | None) -> None:
    """List the stored queries: name, summary and parameters.

    \b
    Examples:
      governance-graph queries
      governance-graph queries --tag bodies
      governance-graph queries --queries my-queries/
    """
    from governance_graph.catalogue import Catalogue
    from governance_graph.querying import stored_queries

    catalogue = Catalogue.from_dir(queries_dir) if queries_dir else stored_queries()
    shown = [q for q in catalogue if tag is None or tag in q.tags]
    if not shown:
        click.echo("no stored queries" + (f" tagged '{tag}'" if tag else ""))
        return
    width = max(len(q.name) for q in shown)
    for q in shown:
        click.echo(f"{q.name.ljust(width)}  {q.summary}")
        for p in q.parameters:
            click.echo(f"{'':{width}}    --param {p.describe()}")


def _parse_params(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageProblem(f"--param {pair!r}: expected NAME=VALUE")
        if name.strip() in out:
            raise UsageProblem(f"--param {name.strip()!r} given twice")
        out[name.strip()] = value
    return out


@click.command(context_settings=CONTEXT)
@click.argument("name", required=False, metavar="NAME|FILE")
@click.option("-e", "--expression", metavar="SPARQL", help="Run this SPARQL text instead.")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter."
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(TABLE_FORMATS + GRAPH_FORMATS),
    help="Output format [default: table, or ttl for CONSTRUCT/DESCRIBE].",
)
@click.option(
    "--lang",
    default="en",
    show_default=True,
    help="en or nl: among rows differing only in their labels' language, keep this one "
    "(else untagged, else another); all: keep every row.",
)
@click.option("--no-reasoning", is_flag=True, help="Query the asserted triples only.")
@click.option("--endpoint", metavar="URL", help="Send the query to this SPARQL 1.1 endpoint.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for --endpoint.",
)
@click.option(
    "--width",
    type=click.IntRange(min=4),
    default=60,
    show_default=True,
    help="Widest table cell before it is cut with '…'.",
)
@click.option("--no-truncate", is_flag=True, help="Never cut table cells.")
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(path_type=Path),
    help="Folder of *.rq files to look NAME up in instead of the bundled queries/.",
)
@click.option(
    "--with",
    "with_graphs",
    multiple=True,
    metavar="FILE|URL",
    help="Load another graph beside ours, in its own named graph (ggg:with/<file-stem>, or "
    "the URL), for GRAPH <…> { … } in the query; repeatable.",
)
@click.option(
    "--service-endpoint",
    "service_endpoints",
    multiple=True,
    metavar="NAME=URL",
    help="Where a named SERVICE is (wikidata: default https://query.wikidata.org/sparql); "
    "repeatable.",
)
@click.option(
    "--service-allow",
    "service_allow",
    multiple=True,
    metavar="URL",
    help="An endpoint SERVICE may contact (repeatable); none by default, as serve --allow-service.",
)
@data_option
@engine_options
def query(
    name: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    lang: str,
    no_reasoning: bool,
    endpoint: str | None,
    timeout: float,
    width: int,
    no_truncate: bool,
    queries_dir: Path | None,
    with_graphs: tuple[str, ...],
    service_endpoints: tuple[str, ...],
    service_allow: tuple[str, ...],
    data: tuple[Path, ...],
    engine: str,
    store_dir: Path | None,
) -> None:
    """Run a stored query (by NAME), a .rq FILE, or SPARQL text (-e).

    Parameters (?_name, ?_name_iri, ?_name_integer, ?_name_date, ?_name_nl …) are given
    with --param and bound as RDF terms in a VALUES clause, never pasted into the text.
    IRI parameters accept full IRIs or ggd:local-name.

    \b
    Examples:
      governance-graph query chairs
      governance-graph query chairs --lang nl --format md
      governance-graph query members --param body_iri=ggd:vesoc
      governance-graph query my-query.rq --data my-data.ttl --format json
      governance-graph query -e 'SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Post> }'
      governance-graph query chairs --endpoint http://localhost:7878/query
      governance-graph query federated-province-population \\
          --service-allow https://query.wikidata.org/sparql
      governance-graph query -e 'SELECT * { GRAPH ?g { ?s ?p ?o } } LIMIT 5' --with oslo.ttl
    """
    from governance_graph.query_output import check_language, render
    from governance_graph.querying import QueryOptionsError, run_query

    chosen = check_language(lang)
    try:
        result = run_query(
            name,
            _parse_params(params),
            expression=expression,
            queries_dir=queries_dir,
            reasoning=not no_reasoning,
            endpoint=endpoint,
            timeout=timeout,
            with_graphs=with_graphs,
            service_endpoints=service_endpoints,
            service_allow=service_allow,
            data=data,
            engine=engine,
            store_dir=store_dir,
        )
    except QueryOptionsError as err:
        raise UsageProblem(str(err)) from None
    echo(render(result, fmt, lang=chosen, width=None if no_truncate else width))
