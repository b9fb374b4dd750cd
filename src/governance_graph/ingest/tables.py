"""Each sheet of the template made into the mapping's tables (:data:`.rows.FIELDS`): ids made,
references resolved, values of several in tables of their own. The sheets are read in the
order their references need: sources, bodies and people first (their names are then known to
every other sheet), then seats (known to chairs), chairs, memberships and funding.

Ids made from names (``docs/design.md``): a body or person from its name (``resoc-brugge``,
``tine-decuypere``), a seat ``<body>-seat-<name>`` (its name without "seat of the" and "in
<body>"), a chair ``<body>-chair``, a membership
``membership-<person>-<body>``, a funding link ``funding-<funder>-<recipient>``, a new funding
purpose ``purpose-<name>``, a document ``doc-<title>`` and its section ``<document>-<heading>``.
"""

from __future__ import annotations

import re

from governance_graph.namespaces import GGD

from .checks import Problems
from .columns import slug
from .resolve import Names
from .rows import Context, Prepared, SheetRows, local
from .workbook import Table

__all__ = ["prepare"]

LANGUAGE = "http://id.loc.gov/vocabulary/iso639-1/"
WHOLE_DOCUMENT = ("(the whole document)", "(het hele document)")


def prepare(tables: dict[str, Table], names: Names, problems: Problems) -> Prepared:
    """The mapping's tables from the workbook's ``tables``; references are looked up in
    ``names`` (the graph's resources), to which the workbook's rows are added."""
    context = Context(tables, names, problems)
    _sources(context)
    bodies = _register_bodies(context)
    _people(context)
    seats = _register_seats(context)
    chairs = _register_chairs(context)
    _bodies(context, bodies)
    _seats(context, seats)
    _chairs(context, chairs)
    _memberships(context)
    _funding(context)
    return context.out


def _sources_of(context: Context, rows: SheetRows, record, values, ident: str, table: str) -> None:  # type: ignore[no-untyped-def]
    """The source cell(s) of a row: one row of ``table`` per section (a list cell), or the
    one section put in the row by the caller."""
    for section in context.resolve(rows, record, "source", values["source"], "source"):
        context.out.put(table, id=ident, source=section)


def _source(context: Context, rows: SheetRows, record, values) -> str | None:  # type: ignore[no-untyped-def]
    return context.resolve(rows, record, "source", values["source"], "source")


# --------------------------------------------------------------------------- sources


def _sources(context: Context) -> None:
    rows = context.sheets["sources"]
    seen: dict[str, tuple[int, str]] = {}
    documents: dict[str, tuple[int, dict[str, object]]] = {}
    for record, v in rows.rows:
        title = v["document_en"] or v["document_nl"]
        document = v["document_id"] or (f"doc-{slug(str(title))}" if title else "")
        if not document:
            continue
        section_en, section_nl = v["section_en"], v["section_nl"]
        if not section_en and not section_nl:
            section_en, section_nl = WHOLE_DOCUMENT
        made = f"{document}-{slug(str(section_en or section_nl))}"
        name = str(v["source"] or "")
        ident = context.mint(rows, record, v["id"], made, seen, f"'{name}'")
        if ident is None:
            continue
        about = {k: v[k] for k in ("document_en", "document_nl", "language", "address")}
        first = documents.setdefault(document, (record.row, about))
        for key, value in about.items():
            if value and first[1][key] and value != first[1][key]:
                context.problems.add(
                    rows.at(record, key),
                    f"'{value}' differs from row {first[0]} ('{first[1][key]}') for the same "
                    f"document ggd:{document}",
                )
        context.names.add(str(GGD[ident]), ("section",), [name, ident], where=rows.at(record))
        context.origin(ident, rows, record)
        context.origin(document, rows, record)
        context.out.put(
            "sources",
            id=ident,
            document=document,
            document_en=v["document_en"],
            document_nl=v["document_nl"],
            section_en=section_en,
            section_nl=section_nl,
            language=LANGUAGE + str(v["language"]) if v["language"] else None,
            address=v["address"],
            identifier=v["identifier"] or v["address"] or title,
        )


# --------------------------------------------------------------------------- bodies, people


def _register_bodies(context: Context) -> list[tuple]:
    rows, seen, kept = context.sheets["bodies"], {}, []
    for record, v in rows.rows:
        name = str(v["name_en"] or v["name_nl"] or "")
        ident = context.mint(rows, record, v["id"], slug(name), seen, f"'{name}'")
        if ident is None:
            continue
        names = [str(n) for n in (v["name_en"], v["name_nl"]) if n]
        context.names.add(str(GGD[ident]), ("organisation", "agent"), names, where=rows.at(record))
        context.origin(ident, rows, record)
        kept.append((record, v, ident))
    return kept


def _bodies(context: Context, bodies: list[tuple]) -> None:
    rows = context.sheets["bodies"]
    for record, v, ident in bodies:
        for region in context.resolve(rows, record, "region", v["region"], "region"):
            context.out.put("body-regions", id=ident, region=region)
        _sources_of(context, rows, record, v, ident, "body-sources")
        context.out.put(
            "bodies",
            id=ident,
            name_en=v["name_en"],
            name_nl=v["name_nl"],
            kind=v["kind"],
            part_of=context.resolve(rows, record, "part_of", v["part_of"], "organisation"),
            secretariat=context.resolve(
                rows, record, "secretariat", v["secretariat"], "organisation"
            ),
        )


def _people(context: Context) -> None:
    rows, seen = context.sheets["people"], {}
    for record, v in rows.rows:
        name = str(v["name"] or "")
        ident = context.mint(rows, record, v["id"], slug(name), seen, f"'{name}'")
        if ident is None:
            continue
        context.names.add(str(GGD[ident]), ("person", "agent"), [name], where=rows.at(record))
        context.origin(ident, rows, record)
        _sources_of(context, rows, record, v, ident, "person-sources")
        context.out.put("people", id=ident, name=name, email=v["email"])


# --------------------------------------------------------------------------- posts


def _register_seats(context: Context) -> list[tuple]:
    rows, seen, kept = context.sheets["seats"], {}, []
    for record, v in rows.rows:
        body = context.resolve(rows, record, "body", v["body"], "organisation")
        name = str(v["name_en"] or v["name_nl"] or "")
        if body is None:
            continue
        short = _seat_name(slug(name), slug(str(v["body"] or "")), local(body))
        made = f"{local(body)}-seat-{short}" if short else ""
        ident = context.mint(rows, record, v["id"], made, seen, f"'{name}' of {v['body']}")
        if ident is None:
            continue
        names = [str(n) for n in (v["name_en"], v["name_nl"]) if n]
        context.names.add(
            str(GGD[ident]), ("seat", "post"), names, where=rows.at(record), body=body
        )
        context.origin(ident, rows, record)
        kept.append((record, v, ident, body))
    return kept


def _seat_name(name: str, *bodies: str) -> str:
    """A seat's part of its id: its name without "seat(s) of the" before it and "in <body>"
    after it ("seat of the social partners in RESOC Brugge": ``social-partners``)."""
    short = re.sub(r"^(\d+-)?(seats?|zetels?)-(of|van|for|voor)-((the|de|het)-)?", "", name)
    for body in bodies:
        if body and short.endswith(f"-{body}"):
            short = re.sub(r"-(in|of|van|voor)(-(the|de|het))?$", "", short[: -len(body) - 1])
    return short or name


def _seats(context: Context, seats: list[tuple]) -> None:
    rows = context.sheets["seats"]
    for record, v, ident, body in seats:
        for holder in context.resolve(rows, record, "held_by", v["held_by"], "holder"):
            kinds = context.names.entries[holder].kinds
            if "agent" in kinds:
                context.out.put("seat-groups", id=ident, group=holder)
            else:
                context.out.put("seat-posts", id=ident, post=holder)
        context.out.put(
            "seats",
            **{k: v[k] for k in ("name_en", "name_nl", "role", "constituency", "places")},
            **{k: v[k] for k in ("voting", "condition_en", "condition_nl")},
            id=ident,
            body=body,
            source=_source(context, rows, record, v),
        )


def _register_chairs(context: Context) -> list[tuple]:
    rows, seen, kept = context.sheets["chairs"], {}, []
    for record, v in rows.rows:
        body = context.resolve(rows, record, "body", v["body"], "organisation")
        if body is None:
            continue
        ident = context.mint(rows, record, v["id"], f"{local(body)}-chair", seen, f"of {v['body']}")
        if ident is None:
            continue
        names = [str(n) for n in (v["name_en"], v["name_nl"]) if n]
        context.names.add(str(GGD[ident]), ("post",), names, where=rows.at(record), body=body)
        context.origin(ident, rows, record)
        kept.append((record, v, ident, body))
    return kept


def _chairs(context: Context, chairs: list[tuple]) -> None:
    rows = context.sheets["chairs"]
    for record, v, ident, body in chairs:
        for what in context.resolve(
            rows, record, "representative_of", v["representative_of"], "holder"
        ):
            context.out.put("chair-representatives", id=ident, representative=what)
        context.out.put(
            "chairs",
            **{k: v[k] for k in ("name_en", "name_nl", "selection")},
            **{k: v[k] for k in ("exception_en", "exception_nl")},
            id=ident,
            body=body,
            ex_officio=context.resolve(rows, record, "ex_officio", v["ex_officio"], "post"),
            chosen_from=context.resolve(
                rows, record, "chosen_from", v["chosen_from"], "seat", body
            ),
            source=_source(context, rows, record, v),
        )


# --------------------------------------------------------------------------- memberships, funding


def _memberships(context: Context) -> None:
    rows, seen = context.sheets["memberships"], {}
    for record, v in rows.rows:
        person = context.resolve(rows, record, "person", v["person"], "person")
        body = context.resolve(rows, record, "body", v["body"], "organisation")
        if person is None or body is None:
            continue
        made = f"membership-{local(person)}-{local(body)}"
        shown = f"of '{v['person']}' in '{v['body']}'"
        ident = context.mint(rows, record, v["id"], made, seen, shown)
        if ident is None:
            continue
        source = _source(context, rows, record, v)
        for name in (ident, f"{ident}-period", f"{ident}-from", f"{ident}-until"):
            context.origin(name, rows, record)
        for role in v["role"] or []:
            context.out.put("membership-roles", id=ident, role=role)
        if v["start"] or v["end"]:
            context.out.put("membership-periods", id=ident, source=source)
        for key, table in (("start", "membership-starts"), ("end", "membership-ends")):
            if v[key]:
                written, precision = v[key]  # type: ignore[misc]
                context.out.put(
                    table,
                    id=ident,
                    date=written if precision == "date" else None,
                    year=written if precision == "year" else None,
                    source=source,
                )
        _until_after_from(context, rows, record, v)
        context.out.put("memberships", id=ident, person=person, body=body, source=source)


def _until_after_from(context: Context, rows: SheetRows, record, v) -> None:  # type: ignore[no-untyped-def]
    if v["start"] and v["end"]:
        (start, _), (end, _) = v["start"], v["end"]
        if end[:4] < start[:4] or (len(start) == len(end) == 10 and end < start):
            context.problems.add(
                rows.at(record, "end"), f"'{end}' is before the start of the tie ('{start}')"
            )


def _funding(context: Context) -> None:
    rows, seen = context.sheets["funding"], {}
    for record, v in rows.rows:
        funder = context.resolve(rows, record, "funder", v["funder"], "agent")
        recipient = context.resolve(rows, record, "recipient", v["recipient"], "agent")
        if funder is None or recipient is None:
            continue
        made = f"funding-{local(funder)}-{local(recipient)}"
        shown = f"from '{v['funder']}' to '{v['recipient']}'"
        ident = context.mint(rows, record, v["id"], made, seen, shown)
        if ident is None:
            continue
        context.origin(ident, rows, record)
        source = _source(context, rows, record, v)
        for purpose in v["purposes"] or []:
            iri = _purpose(context, rows, record, str(purpose), source)
            if iri:
                context.out.put("funding-purposes", id=ident, purpose=iri)
        context.out.put(
            "funding",
            **{k: v[k] for k in ("name_en", "name_nl", "frequency")},
            id=ident,
            funder=funder,
            recipient=recipient,
            source=source,
        )


def _purpose(context: Context, rows: SheetRows, record, text: str, source) -> str | None:  # type: ignore[no-untyped-def]
    """A funding purpose of the graph (or of an earlier row) by name, or a new one."""
    from .checks import CellError

    try:
        return context.names.find(text, "purpose", words=False)
    except CellError:
        pass
    ident = f"purpose-{slug(text)}"
    if ident == "purpose-":
        context.problems.add(rows.at(record, "purposes"), f"'{text}' is not a name of a purpose")
        return None
    context.names.add(str(GGD[ident]), ("purpose",), [text], where=rows.at(record))
    context.origin(ident, rows, record)
    context.out.put("purposes", id=ident, label=text, source=source)
    return str(GGD[ident])
