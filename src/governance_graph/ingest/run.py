"""``ingest``: a workbook (or a folder of CSV files) in the template's form, checked cell by
cell, mapped with the declared mapping, validated with the graph's shapes together with the
graph it joins, and turned into Turtle, only when all of that succeeds.

The steps, each reported to ``progress(stage, message)``:

1. read the sheets (:mod:`.workbook`) and check and normalise every cell, resolving what the
   rows name against themselves and the graph (:mod:`.tables`); every problem is reported with
   its file, sheet, row and column, and any stops here;
2. write the normalised tables into a temporary folder and run the mapping there with
   morph-kgc (:mod:`.mapping`);
3. validate the result with the shapes, loaded beside the graph's data (the bundled data, or
   ``data``), so that links to existing bodies resolve; each SHACL result is reported on the
   row that made its focus node;
4. serialise the triples as Turtle (:func:`governance_graph.writers.serialize`; pyoxigraph's
   writer for very large results).

>>> import governance_graph.ingest as ingest
>>> result = ingest.ingest("templates/bodies.xlsx")  # doctest: +SKIP
>>> result.triples > 0                               # doctest: +SKIP
True
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from governance_graph import paths
from governance_graph.engines import REFERENCE_ENGINE
from governance_graph.namespaces import PREFIXES, bind_prefixes, compact

from .checks import IngestError, Problems
from .columns import ORDER
from .mapping import default_mapping, require_morph_kgc, run_mapping, write_tables
from .resolve import Names
from .tables import prepare
from .workbook import read_tables

__all__ = ["IngestResult", "ingest"]

Progress = Callable[[str, str], None]
#: A node shape's own message ("A seat is incomplete"), said beside its constraint's.
_GENERAL = re.compile(r" is (incomplete|malformed)$")
#: Above this many triples the Turtle is written by pyoxigraph (see :func:`_turtle`).
LARGE = 50_000
_LARGE_PREFIXES = ("dcterms", "foaf", "gg", "ggd", "org", "schema", "skos", "time", "xsd")
PathLike = str | os.PathLike[str]


@dataclass
class IngestResult:
    """What an ingest made: the Turtle text, its triple count, the rows read per sheet, and
    the seconds each stage took."""

    turtle: str
    triples: int
    rows: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)


def ingest(
    source: PathLike,
    *,
    mapping: PathLike | None = None,
    data: Iterable[PathLike] | None = None,
    engine: str = REFERENCE_ENGINE,
    progress: Progress | None = None,
) -> IngestResult:
    """The Turtle that ``source`` (a ``.xlsx``/``.ods`` workbook, a CSV file or a folder of
    them) maps to, validated beside ``data`` (default: the bundled data). Raises
    :class:`~governance_graph.ingest.checks.IngestError` with one line per problem, or a
    :class:`~governance_graph.ingest.mapping.MappingError`."""
    from governance_graph.api import load

    tell = progress or (lambda stage, message: None)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    shown = os.fspath(source)
    mapping_file = Path(mapping) if mapping is not None else default_mapping()
    shown_mapping = os.fspath(mapping) if mapping is not None else "mappings/template.yml"
    existing = [Path(p) for p in data] if data is not None else paths.data_files()

    tell("starting", "the mapping engine (morph-kgc)")
    require_morph_kgc()
    if not mapping_file.is_file():
        raise IngestError([f"{shown_mapping}: no such mapping file"])
    tell("reading", shown)
    problems = Problems()
    tables = read_tables(Path(source), shown, problems, tell)
    rows = {s.name: len(tables[s.name].records) for s in ORDER if s.name in tables}
    tell("checking", f"{sum(rows.values())} rows")
    kg = load(data=existing, engine=engine)
    names = Names()
    names.read_graph(kg)
    prepared = prepare(tables, names, problems)
    problems.raise_if_any()
    seconds["read and check"] = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="governance-graph-ingest-") as folder:
        step = time.perf_counter()
        tell("mapping", f"{prepared.rows} rows with {shown_mapping}")
        write_tables(prepared.tables, Path(folder))
        lines = run_mapping(mapping_file, Path(folder), shown_mapping)
        mapped = Path(folder) / "ingested.nt"
        with mapped.open("w", encoding="utf-8") as handle:
            handle.writelines(f"{line} .\n" for line in lines)
        seconds["map"] = time.perf_counter() - step

        step = time.perf_counter()
        tell("validating", f"{len(lines)} triples with the graph's shapes")
        report = load(data=[*existing, mapped], engine=engine).validate()
        if not report.conforms:
            raise IngestError(_results(report.results, prepared.origins))
        seconds["validate"] = time.perf_counter() - step

        step = time.perf_counter()
        tell("writing", f"{len(lines)} triples")
        turtle = _turtle(mapped, len(lines))
        seconds["write"] = time.perf_counter() - step
    return IngestResult(turtle, len(lines), rows, seconds)


def _results(results, origins: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    """One line per SHACL result, on the row that made its focus node (or its value)."""
    lines = []
    for result in results:
        where = origins.get(str(result.focus_node))
        value = result.value
        if where is None and value is not None:
            where = origins.get(str(value))
        if where is None:
            where = f"{compact(result.focus_node)} (in the graph)"
        detail = ""
        if value is not None and value != result.focus_node:
            detail = f" ({result.path} = {compact(value)})" if result.path else ""
        parts = result.message.split("; ")
        specific = [m for m in parts if not _GENERAL.search(m)] or parts
        lines.append(f"{where}: {'; '.join(specific)}{detail}")
    return sorted(set(lines), key=lines.index)


def _turtle(mapped: Path, count: int) -> str:
    """The mapped triples as Turtle: through :func:`governance_graph.writers.serialize` (the
    project's one writer), or, above :data:`LARGE` triples, where rdflib's writer takes
    minutes, through pyoxigraph's, fed the triples in their sorted order (each subject's
    together), which is as deterministic."""
    if count > LARGE:
        import io

        import pyoxigraph as ox

        out = io.BytesIO()
        triples = (
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(path=str(mapped), format=ox.RdfFormat.N_TRIPLES)
        )
        prefixes = {p: str(PREFIXES[p]) for p in _LARGE_PREFIXES}
        ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=prefixes)
        text = out.getvalue().decode("utf-8")
        body = text.split("\n", len(prefixes))[-1]  # its prefix lines come in no fixed order
        head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))
        return head + "\n" + body
    from governance_graph.writers import serialize

    graph = bind_prefixes(Graph())
    graph.parse(mapped, format="nt")
    return serialize(graph, "ttl")
