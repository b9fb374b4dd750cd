"""Reading workbooks and CSV folders: what spreadsheets do to data is undone (encodings,
separators, formulas, merged cells, spaces) or refused with the place it happened."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from governance_graph.ingest.checks import IngestError, Problems
from governance_graph.ingest.workbook import read_tables

from .workbooks import write_csvs, write_xlsx

PEOPLE = [["name", "e-mail", "source"], ["Jürgen Müller", "j.muller@example.org", "register"]]


def read(path: Path, shown: str = "w.xlsx") -> tuple[dict, list[str]]:
    problems = Problems()
    tables = read_tables(path, shown, problems)
    return tables, problems.lines


def cells(tables: dict, sheet: str) -> list[tuple[int, dict]]:
    return [(r.row, r.cells) for r in tables[sheet].records]


def test_a_workbook_is_read_by_sheet_with_the_spreadsheet_row_numbers(tmp_path: Path) -> None:
    sheets = {
        "bodies": [
            ["name in English", "kind / soort", "source"],
            [None, None, None],
            ["  RESOC Test\u00a0", "RESOC", "register"],
        ],
        "README": [["anything at all"]],
        "Sheet1": [],
    }
    tables, problems = read(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert problems == []
    assert list(tables) == ["bodies"]
    assert cells(tables, "bodies") == [
        (3, {"name_en": "  RESOC Test\u00a0", "kind": "RESOC", "source": "register"})
    ]
    assert tables["bodies"].headers == {
        "name_en": "name in English",
        "kind": "kind / soort",
        "source": "source",
    }
    assert tables["bodies"].where == "w.xlsx, sheet bodies"


def test_dutch_sheet_and_column_names(tmp_path: Path) -> None:
    sheets = {"personen": [["naam", "bron"], ["An Peeters", "register"]]}
    tables, problems = read(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert problems == []
    assert cells(tables, "people") == [(2, {"name": "An Peeters", "source": "register"})]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-8", "\t"), ("utf-8-sig", ";")],
    ids=["utf-8", "bom", "windows-1252-semicolons", "tabs", "bom-semicolons"],
)
def test_csv_encodings_and_separators(tmp_path: Path, encoding: str, delimiter: str) -> None:
    folder = write_csvs(
        tmp_path / "csv", {"people": PEOPLE}, encoding=encoding, delimiter=delimiter
    )
    tables, problems = read(folder, "csv")
    assert problems == []
    assert tables["people"].where == "csv/people.csv"
    assert cells(tables, "people") == [
        (2, {"name": "Jürgen Müller", "email": "j.muller@example.org", "source": "register"})
    ]


def test_a_single_csv_file(tmp_path: Path) -> None:
    folder = write_csvs(tmp_path / "csv", {"people": PEOPLE})
    tables, _ = read(folder / "people.csv", "people.csv")
    assert tables["people"].where == "people.csv"


def test_cells_merged_down_a_column_give_every_row_the_value(tmp_path: Path) -> None:
    import openpyxl

    path = write_xlsx(
        tmp_path / "w.xlsx",
        {
            "seats": [
                ["body", "name in English", "role", "constituency", "source"],
                ["VESOC", "seat a", "member", "government", "register"],
                [None, "seat b", "member", "government", "register"],
                [None, "seat c", "member", "government", "register"],
            ]
        },
    )
    book = openpyxl.load_workbook(path)
    book["seats"].merge_cells("A2:A4")
    book.save(path)
    tables, problems = read(path)
    assert problems == []
    assert [c["body"] for _, c in cells(tables, "seats")] == ["VESOC", "VESOC", "VESOC"]


def test_cells_merged_across_columns_are_refused(tmp_path: Path) -> None:
    import openpyxl

    path = write_xlsx(
        tmp_path / "w.xlsx",
        {"people": [["name", "e-mail", "source"], ["An Peeters", None, "register"]]},
    )
    book = openpyxl.load_workbook(path)
    book["people"].merge_cells("A2:B2")
    book.save(path)
    _, problems = read(path)
    assert problems == [
        "w.xlsx, sheet people, row 2: cells A2:B2 are merged across columns: unmerge them, "
        "one value per column"
    ]


def _formula_workbook(tmp_path: Path, saved: str | None) -> Path:
    """A seat whose places are the formula =2*3, with ``saved`` as the value a spreadsheet
    program saved for it (openpyxl saves none)."""
    path = write_xlsx(
        tmp_path / "w.xlsx",
        {
            "seats": [
                ["body", "name in English", "role", "constituency", "places", "source"],
                ["VESOC", "a", "member", "government", "=2*3", "r"],
            ]
        },
    )
    if saved is None:
        return path
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    name = next(n for n in parts if n.startswith("xl/worksheets/"))
    parts[name] = re.sub(
        rb"(<f>2\*3</f>)(<v\s*/>|<v></v>)?", rb"\1<v>" + saved.encode() + b"</v>", parts[name]
    )
    with zipfile.ZipFile(path, "w") as archive:
        for n, data in parts.items():
            archive.writestr(n, data)
    return path


def test_a_formula_is_read_as_its_saved_value(tmp_path: Path) -> None:
    tables, problems = read(_formula_workbook(tmp_path, "6"))
    assert problems == []
    assert cells(tables, "seats")[0][1]["places"] == 6


def test_a_formula_without_a_saved_value_is_refused(tmp_path: Path) -> None:
    _, problems = read(_formula_workbook(tmp_path, None))
    assert problems == [
        "w.xlsx, sheet seats, row 2, column 'places': a formula (=2*3) without a saved value: type "
        "the value, or open and save the workbook in a spreadsheet program"
    ]


def test_headers_unknown_missing_and_twice(tmp_path: Path) -> None:
    sheets = {
        "bodies": [
            ["naam in het Engels", "knd", "region", "regio", "source"],
            ["X", "RESOC", "Kempen", "Kempen", "register"],
        ],
        "bodys": [["name"], ["x"]],
    }
    _, problems = read(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert problems == [
        "w.xlsx, sheet bodies, row 1, column B: unknown column 'knd' (did you mean 'kind'?)",
        "w.xlsx, sheet bodies, row 1, column D: column 'regio' is there twice",
        "w.xlsx, sheet bodies, row 1: no column 'kind / soort': every organisation needs it",
        "w.xlsx, sheet bodys: not a sheet of the template (bodies, seats, chairs, people, "
        "memberships, funding, sources): did you mean 'bodies'?",
    ]


def test_a_value_under_no_header(tmp_path: Path) -> None:
    sheets = {"people": [["name", "source"], ["An Peeters", "register", "stray"]]}
    _, problems = read(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert problems == [
        "w.xlsx, sheet people, row 2, column C: 'stray' is in a column without a header"
    ]


def test_an_ods_spreadsheet(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "w.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame(PEOPLE[1:], columns=PEOPLE[0]).to_excel(
            writer, sheet_name="people", index=False
        )
    tables, problems = read(path, "w.ods")
    assert problems == []
    assert cells(tables, "people") == [
        (2, {"name": "Jürgen Müller", "email": "j.muller@example.org", "source": "register"})
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_bytes(b"name,source\n"),
            "w.xlsx: not an Excel workbook (.xlsx): not a zip archive",
        ),
        (
            lambda p: zipfile.ZipFile(p, "w").writestr("notes.txt", "hello"),
            "w.xlsx: not an Excel workbook (.xlsx): a zip archive without a workbook in it "
            "(no xl/workbook.xml)",
        ),
    ],
    ids=["not-a-zip", "zip-of-something-else"],
)
def test_files_that_are_not_workbooks(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "w.xlsx"
    make(path)
    with pytest.raises(IngestError) as err:
        read(path)
    assert err.value.lines == [message]


def test_empty_workbooks_and_folders(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as err:
        read(write_xlsx(tmp_path / "w.xlsx", {}))
    assert err.value.lines == [
        "w.xlsx: no sheet of the template (bodies, seats, chairs, people, memberships, "
        "funding, sources); it has: Sheet1"
    ]
    with pytest.raises(IngestError) as err:
        read(write_xlsx(tmp_path / "h.xlsx", {"bodies": [["name in English", "kind", "source"]]}))
    assert err.value.lines == ["w.xlsx: every sheet is empty: nothing to ingest"]
    (tmp_path / "none").mkdir()
    with pytest.raises(IngestError) as err:
        read(tmp_path / "none", "none")
    assert err.value.lines == ["none: no CSV files (bodies.csv, seats.csv, …) in it"]
    with pytest.raises(IngestError) as err:
        read(tmp_path / "missing.xlsx", "missing.xlsx")
    assert err.value.lines == ["missing.xlsx: no such file or folder"]
