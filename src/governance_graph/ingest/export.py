"""The graph's rows for the template's workbook (``export --template``): the queries of
``mappings/export/`` (one per sheet) run over the closure, each giving ``(id, column, value)``,
made into one row per resource with the values a steward reads and ingest reads back: names
for references (a name :class:`~governance_graph.ingest.resolve.Names` maps back to the same
resource, else ``ggd:<id>``), coded values by English label, numbers, yes/no, dates.

What is written: the consultation bodies (or the bodies asked for) with their seats and chairs;
the memberships in them (a whole export: every person's memberships) and their people (a whole
export: every person); the funding links (a selection: those to or from its bodies); the
source sections all these rows cite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from governance_graph import paths
from governance_graph.namespaces import GGD, compact

from .columns import ORDER, SHEETS
from .lookups import Lookup
from .resolve import Names
from .tables import LANGUAGE

__all__ = ["Selection", "export_rows"]

Rows = dict[str, list[dict[str, object]]]


@dataclass(frozen=True)
class Selection:
    """What to export: bodies and funding links by IRI; ``None`` for every consultation body
    (and every person and funding link)."""

    bodies: tuple[str, ...] | None = None
    funding: tuple[str, ...] = field(default=())


def _pivot(kg, sheet: str) -> dict[str, dict[str, list]]:  # type: ignore[no-untyped-def]
    text = (paths.mappings_dir() / "export" / f"{sheet}.rq").read_text(encoding="utf-8")
    found: dict[str, dict[str, list]] = {}
    for ident, key, value in kg.query(text, reasoning=True):
        values = found.setdefault(str(ident), {}).setdefault(str(key), [])
        if value not in values:
            values.append(value)
    for columns in found.values():
        for values in columns.values():
            values.sort(key=str)
    return found


def export_rows(kg, selection: Selection | None = None) -> Rows:  # type: ignore[no-untyped-def]
    """The rows of every sheet (by sheet name, in the columns' keys) for ``selection`` of
    the graph ``kg``, sorted by id."""
    selection = selection or Selection()
    data = {sheet.name: _pivot(kg, sheet.name) for sheet in ORDER}
    names = Names()
    names.read_graph(kg)
    if selection.bodies is None:
        bodies = {i for i, c in data["bodies"].items() if c.get("consultation")}
    else:
        bodies = set(selection.bodies)
    keep = {
        "bodies": bodies,
        "seats": {i for i, c in data["seats"].items() if _one(c, "body") in bodies},
        "chairs": {i for i, c in data["chairs"].items() if _one(c, "body") in bodies},
    }
    everyone = selection.bodies is None
    keep["memberships"] = {
        i
        for i, c in data["memberships"].items()
        if _one(c, "body") in bodies or (everyone and _one(c, "person") in data["people"])
    }
    members = {_one(data["memberships"][i], "person") for i in keep["memberships"]}
    keep["people"] = {i for i in data["people"] if everyone or i in members}
    keep["funding"] = {
        i
        for i, c in data["funding"].items()
        if everyone or i in selection.funding or {_one(c, "funder"), _one(c, "recipient")} & bodies
    }
    cited = {
        str(s)
        for name, ids in keep.items()
        for i in ids
        for s in data[name].get(i, {}).get("source", [])
    }
    keep["sources"] = cited & set(data["sources"])
    writer = _Writer(names, _source_names(data["sources"], keep["sources"]))
    return {
        sheet.name: [
            writer.row(sheet.name, i, data[sheet.name].get(i, {})) for i in sorted(keep[sheet.name])
        ]
        for sheet in ORDER
    }


def _one(columns: dict[str, list], key: str) -> str | None:
    values = columns.get(key) or []
    return str(values[0]) if values else None


def _source_names(sources: dict[str, dict[str, list]], kept: Iterable[str]) -> dict[str, str]:
    """A name for each cited section: its document's title and its heading."""
    names: dict[str, str] = {}
    for ident in sorted(kept):
        columns = sources[ident]
        document = _one(columns, "document_en") or _one(columns, "document_nl") or ""
        section = _one(columns, "section_en") or _one(columns, "section_nl") or ""
        name = f"{document} — {section}" if section else document
        if name in names.values():
            name = compact(URIRef(ident))
        names[ident] = name
    return names


class _Writer:
    """Cells from the graph's values, column by column."""

    def __init__(self, names: Names, sources: dict[str, str]) -> None:
        self.names = names
        self.sources = sources
        self.lookups: dict[str, Lookup] = {}

    def row(self, sheet: str, ident: str, columns: dict[str, list]) -> dict[str, object]:
        spec = SHEETS[sheet]
        row: dict[str, object] = {}
        for column in spec.columns:
            if column.key == "id":
                row["id"] = ident[len(str(GGD)) :] if ident.startswith(str(GGD)) else ident
                continue
            values = [self._cell(sheet, column, v, columns) for v in columns.get(column.key, [])]
            values = [v for v in values if v is not None and v != ""]
            if not values:
                continue
            if len(values) == 1 or not all(isinstance(v, str) for v in values):
                row[column.key] = values[0]
            else:
                row[column.key] = "; ".join(str(v) for v in values)
        if sheet == "sources":
            row["source"] = self.sources.get(ident, "")
        return row

    def _cell(self, sheet: str, column, value, columns: dict[str, list]) -> object:  # type: ignore[no-untyped-def]
        key = column.key
        if column.kind == "code":
            lookup = self.lookups.setdefault(column.scheme, Lookup.bundled(column.scheme))
            code = lookup.of(str(value))
            return code.label if code else compact(value)
        if column.kind == "source":
            return self.sources.get(str(value), compact(value))
        if column.kind == "ref" and isinstance(value, URIRef):
            body = _one(columns, "body") if column.target == "seat" else None
            return self.names.label(str(value), column.target, body=body)
        if key == "document_id":
            return str(value)[len(str(GGD)) :] if str(value).startswith(str(GGD)) else None
        if key == "language":
            return str(value).removeprefix(LANGUAGE)
        if isinstance(value, Literal):
            python = value.toPython()
            if column.kind == "boolean":
                return "yes" if python is True else "no"
            if column.kind in ("integer",) and isinstance(python, int):
                return python
            if column.kind == "date":
                if isinstance(python, dt.date):
                    return python
                return int(str(value)) if str(value).isdigit() else str(value)
            return str(value)
        return str(value)
