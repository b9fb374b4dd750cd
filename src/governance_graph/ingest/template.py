"""The template's workbook and CSV files, written from rows (:mod:`.export`) and the column
table (:mod:`.columns`): a README sheet (what each sheet and column holds, which are required,
and the values of every coded column, the concepts of the model's schemes by label), then one
sheet per kind with a header row in English and Dutch and the rows. The same rows give the
same bytes (fixed document dates and zip times), so the committed templates can be checked.

    python -m governance_graph.ingest.template --write [--root DIR]

writes ``templates/bodies.xlsx``, ``templates/csv/*.csv`` with its ``README.md``, and the
lookup tables ``mappings/lookups/*.csv``, from the bundled graph: the example rows are the
graph's own (SERR Brugge, its seat, chair and coordinator, and one funding link).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from .columns import ORDER, Sheet
from .lookups import SCHEMES, Lookup

__all__ = [
    "EXAMPLE",
    "csv_files",
    "export_workbook",
    "readme_markdown",
    "workbook_bytes",
    "write_templates",
]

#: What the template's example rows are taken from (``export`` of this selection).
EXAMPLE = {
    "bodies": ("https://w3id.org/governance-graph/id/serr-brugge",),
    "funding": ("https://w3id.org/governance-graph/id/funding-flemish-government-ersv-staffing",),
}
Rows = dict[str, list[dict[str, object]]]
_FIXED = dt.datetime(2000, 1, 1)
_FORMULA_START = ("=", "+", "-", "@")

INTRO = (
    (
        "One sheet per kind of thing, one row each. Row 1 names the columns, in English and in "
        "Dutch (either is enough). The rows below it come from the published graph: change "
        "them, delete them, or add your own.",
        "Eén blad per soort, één rij per ding. Rij 1 noemt de kolommen, in het Engels en het "
        "Nederlands (één van beide volstaat). De rijen eronder komen uit de gepubliceerde "
        "graaf: wijzig of schrap ze, of voeg er toe.",
    ),
    (
        "A required column must be filled in on every row. A cell that names something else "
        "(a body, region, person, post, seat or source) holds its name, in English or Dutch, "
        "or its ggd:<id>; several values in one cell are separated by ';'.",
        "Een verplichte kolom moet op elke rij ingevuld zijn. Een cel die iets anders noemt "
        "(een orgaan, regio, persoon, functie, zetel of bron) bevat de naam, in het Engels of "
        "het Nederlands, of de ggd:<id>; meerdere waarden in één cel scheidt u met ';'.",
    ),
    (
        "Every row cites a source: a row of the sheet sources, or a section the graph has.",
        "Elke rij vermeldt een bron: een rij van het blad bronnen, of een sectie van de graaf.",
    ),
    (
        "Then: governance-graph ingest bodies.xlsx -o my-bodies.ttl",
        "Daarna: governance-graph ingest bodies.xlsx -o my-bodies.ttl",
    ),
)


def _lines(lookups: dict[str, Lookup]) -> list[list[str]]:
    """The README sheet, row by row."""
    out = [["governance-graph: spreadsheet template / sjabloon"], []]
    out += [[en, nl] for en, nl in INTRO]
    for sheet in ORDER:
        out += [[], [f"sheet {sheet.name} / blad {sheet.nl}", sheet.help_en, sheet.help_nl]]
        out.append(["column / kolom", "required / verplicht", "meaning", "betekenis"])
        for column in sheet.columns:
            needed = "yes / ja" if column.required else ""
            if column.pair and column.required:
                needed = "this or its pair / dit of het paar"
            out.append([column.header, needed, column.help_en, column.help_nl])
    out += [[], ["Values of the coded columns / waarden van de gecodeerde kolommen"]]
    for name in SCHEMES:
        lookup = lookups[name]
        out += [[], [f"{lookup.noun} ({name})", "Dutch / Nederlands", "also / ook", "concept"]]
        for code in lookup.codes:
            out.append([code.label, code.label_nl, "; ".join(code.other_labels), code.concept])
    return out


def readme_markdown(lookups: dict[str, Lookup]) -> str:
    """The README sheet as the Markdown that goes beside the CSV files."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    parts = ["# governance-graph: spreadsheet template (CSV)", ""]
    parts += [f"{en}\n\n{nl}\n" for en, nl in INTRO]
    parts.append("One file per sheet: " + ", ".join(f"`{s.name}.csv`" for s in ORDER) + ".\n")
    for sheet in ORDER:
        parts += [f"## {sheet.name}.csv ({sheet.nl})", "", sheet.help_en, "", sheet.help_nl, ""]
        parts += ["| column / kolom | required | meaning | betekenis |", "|---|---|---|---|"]
        for column in sheet.columns:
            needed = "yes" if column.required else ""
            if column.pair and column.required:
                needed = "this or its pair"
            parts.append(
                f"| `{cell(column.header)}` | {needed} | {cell(column.help_en)} | "
                f"{cell(column.help_nl)} |"
            )
        parts.append("")
    parts += ["## Values of the coded columns", ""]
    for name in SCHEMES:
        lookup = lookups[name]
        parts += [f"### {lookup.noun} (`{name}`)", "", "| English | Nederlands | also | concept |"]
        parts.append("|---|---|---|---|")
        for code in lookup.codes:
            parts.append(
                f"| {cell(code.label)} | {cell(code.label_nl)} | "
                f"{cell('; '.join(code.other_labels))} | <{code.concept}> |"
            )
        parts.append("")
    return "\n".join(parts)


# --------------------------------------------------------------------------- the workbook


def _put(ws, row: int, column: int, value: object) -> None:  # type: ignore[no-untyped-def]
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"  # text, never a live formula
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"


def _sheet(ws, sheet: Sheet, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(sheet.columns, start=1):
        _put(ws, 1, index, column.header)
        ws.cell(row=1, column=index).font = Font(bold=True)
        width = max([len(column.header)] + [len(str(r.get(column.key, ""))) for r in rows])
        ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(sheet.columns, start=1):
            value = row.get(column.key)
            if value is not None and value != "":
                _put(ws, number, index, value)
    ws.freeze_panes = "A2"


def workbook_bytes(rows: Rows, lookups: dict[str, Lookup]) -> bytes:
    """The workbook: the README sheet, then one sheet per kind with ``rows``."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = "README"
    for number, line in enumerate(_lines(lookups), start=1):
        for index, text in enumerate(line, start=1):
            _put(readme, number, index, text)
        if len(line) == 1 or (line and line[0].startswith(("sheet ", "column /"))):
            readme.cell(row=number, column=1).font = Font(bold=True)
    for letter, width in zip("ABCD", (38, 24, 70, 70), strict=True):
        readme.column_dimensions[letter].width = width
    for sheet in ORDER:
        _sheet(book.create_sheet(sheet.name), sheet, rows.get(sheet.name, []))
    book.properties.creator = "governance-graph"
    book.properties.created = book.properties.modified = _FIXED
    out = io.BytesIO()
    book.save(out)
    return _same_bytes(out.getvalue())


def _same_bytes(data: bytes) -> bytes:
    """The zip rewritten with fixed times, so that the same workbook is the same bytes."""
    stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + stamp + rb"\g<3>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return out.getvalue()


def csv_files(rows: Rows) -> dict[str, bytes]:
    """One CSV file per sheet (UTF-8 with a byte-order mark, which spreadsheet programs need
    to read it as UTF-8): the header row, then ``rows``."""
    files = {}
    for sheet in ORDER:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.header for c in sheet.columns])
        for row in rows.get(sheet.name, []):
            writer.writerow([_csv_value(row.get(c.key)) for c in sheet.columns])
        files[f"{sheet.name}.csv"] = out.getvalue().encode("utf-8-sig")
    return files


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def export_workbook(kg, bodies: list[str] | None = None) -> tuple[bytes, dict[str, int]]:  # type: ignore[no-untyped-def]
    """The workbook of ``kg`` (``export --template``): every consultation body, or the
    ``bodies`` (IRIs) asked for, with what belongs to them; and the rows per sheet."""
    from .export import Selection, export_rows

    selection = Selection(tuple(bodies)) if bodies else None
    rows = export_rows(kg, selection)
    lookups = {name: Lookup.bundled(name) for name in SCHEMES}
    return workbook_bytes(rows, lookups), {name: len(r) for name, r in rows.items()}


# --------------------------------------------------------------------------- the generator


def write_templates(root: Path) -> list[Path]:
    """Write the lookup tables, then the templates, under ``root`` from the bundled graph
    (the lookups from its ontology, the example rows from its data). Returns the files."""
    from rdflib import Graph

    import governance_graph as gg
    from governance_graph import paths
    from governance_graph.files import atomic_write

    from .export import Selection, export_rows
    from .lookups import lookup_tables

    ontology = Graph()
    for path in paths.ontology_files():
        ontology.parse(path)
    written = []
    (root / "mappings" / "lookups").mkdir(parents=True, exist_ok=True)
    for name, text in lookup_tables(ontology).items():
        target = root / "mappings" / "lookups" / f"{name}.csv"
        atomic_write(target, text.encode("utf-8"))
        written.append(target)
    lookups = {name: Lookup.read(root / "mappings" / "lookups" / f"{name}.csv") for name in SCHEMES}
    kg = gg.load(engine="oxigraph")
    rows = export_rows(kg, Selection(EXAMPLE["bodies"], EXAMPLE["funding"]))
    (root / "templates" / "csv").mkdir(parents=True, exist_ok=True)
    target = root / "templates" / "bodies.xlsx"
    atomic_write(target, workbook_bytes(rows, lookups))
    written.append(target)
    for name, data in csv_files(rows).items():
        target = root / "templates" / "csv" / name
        atomic_write(target, data)
        written.append(target)
    target = root / "templates" / "csv" / "README.md"
    atomic_write(target, readme_markdown(lookups).encode("utf-8"))
    written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write templates/ and mappings/lookups/.")
    parser.add_argument("--write", action="store_true", help="write the files")
    parser.add_argument("--root", type=Path, default=None, help="default: the checkout")
    args = parser.parse_args(argv)
    if not args.write:
        parser.print_help()
        return 2
    from governance_graph import paths

    for path in write_templates(args.root or paths.bundled_root()):
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
