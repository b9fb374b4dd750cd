"""Bad input, as data stewards hand it in: each workbook below is either read correctly (the
same Turtle as the hand-written one) or refused with the exact lines naming file, sheet, row
and column; never a traceback (the console script is run), exit 2, and the output file is left
as it was (nothing half-written beside it)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from .conftest import requires_morph_kgc
from .workbooks import (
    FORUM,
    PEOPLE,
    formatted_empty_rows,
    patch_sheet,
    three_bodies,
    write_csvs,
    write_xlsx,
)

pytestmark = requires_morph_kgc


def refused(gg, workbook: Path, *lines: str) -> None:  # type: ignore[no-untyped-def]
    """``ingest workbook -o out.ttl`` exits 2 with exactly ``lines`` ({w}: the workbook as
    given) and leaves out.ttl as it was."""
    out = workbook.parent / "out.ttl"
    out.write_text("previous\n", encoding="utf-8")
    before = sorted(p.name for p in workbook.parent.iterdir())
    done = gg("ingest", workbook, "-o", out, code=2)
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "governance-graph: error: " + line.format(w=workbook) for line in lines
    ]
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in workbook.parent.iterdir()) == before


def read_correctly(gg, workbook: Path, three_ttl: Path) -> None:  # type: ignore[no-untyped-def]
    out = workbook.parent / "out.ttl"
    gg("ingest", workbook, "-o", out)
    assert out.read_bytes() == three_ttl.read_bytes()


def sheets_with(**changes):  # type: ignore[no-untyped-def]
    """The three bodies with cells changed: ``sheet=[(row, column, value), …]`` (0-based)."""
    sheets = three_bodies()
    for sheet, cells in changes.items():
        for row, column, value in cells:
            sheets[sheet][row][column] = value
    return sheets


# --------------------------------------------------------------------------- refused


def test_an_empty_workbook(gg, tmp_path: Path) -> None:
    refused(
        gg,
        write_xlsx(tmp_path / "empty.xlsx", {}),
        "{w}: no sheet of the template (bodies, seats, chairs, people, memberships, funding, "
        "sources); it has: Sheet1",
    )
    header_only = {"bodies": [["name in English", "kind", "source"]]}
    refused(
        gg,
        write_xlsx(tmp_path / "headers.xlsx", header_only),
        "{w}: every sheet is empty: nothing to ingest",
    )


def test_a_missing_sheet(gg, tmp_path: Path) -> None:
    sheets = three_bodies()
    del sheets["people"]
    where = "{w}, sheet memberships, row %d, column 'person'"
    refused(
        gg,
        write_xlsx(tmp_path / "w.xlsx", sheets),
        *(
            f"{where % row}: no person '{name}' in sheet people or in the graph "
            "(the workbook has no sheet people)"
            for row, name in ((2, "An Peeters"), (3, "An Peeters"), (4, "Bart Janssens"),
                              (5, "Chris Wouters"))
        ),
    )  # fmt: skip


def test_a_renamed_and_a_missing_required_column(gg, tmp_path: Path) -> None:
    sheets = three_bodies()
    sheets["bodies"][0][2] = "type"
    for row in sheets["seats"]:
        del row[4]
    refused(
        gg,
        write_xlsx(tmp_path / "w.xlsx", sheets),
        "{w}, sheet bodies, row 1, column C: unknown column 'type'",
        "{w}, sheet bodies, row 1: no column 'kind / soort': every organisation needs it",
        "{w}, sheet seats, row 1: no column 'constituency / geleding': every seat needs it",
    )


def test_a_duplicate_person(gg, tmp_path: Path) -> None:
    sheets = three_bodies()
    sheets["people"].append(["\u00a0An  Peeters ", "an@example.org", PEOPLE])
    refused(
        gg,
        write_xlsx(tmp_path / "w.xlsx", sheets),
        "{w}, sheet people, row 5: duplicate person 'An Peeters' (also row 2)",
    )


def test_a_body_in_an_unknown_region(gg, tmp_path: Path) -> None:
    refused(
        gg,
        write_xlsx(tmp_path / "w.xlsx", sheets_with(bodies=[(2, 3, "Noorderkempenland")])),
        "{w}, sheet bodies, row 3, column 'region': no region 'Noorderkempenland' in the graph",
    )


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"seats": [(1, 5, "sixteen")]},
            "{w}, sheet seats, row 2, column 'places': 'sixteen' is not a whole number",
        ),
        (
            {"bodies": [(1, 2, "tripartiet")]},
            "{w}, sheet bodies, row 2, column 'kind': unknown body kind 'tripartiet' "
            "(did you mean 'tripartiet orgaan' or 'tripartite body'?)",
        ),
        (
            {"memberships": [(2, 0, "Tine Decuyper")]},
            "{w}, sheet memberships, row 3, column 'person': no person 'Tine Decuyper' in sheet "
            "people or in the graph (did you mean 'Tine Decuypere'?)",
        ),
        (
            {"memberships": [(1, 3, "31/02/2021")]},
            "{w}, sheet memberships, row 2, column 'from': '31/02/2021' is not a date: there is "
            "no day 31 of month 2 in 2021 (dates are day/month/year or year-month-day)",
        ),
        (
            {"seats": [(4, 6, "maybe")]},
            "{w}, sheet seats, row 5, column 'vote': 'maybe' is not yes or no (ja or nee)",
        ),
        (
            {"people": [(1, 1, "an.peeters(at)example.org")]},
            "{w}, sheet people, row 2, column 'e-mail': 'an.peeters(at)example.org' is not an "
            "e-mail address (name@example.org)",
        ),
    ],
    ids=["number", "kind", "person", "date", "yes-no", "e-mail"],
)
def test_a_cell_that_is_wrong(gg, tmp_path: Path, changes, line: str) -> None:
    refused(gg, write_xlsx(tmp_path / "w.xlsx", sheets_with(**changes)), line)


def test_a_shacl_violation_is_reported_on_its_row(gg, tmp_path: Path) -> None:
    sheets = sheets_with(seats=[(4, 6, "yes")])
    del sheets["chairs"][1]
    refused(
        gg,
        write_xlsx(tmp_path / "w.xlsx", sheets),
        "{w}, sheet bodies, row 2: A consultation body needs exactly one gg:Chair "
        "(linked with gg:chairOf)",
        "{w}, sheet seats, row 5: An advisory attendee seat (ggd:role-advisory-attendee) has no "
        "vote: it needs gg:voting false",
    )


def test_a_formula_without_a_saved_value(gg, tmp_path: Path) -> None:
    refused(
        gg,
        write_xlsx(tmp_path / "w.xlsx", sheets_with(seats=[(1, 5, "=2*3")])),
        "{w}, sheet seats, row 2, column 'places': a formula (=2*3) without a saved value: "
        "type the value, or open and save the workbook in a spreadsheet program",
    )


def test_cells_merged_across_columns(gg, tmp_path: Path) -> None:
    import openpyxl

    path = write_xlsx(tmp_path / "w.xlsx", sheets_with(people=[(3, 1, None)]))
    book = openpyxl.load_workbook(path)
    book["people"].merge_cells("A4:B4")
    book.save(path)
    refused(
        gg,
        path,
        "{w}, sheet people, row 4: cells A4:B4 are merged across columns: unmerge them, one "
        "value per column",
    )


def test_an_xlsx_that_is_a_zip_of_something_else(gg, tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    refused(
        gg,
        path,
        "{w}: not an Excel workbook (.xlsx): a zip archive without a workbook in it "
        "(no xl/workbook.xml)",
    )
    (tmp_path / "text.xlsx").write_text("name,source\n", encoding="utf-8")
    refused(gg, tmp_path / "text.xlsx", "{w}: not an Excel workbook (.xlsx): not a zip archive")


def test_a_workbook_too_big_to_read_at_once(tmp_path: Path, monkeypatch) -> None:
    from governance_graph.ingest import IngestError, workbook
    from governance_graph.ingest.checks import Problems

    path = write_xlsx(tmp_path / "w.xlsx", three_bodies())
    monkeypatch.setattr(workbook, "MAX_BYTES", 2**10)
    with pytest.raises(IngestError) as err:
        workbook.read_tables(path, "w.xlsx", Problems())
    (line,) = err.value.lines
    assert re.fullmatch(
        r"w\.xlsx: 0 MiB of cells, unpacked, more than ingest reads at once \(0 MiB\): "
        r"split it into several workbooks",
        line,
    )


# --------------------------------------------------------------------------- read correctly


def test_dates_in_three_formats(gg, tmp_path: Path, three_ttl: Path) -> None:
    sheets = sheets_with(
        memberships=[(1, 3, "2021-01-01"), (2, 3, dt.datetime(2021, 3, 1)), (4, 4, "30.6.2023")]
    )
    read_correctly(gg, write_xlsx(tmp_path / "w.xlsx", sheets), three_ttl)


def test_numbers_as_text(gg, tmp_path: Path, three_ttl: Path) -> None:
    sheets = sheets_with(
        seats=[(1, 5, "6"), (2, 5, " 4 "), (3, 5, 4.0)], memberships=[(4, 3, "2020")]
    )
    read_correctly(gg, write_xlsx(tmp_path / "w.xlsx", sheets), three_ttl)


def test_trailing_and_non_breaking_spaces_in_names(gg, tmp_path: Path, three_ttl: Path) -> None:
    sheets = sheets_with(
        people=[(1, 0, "An\u00a0Peeters "), (2, 0, " Bart  Janssens")],
        memberships=[(1, 0, "An Peeters\u00a0"), (1, 1, f"{FORUM.replace(' ', chr(160))} ")],
        bodies=[(2, 0, "SERR Noorderkempen\u202f")],
    )
    read_correctly(gg, write_xlsx(tmp_path / "w.xlsx", sheets), three_ttl)


def test_a_formula_with_its_saved_value(gg, tmp_path: Path, three_ttl: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", sheets_with(seats=[(1, 5, "=2*3")]))
    patch_sheet(
        path, "seats", lambda xml: re.sub(rb"(<f>2\*3</f>)(<v\s*/>|<v></v>)?", rb"\1<v>6</v>", xml)
    )
    read_correctly(gg, path, three_ttl)


def test_merged_cells_down_a_column(gg, tmp_path: Path, three_ttl: Path) -> None:
    import openpyxl

    path = write_xlsx(tmp_path / "w.xlsx", sheets_with(seats=[(2, 0, None), (3, 0, None)]))
    book = openpyxl.load_workbook(path)
    book["seats"].merge_cells("A2:A5")  # the forum, written once for its four seats
    book.save(path)
    read_correctly(gg, path, three_ttl)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1252", ","), ("utf-8-sig", ","), ("utf-8", ";"), ("utf-8-sig", ";")],
    ids=["windows-1252", "bom", "semicolons", "bom-semicolons"],
)
def test_csv_files(gg, tmp_path: Path, three_ttl: Path, encoding: str, delimiter: str) -> None:
    folder = write_csvs(tmp_path / "csv", three_bodies(), encoding=encoding, delimiter=delimiter)
    read_correctly(gg, folder, three_ttl)


def test_a_50_mb_sheet(gg, tmp_path: Path, three_ttl: Path) -> None:
    """A people sheet formatted down to row 700,000 (its XML over 50 MB), as sheets often are."""
    path = write_xlsx(tmp_path / "w.xlsx", three_bodies())
    patch_sheet(path, "people", formatted_empty_rows(5, 700_000))
    with zipfile.ZipFile(path) as archive:
        assert max(i.file_size for i in archive.infolist()) > 50 * 2**20
    read_correctly(gg, path, three_ttl)
