"""The ``governance-graph`` command: a thin click layer over the Python API.

Each command parses options, calls the library, and prints. Imports happen inside the commands,
so ``query`` on a warm closure cache loads neither owlrl nor pyshacl.

Error boundary (:func:`main`): every :class:`~governance_graph.errors.GovernanceGraphError`,
and any exception a parser lets out (``IndexError``, ``ValueError``, ``AssertionError``,
``RecursionError``, ``re.error``, …), becomes one line ``governance-graph: error: …`` on
stderr and exit status 2, never a traceback. ``GOVERNANCE_GRAPH_DEBUG=1`` re-raises instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NoReturn

import click

from governance_graph.options import data_option, engine_options

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.api import KnowledgeGraph

PROG = "governance-graph"
TABLE_FORMATS = ("table", "csv", "tsv", "json", "md")
GRAPH_FORMATS = ("ttl", "jsonld", "nt")
#: The formats of ``export`` (written by ``governance_graph.writers.serialize``).
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UsageProblem(click.UsageError):
    """A command-line mistake click cannot see (e.g. ``--param`` without ``=``)."""


# --------------------------------------------------------------------------- loading and output


def _load(data: Sequence[Path], engine: str, store_dir: Path | None = None) -> KnowledgeGraph:
    from governance_graph.api import load

    return load(data=list(data) or None, engine=engine, store_dir=store_dir)


def _echo(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


# --------------------------------------------------------------------------- group


class LazyGroup(click.Group):
    """A group whose heavier commands live in their own modules and are imported only when run
    (or listed by ``--help``), so that ``query`` never pays for the server or the site builder."""

    LAZY: ClassVar[dict[str, str]] = {
        "publish": "governance_graph.site.commands:publish",
        "serve": "governance_graph.server.commands:serve",
        "push": "governance_graph.server.commands:push",
        "synth": "governance_graph.commands_scale:synth",
        "check": "governance_graph.commands_scale:check",
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
    """


# --------------------------------------------------------------------------- queries


@cli.command(context_settings=CONTEXT)
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

    catalogue = Catalogue.from_dir(queries_dir) if queries_dir else _bundled_catalogue()
    shown = [q for q in catalogue if tag is None or tag in q.tags]
    if not shown:
        click.echo("no stored queries" + (f" tagged '{tag}'" if tag else ""))
        return
    width = max(len(q.name) for q in shown)
    for q in shown:
        click.echo(f"{q.name.ljust(width)}  {q.summary}")
        for p in q.parameters:
            click.echo(f"{'':{width}}    --param {p.describe()}")


# --------------------------------------------------------------------------- query


def _bundled_catalogue():  # type: ignore[no-untyped-def]
    """The bundled queries/ and, beside them, the federated ones of queries/federated/."""
    from governance_graph.catalogue import Catalogue
    from governance_graph.paths import queries_dir

    federated = queries_dir() / "federated"
    extra = list(Catalogue.from_dir(federated)) if federated.is_dir() else []
    return Catalogue([*Catalogue.bundled(), *extra])


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


@cli.command(context_settings=CONTEXT)
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
    from governance_graph.catalogue import Catalogue, parse_query
    from governance_graph.params import bind, insert_values
    from governance_graph.results import check_language, render

    chosen = check_language(lang)
    if (name is None) == (expression is None):
        raise UsageProblem("give a query NAME or FILE, or SPARQL text with -e (not both)")
    if endpoint and (data or no_reasoning or store_dir or engine not in ("rdflib", "auto")):
        raise UsageProblem(
            "--endpoint runs on the endpoint's data: "
            "drop --data/--no-reasoning/--engine/--store-dir"
        )
    raw = _parse_params(params)
    if expression is not None:
        stored = parse_query(expression, name="-e")
    elif queries_dir is not None:
        stored = Catalogue.from_dir(queries_dir).resolve(name)  # type: ignore[arg-type]
    elif name.endswith(".rq") or os.sep in name or "/" in name:  # type: ignore[union-attr]
        stored = Catalogue().resolve(name)  # type: ignore[arg-type]
    else:
        stored = _bundled_catalogue().get(name)  # type: ignore[arg-type]
    if service_endpoints or service_allow:
        import dataclasses

        from governance_graph.federation import (
            check_allow_list,
            parse_service_endpoints,
            rewrite_services,
        )

        service_allow = check_allow_list(service_allow)
        endpoints = parse_service_endpoints(service_endpoints)
        stored = dataclasses.replace(stored, text=rewrite_services(stored.text, endpoints))
    bindings = bind(stored, raw) if endpoint or with_graphs else {}
    if endpoint:
        if with_graphs:
            raise UsageProblem("--with loads graphs locally: drop --endpoint")
        from governance_graph.remote import run

        result = run(insert_values(stored.text, bindings), endpoint, timeout=timeout)
    elif with_graphs:
        from governance_graph.importing import query_with

        result = query_with(
            _load(data, engine, store_dir),
            stored.text,
            with_graphs,
            bindings=bindings,
            reasoning=not no_reasoning,
            source=stored.source,
            allow_services=service_allow,
            timeout=timeout,
        )
    else:
        kg = _load(data, engine, store_dir)
        result = kg.query(stored, raw, reasoning=not no_reasoning, allow_services=service_allow)
    _echo(render(result, fmt, lang=chosen, width=None if no_truncate else width))


# --------------------------------------------------------------------------- validate


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@click.option(
    "--shapes",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="SHACL shapes to use instead of the bundled ontology/shapes.ttl; repeatable.",
)
@click.option(
    "--no-ontology",
    is_flag=True,
    help="Validate exactly the given data against exactly the given shapes, without merging "
    "the bundled ontology into the data graph (needs --data and --shapes).",
)
@click.option(
    "--allow-warnings",
    is_flag=True,
    help="Exit 0 when every result is a sh:Warning or sh:Info (the report still says "
    "sh:conforms false).",
)
@click.option("--inferred", is_flag=True, help="Validate the OWL 2 RL closure instead.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "ttl"]),
    default="text",
    show_default=True,
    help="Report as text, or as the sh:ValidationReport graph in Turtle.",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(path_type=Path),
    metavar="FILE.ttl",
    help="Also write the sh:ValidationReport graph to FILE.ttl (atomically).",
)
@data_option
@engine_options
def validate(
    paths: tuple[Path, ...],
    shapes: tuple[Path, ...],
    no_ontology: bool,
    allow_warnings: bool,
    inferred: bool,
    fmt: str,
    report_file: Path | None,
    data: tuple[Path, ...],
    engine: str,
    store_dir: Path | None,
) -> None:
    """Check the graph against the SHACL shapes.

    PATHs (or --data FILE) are data files or folders to check instead of the bundled data/;
    the bundled ontology is included (subclass-aware targets), unless --no-ontology.
    The report follows SHACL: it conforms only when there are no results at all, warnings and
    infos included. Exit status: 0 conforms (or, with --allow-warnings, only warnings and
    infos), 1 does not (report printed), 2 a file could not be read.

    \b
    Examples:
      governance-graph validate
      governance-graph validate my-data.ttl
      governance-graph validate --format ttl > report.ttl
      governance-graph validate --engine oxigraph --report report.ttl
      governance-graph validate --no-ontology --data d.ttl --shapes s.ttl --report r.ttl
    """
    import logging

    from governance_graph.api import load

    # An ill-typed literal ("aldi"^^xsd:integer) is data for sh:datatype to report, not a
    # traceback on stderr (rdflib logs one for each when it parses such a literal).
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    files = [*paths, *data]
    if no_ontology and not (files and shapes):
        raise UsageProblem(
            "--no-ontology validates exactly the given files: give --data and --shapes"
        )
    kg = load(
        data=files or None,
        engine=engine,
        shapes=list(shapes) or None,
        store_dir=store_dir,
        ontology=not no_ontology,
    )
    report = kg.validate(inferred=inferred)
    if report_file is not None or fmt == "ttl":
        turtle = report.turtle()
        if report_file is not None:
            from governance_graph.files import atomic_write

            atomic_write(report_file, turtle.encode("utf-8"))
    if fmt == "ttl":
        _echo(turtle)
    else:
        click.echo(report.text())
    sys.exit(0 if report.passes(allow_warnings=allow_warnings) else 1)


# --------------------------------------------------------------------------- export


def _emit(text: str, output: Path | None) -> None:
    """Serialised RDF to stdout or (atomically) to ``output``."""
    if output is None:
        _echo(text)
    else:
        from governance_graph.files import atomic_write

        atomic_write(output, text.encode("utf-8"))


@cli.command(context_settings=CONTEXT)
@click.option("--inferred", is_flag=True, help="Include the OWL 2 RL inferences.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="ttl",
    show_default=True,
    help="nq and trig keep one named graph per file (inferences in ggg:inferred).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE (atomically).")
@click.option(
    "--profile",
    metavar="NAME",
    help="Rewrite the closure into a consumer's vocabulary first: oslo, cpov or schema-org "
    "(profiles/<NAME>/*.rq).",
)
@data_option
@engine_options
def export(
    inferred: bool,
    fmt: str,
    output: Path | None,
    profile: str | None,
    data: tuple[Path, ...],
    engine: str,
    store_dir: Path | None,
) -> None:
    """Write the whole graph (asserted, or with --inferred the closure) in one RDF format.

    \b
    Examples:
      governance-graph export > graph.ttl
      governance-graph export --format nq -o graph.nq
      governance-graph export --inferred --format trig -o closure.trig
      governance-graph export --profile oslo -o oslo.ttl
      governance-graph export --profile schema-org --format jsonld
    """
    from rdflib import Dataset

    from governance_graph.namespaces import GGG, PREFIXES
    from governance_graph.writers import serialize

    if profile is not None:
        from governance_graph.profiles import get_profile

        chosen = get_profile(profile)  # an unknown name fails before any loading
        if fmt in ("nq", "trig"):
            raise UsageProblem(f"--profile writes one graph: use ttl, nt, jsonld or xml, not {fmt}")
        # the profile's own prefixes (its files declare them)
        _emit(serialize(chosen.run(_load(data, engine, store_dir).closure()), fmt), output)
        return

    kg = _load(data, engine, store_dir)
    asserted = kg.asserted
    if fmt in ("nq", "trig"):
        out = Dataset()
        for graph in asserted.graphs():
            target = out.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
        if inferred:
            extra = out.graph(GGG["inferred"])
            for triple in kg.closure():
                if triple not in asserted:
                    extra.add(triple)
        source = out
    else:
        source = kg.closure() if inferred else asserted
    # the pinned prefixes, never the engine's own bindings, so both engines write the same bytes
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    context = prefixes if fmt == "jsonld" else None
    _emit(serialize(source, fmt, prefixes=prefixes, context=context), output)


# --------------------------------------------------------------------------- import


@cli.command("import", context_settings=CONTEXT)
@click.argument("source", metavar="FILE|URL")
@click.option(
    "--profile",
    required=True,
    metavar="NAME",
    help="The profile the data is written in (profiles/<NAME>/import/*.rq): oslo.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld", "xml"]),
    default="ttl",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE (atomically).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for a URL.",
)
def import_(source: str, profile: str, fmt: str, output: Path | None, timeout: float) -> None:
    """Read data written in an export profile back into our model (same declared mapping,
    inverted: profiles/<NAME>/import/*.rq). Only what the profile carries comes back.

    \b
    Examples:
      governance-graph export --profile oslo -o oslo.ttl
      governance-graph import --profile oslo oslo.ttl -o ours.ttl
      governance-graph query sub-bodies --data ours.ttl
    """
    from governance_graph.importing import import_files, import_profile, read_graph
    from governance_graph.writers import serialize

    import_files(profile)  # an unknown profile fails before any reading
    graph = import_profile(profile, read_graph(source, timeout=timeout))
    _emit(serialize(graph, fmt), output)


# --------------------------------------------------------------------------- describe


@cli.command(context_settings=CONTEXT)
@click.argument("resource", metavar="IRI|LABEL")
@click.option("--lang", default="en", show_default=True, help="Labels in en or nl.")
@click.option("--inferred", is_flag=True, help="Include triples inferred by OWL 2 RL.")
@data_option
@engine_options
def describe(
    resource: str,
    lang: str,
    inferred: bool,
    data: tuple[Path, ...],
    engine: str,
    store_dir: Path | None,
) -> None:
    """Show everything the graph says about one resource, and its sources.

    RESOURCE is an IRI, a prefixed name (ggd:vesoc), a label or name (case-insensitive), or
    part of one. Text that fits several resources lists them on stderr (exit status 2).

    \b
    Examples:
      governance-graph describe ggd:vesoc
      governance-graph describe "RESOC Brugge" --lang nl
      governance-graph describe Decuypere
      governance-graph describe https://w3id.org/governance-graph/id/vesoc-chair
    """
    from governance_graph.describe import describe as describe_resource
    from governance_graph.describe import resolve
    from governance_graph.results import check_language

    chosen = check_language(lang) or "en"
    kg = _load(data, engine, store_dir)
    iri = resolve(kg, resource, reasoning=inferred)
    click.echo(describe_resource(kg, iri, lang=chosen, reasoning=inferred).text())


# --------------------------------------------------------------------------- stats


@cli.command(context_settings=CONTEXT)
@click.option("--no-reasoning", is_flag=True, help="Skip the closure (no inferred counts).")
@data_option
@engine_options
def stats(
    no_reasoning: bool, data: tuple[Path, ...], engine: str, store_dir: Path | None
) -> None:
    """Count triples (asserted, inferred), classes, instances per class and sources.

    \b
    Examples:
      governance-graph stats
      governance-graph stats --no-reasoning --data my-data.ttl
    """
    from governance_graph.describe import stats as graph_stats

    click.echo(graph_stats(_load(data, engine, store_dir), reasoning=not no_reasoning).text())


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


if __name__ == "__main__":  # pragma: no cover
    main()
