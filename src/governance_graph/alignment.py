"""The alignment table: every class and property of ours with its ORG, CPOV, OSLO and schema.org
counterparts, generated so that it cannot drift from its sources.

* ORG, CPOV and schema.org axioms come from the ontology itself (``ontology/*.ttl`` without the
  shapes): ``rdfs:subClassOf``, ``rdfs:subPropertyOf``, ``owl:equivalentClass``,
  ``owl:equivalentProperty``, ``skos:closeMatch`` / ``exactMatch`` / ``broadMatch`` /
  ``narrowMatch``. A standard term reached through one of our own terms is marked "(via gg:X)".
* What each export profile writes comes from the table in ``profiles/<name>/README.md``
  (the profile's CONSTRUCT files implement that table;
  ``tests/profiles/test_profiles.py`` checks them).
* Time has no term of ours: the data says how long things held in W3C Time, ORG and DCTERMS
  terms directly. The page's last table lists those standard terms (:data:`TIME_TERMS`), with
  the axioms the ontology states for them (restated from their owners in ``alignments.ttl``)
  and the rows of the profiles' tables of standard terms.

``python -m governance_graph.alignment`` prints the Markdown; ``--write`` updates
``docs/alignment.md``; ``--check`` exits 1 when the committed file is out of date.

>>> from governance_graph.alignment import alignment_rows
>>> rows = {row.term: row for row in alignment_rows()}
>>> rows["gg:Chair"].org
'⊑ org:Post'
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from . import paths
from .namespaces import CV, GG, PREFIXES, SCHEMA, compact

__all__ = [
    "TIME_TERMS",
    "AlignmentRow",
    "TimeRow",
    "alignment_rows",
    "main",
    "profile_table",
    "render_markdown",
    "standard_table",
    "time_rows",
]

ORG_NS = "http://www.w3.org/ns/org#"
PROFILE_COLUMNS = ("oslo", "cpov", "schema-org")

_AXIOMS: tuple[tuple[URIRef, str], ...] = (
    (RDFS.subClassOf, "⊑"),
    (RDFS.subPropertyOf, "⊑"),
    (OWL.equivalentClass, "≡"),
    (OWL.equivalentProperty, "≡"),
    (SKOS.exactMatch, "exact match"),
    (SKOS.closeMatch, "close match"),
    (SKOS.broadMatch, "broad match"),
    (SKOS.narrowMatch, "narrow match"),
)
_ROW = re.compile(r"^\|\s*`(?P<term>gg:[A-Za-z0-9_]+)`\s*\|\s*(?P<theirs>.*?)\s*\|\s*$")
_STANDARD_ROW = re.compile(
    r"^\|\s*`(?P<term>(?!gg:)[a-z]+:[A-Za-z0-9_]+)`\s*\|\s*(?P<theirs>.*?)\s*\|\s*$"
)

#: The standard terms that say when and for how long (no term of ours does), with what each
#: holds in this graph.
TIME_TERMS: tuple[tuple[str, str], ...] = (
    ("org:memberDuring", "the period a membership held"),
    ("dcterms:temporal", "the period of a change event (the 1990s) or of a body (since 2005)"),
    ("dcterms:date", "the year of a change event"),
    ("dcterms:PeriodOfTime", "those periods, as DCAT and DCTERMS clients read them"),
    ("dcat:startDate", "a period's first year, as DCAT says it (equal to its beginning's)"),
    ("dcat:endDate", "a period's last year, as DCAT says it (equal to its end's)"),
    ("time:ProperInterval", "every period"),
    ("time:Interval", "every period (inferred)"),
    ("time:Instant", "a period's beginning or end"),
    ("time:hasBeginning", "where a period begins"),
    ("time:hasEnd", "where a period ends; none: an open period"),
    ("time:inXSDgYear", "an instant's year, where only the year is known"),
    ("time:inXSDDate", "an instant's day"),
    ("time:inside", "an instant without a date of its own, within a dated period"),
    ("time:intervalOverlaps", "a period that begins before another and ends within it"),
)


@dataclass(frozen=True)
class AlignmentRow:
    """One of our terms and its counterparts (Markdown text per column)."""

    term: str
    kind: str  # "class" or "property"
    label: str
    org: str
    cpov: str
    schema: str
    other: str
    oslo_profile: str
    cpov_profile: str
    schema_profile: str


@dataclass(frozen=True)
class TimeRow:
    """A standard term that says when, with what it holds here and its counterparts."""

    term: str
    use: str
    axioms: str
    oslo_profile: str
    cpov_profile: str
    schema_profile: str


def profile_table(readme: Path) -> dict[str, str]:
    """``gg:term`` → "their term" cell of the table in a profile's ``README.md``."""
    table: dict[str, str] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            table.setdefault(match["term"], match["theirs"])
    return table


def standard_table(readme: Path) -> dict[str, str]:
    """Standard term (``time:hasEnd``) → "their term" cell, from a profile's ``README.md``."""
    table: dict[str, str] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = _STANDARD_ROW.match(line)
        if match:
            table.setdefault(match["term"], match["theirs"])
    return table


def time_rows(
    ontology_files: Sequence[Path] | None = None, profiles_root: Path | None = None
) -> list[TimeRow]:
    """The rows of the time table, in the order of :data:`TIME_TERMS`.

    >>> rows = {row.term: row for row in time_rows()}
    >>> rows["time:ProperInterval"].axioms
    '⊑ time:Interval; disjoint with time:Instant'
    """
    graph = _ontology(ontology_files)
    root = profiles_root if profiles_root is not None else _profiles_root()
    tables = {}
    for name in PROFILE_COLUMNS:
        readme = root / name / "README.md"
        tables[name] = standard_table(readme) if readme.is_file() else {}
    missing = "(missing from the profile's table)"
    rows = []
    for name, use in TIME_TERMS:
        prefix, _, local = name.partition(":")
        term = URIRef(str(PREFIXES[prefix]) + local)
        rows.append(
            TimeRow(
                term=name,
                use=use,
                axioms="; ".join(_time_axioms(graph, term)) or "—",
                oslo_profile=tables["oslo"].get(name, missing),
                cpov_profile=tables["cpov"].get(name, missing),
                schema_profile=tables["schema-org"].get(name, missing),
            )
        )
    return rows


def alignment_rows(
    ontology_files: Sequence[Path] | None = None, profiles_root: Path | None = None
) -> list[AlignmentRow]:
    """The rows of the alignment table, classes first, each group sorted by term."""
    graph = _ontology(ontology_files)
    root = profiles_root if profiles_root is not None else _profiles_root()
    tables = {name: _table_or_empty(root / name / "README.md") for name in PROFILE_COLUMNS}

    rows = []
    for term, kind in _our_terms(graph):
        reached = _standard_counterparts(graph, term)
        columns = {"org": [], "cpov": [], "schema": [], "other": []}
        for text, target in reached:
            columns[_column_of(target)].append(text)
        name = compact(term)
        rows.append(
            AlignmentRow(
                term=name,
                kind=kind,
                label=_label(graph, term),
                org="; ".join(columns["org"]) or "—",
                cpov="; ".join(columns["cpov"]) or "—",
                schema="; ".join(columns["schema"]) or "—",
                other="; ".join(columns["other"]) or "—",
                oslo_profile=tables["oslo"].get(name, "(missing from the profile's table)"),
                cpov_profile=tables["cpov"].get(name, "(missing from the profile's table)"),
                schema_profile=tables["schema-org"].get(name, "(missing from the profile's table)"),
            )
        )
    return rows


def render_markdown(rows: Sequence[AlignmentRow], time: Sequence[TimeRow] | None = None) -> str:
    """The alignment table as the Markdown page ``docs/alignment.md`` (``time``: the rows of
    the time table, by default :func:`time_rows`)."""
    lines = [
        "# Alignment table",
        "",
        "<!-- Generated by `python -m governance_graph.alignment --write`; do not edit. -->",
        "",
        "Every class and property of the governance-graph ontology with its counterparts. The",
        "*ORG*, *CPOV*, *schema.org* and *other* columns are the ontology's own axioms",
        "(`ontology/*.ttl`): ⊑ sub-class/sub-property, ≡ equivalent, SKOS mapping relations; a",
        'counterpart reached through another term of ours says "via". The *export* columns say',
        "what each export profile writes for the term (`profiles/<name>/README.md`, implemented by",
        "the profile's SPARQL CONSTRUCT files), or that it is not carried; the marks ¹ ² ³ refer",
        "to the notes at the end of that README.",
        "",
    ]
    for kind, title in (("class", "Classes"), ("property", "Properties")):
        lines += [f"## {title}", ""]
        lines.append(
            "| our term | label | ORG | CPOV | schema.org | other | OSLO export | CPOV export "
            "| schema.org export |"
        )
        lines.append("|---|---|---|---|---|---|---|---|---|")
        for row in rows:
            if row.kind != kind:
                continue
            cells = [
                f"`{row.term}`",
                row.label,
                row.org,
                row.cpov,
                row.schema,
                row.other,
                row.oslo_profile,
                row.cpov_profile,
                row.schema_profile,
            ]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        lines.append("")
    lines += [
        "## Time",
        "",
        "No term of ours says when or for how long: the data uses W3C Time, ORG and DCTERMS",
        "directly, and the ontology restates the axioms of theirs that a client needs to find",
        "every period after an OWL 2 RL closure (`ontology/alignments.ttl`). PROV's",
        "`prov:startedAtTime`, `prov:endedAtTime` and `prov:invalidatedAtTime` take an",
        "`xsd:dateTime`, a day and an hour the sources never give, so they are not used; a change",
        "event keeps its year as `dcterms:date`.",
        "",
        "| term | holds | axioms | OSLO export | CPOV export | schema.org export |",
        "|---|---|---|---|---|---|",
    ]
    for trow in time if time is not None else time_rows():
        cells = [
            f"`{trow.term}`",
            trow.use,
            trow.axioms,
            trow.oslo_profile,
            trow.cpov_profile,
            trow.schema_profile,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines.append("")
    return "\n".join(lines)


def default_output() -> Path:
    """``docs/alignment.md`` of the checkout."""
    return paths.bundled_root() / "docs" / "alignment.md"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m governance_graph.alignment [--write | --check] [--output FILE]``."""
    parser = argparse.ArgumentParser(
        prog="python -m governance_graph.alignment", description=__doc__.split("\n\n")[0]
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="write the table to --output")
    group.add_argument("--check", action="store_true", help="exit 1 if --output is out of date")
    parser.add_argument("--output", type=Path, default=None, help="default: docs/alignment.md")
    args = parser.parse_args(argv)
    text = render_markdown(alignment_rows())
    output = args.output or default_output()
    if args.write:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}")
        return 0
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            print(
                f"{output} is out of date: run python -m governance_graph.alignment --write",
                file=sys.stderr,
            )
            return 1
        return 0
    sys.stdout.write(text)
    return 0


# ------------------------------------------------------------------------------ helpers


def _profiles_root() -> Path:
    from .profiles import profiles_dir

    return profiles_dir()


def _ontology(ontology_files: Sequence[Path] | None) -> Graph:
    graph = Graph()
    for path in ontology_files if ontology_files is not None else paths.ontology_files():
        graph.parse(path, format="turtle")
    return graph


_TIME_AXIOMS: tuple[tuple[URIRef, str], ...] = (
    (RDFS.subClassOf, "⊑"),
    (RDFS.subPropertyOf, "⊑"),
    (OWL.equivalentClass, "≡"),
    (OWL.equivalentProperty, "≡"),
    (RDFS.domain, "domain"),
    (RDFS.range, "range"),
    (OWL.disjointWith, "disjoint with"),
)


def _time_axioms(graph: Graph, term: URIRef) -> list[str]:
    """What the ontology states of a standard term, each axiom as "⊑ X", "range X"…."""
    out = []
    for predicate, symbol in _TIME_AXIOMS:
        for target in sorted(graph.objects(term, predicate), key=str):
            if isinstance(target, URIRef):
                out.append(f"{symbol} {compact(target)}")
    return out


def _table_or_empty(readme: Path) -> dict[str, str]:
    return profile_table(readme) if readme.is_file() else {}


def _our_terms(graph: Graph) -> list[tuple[URIRef, str]]:
    found: dict[URIRef, str] = {}
    for kind, types in (
        ("class", (OWL.Class, RDFS.Class)),
        ("property", (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)),
    ):
        for rdf_type in types:
            for term in graph.subjects(RDF.type, rdf_type):
                if isinstance(term, URIRef) and str(term).startswith(str(GG)):
                    found.setdefault(term, kind)
    return sorted(found.items(), key=lambda item: (item[1] != "class", compact(item[0])))


def _standard_counterparts(graph: Graph, term: URIRef) -> list[tuple[str, URIRef]]:
    """``(text, target)`` per non-gg term an axiom links ``term`` to, directly or via gg terms."""
    out: list[tuple[str, URIRef]] = []
    seen: set[URIRef] = {term}
    frontier: list[tuple[URIRef, URIRef | None]] = [(term, None)]
    while frontier:
        current, via = frontier.pop(0)
        for predicate, symbol in _AXIOMS:
            for target in sorted(graph.objects(current, predicate), key=str):
                if not isinstance(target, URIRef) or target in seen:
                    continue
                seen.add(target)
                if str(target).startswith(str(GG)):
                    frontier.append((target, via or target))
                    continue
                text = f"{symbol} {compact(target)}"
                if via is not None:
                    text += f" (via {compact(via)})"
                out.append((text, target))
    return out


def _column_of(target: URIRef) -> str:
    text = str(target)
    if text.startswith(ORG_NS):
        return "org"
    if text.startswith(str(CV)):
        return "cpov"
    if text.startswith(str(SCHEMA)):
        return "schema"
    return "other"


def _label(graph: Graph, term: URIRef) -> str:
    for label in graph.objects(term, RDFS.label):
        if getattr(label, "language", None) == "en":
            return str(label)
    return ""


if __name__ == "__main__":
    sys.exit(main())
