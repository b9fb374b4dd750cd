"""The rows of one sheet, each cell checked and converted (:class:`SheetRows`), and the tables
the mapping reads (:data:`FIELDS`, :class:`Prepared`) with the helpers that fill them: ids
written or made from names, references resolved, where each IRI came from. The sheets
themselves are prepared by :mod:`.tables`.

Cells are normalised here: text cleaned, whole numbers, yes/no and dates in one form
(``2019-03-01``; a year alone as ``2019``), coded values as their English label, the join key
of ``mappings/lookups/``. A column that takes several values (``;``) gives a list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from governance_graph.namespaces import GGD
from governance_graph.suggestions import did_you_mean

from . import checks
from .checks import CellError, Problems
from .columns import Column, slug
from .lookups import Lookup
from .resolve import Names
from .workbook import Record, Table

__all__ = ["FIELDS", "Context", "Prepared", "SheetRows", "local"]

#: The mapping's input tables and their columns. ``id`` is the local name of the resource a
#: row makes (``ggd:<id>``); every other reference is a whole IRI.
FIELDS: dict[str, tuple[str, ...]] = {
    "bodies": ("id", "name_en", "name_nl", "kind", "part_of", "secretariat"),
    "body-regions": ("id", "region"),
    "body-sources": ("id", "source"),
    "seats": (
        *("id", "body", "name_en", "name_nl", "role", "constituency", "places", "voting"),
        *("condition_en", "condition_nl", "source"),
    ),
    "seat-groups": ("id", "group"),
    "seat-posts": ("id", "post"),
    "chairs": (
        *("id", "body", "name_en", "name_nl", "selection", "ex_officio", "chosen_from"),
        *("exception_en", "exception_nl", "source"),
    ),
    "chair-representatives": ("id", "representative"),
    "people": ("id", "name", "email"),
    "person-sources": ("id", "source"),
    "memberships": ("id", "person", "body", "source"),
    "membership-roles": ("id", "role"),
    "membership-periods": ("id", "source"),
    "membership-starts": ("id", "date", "year", "source"),
    "membership-ends": ("id", "date", "year", "source"),
    "funding": ("id", "name_en", "name_nl", "funder", "recipient", "frequency", "source"),
    "funding-purposes": ("id", "purpose"),
    "purposes": ("id", "label", "source"),
    "sources": (
        *("id", "document", "document_en", "document_nl", "section_en", "section_nl"),
        *("language", "address", "identifier"),
    ),
}

#: The sheets whose rows a reference of each target may name.
_SHEETS_OF = {
    "organisation": ("bodies",),
    "agent": ("bodies", "people"),
    "holder": ("bodies",),
    "person": ("people",),
    "seat": ("seats",),
    "source": ("sources",),
}

_CONVERT: dict[str, Callable[[object], object]] = {
    "id": checks.identifier,
    "text": checks.text,
    "integer": lambda v: str(checks.whole_number(v)),
    "boolean": checks.boolean,
    "date": checks.date,
    "email": checks.email,
    "url": checks.url,
    "language": checks.language,
}


def local(iri: str) -> str:
    """The part of an IRI a made id uses: the local name of a ``ggd:`` IRI."""
    return iri[len(str(GGD)) :] if iri.startswith(str(GGD)) else slug(iri.rsplit("/", 1)[-1])


@dataclass
class Prepared:
    """The mapping's input tables, where each IRI the rows make comes from, and how many rows
    were read."""

    tables: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {name: [] for name in FIELDS}
    )
    origins: dict[str, str] = field(default_factory=dict)
    rows: int = 0

    def put(self, table: str, **values: object) -> None:
        self.tables[table].append(
            {k: "" if values.get(k) is None else str(values[k]) for k in FIELDS[table]}
        )


class SheetRows:
    """The converted cells of one sheet (none when the workbook lacks it), row by row; a
    cell that cannot be converted is reported and left empty."""

    def __init__(self, table: Table | None, problems: Problems, lookups: dict[str, Lookup]) -> None:
        self.table = table
        self.problems = problems
        self.lookups = lookups
        self.rows: list[tuple[Record, dict[str, object]]] = []
        if table is None:
            return
        for record in table.records:
            values = {c.key: self._cell(record, c) for c in table.sheet.columns}
            self._require(record)
            self.rows.append((record, values))

    def at(self, record: Record, key: str | None = None) -> str:
        assert self.table is not None
        return self.table.at(record, key)

    def _cell(self, record: Record, column: Column) -> object:
        raw = record.cells.get(column.key)
        if raw is None:
            return [] if column.many else None
        try:
            if column.kind == "code":
                return self._code(raw, column)
            if column.kind in ("ref", "source"):
                written = checks.text(raw)
                if column.many:
                    return [p.strip() for p in written.split(";") if p.strip()]
                return written
            return _CONVERT[column.kind](raw)
        except CellError as err:
            self.problems.add(self.at(record, column.key), str(err))
            return [] if column.many else None

    def _code(self, raw: object, column: Column) -> object:
        lookup = self.lookups[column.scheme or ""]
        written = checks.text(raw)
        parts = [p.strip() for p in written.split(";") if p.strip()] if column.many else [written]
        found = []
        for part in parts:
            code = lookup.find(part)
            if code is None:
                hint = did_you_mean([f"'{n}'" for n in lookup.suggest(part)])
                raise CellError(f"unknown {lookup.noun} '{part}'" + (f" ({hint})" if hint else ""))
            found.append(code.label)
        return found if column.many else found[0]

    def _require(self, record: Record) -> None:
        assert self.table is not None
        sheet, done = self.table.sheet, set()
        for column in sheet.columns:
            if not column.required or column.key in done or not self._has_column(column):
                continue
            group = [c for c in sheet.columns if column.pair and c.pair == column.pair]
            done.update(c.key for c in group)
            if any(record.cells.get(c.key) is not None for c in group or [column]):
                continue
            if group:
                wanted = " and ".join(f"'{self.table.headers.get(c.key, c.en)}'" for c in group)
                self.problems.add(
                    self.at(record), f"{wanted} are empty, but every {sheet.what} needs one of them"
                )
            else:
                self.problems.add(
                    self.at(record, column.key), f"empty, but every {sheet.what} needs one"
                )

    def _has_column(self, column: Column) -> bool:
        """Whether the sheet has the column (or one of its pair): a missing one is reported
        once, on the header row, not on every row."""
        assert self.table is not None
        group = [c for c in self.table.sheet.columns if column.pair and c.pair == column.pair]
        return any(c.key in self.table.headers for c in group or [column])


class Context:
    """What preparing the sheets shares: the converted sheets, the names, the problems and
    the output."""

    def __init__(self, tables: dict[str, Table], names: Names, problems: Problems) -> None:
        schemes = {c.scheme for t in tables.values() for c in t.sheet.columns if c.scheme}
        lookups = {name: Lookup.bundled(name) for name in schemes}
        self.sheets = {
            name: SheetRows(tables.get(name), problems, lookups)
            for name in ("sources", "bodies", "people", "seats", "chairs", "memberships", "funding")
        }
        self.names = names
        self.problems = problems
        self.out = Prepared()
        self.out.rows = sum(len(r.rows) for r in self.sheets.values())

    def resolve(
        self,
        rows: SheetRows,
        record: Record,
        key: str,
        value: object,
        target: str,
        body: str | None = None,
    ):  # type: ignore[no-untyped-def]
        """The IRI a reference names (a list of them for a list); None (left out of a list)
        when it names nothing, which is reported."""
        if isinstance(value, list):
            found = (self.resolve(rows, record, key, v, target, body) for v in value)
            return [iri for iri in found if iri]
        if not value:
            return None
        try:
            return self.names.find(str(value), target, body=body)
        except CellError as err:
            missing = [s for s in _SHEETS_OF.get(target, ()) if self.sheets[s].table is None]
            hint = f" (the workbook has no sheet {' or '.join(missing)})" if missing else ""
            self.problems.add(rows.at(record, key), f"{err}{hint}")
            return None

    def mint(
        self,
        rows: SheetRows,
        record: Record,
        given: object,
        made: str,
        seen: dict[str, tuple[int, str]],
        shown: str,
    ) -> str | None:
        """The row's id: the one written, else ``made``. A second row with the same id is a
        problem (``shown`` says what the row is, for the message)."""
        what = rows.table.sheet.what if rows.table else "row"
        ident = str(given) if given else made
        if not ident:
            self.problems.add(
                rows.at(record, "id"), f"cannot make an id for this {what}: write one"
            )
            return None
        if ident in seen:
            row, first = seen[ident]
            self.problems.add(rows.at(record), f"duplicate {what} {first} (also row {row})")
            return None
        seen[ident] = (record.row, shown)
        return ident

    def origin(self, ident: str, rows: SheetRows, record: Record) -> None:
        """Remember that the row made ``ggd:<ident>``."""
        self.out.origins.setdefault(str(GGD) + ident, rows.at(record))
