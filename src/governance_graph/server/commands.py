"""The ``serve`` and ``push`` commands, as standalone click commands.

Register them on the CLI group with ``main.add_command(serve)`` and ``main.add_command(push)``;
they also run on their own (``serve.main(args)``). Each user error is one line on stderr and
exit status 2, like every other command.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from governance_graph.engines import DEFAULT_ENGINE, engine_help, engine_names
from governance_graph.errors import GovernanceGraphError
from governance_graph.server.limits import DEFAULT_MAX_BODY, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

__all__ = ["push", "serve"]


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(2)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--engine",
    type=click.Choice(engine_names()),
    default=DEFAULT_ENGINE,
    show_default=True,
    help=f"{engine_help()} In memory; it computes the closure and answers the queries.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Query worker processes [default: 2-4 by CPU count].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.01),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds a query may run before its worker is killed (503).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    help="Most rows or triples in an answer (more: 422).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BODY,
    show_default=True,
    help="Largest request body / query string in bytes (413/414).",
)
@click.option(
    "--allow-service",
    "allow_services",
    multiple=True,
    metavar="URL",
    help="An endpoint SERVICE may call (repeatable); none by default.",
)
@click.option(
    "--service-endpoint",
    "service_endpoints",
    multiple=True,
    metavar="NAME=URL",
    help="Where a named SERVICE of the stored queries is (wikidata: default "
    "https://query.wikidata.org/sparql); repeatable. It must also be allowed.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Origin allowed by CORS (repeatable) [default: any].",
)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Data file or folder instead of the bundled data/ (repeatable).",
)
@click.option(
    "--queries",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of stored queries [default: the bundled queries/].",
)
@click.option(
    "--ldes",
    "ldes_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="SITE",
    help="Serve the event stream of this published site (its ldes.ttl and ldes/, published "
    "with --base-url this server's address) at /ldes [default: the loaded graph's stream at "
    "its current release].",
)
@click.option(
    "--releases",
    "releases_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="The checkout whose releases.ttl names the current release [default: the bundled one].",
)
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(
    host,
    port,
    engine,
    workers,
    timeout,
    max_rows,
    max_body,
    allow_services,
    service_endpoints,
    cors_origins,
    data,
    queries,
    ldes_dir,
    releases_dir,
    log_level,
) -> None:
    """Serve the graph over HTTP: SPARQL 1.1 endpoint at /sparql, stored queries at /api,
    linked data at /id/<name>, the event stream (LDES) at /ldes, /health. Read-only.

    Browsers get the site `publish` writes (at /, the same paths), the YASGUI query editor at
    /sparql, answers as tables, and Swagger UI at /api/docs; all from the package, no CDN.

    \b
    Examples:
      governance-graph serve
      governance-graph serve --engine oxigraph --port 8080 --timeout 30
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8000/sparql
      curl 'http://127.0.0.1:8000/api/body-composition?body_iri=ggd:vesoc'
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:8000/ldes
    """
    import uvicorn

    from governance_graph.server.app import create_app
    from governance_graph.server.limits import Limits
    from governance_graph.server.settings import ServerSettings
    from governance_graph.server.state import open_state
    from governance_graph.server.stopping import Stopped, stop_on_signals

    if ldes_dir is not None and not (ldes_dir / "ldes.ttl").is_file():
        _fail(f"--ldes {ldes_dir}: no event stream there (no ldes.ttl)")
    if releases_dir is not None and not (releases_dir / "releases.ttl").is_file():
        _fail(f"--releases {releases_dir}: no releases.ttl there")
    # SIGTERM and SIGHUP, like Ctrl-C, stop the server gracefully (or abandon the start); the
    # `finally` stops the workers and removes the temporary folder of the served dataset.
    with stop_on_signals() as stopping:
        state = None
        app = None
        try:
            try:
                from governance_graph.federation import check_allow_list, parse_service_endpoints

                endpoints = parse_service_endpoints(service_endpoints)
                settings = ServerSettings(
                    engine=engine,
                    limits=Limits(timeout=timeout, max_rows=max_rows, max_body=max_body),
                    allow_services=check_allow_list(allow_services),
                    service_endpoints=tuple(endpoints.items()),
                    cors_origins=tuple(cors_origins) or ("*",),
                    data=tuple(data) if data else None,
                    queries=queries,
                    ldes_dir=ldes_dir,
                    releases=releases_dir,
                    **({"workers": workers} if workers else {}),
                )
                state = open_state(settings)
            except GovernanceGraphError as err:
                _fail(str(err))
            except (RuntimeError, ValueError) as err:
                _fail(f"cannot start the server: {err}")
            for problem in state.query_errors:
                click.echo(f"warning: stored query skipped: {problem}", err=True)
            click.echo(
                f"serving {state.default_triples} triples ({settings.engine} engine, "
                f"{settings.workers} workers) at http://{host}:{port}/sparql "
                f"— stored queries at /api, Ctrl-C stops",
                err=True,
            )
            app = create_app(state=state)
            server = uvicorn.Server(
                uvicorn.Config(
                    app,
                    host=host,
                    port=port,
                    log_level=log_level,
                    lifespan="on",
                    timeout_graceful_shutdown=5,
                )
            )
            stopping.server = server
            from governance_graph.server.site_routes import warm_up

            warm_up(host, port, server)  # the site, published while nobody waits for it
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C, raised again by uvicorn
                server.run()
            if not server.started:  # e.g. the port is taken: uvicorn has logged why
                raise click.exceptions.Exit(3)
        except Stopped:
            pass  # stopping.signum says which signal; the process ends by it below
        finally:
            stopping.cleaning_up = True
            if app is not None:
                app.state.sites.close()  # a site being published stops writing first
            if state is not None:
                state.close()
    stopping.end()


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL of the store (e.g. http://127.0.0.1:7878/store).",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="Named graph to write [default: the store's default graph].",
)
@click.option(
    "--inferred/--asserted",
    default=True,
    show_default=True,
    help="Push the OWL 2 RL closure, or the asserted ontology + data.",
)
@click.option(
    "--replace/--merge",
    default=True,
    show_default=True,
    help="PUT (replace the graph) or POST (add to it).",
)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Data file or folder instead of the bundled data/ (repeatable).",
)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=120.0, show_default=True)
def push(endpoint, graph_iri, inferred, replace, data, timeout) -> None:
    """Load the graph into a SPARQL 1.1 store through the Graph Store HTTP Protocol.

    Credentials come from GOVERNANCE_GRAPH_PUSH_USER / _PASSWORD (with _AUTH=basic|digest)
    or GOVERNANCE_GRAPH_PUSH_TOKEN.

    \b
    Examples:
      governance-graph push --endpoint http://127.0.0.1:7878/store
      governance-graph push --endpoint http://127.0.0.1:7878/store --inferred \\
           --graph https://w3id.org/governance-graph/graph/inferred
      GOVERNANCE_GRAPH_PUSH_USER=dba GOVERNANCE_GRAPH_PUSH_PASSWORD=dba \\
      GOVERNANCE_GRAPH_PUSH_AUTH=digest \\
           governance-graph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth
    """
    from rdflib import Graph

    from governance_graph.api import load
    from governance_graph.graph_store_client import push as do_push

    try:
        kg = load(list(data) if data else None)
        if inferred:
            graph = kg.closure()
        else:
            graph = Graph()
            for triple in kg.asserted.triples((None, None, None)):
                graph.add(triple)
        result = do_push(graph, endpoint, graph_iri=graph_iri, replace=replace, timeout=timeout)
    except GovernanceGraphError as err:
        _fail(str(err))
    what = "replaced" if result.replaced else "merged into"
    target = f"<{graph_iri}>" if graph_iri else "the default graph"
    click.echo(
        f"{result.triples} triples ({'inferred' if inferred else 'asserted'}) {what} {target} "
        f"at {endpoint} in {result.requests} request{'s' if result.requests != 1 else ''}"
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(serve.main())
