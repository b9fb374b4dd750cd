"""Rendering query results: SELECT/ASK as table, csv, tsv, json, md; graphs as ttl, jsonld, nt.

One entry point, :func:`render`, takes an rdflib ``Result`` and a format name. Tabular formats
follow the W3C specs where one exists (SPARQL 1.1 Query Results CSV/TSV and JSON); ``table``
and ``md`` are for people: IRIs shortened with the project prefixes, literals shown as their
text, wide cells cut with an ellipsis unless ``width=None``.

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

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from governance_graph.errors import GovernanceGraphError
from governance_graph.namespaces import PREFIXES as _PINNED

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

TABULAR_FORMATS = ("table", "csv", "tsv", "json", "md")
GRAPH_FORMATS = ("ttl", "jsonld", "nt")
FORMATS = TABULAR_FORMATS + GRAPH_FORMATS

#: Prefixes for display: the pinned ones of docs/design.md (``governance_graph.namespaces``).
PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in _PINNED.items()}

_KIND_NAMES = {"SELECT": "a SELECT query returns a table", "ASK": "an ASK query returns true/false"}
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-./]*")
_STRING_TYPES = (None, XSD.string)
Row = Sequence[Node | None]


#: The languages the labels of the graph are written in: the choices of ``--lang`` besides
#: ``all`` (every row).
LANGUAGES = ("en", "nl")
_ALL = ("all", "any", "*")


class FormatError(GovernanceGraphError):
    """The output format does not fit the kind of result (or is unknown)."""


class LanguageError(GovernanceGraphError):
    """A language choice that is neither one of :data:`LANGUAGES` nor ``all``."""


# --------------------------------------------------------------------------- terms


def compact(term: Node | None, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A short human form of a term: ``ggd:vesoc`` for IRIs in a known namespace, the text
    of a literal, ``_:id`` for a blank node, ``""`` for unbound.

    >>> compact(URIRef("http://www.w3.org/ns/org#Organization"))
    'org:Organization'
    >>> compact(Literal("2004", datatype=XSD.gYear))
    '2004'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = ""
        for prefix, ns in prefixes.items():
            if iri.startswith(ns) and len(ns) > len(best):
                local = iri[len(ns) :]
                if local == "" or _LOCAL.fullmatch(local):
                    best = ns
                    short = f"{prefix}:{local}"
        return short if best else iri
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(text: str) -> str:
    return "".join(_ECHAR.get(c, c) for c in text)


def nt_term(term: Node | None) -> str:
    """N-Triples/SPARQL form on one line (the TSV cell form): ``<iri>``, ``"x"@en``, ``"1"^^<…>``.

    >>> nt_term(Literal('a "b"\\tc', lang="nl"))
    '"a \\\\"b\\\\"\\\\tc"@nl'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal), term
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


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


# --------------------------------------------------------------------------- tabular


def _cut(text: str, width: int | None) -> str:
    text = " ".join(text.split()) if ("\n" in text or "\t" in text or "\r" in text) else text
    if width is not None and len(text) > width:
        return text[: max(width - 1, 1)] + "…"
    return text


def _table(names: list[str], rows: list[Row], width: int | None) -> str:
    cells = [[_cut(compact(t), width) for t in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _md_cell(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")
    )


def _markdown(names: list[str], rows: list[Row]) -> str:
    out = [
        "| " + " | ".join(_md_cell(n) for n in names) + " |",
        "|" + "|".join("---" for _ in names) + "|",
    ]
    for row in rows:
        out.append("| " + " | ".join(_md_cell(compact(t)) for t in row) + " |")
    return "\n".join(out)


def _csv(names: list[str], rows: list[Row]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return buf.getvalue()


def _tsv(names: list[str], rows: list[Row]) -> str:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(nt_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def _json(names: list[str], rows: list[Row]) -> str:
    bindings = [
        {n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _ask(answer: bool, fmt: str) -> str:
    word = "true" if answer else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}, indent=2)
    if fmt == "md":
        return f"| ask |\n|---|\n| {word} |"
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n"
    if fmt == "tsv":
        return f"?_askResult\n{word}\n"
    return word


# --------------------------------------------------------------------------- graphs


def _graph(graph: Graph, fmt: str, prefixes: Mapping[str, str]) -> str:
    out = Graph()
    for prefix, ns in prefixes.items():
        out.bind(prefix, ns, override=True, replace=True)
    for triple in graph:
        out.add(triple)
    if fmt == "nt":
        lines = sorted(line for line in out.serialize(format="nt").splitlines() if line.strip())
        return "\n".join(lines) + ("\n" if lines else "")
    if fmt == "jsonld":
        used = {
            p: ns
            for p, ns in prefixes.items()
            if any(str(t).startswith(ns) for tr in out for t in tr)
        }
        return out.serialize(format="json-ld", context=used, indent=2)
    return out.serialize(format="turtle")


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
    if is_graph:
        assert result.graph is not None
        try:
            return _graph(result.graph, fmt, prefixes)
        except Exception as exc:  # rdflib serializers raise bare Exception on odd IRIs
            raise FormatError(f"cannot write the graph as {fmt}: {exc}") from None
    if kind == "ASK":
        return _ask(bool(result.askAnswer), fmt)
    names = [str(v) for v in (result.vars or [])]
    rows: list[Row] = pick_language([tuple(r) for r in result], lang)  # type: ignore[arg-type]
    if fmt == "table":
        return _table(names, rows, width)
    if fmt == "md":
        return _markdown(names, rows)
    if fmt == "csv":
        return _csv(names, rows)
    if fmt == "tsv":
        return _tsv(names, rows)
    return _json(names, rows)
