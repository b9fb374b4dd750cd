"""The commands over the whole graph: ``validate`` (SHACL), ``export`` (every triple, or a
profile's rewrite), ``import`` (a profile's data back into our model), ``describe`` (one
resource) and ``stats`` (counts). Each reads its options, calls the library and writes out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from governance_graph.options import (
    allow_warnings_option,
    data_option,
    engine_options,
    shapes_option,
)

from .shared import CONTEXT, UsageProblem, echo, emit, load_graph

__all__ = ["describe", "export", "import_", "stats", "validate"]

#: The formats of ``export`` (written by ``governance_graph.writers.serialize``).
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml")


# --------------------------------------------------------------------------- validate


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@shapes_option
@click.option(
    "--no-ontology",
    is_flag=True,
    help="Validate exactly the given data against exactly the given shapes, without merging "
    "the bundled ontology into the data graph (needs --data and --shapes).",
)
@allow_warnings_option
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
        echo(turtle)
    else:
        click.echo(report.text())
    sys.exit(0 if report.passes(allow_warnings=allow_warnings) else 1)


# --------------------------------------------------------------------------- export


@click.command(context_settings=CONTEXT)
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
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.xlsx",
    help="Write the bodies, seats, chairs, people, memberships, funding and sources into the "
    "spreadsheet template instead (atomically), for editing and `ingest`.",
)
@click.option(
    "--body",
    "bodies",
    multiple=True,
    metavar="IRI",
    help="With --template: only this body (IRI, prefixed name or label; repeatable), with its "
    "seats, chair, memberships and people.",
)
@data_option
@engine_options
def export(
    inferred: bool,
    fmt: str,
    output: Path | None,
    profile: str | None,
    template: Path | None,
    bodies: tuple[str, ...],
    data: tuple[Path, ...],
    engine: str,
    store_dir: Path | None,
) -> None:
    """Write the whole graph (asserted, or with --inferred the closure) in one RDF format, or
    (--template) the bodies and what belongs to them into the spreadsheet template.

    \b
    Examples:
      governance-graph export > graph.ttl
      governance-graph export --format nq -o graph.nq
      governance-graph export --inferred --format trig -o closure.trig
      governance-graph export --profile oslo -o oslo.ttl
      governance-graph export --profile schema-org --format jsonld
      governance-graph export --template bodies.xlsx
      governance-graph export --template vesoc.xlsx --body ggd:vesoc --body "VESOC working group"
    """
    from governance_graph.exporting import ExportError, check_export

    if template is not None or bodies:
        _export_template(template, bodies, inferred or bool(profile) or output is not None)
    try:
        check_export(fmt, profile)  # a bad choice fails before any loading
    except ExportError as err:
        raise UsageProblem(str(err)) from err
    if template is not None:
        from governance_graph.files import atomic_write
        from governance_graph.ingest.template import export_workbook
        from governance_graph.reports import resolve

        kg = load_graph(data, engine, store_dir)
        iris = [str(resolve(kg, text)) for text in bodies]
        workbook, counts = export_workbook(kg, iris)
        atomic_write(template, workbook)
        rows = ", ".join(f"{name} {n}" for name, n in counts.items())
        click.echo(f"{template}: rows written: {rows}", err=True)
        return
    emit(
        load_graph(data, engine, store_dir).export(fmt, inferred=inferred, profile=profile), output
    )


def _export_template(template: Path | None, bodies: tuple[str, ...], rdf_options: bool) -> None:
    """Refuse what does not go with --template (before any loading)."""
    import importlib.util

    if template is None:
        raise UsageProblem("--body goes with --template FILE.xlsx")
    if rdf_options or click.get_current_context().get_parameter_source("fmt") not in (
        click.core.ParameterSource.DEFAULT,
        None,
    ):
        raise UsageProblem(
            "--template writes a workbook: it does not go with --format, --inferred, "
            "--profile or -o"
        )
    if template.suffix.lower() != ".xlsx":
        raise UsageProblem(f"--template writes an Excel workbook: {template} does not end in .xlsx")
    if importlib.util.find_spec("openpyxl") is None:
        from governance_graph.errors import GovernanceGraphError

        raise GovernanceGraphError(
            "export --template needs openpyxl: pip install 'governance-graph[ingest]'"
        )


# --------------------------------------------------------------------------- import


@click.command("import", context_settings=CONTEXT)
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
    emit(serialize(graph, fmt), output)


# --------------------------------------------------------------------------- describe


@click.command(context_settings=CONTEXT)
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
    from governance_graph.query_output import check_language
    from governance_graph.reports import describe as describe_resource
    from governance_graph.reports import resolve

    chosen = check_language(lang) or "en"
    kg = load_graph(data, engine, store_dir)
    iri = resolve(kg, resource, reasoning=inferred)
    click.echo(describe_resource(kg, iri, lang=chosen, reasoning=inferred).text())


# --------------------------------------------------------------------------- stats


@click.command(context_settings=CONTEXT)
@click.option("--no-reasoning", is_flag=True, help="Skip the closure (no inferred counts).")
@data_option
@engine_options
def stats(no_reasoning: bool, data: tuple[Path, ...], engine: str, store_dir: Path | None) -> None:
    """Count triples (asserted, inferred), classes, instances per class and sources.

    \b
    Examples:
      governance-graph stats
      governance-graph stats --no-reasoning --data my-data.ttl
    """
    from governance_graph.reports import stats as graph_stats

    click.echo(graph_stats(load_graph(data, engine, store_dir), reasoning=not no_reasoning).text())
