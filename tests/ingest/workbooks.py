"""Workbooks the ingest tests write: the hand-written one of three new bodies (their seats,
chairs, people and memberships, citing two sections of a new source), and any variant of it,
as an Excel workbook (openpyxl) or as a folder of CSV files.

Sheets are given as lists of rows, the first row the header, exactly as a steward would type
them; :func:`three_bodies` returns a fresh copy to change.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
from pathlib import Path

COUNCILS = "Test register — Councils"
PEOPLE = "Test register — People"
FORUM = "Kempen Employment Forum"
SERR = "SERR Noorderkempen"
GROUP = "Kempen Forum Working Group"

_THREE_BODIES: dict[str, list[list[object]]] = {
    "bodies": [
        ["name in English", "name in Dutch", "kind", "region", "part of", "secretariat", "source"],
        [FORUM, "Kempens Werkgelegenheidsforum", "tripartite body", "Kempen", None, None, COUNCILS],
        [SERR, SERR, "SERR", "Kempen", None, None, COUNCILS],
        [GROUP, "Werkgroep Kempens Forum", "voorbereidende werkgroep", "Kempen", FORUM, "VDAB",
         COUNCILS],
    ],
    "seats": [
        ["body", "name in English", "name in Dutch", "role", "constituency", "places", "vote",
         "held by", "source"],
        [FORUM, "seat of the local authorities in Kempen Employment Forum",
         "zetel van de lokale besturen", "member", "government", 6, "yes", "local authorities",
         COUNCILS],
        [FORUM, "seat of the employers", "zetel van de werkgevers", "member", "employers", 4,
         "yes", "social partners", COUNCILS],
        [FORUM, "seat of the employees", "zetel van de werknemers", "member", "employees", 4,
         "yes", "social partners", COUNCILS],
        [FORUM, "advisory seat of VDAB", "raadgevende zetel van de VDAB",
         "advisory attendee (no vote)", "public employment service", 1, "no", "VDAB", COUNCILS],
        [SERR, "seat of the employers", "zetel van de werkgevers", "member", "employers", 5, None,
         "social partners", COUNCILS],
        [SERR, "seat of the employees", "zetel van de werknemers", "member", "employees", 5, None,
         "social partners", COUNCILS],
        [GROUP, "seat of the government", "zetel van de overheid", "member", "government", None,
         None, "Flemish Government", COUNCILS],
        [GROUP, "seat of the social partners", "zetel van de sociale partners", "member",
         "social partners (employers and employees)", None, None, "social partners", COUNCILS],
    ],
    "chairs": [
        ["body", "chosen how", "ex officio holder of", "representative of", "chosen from seat",
         "exception, in English", "exception, in Dutch", "source"],
        [FORUM, "a representative of a kind of organisation", None, "provincial authorities",
         None, None, None, COUNCILS],
        [SERR, "one of the members", None, None, "seat of the employers", None, None, COUNCILS],
        [GROUP, "ex officio, by the holder of a named post",
         "Minister-President of the Flemish Government", None, None,
         "The forum may appoint another chair.", "Het forum kan een andere voorzitter aanstellen.",
         COUNCILS],
    ],
    "people": [
        ["name", "e-mail", "source"],
        ["An Peeters", "an.peeters@example.org", PEOPLE],
        ["Bart Janssens", "bart.janssens@example.org", PEOPLE],
        ["Chris Wouters", None, PEOPLE],
    ],
    "memberships": [
        ["person", "body", "role", "from", "until", "source"],
        ["An Peeters", FORUM, "coordinator", dt.date(2021, 1, 1), None, PEOPLE],
        ["An Peeters", SERR, "coordinator", "01/03/2021", None, PEOPLE],
        ["Bart Janssens", SERR, "contact person", None, None, PEOPLE],
        ["Chris Wouters", GROUP, "contact person; member", 2020, "2023-06-30", PEOPLE],
    ],
    "sources": [
        ["source", "document title in English", "document title in Dutch", "section in English",
         "section in Dutch", "language of the document", "web address"],
        [COUNCILS, "Register of test councils", "Register van testraden", "Councils", "Raden",
         "en", "https://example.org/test-register"],
        [PEOPLE, "Register of test councils", "Register van testraden", "People", "Personen",
         "en", "https://example.org/test-register"],
    ],
}  # fmt: skip


def three_bodies() -> dict[str, list[list[object]]]:
    """The sheets of the hand-written workbook (a copy to change)."""
    return copy.deepcopy(_THREE_BODIES)


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """``sheets`` as an Excel workbook at ``path`` (no sheet for an empty dict)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    if not sheets:
        book.create_sheet("Sheet1")
    book.save(path)
    return path


def write_csvs(
    folder: Path,
    sheets: dict[str, list[list[object]]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    """``sheets`` as ``<name>.csv`` files in ``folder`` (dates written ISO)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            for row in rows:
                writer.writerow(
                    ["" if v is None else v.isoformat() if isinstance(v, dt.date) else v
                     for v in row]
                )  # fmt: skip
    return folder


def patch_sheet(path: Path, sheet: str, change) -> Path:  # type: ignore[no-untyped-def]
    """Rewrite the XML of one sheet of the workbook at ``path`` with ``change(bytes) -> bytes``
    (what a spreadsheet program saves and openpyxl does not: formulas' values, bloat)."""
    import zipfile

    import openpyxl

    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    part = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def formatted_empty_rows(first: int, count: int):  # type: ignore[no-untyped-def]
    """A change for :func:`patch_sheet`: ``count`` rows of formatted, empty cells after the
    data, as a sheet formatted down to its last row has them."""

    def change(xml: bytes) -> bytes:
        rows = b"".join(
            b'<row r="%d"><c r="A%d" s="0"/><c r="B%d" s="0"/><c r="C%d" s="0"/></row>'
            % (n, n, n, n)
            for n in range(first, first + count)
        )
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    return change
