"""Media types of SPARQL results and graphs, content negotiation, and the writers.

One table, :data:`MEDIA_TYPES`, says which media types the server offers for each kind of
query; :func:`negotiate` picks one for an ``Accept`` header (``None`` → answer 406), and
:func:`write` renders an :class:`Answer` (rdflib terms, so both stores share one writer and
answer byte-for-byte alike).

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT").name
'xml'
>>> negotiate("text/turtle", "SELECT") is None
True
>>> negotiate(None, "CONSTRUCT").media_type
'text/turtle'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from governance_graph.namespaces import PREFIXES
from governance_graph.results import nt_term

__all__ = [
    "GRAPH_KINDS",
    "MEDIA_TYPES",
    "Answer",
    "MediaType",
    "negotiate",
    "nt_term",
    "offered",
    "write",
]

GRAPH_KINDS = ("CONSTRUCT", "DESCRIBE")
#: Prefixes used when writing graphs: the pinned ones, plus those of the service description.
GRAPH_PREFIXES = {
    **{p: str(ns) for p, ns in PREFIXES.items()},
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
}


@dataclass(frozen=True)
class MediaType:
    """One format we write: its short ``name`` (also the ``format=`` value), the media type we
    answer with, other media types that select it, and the W3C format IRI (service description)."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    iri: str = ""


TABLE_TYPES = (
    MediaType(
        "json",
        "application/sparql-results+json",
        ("application/json",),
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    ),
    MediaType(
        "xml",
        "application/sparql-results+xml",
        ("application/xml", "text/xml"),
        "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    ),
    MediaType("csv", "text/csv", (), "http://www.w3.org/ns/formats/SPARQL_Results_CSV"),
    MediaType(
        "tsv", "text/tab-separated-values", (), "http://www.w3.org/ns/formats/SPARQL_Results_TSV"
    ),
)
GRAPH_TYPES = (
    MediaType(
        "ttl", "text/turtle", ("application/x-turtle",), "http://www.w3.org/ns/formats/Turtle"
    ),
    MediaType(
        "nt", "application/n-triples", ("text/plain",), "http://www.w3.org/ns/formats/N-Triples"
    ),
    MediaType("jsonld", "application/ld+json", (), "http://www.w3.org/ns/formats/JSON-LD"),
    MediaType("rdfxml", "application/rdf+xml", (), "http://www.w3.org/ns/formats/RDF_XML"),
)
#: query kind -> the formats offered, in order of preference (the first is the default).
MEDIA_TYPES: dict[str, tuple[MediaType, ...]] = {
    "SELECT": TABLE_TYPES,
    "ASK": TABLE_TYPES,
    "CONSTRUCT": GRAPH_TYPES,
    "DESCRIBE": GRAPH_TYPES,
}


#: Other spellings of ``format=`` values (SPARQLWrapper, Fuseki, Virtuoso conventions).
_FORMAT_NAMES = {
    "turtle": "ttl",
    "n-triples": "nt",
    "ntriples": "nt",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
    "rdf+xml": "rdfxml",
    "text": "tsv",
}


def offered(kind: str) -> list[str]:
    """The media types answered for a query kind, e.g. for a 406 message."""
    return [m.media_type for m in MEDIA_TYPES[kind]]


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` for each entry of an Accept header."""
    out = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        out.append((media, max(0.0, min(q, 1.0)), position))
    return out


def _specificity(media_range: str, media_type: str) -> int:
    """How specifically ``media_range`` names ``media_type``: 3 exact, 2 ``type/*``, 1 ``*/*``."""
    if media_range == media_type:
        return 3
    major = media_type.split("/")[0]
    if media_range == f"{major}/*":
        return 2
    if media_range == "*/*":
        return 1
    return 0


def negotiate(accept: str | None, kind: str, *, name: str | None = None) -> MediaType | None:
    """The format to answer a ``kind`` query with, or ``None`` when nothing in ``accept`` fits.

    ``name`` (the non-standard ``format=`` parameter, e.g. ``csv``) overrides the header when it
    names a format of this kind (``xml`` is RDF/XML for graphs); otherwise it is ignored. An
    empty or missing header means ``*/*``. Among acceptable formats the highest ``q`` wins, then
    the server's order. Each format's q is that of the most specific range naming it (RFC 9110).
    """
    choices = MEDIA_TYPES[kind]
    if name:
        wanted = _FORMAT_NAMES.get(name.strip().lower(), name.strip().lower())
        if kind in GRAPH_KINDS and wanted == "xml":
            wanted = "rdfxml"
        found = next((m for m in choices if wanted in (m.name, m.media_type)), None)
        if found is not None:
            return found
        # an unknown name or one for another kind of query: fall back to the Accept header
        # (SPARQLWrapper sends format=… beside its Accept header)
    ranges = _parse_accept(accept or "*/*") or [("*/*", 1.0, 0)]
    best: tuple[float, int, MediaType] | None = None
    for rank, media in enumerate(choices):
        q = None
        specificity = 0
        for media_type in (media.media_type, *media.aliases):
            for media_range, range_q, _ in ranges:
                spec = _specificity(media_range, media_type)
                if media_type != media.media_type and spec < 3:
                    continue  # aliases (text/xml, text/plain…) match only when named exactly
                if spec > specificity or (spec == specificity and spec and range_q > (q or 0)):
                    specificity, q = spec, range_q
        if not specificity or not q:
            continue
        if best is None or q > best[0]:
            best = (q, -rank, media)
    return best[2] if best else None


# ------------------------------------------------------------------------------- answers


@dataclass
class Answer:
    """A query's answer as rdflib terms: ``vars`` + ``rows`` (SELECT), ``boolean`` (ASK) or
    ``triples`` (CONSTRUCT/DESCRIBE). Literals typed ``xsd:string`` are plain (RDF 1.1)."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def size(self) -> int:
        """Rows or triples (what the row limit counts)."""
        return len(self.triples) if self.kind in GRAPH_KINDS else len(self.rows)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal), term
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _json(answer: Answer) -> str:
    if answer.kind == "ASK":
        return json.dumps({"head": {}, "boolean": bool(answer.boolean)})
    bindings = [
        {n: _json_term(t) for n, t in zip(answer.vars, row, strict=True) if t is not None}
        for row in answer.rows
    ]
    return json.dumps(
        {"head": {"vars": answer.vars}, "results": {"bindings": bindings}}, ensure_ascii=False
    )


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and term.datatype != XSD.string:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def _xml(answer: Answer) -> str:
    if answer.kind == "ASK":
        word = "true" if answer.boolean else "false"
        return _XML_HEAD + f"<head/>\n<boolean>{word}</boolean>\n</sparql>\n"
    out = [_XML_HEAD, "<head>\n"]
    out += [f"  <variable name={quoteattr(v)}/>\n" for v in answer.vars]
    out.append("</head>\n<results>\n")
    for row in answer.rows:
        out.append("  <result>\n")
        for name, term in zip(answer.vars, row, strict=True):
            if term is not None:
                out.append(f"    <binding name={quoteattr(name)}>{_xml_term(term)}</binding>\n")
        out.append("  </result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out)


def _csv(answer: Answer) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if answer.kind == "ASK":
        writer.writerow(["_askResult"])
        writer.writerow(["true" if answer.boolean else "false"])
        return buf.getvalue()
    writer.writerow(answer.vars)
    for row in answer.rows:
        writer.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return buf.getvalue()


def _tsv(answer: Answer) -> str:
    if answer.kind == "ASK":
        return "?_askResult\n" + ("true" if answer.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in answer.vars)]
    lines += ["\t".join(nt_term(t) for t in row) for row in answer.rows]
    return "\n".join(lines) + "\n"


_RDFLIB_FORMAT = {"ttl": "turtle", "jsonld": "json-ld", "rdfxml": "xml"}


def _graph(triples: Sequence[tuple[Node, Node, Node]], name: str) -> str:
    if name == "nt":
        return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples)
    graph = Graph()
    used = {str(t) for tr in triples for t in tr if isinstance(t, URIRef)}
    bound = {}
    for prefix, ns in GRAPH_PREFIXES.items():
        if any(u.startswith(ns) for u in used):
            graph.bind(prefix, ns, override=True, replace=True)
            bound[prefix] = ns
    for triple in triples:
        graph.add(triple)
    if name == "jsonld":
        return graph.serialize(format="json-ld", context=bound, auto_compact=True)
    return graph.serialize(format=_RDFLIB_FORMAT[name])


def write(answer: Answer, media: MediaType) -> bytes:
    """Render ``answer`` in ``media`` (which must be offered for its kind)."""
    name = media.name
    if answer.kind in GRAPH_KINDS:
        text = _graph(answer.triples, name)
    else:
        text = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[name](answer)
    return text.encode("utf-8")
