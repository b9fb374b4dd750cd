"""The cell checks and the column table: every kind of cell a steward types, read or refused
with the words the messages use."""

from __future__ import annotations

import datetime as dt

import pytest

from governance_graph.ingest import checks
from governance_graph.ingest.checks import CellError, IngestError, Problems
from governance_graph.ingest.columns import ORDER, SHEETS, clean, fold, slug


def test_every_sheet_of_the_template_is_there_in_order() -> None:
    assert [s.name for s in ORDER] == [
        "bodies",
        "seats",
        "chairs",
        "people",
        "memberships",
        "funding",
        "sources",
    ]
    for sheet in ORDER:
        assert sheet.columns[0].key == "id", sheet.name
        assert any(c.required for c in sheet.columns), sheet.name
        keys = sheet.keys()
        assert len(keys) == len(set(keys)), sheet.name
        for column in sheet.columns:
            assert column.help_en and column.help_nl, (sheet.name, column.key)


@pytest.mark.parametrize(
    "header", ["places / plaatsen", "places", "PLAATSEN", " places\u00a0/  plaatsen "]
)
def test_a_header_is_english_dutch_or_both(header: str) -> None:
    column = SHEETS["seats"].column(header)
    assert column is not None and column.key == "places"


def test_white_space_and_names() -> None:
    assert clean(" Tine\u00a0 Decuypere\t\n") == "Tine Decuypere"
    assert fold("  RESOC\u202fBrugge ") == "resoc brugge"
    assert slug("SERR Oostende/Westhoek") == "serr-oostende-westhoek"
    assert slug("Ignace Van der Vorst") == "ignace-van-der-vorst"
    assert slug("Coördinatiecel") == "coordinatiecel"
    assert slug("employers\u2019 organisations") == "employers-organisations"


@pytest.mark.parametrize(
    ("cell", "number"), [(16, 16), (16.0, 16), ("16", 16), (" 16 ", 16), ("+3", 3), ("4.0", 4)]
)
def test_whole_numbers(cell: object, number: int) -> None:
    assert checks.whole_number(cell) == number


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("sixteen", "'sixteen' is not a whole number"),
        (16.5, "'16.5' is not a whole number"),
        ("1.000,5", "'1.000,5' is not a whole number"),
        (True, "'True' is not a whole number"),
        (0, "'0' is not a whole number of at least 1"),
        ("-2", "'-2' is not a whole number"),
    ],
)
def test_not_whole_numbers(cell: object, message: str) -> None:
    with pytest.raises(CellError) as err:
        checks.whole_number(cell)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("yes", "true"),
        ("JA", "true"),
        (" waar ", "true"),
        (True, "true"),
        (1, "true"),
        ("no", "false"),
        ("Nee", "false"),
        (False, "false"),
        ("0", "false"),
    ],
)
def test_yes_and_no(cell: object, value: str) -> None:
    assert checks.boolean(cell) == value


def test_not_yes_or_no() -> None:
    with pytest.raises(CellError, match=r"^'maybe' is not yes or no \(ja or nee\)$"):
        checks.boolean("maybe")


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (dt.date(2019, 3, 1), ("2019-03-01", "date")),
        (dt.datetime(2019, 3, 1), ("2019-03-01", "date")),
        ("2019-03-01", ("2019-03-01", "date")),
        ("2019-3-1", ("2019-03-01", "date")),
        ("01/03/2019", ("2019-03-01", "date")),
        ("1-3-2019", ("2019-03-01", "date")),
        ("1.3.2019", ("2019-03-01", "date")),
        ("2019-03-01 00:00:00", ("2019-03-01", "date")),
        ("2019", ("2019", "year")),
        (2019, ("2019", "year")),
        (2019.0, ("2019", "year")),
    ],
)
def test_dates_in_every_format(cell: object, value: tuple[str, str]) -> None:
    assert checks.date(cell) == value


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            "31/02/2019",
            "'31/02/2019' is not a date: there is no day 31 of month 2 in 2019 "
            "(dates are day/month/year or year-month-day)",
        ),
        (
            "03/13/2019",
            "'03/13/2019' is not a date: there is no day 3 of month 13 in 2019 "
            "(dates are day/month/year or year-month-day)",
        ),
        (
            "1 maart 2019",
            "'1 maart 2019' is not a date (write 2019-03-01, 01/03/2019 or a year, 2019)",
        ),
        (43525, "'43525' is not a date (write 2019-03-01, 01/03/2019 or 2019)"),
        (
            dt.datetime(2019, 3, 1, 14, 30),
            "'2019-03-01T14:30:00' is a moment, not a date (it has a time of day)",
        ),
    ],
)
def test_not_dates(cell: object, message: str) -> None:
    with pytest.raises(CellError) as err:
        checks.date(cell)
    assert str(err.value) == message


def test_addresses_languages_and_ids() -> None:
    assert checks.email(" an.peeters@example.org ") == "an.peeters@example.org"
    with pytest.raises(CellError, match="is not an e-mail address"):
        checks.email("an.peeters(at)example.org")
    assert checks.url("https://example.org/a") == "https://example.org/a"
    with pytest.raises(CellError, match="is not a web address"):
        checks.url("www.example.org")
    assert checks.language("Nederlands") == "nl" and checks.language("EN") == "en"
    with pytest.raises(CellError, match="is not a language this template knows"):
        checks.language("fr")
    assert checks.identifier("ggd:resoc-brugge") == "resoc-brugge"
    with pytest.raises(CellError, match="is not an id"):
        checks.identifier("RESOC Brugge")


def test_text_of_any_cell() -> None:
    assert checks.text(None) == ""
    assert checks.text(2004.0) == "2004"
    assert checks.text(dt.datetime(2019, 3, 1)) == "2019-03-01"
    assert checks.text("  a\u00a0 b ") == "a b"
    assert checks.text(float("nan")) == ""


def test_problems_are_kept_once_and_raised_together_by_sheet_and_row() -> None:
    problems = Problems()
    problems.add("x.xlsx, sheet seats, row 3, column 'places'", "'six' is not a whole number")
    problems.add("x.xlsx, sheet seats, row 2", "empty")
    problems.add("x.xlsx, sheet seats, row 2", "empty")
    assert len(problems) == 2
    with pytest.raises(IngestError) as err:
        problems.raise_if_any()
    assert err.value.lines == [
        "x.xlsx, sheet seats, row 2: empty",
        "x.xlsx, sheet seats, row 3, column 'places': 'six' is not a whole number",
    ]
    assert str(err.value).endswith("(and 1 more)")
    assert (
        checks.place("a.xlsx, sheet bodies", 4, "kind")
        == "a.xlsx, sheet bodies, row 4, column 'kind'"
    )
