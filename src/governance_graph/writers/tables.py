"""SELECT rows and ASK answers as text: table, md (for people), csv, tsv, json, xml (the W3C
SPARQL 1.1 Query Results formats).

``table`` and ``md`` shorten IRIs with the project prefixes and show literals as their text;
``table`` cuts wide cells with an ellipsis unless ``width=None``. ``json`` is indented for a
reader by default; ``indent=None`` writes it on one line (the endpoint's answers).

>>> from rdflib import Literal, URIRef
>>> rows = [(URIRef("https://w3id.org/governance-graph/id/vesoc"), Literal("VESOC", lang="nl"))]
>>> print(write_rows(["s", "label"], rows, "table"))
s          label
---------  -----
ggd:vesoc  VESOC
(1 row)
>>> write_rows(["s", "label"], rows, "tsv").splitlines()[1].split("\\t")
['<https://w3id.org/governance-graph/id/vesoc>', '"VESOC"@nl']
>>> write_boolean(True, "csv")
'_askResult\\r\\ntrue\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import quoteattr

from rdflib import BNode
from rdflib.term import Node

from .terms import compact, json_term, nt_term, xml_term

__all__ = ["TABLE_FORMATS", "Row", "write_boolean", "write_rows"]

#: What SELECT and ASK answers can be written as.
TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
Row = Sequence[Node | None]

_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def write_rows(
    names: Sequence[str],
    rows: Sequence[Row],
    fmt: str,
    *,
    width: int | None = 60,
    indent: int | None = 2,
) -> str:
    """SELECT ``rows`` (one term or ``None`` per name) in ``fmt``, one of :data:`TABLE_FORMATS`.

    ``width`` is the widest ``table`` cell (``None``: never cut); ``indent`` that of ``json``.
    """
    names = list(names)
    if fmt == "table":
        return _table(names, rows, width)
    if fmt == "md":
        return _markdown(names, rows)
    if fmt == "csv":
        return _csv(names, rows)
    if fmt == "tsv":
        return _tsv(names, rows)
    if fmt == "json":
        return _json(names, rows, indent)
    if fmt == "xml":
        return _xml(names, rows)
    raise ValueError(f"unknown format {fmt!r} for rows; expected one of {TABLE_FORMATS}")


def write_boolean(answer: bool, fmt: str, *, indent: int | None = 2) -> str:
    """An ASK answer in ``fmt``, one of :data:`TABLE_FORMATS`."""
    word = "true" if answer else "false"
    if fmt == "table":
        return word
    if fmt == "md":
        return f"| ask |\n|---|\n| {word} |"
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n"
    if fmt == "tsv":
        return f"?_askResult\n{word}\n"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": bool(answer)}, indent=indent)
    if fmt == "xml":
        return _XML_HEAD + f"<head/>\n<boolean>{word}</boolean>\n</sparql>\n"
    raise ValueError(f"unknown format {fmt!r} for a boolean; expected one of {TABLE_FORMATS}")


# --------------------------------------------------------------------------- for people


def _cut(text: str, width: int | None) -> str:
    text = " ".join(text.split()) if ("\n" in text or "\t" in text or "\r" in text) else text
    if width is not None and len(text) > width:
        return text[: max(width - 1, 1)] + "…"
    return text


def _table(names: list[str], rows: Sequence[Row], width: int | None) -> str:
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


def _markdown(names: list[str], rows: Sequence[Row]) -> str:
    out = [
        "| " + " | ".join(_md_cell(n) for n in names) + " |",
        "|" + "|".join("---" for _ in names) + "|",
    ]
    for row in rows:
        out.append("| " + " | ".join(_md_cell(compact(t)) for t in row) + " |")
    return "\n".join(out)


# --------------------------------------------------------------------------- W3C formats


def _csv(names: list[str], rows: Sequence[Row]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return buf.getvalue()


def _tsv(names: list[str], rows: Sequence[Row]) -> str:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(nt_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def _json(names: list[str], rows: Sequence[Row], indent: int | None) -> str:
    bindings = [
        {n: json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=indent, ensure_ascii=False)


def _xml(names: list[str], rows: Sequence[Row]) -> str:
    out = [_XML_HEAD, "<head>\n"]
    out += [f"  <variable name={quoteattr(v)}/>\n" for v in names]
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("  <result>\n")
        for name, term in zip(names, row, strict=True):
            if term is not None:
                out.append(f"    <binding name={quoteattr(name)}>{xml_term(term)}</binding>\n")
        out.append("  </result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out)
