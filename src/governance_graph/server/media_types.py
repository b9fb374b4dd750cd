"""Media types of SPARQL results and graphs, and content negotiation.

One table, :data:`MEDIA_TYPES`, says which media types the server offers for each kind of
query; :func:`negotiate` picks one for an ``Accept`` header (``None`` → answer 406), and
:func:`write` hands an :class:`Answer` (rdflib terms, so both stores answer byte-for-byte
alike) to :mod:`governance_graph.writers`, the writer the command line and the site use too.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT").name
'xml'
>>> negotiate("text/turtle", "SELECT") is None
True
>>> negotiate(None, "CONSTRUCT").media_type
'text/turtle'
"""

from __future__ import annotations

from dataclasses import dataclass

from governance_graph.namespaces import PREFIXES
from governance_graph.writers import GRAPH_KINDS, Answer, nt_term, write_answer

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


# ------------------------------------------------------------------------------- writing

#: Our media type names -> the writers' format names (``xml`` is results XML or RDF/XML by kind).
_WRITER_FORMAT = {"rdfxml": "xml"}


def write(answer: Answer, media: MediaType) -> bytes:
    """Write ``answer`` in ``media`` (which must be offered for its kind): JSON on one line,
    graphs with the pinned prefixes and those of the service description."""
    fmt = _WRITER_FORMAT.get(media.name, media.name)
    return write_answer(answer, fmt, indent=None, prefixes=GRAPH_PREFIXES).encode("utf-8")
