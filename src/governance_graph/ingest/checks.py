"""What ingest says when a cell is wrong, and the checks that turn one cell into one value.

Every problem is a line that names the place in the spreadsheet, never the RDF: ``bodies.xlsx,
sheet seats, row 14, column 'places': 'sixteen' is not a whole number``. The checks are
collected (:class:`Problems`) so that a workbook with several mistakes shows them all at once;
:class:`IngestError` carries them.

>>> whole_number(" 16 "), whole_number(16.0), whole_number("16")
(16, 16, 16)
>>> whole_number("sixteen")
Traceback (most recent call last):
...
governance_graph.ingest.checks.CellError: 'sixteen' is not a whole number
>>> date("2019-03-01"), date("01/03/2019"), date("1.3.2019"), date(2019)
(('2019-03-01', 'date'), ('2019-03-01', 'date'), ('2019-03-01', 'date'), ('2019', 'year'))
>>> boolean("Nee"), boolean("yes"), boolean(True)
('false', 'true', 'true')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

from governance_graph.errors import GovernanceGraphError

from .columns import clean, fold

__all__ = [
    "SHOWN",
    "CellError",
    "IngestError",
    "Problems",
    "boolean",
    "date",
    "email",
    "identifier",
    "language",
    "place",
    "shown",
    "text",
    "url",
    "whole_number",
]

#: The most problems an error lists, one per line.
SHOWN = 50

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_TRUE = {"yes", "ja", "true", "waar", "y", "j", "1"}
_FALSE = {"no", "nee", "false", "onwaar", "n", "0"}
_LANGUAGES = {
    "en": "en",
    "english": "en",
    "engels": "en",
    "nl": "nl",
    "dutch": "nl",
    "nederlands": "nl",
}


class CellError(ValueError):
    """One cell's value is not what its column takes (the message says why, without place)."""


class IngestError(GovernanceGraphError):
    """The workbook cannot be ingested; ``lines`` holds every problem, one line each, and the
    message is the first with how many more there are."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = list(lines) or ["nothing to ingest"]
        more = len(self.lines) - 1
        super().__init__(self.lines[0] + (f" (and {more} more)" if more else ""))


class Problems:
    """The problems found so far, in the order found, without repeats."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._seen: set[str] = set()

    def add(self, where: str, message: str) -> None:
        line = f"{where}: {message}" if where else message
        if line not in self._seen:
            self._seen.add(line)
            self.lines.append(line)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def raise_if_any(self) -> None:
        """Raise them all, in the order of the template's sheets and then of rows."""
        if self.lines:
            raise IngestError(sorted(self.lines, key=_where_key))


def _where_key(line: str) -> tuple[int, int]:
    from .columns import ORDER

    found = re.search(r"(?:, sheet |[/\\]|^)([\w-]+?)(?:\.csv)?, row (\d+)", line)
    if found:
        for index, sheet in enumerate(ORDER):
            if fold(found.group(1)) in sheet.names():
                return (index, int(found.group(2)))
    return (-1, 0)


def place(where: str, row: int | None = None, column: str | None = None) -> str:
    """``bodies.xlsx, sheet seats, row 14, column 'places'``."""
    out = where
    if row is not None:
        out += f", row {row}"
    if column is not None:
        out += f", column '{column}'"
    return out


def shown(value: object) -> str:
    """A cell's value as a message quotes it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    text = clean(text)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def text(value: object) -> str:
    """Any cell as text: white space cleaned, a whole number without '.0', a date as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean(str(value))


def whole_number(value: object) -> int:
    """A whole number of at least 1: a number cell, or digits written as text."""
    if isinstance(value, bool):
        raise CellError(f"{shown(value)} is not a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        written = text(value)
        if not re.fullmatch(r"\+?\d+(\.0+)?", written):
            raise CellError(f"{shown(value)} is not a whole number")
        number = int(written.lstrip("+").split(".")[0])
    if number < 1:
        raise CellError(f"{shown(value)} is not a whole number of at least 1")
    return number


def boolean(value: object) -> str:
    """``true`` or ``false`` from yes/no, ja/nee, true/false, waar/onwaar, 1/0 or a checkbox."""
    if isinstance(value, bool):
        return "true" if value else "false"
    key = fold(text(value))
    if key in _TRUE:
        return "true"
    if key in _FALSE:
        return "false"
    raise CellError(f"{shown(value)} is not yes or no (ja or nee)")


def date(value: object) -> tuple[str, str]:
    """``(ISO text, "date")`` for a day or ``(year, "year")`` for a year alone. A day is a date
    cell, ``2019-03-01``, or day/month/year as ``01/03/2019``, ``1-3-2019`` or ``1.3.2019``."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise CellError(f"{shown(value)} is a moment, not a date (it has a time of day)")
        return value.date().isoformat(), "date"
    if isinstance(value, dt.date):
        return value.isoformat(), "date"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        written = text(value)
        if _YEAR.match(written):
            return written, "year"
        raise CellError(f"{shown(value)} is not a date (write 2019-03-01, 01/03/2019 or 2019)")
    written = text(value)
    if _YEAR.match(written):
        return written, "year"
    found = _ISO.match(written)
    if found:
        year, month, day = (int(x) for x in found.groups())
    else:
        found = _DMY.match(written)
        if not found:
            raise CellError(
                f"{shown(value)} is not a date (write 2019-03-01, 01/03/2019 or a year, 2019)"
            )
        day, month, year = int(found.group(1)), int(found.group(3)), int(found.group(4))
    try:
        return dt.date(year, month, day).isoformat(), "date"
    except ValueError:
        raise CellError(
            f"{shown(value)} is not a date: there is no day {day} of month {month} in {year} "
            "(dates are day/month/year or year-month-day)"
        ) from None


def email(value: object) -> str:
    written = text(value)
    if not _EMAIL.match(written):
        raise CellError(f"{shown(value)} is not an e-mail address (name@example.org)")
    return written


def url(value: object) -> str:
    written = text(value)
    if not _URL.match(written):
        raise CellError(f"{shown(value)} is not a web address (https://…)")
    return written


def language(value: object) -> str:
    """The language of a document: ``en`` or ``nl``."""
    key = _LANGUAGES.get(fold(text(value)))
    if key is None:
        raise CellError(f"{shown(value)} is not a language this template knows (en or nl)")
    return key


def identifier(value: object) -> str:
    """An id as the graph's IRIs have them: lowercase words joined by hyphens."""
    written = text(value)
    local = written.removeprefix("ggd:").removeprefix("https://w3id.org/governance-graph/id/")
    if not _ID.match(local):
        raise CellError(
            f"{shown(value)} is not an id: lowercase letters and digits joined by hyphens "
            "(e.g. 'resoc-brugge')"
        )
    return local
