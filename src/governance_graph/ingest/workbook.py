"""Reading what a data steward hands in: an Excel workbook (``.xlsx``), an OpenDocument
spreadsheet (``.ods``), or a folder of CSV files (one per sheet), into :class:`Table` s of raw
cells, one per sheet of the template, with the row numbers a spreadsheet shows.

What spreadsheets do to data is undone here or refused with the place it happened:

* a CSV file may be UTF-8 (with or without a byte-order mark) or Windows-1252, and separated
  by commas, semicolons or tabs;
* a formula is read as the value the spreadsheet saved for it; one without a saved value is
  refused;
* cells merged down one column (a body written once for several seats) give every row the
  value; cells merged across columns are refused;
* a sheet or column may be named in English, in Dutch, or both (``kind / soort``); an unknown
  sheet or column, a missing required one, or one given twice, is refused with a suggestion;
* rows with nothing in them are skipped; a file that is not what its name says is refused.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from governance_graph.suggestions import close_names, did_you_mean

from .checks import Problems, place, shown
from .columns import IGNORED_SHEETS, ORDER, Column, Sheet, clean, fold

__all__ = ["MAX_BYTES", "RawSheet", "Record", "Table", "read_tables"]

#: The most a workbook's sheets (or a folder's CSV files) may hold, unpacked: some 700,000 rows
#: (10,000 bodies with 20 seats each are 90 MiB and take 3 GiB to ingest); more is refused
#: before anything is parsed, and so is a zip archive that unpacks to far more than it holds.
MAX_BYTES = 256 * 2**20
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
Progress = Callable[[str, str], None]


@dataclass
class RawSheet:
    """A sheet as read: its name, where messages say it is, and its non-empty rows (row
    number, cells from column A)."""

    name: str
    where: str
    rows: list[tuple[int, list[object]]] = field(default_factory=list)


@dataclass
class Record:
    """One data row: its number and its cells by column key (``None`` when empty)."""

    row: int
    cells: dict[str, object]


@dataclass
class Table:
    """The rows of one sheet of the template."""

    sheet: Sheet
    where: str
    headers: dict[str, str]  #: column key -> the header as written, for messages
    records: list[Record]

    def at(self, record: Record, key: str | None = None) -> str:
        """Where a row (or one of its cells) is, for a message."""
        column = self.headers.get(key, key) if key else None
        return place(self.where, record.row, column)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


# --------------------------------------------------------------------------- files


def read_tables(
    path: Path, shown_path: str, problems: Problems, progress: Progress | None = None
) -> dict[str, Table]:
    """The template's sheets in ``path`` (a workbook, a CSV file or a folder of them), by
    sheet name. Problems go to ``problems``; a file that cannot be read at all raises.
    ``progress(stage, message)`` hears of every 10,000 rows of a workbook read."""
    from .checks import IngestError

    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
        if not files:
            raise IngestError([f"{shown_path}: no CSV files (bodies.csv, seats.csv, …) in it"])
        _not_too_big(shown_path, sum(f.stat().st_size for f in files))
        raws = [_read_csv(f, os.path.join(shown_path, f.name)) for f in files]
    elif not path.exists():
        raise IngestError([f"{shown_path}: no such file or folder"])
    elif path.suffix.lower() == ".csv":
        _not_too_big(shown_path, path.stat().st_size)
        raws = [_read_csv(path, shown_path)]
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raws = _read_xlsx(path, shown_path, problems, progress)
    elif path.suffix.lower() == ".ods":
        raws = _read_ods(path, shown_path)
    else:
        raise IngestError(
            [f"{shown_path}: not a workbook this command reads (.xlsx, .ods, .csv or a folder)"]
        )
    return _tables(raws, shown_path, problems)


def _not_too_big(shown_path: str, size: int) -> None:
    from .checks import IngestError

    if size > MAX_BYTES:
        raise IngestError(
            [
                f"{shown_path}: {size / 2**20:.0f} MiB of cells, unpacked, more than ingest "
                f"reads at once ({MAX_BYTES / 2**20:.0f} MiB): split it into several workbooks"
            ]
        )


def _read_csv(path: Path, where: str) -> RawSheet:
    data = path.read_bytes()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")
    first = content.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    sheet = RawSheet(path.stem, where)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    for number, cells in enumerate(reader, start=1):
        if any(not _empty(c) for c in cells):
            sheet.rows.append((number, list(cells)))
    return sheet


def _read_ods(path: Path, shown_path: str) -> list[RawSheet]:
    import pandas as pd

    from .checks import IngestError

    try:
        frames = pd.read_excel(path, engine="odf", sheet_name=None, header=None, dtype=object)
    except Exception as exc:
        raise IngestError(
            [f"{shown_path}: not an OpenDocument spreadsheet (.ods): {type(exc).__name__}"]
        ) from None
    sheets = []
    for name, frame in frames.items():
        sheet = RawSheet(str(name), f"{shown_path}, sheet {name}")
        for index, values in enumerate(frame.itertuples(index=False), start=1):
            cells = [None if _is_nan(v) else v for v in values]
            if any(not _empty(c) for c in cells):
                sheet.rows.append((index, cells))
        sheets.append(sheet)
    return sheets


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and value != value


def _read_xlsx(
    path: Path, shown_path: str, problems: Problems, progress: Progress | None
) -> list[RawSheet]:
    from .checks import IngestError

    if not zipfile.is_zipfile(path):
        raise IngestError([f"{shown_path}: not an Excel workbook (.xlsx): not a zip archive"])
    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise IngestError(
                    [
                        f"{shown_path}: not an Excel workbook (.xlsx): a zip archive without "
                        "a workbook in it (no xl/workbook.xml)"
                    ]
                )
            _not_too_big(
                shown_path,
                sum(i.file_size for i in archive.infolist() if i.filename.startswith("xl/")),
            )
            merges = _merged_ranges(archive)
        return _xlsx_sheets(path, shown_path, merges, problems, progress)
    except IngestError:
        raise
    except Exception as exc:  # a broken workbook: openpyxl raises many kinds of errors
        raise IngestError(
            [f"{shown_path}: not a readable Excel workbook: {type(exc).__name__}: {exc}"]
        ) from None


def _merged_ranges(archive: zipfile.ZipFile) -> dict[str, list[tuple[int, int, int, int]]]:
    """Every sheet's merged cells (first row, first column, last row, last column), read from
    the worksheet XML as it streams by (openpyxl's fast reader does not give them)."""
    from openpyxl.utils import column_index_from_string

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    found: dict[str, list[tuple[int, int, int, int]]] = {}
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(_REL, ""), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part not in archive.namelist():
            continue
        ranges = []
        with archive.open(part) as stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                text = tail + chunk
                for m in _MERGE.finditer(text):
                    c1, r1, c2, r2 = m.group(1), m.group(2), m.group(3) or m.group(1), m.group(4)
                    ranges.append(
                        (
                            int(r1),
                            column_index_from_string(c1.decode()),
                            int(r2 or r1),
                            column_index_from_string(c2.decode()),
                        )
                    )
                tail = text[-200:]
        found[sheet.get("name", "")] = sorted(set(ranges))
    return found


def _xlsx_sheets(
    path: Path,
    shown_path: str,
    merges: dict[str, list],
    problems: Problems,
    progress: Progress | None,
) -> list[RawSheet]:
    import openpyxl

    sheets: list[RawSheet] = []
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        try:
            for ws in book.worksheets:
                sheet = RawSheet(ws.title, f"{shown_path}, sheet {ws.title}")
                ws.reset_dimensions()
                for number, row in enumerate(ws.iter_rows(), start=1):
                    cells = [c.value for c in row]
                    for index, cell in enumerate(row):
                        if cell.data_type == "f":
                            formulas.setdefault(ws.title, {})[(number, index)] = str(cell.value)
                    if any(not _empty(c) for c in cells):
                        sheet.rows.append((number, cells))
                    if progress is not None and number % 10_000 == 0:
                        progress("reading", f"sheet {ws.title}, row {number}")
                sheets.append(sheet)
        finally:
            book.close()
        if formulas:
            _saved_values(path, sheets, formulas, problems)
    for sheet in sheets:
        _unmerge(sheet, merges.get(sheet.name, []), problems)
    return sheets


def _saved_values(
    path: Path,
    sheets: list[RawSheet],
    formulas: dict[str, dict[tuple[int, int], str]],
    problems: Problems,
) -> None:
    """Put in place of each formula the value the spreadsheet saved for it."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in sheets:
            wanted = formulas.get(sheet.name)
            if not wanted:
                continue
            ws = book[sheet.name]
            ws.reset_dimensions()
            saved: dict[tuple[int, int], object] = {}
            rows_wanted = {r for r, _ in wanted}
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if number in rows_wanted:
                    for r, c in wanted:
                        if r == number:
                            saved[(r, c)] = row[c] if c < len(row) else None
            by_number = dict(sheet.rows)
            header = sheet.rows[0][1] if sheet.rows else []
            for (r, c), formula in sorted(wanted.items()):
                value = saved.get((r, c))
                if value is None:
                    named = clean(str(header[c])) if c < len(header) and header[c] else ""
                    problems.add(
                        place(sheet.where, r, named or None)
                        + ("" if named else f", column {get_column_letter(c + 1)}"),
                        f"a formula ({formula}) without a saved value: type the value, or "
                        "open and save the workbook in a spreadsheet program",
                    )
                    if r in by_number:
                        by_number[r][c] = None  # reported once, not again as a bad value
                elif r in by_number:
                    by_number[r][c] = value
    finally:
        book.close()


def _unmerge(sheet: RawSheet, ranges: list[tuple[int, int, int, int]], problems: Problems) -> None:
    """Give every row of a merged range down one column the value of its first cell."""
    from openpyxl.utils import get_column_letter

    if not ranges:
        return
    rows = dict(sheet.rows)
    header = sheet.rows[0][0] if sheet.rows else 0
    for r1, c1, r2, c2 in ranges:
        cells = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
        if c1 != c2:
            problems.add(
                place(sheet.where, r1),
                f"cells {cells} are merged across columns: unmerge them, one value per column",
            )
            continue
        if r1 <= header:
            continue
        first = rows.get(r1, [])
        value = first[c1 - 1] if c1 - 1 < len(first) else None
        for r in range(r1 + 1, r2 + 1):
            cells_of_row = rows.setdefault(r, [])
            cells_of_row.extend([None] * (c1 - len(cells_of_row)))
            cells_of_row[c1 - 1] = value
    sheet.rows = sorted(
        (r, cells) for r, cells in rows.items() if any(not _empty(c) for c in cells)
    )


# --------------------------------------------------------------------------- sheets


def _tables(raws: list[RawSheet], shown_path: str, problems: Problems) -> dict[str, Table]:
    from .checks import IngestError

    by_name: dict[str, Sheet] = {}
    for spec in ORDER:
        for name in spec.names():
            by_name[name] = spec
    tables: dict[str, Table] = {}
    for raw in raws:
        spec = by_name.get(fold(raw.name))
        if spec is None:
            if fold(raw.name) in IGNORED_SHEETS or not raw.rows:
                continue
            names = [s.name for s in ORDER]
            hint = did_you_mean([f"'{n}'" for n in close_names(raw.name, names)])
            problems.add(
                raw.where,
                f"not a sheet of the template ({', '.join(names)})" + (f": {hint}" if hint else ""),
            )
            continue
        if spec.name in tables:
            problems.add(raw.where, f"a second sheet {spec.name} (also {tables[spec.name].where})")
            continue
        tables[spec.name] = _table(spec, raw, problems)
    if not tables and not problems:
        found = ", ".join(r.name for r in raws) or "none"
        raise IngestError(
            [
                f"{shown_path}: no sheet of the template "
                f"({', '.join(s.name for s in ORDER)}); it has: {found}"
            ]
        )
    if tables and not any(t.records for t in tables.values()) and not problems:
        raise IngestError([f"{shown_path}: every sheet is empty: nothing to ingest"])
    return tables


def _table(spec: Sheet, raw: RawSheet, problems: Problems) -> Table:
    from openpyxl.utils import get_column_letter

    table = Table(spec, raw.where, {}, [])
    if not raw.rows:
        return table
    header_row, header_cells = raw.rows[0]
    by_index: dict[int, Column] = {}
    for index, cell in enumerate(header_cells):
        written = clean(str(cell)) if cell is not None else ""
        if not written:
            continue
        where = place(raw.where, header_row, None) + f", column {get_column_letter(index + 1)}"
        column = spec.column(written)
        if column is None:
            names = [c.en for c in spec.columns] + [c.nl for c in spec.columns]
            hint = did_you_mean([f"'{n}'" for n in close_names(written, names)])
            problems.add(where, f"unknown column '{written}'" + (f" ({hint})" if hint else ""))
            continue
        if column.key in table.headers:
            problems.add(where, f"column '{written}' is there twice")
            continue
        table.headers[column.key] = written
        by_index[index] = column
    for column in spec.columns:
        if column.required and column.key not in table.headers:
            partners = [c for c in spec.columns if c.pair and c.pair == column.pair]
            if column.pair and any(p.key in table.headers for p in partners):
                continue
            if column.pair and column is not partners[0]:
                continue
            wanted = " or ".join(f"'{c.header}'" for c in (partners or [column]))
            problems.add(
                place(raw.where, header_row),
                f"no column {wanted}: every {spec.what} needs it",
            )
    stray: set[int] = set()
    for number, cells in raw.rows[1:]:
        values: dict[str, object] = {}
        for index, value in enumerate(cells):
            if _empty(value):
                continue
            column = by_index.get(index)
            if column is None:
                if index not in stray and not any(
                    clean(str(c or "")) for i, c in enumerate(header_cells) if i == index
                ):
                    stray.add(index)
                    problems.add(
                        place(raw.where, number) + f", column {get_column_letter(index + 1)}",
                        f"{shown(value)} is in a column without a header",
                    )
                continue
            values[column.key] = value
        if values:
            table.records.append(Record(number, values))
    return table
