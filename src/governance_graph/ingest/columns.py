"""The template's sheets and columns, read from ``mappings/sheets.csv`` and
``mappings/columns.csv``: what each sheet and column is called (English and Dutch), what kind
of value a column takes, whether every row needs it, and what it means. The workbook reader,
the checks, the template writer and the export all read this one table, and its ``key`` is the
name of the column in the tables the mapping reads.

A header cell may be written in English, in Dutch, or as the template writes it, both joined by
" / " (``kind / soort``); case and spacing do not count. Sheet names likewise (``bodies`` or
``organen``).

>>> SHEETS["seats"].column("plaatsen").key
'places'
>>> SHEETS["bodies"].column(" Kind /  soort ").header
'kind / soort'
>>> slug("RESOC Meetjesland-Leie&Schelde"), slug("  Tine Decuypere "), slug("ngo's")
('resoc-meetjesland-leie-schelde', 'tine-decuypere', 'ngos')
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field

from governance_graph import paths

__all__ = ["IGNORED_SHEETS", "ORDER", "SHEETS", "Column", "Sheet", "clean", "fold", "slug"]

#: Sheets a workbook may have that ingest does not read (the template's explanations).
IGNORED_SHEETS = ("readme", "leesmij")

_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile("['\u2019]")


def clean(text: str) -> str:
    """``text`` with every run of white space (non-breaking spaces too) made one space, and
    none at either end."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def fold(text: str) -> str:
    """``text`` as names are compared: cleaned and case-folded."""
    return clean(text).casefold()


def slug(text: str) -> str:
    """A name made lowercase-hyphenated, as the graph's IRIs are (``docs/design.md``):
    accents dropped, apostrophes removed, every other run of characters that is not a letter
    or a digit one hyphen."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    ``kind`` says what a cell holds: ``id``, ``text``, ``integer`` (a whole number of at least
    1), ``boolean``, ``date`` (a date or a year), ``email``, ``url``, ``language`` (en or nl),
    ``code`` (a concept of the lookup ``scheme``, by label), ``ref`` (something the workbook
    or the graph has, of kind ``target``), ``source`` (a source of the sheet sources or a
    section of the graph). ``many``: several values, separated by ";". ``pair``: the name of a
    pair of columns (English and Dutch) of which a row needs at least one when ``required``."""

    key: str
    en: str
    nl: str
    kind: str
    help_en: str
    help_nl: str
    required: bool = False
    many: bool = False
    scheme: str | None = None
    target: str | None = None
    pair: str | None = None

    @property
    def header(self) -> str:
        """The header cell the template writes."""
        return self.en if self.en == self.nl else f"{self.en} / {self.nl}"

    def names(self) -> set[str]:
        """Every way a header cell may name this column, folded."""
        return {fold(self.en), fold(self.nl), fold(self.header)}


@dataclass(frozen=True)
class Sheet:
    """One sheet (or CSV file) of the template: one row per ``what``."""

    name: str
    nl: str
    what: str
    what_nl: str
    help_en: str
    help_nl: str
    columns: tuple[Column, ...] = field(default=())

    def names(self) -> set[str]:
        return {fold(self.name), fold(self.nl)}

    def column(self, header: str) -> Column | None:
        """The column a header cell names, or None."""
        key = fold(header)
        return next((c for c in self.columns if key in c.names()), None)

    def by_key(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def _read(name: str) -> list[dict[str, str]]:
    with (paths.mappings_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sheets() -> tuple[Sheet, ...]:
    columns: dict[str, list[Column]] = {}
    for row in _read("columns.csv"):
        columns.setdefault(row["sheet"], []).append(
            Column(
                row["key"],
                row["en"],
                row["nl"],
                row["kind"],
                row["help_en"],
                row["help_nl"],
                required=row["required"] == "yes",
                many=row["many"] == "yes",
                scheme=row["scheme"] or None,
                target=row["target"] or None,
                pair=row["pair"] or None,
            )
        )
    return tuple(
        Sheet(
            row["sheet"],
            row["sheet_nl"],
            row["what"],
            row["what_nl"],
            row["help_en"],
            row["help_nl"],
            tuple(columns.get(row["sheet"], ())),
        )
        for row in _read("sheets.csv")
    )


#: The sheets in the order the template has them.
ORDER = _sheets()
SHEETS = {sheet.name: sheet for sheet in ORDER}
