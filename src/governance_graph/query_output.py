"""Query results for the command line: SELECT/ASK as table, csv, tsv, json, md; graphs as ttl,
jsonld, nt.

One entry point, :func:`render`, takes an rdflib ``Result`` and a format name, checks that the
format fits the kind of query, and hands the answer to :mod:`governance_graph.writers` (the one
writer of each format, shared with the server and the site). Tabular formats follow the W3C
specs where one exists (SPARQL 1.1 Query Results CSV/TSV and JSON); ``table`` and ``md`` are
for people: IRIs shortened with the project prefixes, literals shown as their text, wide cells
cut with an ellipsis unless ``width=None``.

Labels come in several languages; :func:`pick_language` keeps, among rows that differ only in
their text literals, those in the language asked for, and :func:`select_language` does it to a
whole ``Result``. :func:`check_language` is the one check of a language choice (``--lang``,
``kg.query(lang=…)``, the web API's ``?lang=``): one of :data:`LANGUAGES`, or ``all``.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''@prefix ggd: <https://w3id.org/governance-graph/id/> .
... ggd:vesoc <http://www.w3.org/2000/01/rdf-schema#label> "VESOC"@nl, "Flemish council"@en .''')
>>> r = g.query("SELECT ?s ?label WHERE { ?s ?p ?label }")
>>> print(render(r, "table", lang="en"))
s          label
---------  ---------------
ggd:vesoc  Flemish council
(1 row)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import XSD, Literal
from rdflib.query import Result
from rdflib.term import Node

from governance_graph.errors import GovernanceGraphError
from governance_graph.writers import PREFIXES, Answer, FormatError, compact, nt_term, write_answer

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "LANGUAGES",
    "PREFIXES",
    "TABULAR_FORMATS",
    "FormatError",
    "LanguageError",
    "check_language",
    "compact",
    "nt_term",
    "pick_language",
    "render",
    "select_language",
]

#: The formats ``query --format`` offers (the writers also have ``xml`` for both kinds).
TABULAR_FORMATS = ("table", "csv", "tsv", "json", "md")
GRAPH_FORMATS = ("ttl", "jsonld", "nt")
FORMATS = TABULAR_FORMATS + GRAPH_FORMATS

_KIND_NAMES = {"SELECT": "a SELECT query returns a table", "ASK": "an ASK query returns true/false"}
_STRING_TYPES = (None, XSD.string)
Row = Sequence[Node | None]


#: The languages the labels of the graph are written in: the choices of ``--lang`` besides
#: ``all`` (every row).
LANGUAGES = ("en", "nl")
_ALL = ("all", "any", "*")


class LanguageError(GovernanceGraphError):
    """A language choice that is neither one of :data:`LANGUAGES` nor ``all``."""


# --------------------------------------------------------------------------- languages


def _is_text(term: Node | None) -> bool:
    return isinstance(term, Literal) and (
        term.language is not None or term.datatype in _STRING_TYPES
    )


def _rank(term: Literal, lang: str) -> tuple[int, str]:
    tag = (term.language or "").lower()
    if tag == lang:
        return (0, "")
    if tag.split("-")[0] == lang.split("-")[0] and tag:
        return (1, tag)
    if not tag:
        return (2, "")
    return (3, tag)


def pick_language(rows: Sequence[Row], lang: str | None) -> list[Row]:
    """Keep, among rows identical except for text literals, the rows best matching ``lang``.

    A row's text literals (language-tagged or plain strings) are ranked: exact tag, then the
    same primary tag (``nl-BE`` for ``nl``), then untagged, then any other tag (alphabetical, so
    the choice is deterministic). Rows of a group tied for the best rank are all kept, as is
    the original order. ``lang=None`` keeps every row.

    >>> from rdflib import URIRef
    >>> a = URIRef("urn:a")
    >>> rows = [(a, Literal("stad", lang="nl")), (a, Literal("city", lang="en")),
    ...         (URIRef("urn:b"), Literal("Brugge"))]
    >>> [str(r[1]) for r in pick_language(rows, "nl")]
    ['stad', 'Brugge']
    """
    if not lang:
        return list(rows)
    lang = lang.lower()
    best: dict[tuple[Any, ...], tuple[tuple[int, str], ...]] = {}
    keyed: list[tuple[tuple[Any, ...], tuple[tuple[int, str], ...]]] = []
    for row in rows:
        key = tuple(None if _is_text(t) else ("term", t) for t in row)
        score = tuple(_rank(t, lang) for t in row if _is_text(t))  # type: ignore[arg-type]
        keyed.append((key, score))
        if key not in best or score < best[key]:
            best[key] = score
    return [row for row, (key, score) in zip(rows, keyed, strict=True) if best[key] == score]


def check_language(lang: str | None) -> str | None:
    """The language to keep (lowercased), or ``None`` for every row (``all`` or ``None``).

    Raises :class:`LanguageError` for anything else, in one line listing the choices, rather
    than quietly falling back to another language.

    >>> check_language("NL"), check_language("all"), check_language(None)
    ('nl', None, None)
    >>> try:
    ...     check_language("fr")
    ... except LanguageError as err:
    ...     print(err)
    unsupported language 'fr' (lang); choose one of: en, nl, all
    """
    if lang is None:
        return None
    wanted = str(lang).strip().lower()
    if wanted in _ALL:
        return None
    if wanted in LANGUAGES:
        return wanted
    shown = str(lang) if len(str(lang)) <= 20 else str(lang)[:19] + "…"
    raise LanguageError(
        f"unsupported language {shown!r} (lang); choose one of: {', '.join(LANGUAGES)}, all"
    )


def select_language(result: Result, lang: str | None) -> Result:
    """``result`` with :func:`pick_language` applied to its rows (SELECT only; other kinds and
    ``lang=None`` are returned as they are). ``lang`` is checked by :func:`check_language`.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='<urn:a> <urn:p> "stad"@nl, "city"@en .', format="turtle")
    >>> [str(r.o) for r in select_language(g.query("SELECT ?o { ?s ?p ?o }"), "nl")]
    ['stad']
    """
    chosen = check_language(lang)
    if chosen is None or result_kind(result) != "SELECT":
        return result
    names = list(result.vars or [])
    bindings = list(result.bindings)
    rows = [tuple(b.get(v) for v in names) for b in bindings]
    kept = {id(row) for row in pick_language(rows, chosen)}  # type: ignore[arg-type]
    out = Result("SELECT")
    out.vars = names
    out.bindings = [b for b, row in zip(bindings, rows, strict=True) if id(row) in kept]
    return out


# --------------------------------------------------------------------------- entry point


def result_kind(result: Result) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
    return str(result.type).upper()


def render(
    result: Result,
    fmt: str | None = None,
    *,
    lang: str | None = None,
    width: int | None = 60,
    prefixes: Mapping[str, str] = PREFIXES,
) -> str:
    """Render ``result`` in ``fmt`` (default: ``table`` for SELECT/ASK, ``ttl`` for graphs).

    ``lang`` applies :func:`pick_language` to SELECT rows; ``width`` is the widest cell of a
    ``table``, ``None`` for no cut (``md`` is for documents and is never cut). Raises
    :class:`FormatError` if the format does not fit the result, naming both.
    """
    kind = result_kind(result)
    is_graph = kind in ("CONSTRUCT", "DESCRIBE")
    if fmt is None:
        fmt = "ttl" if is_graph else "table"
    if fmt not in FORMATS:
        raise FormatError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if is_graph and fmt not in GRAPH_FORMATS:
        raise FormatError(
            f"format '{fmt}' is for SELECT/ASK results, but a {kind} query returns a graph; "
            f"use {', '.join(GRAPH_FORMATS)}"
        )
    if not is_graph and fmt in GRAPH_FORMATS:
        raise FormatError(
            f"format '{fmt}' is for graphs (CONSTRUCT/DESCRIBE), "
            f"but {_KIND_NAMES.get(kind, kind)}; "
            f"use {', '.join(TABULAR_FORMATS)}"
        )
    answer = Answer.of(result)
    if kind == "SELECT":
        answer.rows = pick_language(answer.rows, lang)  # type: ignore[assignment]
    return write_answer(answer, fmt, width=width, prefixes=prefixes)
