"""One RDF term as text, in each form the writers need: for people, N-Triples, JSON, XML.

>>> from rdflib import Literal, URIRef
>>> compact(URIRef("https://w3id.org/governance-graph/id/vesoc"))
'ggd:vesoc'
>>> nt_term(Literal("Brugge", lang="nl"))
'"Brugge"@nl'
>>> json_term(URIRef("urn:a"))
{'type': 'uri', 'value': 'urn:a'}
>>> xml_term(Literal("a < b"))
'<literal>a &lt; b</literal>'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from governance_graph.namespaces import PREFIXES as _PINNED

__all__ = ["PREFIXES", "compact", "json_term", "nt_term", "term_key", "xml_term"]

#: Prefixes for display: the pinned ones of docs/design.md (``governance_graph.namespaces``).
PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in _PINNED.items()}

_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-./]*")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def compact(term: Node | None, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A short human form of a term: ``ggd:vesoc`` for IRIs in a known namespace, the text
    of a literal, ``_:id`` for a blank node, ``""`` for unbound.

    >>> compact(URIRef("http://www.w3.org/ns/org#Organization"))
    'org:Organization'
    >>> from rdflib import XSD
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


def json_term(term: Node) -> dict[str, str]:
    """A bound term as SPARQL 1.1 Query Results JSON (``type``, ``value``, ``xml:lang`` or
    ``datatype``; ``xsd:string`` is left implicit, as in RDF 1.1)."""
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


def xml_term(term: Node) -> str:
    """A bound term as SPARQL Query Results XML (``<uri>``, ``<bnode>`` or ``<literal>``)."""
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal), term
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and term.datatype != XSD.string:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def term_key(term: object) -> tuple[int, str, str, str]:
    """A sort key that orders any RDF terms the same way in every process and on every engine:
    IRIs, then blank nodes, then literals (by text, datatype, language). rdflib's own ordering
    compares literals by value, which is not total across datatypes, so a sort by it depends on
    the order the terms came in.

    >>> sorted([Literal("b"), URIRef("urn:z"), Literal("a", lang="en")], key=term_key)
    [rdflib.term.URIRef('urn:z'), rdflib.term.Literal('a', lang='en'), rdflib.term.Literal('b')]
    """
    if isinstance(term, URIRef):
        return (0, str(term), "", "")
    if isinstance(term, BNode):
        return (1, str(term), "", "")
    if isinstance(term, Literal):
        return (2, str(term), str(term.datatype or ""), term.language or "")
    return (3, str(term), "", "")
