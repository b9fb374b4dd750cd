"""SHACL Core constraint components as SPARQL over the store, batched over all focus nodes.

Each function gets the *domain* (a SPARQL group that binds ``?this`` to every focus node, once),
the value-node pattern of the shape (``?this <path> ?value``, or ``BIND(?this AS ?value)`` for a
node shape) and the constraint, and returns one SELECT query whose rows are the violations:
``?this`` (focus node) and, where the component reports one, ``?value``. Never one query per
focus node.

Components that compare value nodes with other shapes (``sh:node``, ``sh:not``, ``sh:and``,
``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape``) are joined in Python from sets the store
computes; see :mod:`governance_graph.engines.oxigraph_shacl.validator`.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

__all__ = ["VALUE_COMPONENTS", "Unsupported", "named_subclasses", "term", "value_condition"]


class Unsupported(Exception):
    """A constraint the fast path cannot express; its shape falls back to pyshacl."""


def term(node: Node) -> str:
    """An RDF term of the shapes graph as SPARQL text (blank nodes cannot be named)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        lexical = str(node).replace("\\", "\\\\").replace('"', '\\"')
        lexical = lexical.replace("\n", "\\n").replace("\r", "\\r")
        if node.language:
            return f'"{lexical}"@{node.language}'
        if node.datatype is not None and node.datatype != XSD.string:
            return f'"{lexical}"^^<{node.datatype}>'
        return f'"{lexical}"'
    raise Unsupported(f"a blank node as a constraint parameter ({node!r})")


def string(text: str) -> str:
    return term(Literal(text))


_INT = r"[+-]?[0-9]+"
_DEC = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_FLOAT = r"(\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee](\+|-)?[0-9]+)?|(\+|-)?INF|NaN"
_TZ = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_DATE = _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))"

#: Lexical forms of the XSD datatypes checked for ill-typed literals (others: any lexical form).
LEXICAL: dict[URIRef, str] = {
    XSD.integer: _INT,
    XSD.int: _INT,
    XSD.long: _INT,
    XSD.short: _INT,
    XSD.byte: _INT,
    XSD.nonNegativeInteger: r"(\+?[0-9]+|-0+)",
    XSD.positiveInteger: r"\+?0*[1-9][0-9]*",
    XSD.nonPositiveInteger: r"(-[0-9]+|\+?0+)",
    XSD.negativeInteger: r"-0*[1-9][0-9]*",
    XSD.unsignedInt: r"\+?[0-9]+",
    XSD.unsignedLong: r"\+?[0-9]+",
    XSD.unsignedShort: r"\+?[0-9]+",
    XSD.unsignedByte: r"\+?[0-9]+",
    XSD.decimal: _DEC,
    XSD.float: _FLOAT,
    XSD.double: _FLOAT,
    XSD.boolean: r"(true|false|1|0)",
    XSD.date: _DATE + _TZ,
    XSD.dateTime: _DATE + "T" + _TIME + _TZ,
    XSD.time: _TIME + _TZ,
    XSD.gYear: _YEAR + _TZ,
    XSD.gYearMonth: _YEAR + r"-(0[1-9]|1[0-2])" + _TZ,
    XSD.gMonth: r"--(0[1-9]|1[0-2])" + _TZ,
    XSD.gDay: r"---(0[1-9]|[12][0-9]|3[01])" + _TZ,
    XSD.gMonthDay: r"--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ,
    XSD.duration: (
        r"-?P(?=.)([0-9]+Y)?([0-9]+M)?([0-9]+D)?"
        r"(T(?=.)([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?"
    ),
}
LEXICAL.pop(XSD.duration)  # look-ahead is not in XPath regular expressions

#: Value ranges of the bounded integer types.
RANGES: dict[URIRef, tuple[int, int]] = {
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-128, 127),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedLong: (0, 2**64 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 255),
}

_NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}


#: Oxigraph stores literals of these types as ``xsd:integer`` (the declared type is lost).
COLLAPSED = frozenset(
    {
        XSD.int,
        XSD.long,
        XSD.short,
        XSD.byte,
        XSD.nonNegativeInteger,
        XSD.positiveInteger,
        XSD.nonPositiveInteger,
        XSD.negativeInteger,
        XSD.unsignedInt,
        XSD.unsignedLong,
        XSD.unsignedShort,
        XSD.unsignedByte,
    }
)

#: Named graph where a loader records the declared datatype of literals Oxigraph rewrites:
#: ``<s> <p> "lexical"^^<DECLARED_PREFIX + declared datatype IRI>``.
DECLARED_GRAPH = "urn:x-governance-graph:declared-datatypes"
DECLARED_PREFIX = "urn:x-governance-graph:declared:"


def datatype_ok(datatype: Node, predicate: Node | None = None) -> str:
    """A SPARQL expression: ``?value`` is a well-formed literal of ``datatype``."""
    if datatype in COLLAPSED:
        low_high = RANGES.get(datatype)  # type: ignore[call-overload]
        side = f"<{DECLARED_PREFIX}{datatype}>"
        subject = f"?this <{predicate}>" if isinstance(predicate, URIRef) else "?s0 ?p0"
        test = f"REGEX(STR(?d0), {string('^(' + LEXICAL[datatype] + ')$')})"
        if low_high is not None:
            test += f" && ?value >= {low_high[0]} && ?value <= {low_high[1]}"
        return (
            f"(isLiteral(?value) && datatype(?value) = xsd:integer && EXISTS {{ "
            f"GRAPH <{DECLARED_GRAPH}> "
            f"{{ {subject} ?d0 FILTER(datatype(?d0) = {side} && "
            f"COALESCE(xsd:integer(STR(?d0)) = ?value && {test}, false)) }} }})"
        )
    if datatype == RDF.langString:
        return '(isLiteral(?value) && lang(?value) != "")'
    if datatype == RDFS.Literal:  # pyshacl: every literal is an rdfs:Literal
        return "isLiteral(?value)"
    if datatype == XSD.string:
        return f'(isLiteral(?value) && lang(?value) = "" && datatype(?value) = <{XSD.string}>)'
    if not isinstance(datatype, URIRef):
        raise Unsupported(f"sh:datatype {datatype!r}")
    test = f"(isLiteral(?value) && datatype(?value) = <{datatype}>"
    if datatype in LEXICAL:
        test += f" && REGEX(STR(?value), {string('^(' + LEXICAL[datatype] + ')$')})"
    if datatype in RANGES:
        low, high = RANGES[datatype]
        test += (
            f" && COALESCE(xsd:integer(STR(?value)) >= {low} && "
            f"xsd:integer(STR(?value)) <= {high}, false)"
        )
    return test + ")"


def value_condition(
    component: URIRef,
    value: Node,
    extra: dict[URIRef, Node],
    items,
    predicate: Node | None = None,
    subclasses=None,
) -> str:
    """A SPARQL expression true when ``?value`` violates the constraint (per value node).

    ``subclasses(cls)``: the IRIs ``?s`` with ``?s rdfs:subClassOf* cls`` in the data graph
    (``cls`` included), or ``None``; given, ``sh:class`` tests ``rdf:type`` against that fixed
    set, which Oxigraph evaluates several times faster than the path for every value node."""
    if component == SH.ClassConstraintComponent:
        classes = subclasses(value) if subclasses is not None else None
        if classes:
            members = ", ".join(term(c) for c in classes)
            return f"NOT EXISTS {{ ?value rdf:type ?t0 FILTER(?t0 IN ({members})) }}"
        return f"NOT EXISTS {{ ?value rdf:type/rdfs:subClassOf* {term(value)} }}"
    if component == SH.DatatypeConstraintComponent:
        return f"!{datatype_ok(value, predicate)}"
    if component == SH.NodeKindConstraintComponent:
        if value not in _NODE_KINDS:
            raise Unsupported(f"sh:nodeKind {value!r}")
        return f"!{_NODE_KINDS[value]}"
    comparisons = {
        SH.MinExclusiveConstraintComponent: ">",
        SH.MinInclusiveConstraintComponent: ">=",
        SH.MaxExclusiveConstraintComponent: "<",
        SH.MaxInclusiveConstraintComponent: "<=",
    }
    if component in comparisons:
        return f"!COALESCE(?value {comparisons[component]} {term(value)}, false)"
    if component in (SH.MinLengthConstraintComponent, SH.MaxLengthConstraintComponent):
        op = ">=" if component == SH.MinLengthConstraintComponent else "<="
        return f"(isBlank(?value) || !COALESCE(STRLEN(STR(?value)) {op} {term(value)}, false))"
    if component == SH.PatternConstraintComponent:
        flags = extra.get(SH.flags)
        args = f"STR(?value), {string(str(value))}" + (f", {string(str(flags))}" if flags else "")
        return f"(isBlank(?value) || !COALESCE(REGEX({args}), false))"
    if component == SH.LanguageInConstraintComponent:
        tags = [t for t in items(value)]
        tests = " || ".join(f"langMatches(lang(?value), {string(str(t))})" for t in tags) or "false"
        return f"!(isLiteral(?value) && ({tests}))"
    if component == SH.InConstraintComponent:
        members = items(value)
        tests = " || ".join(f"sameTerm(?value, {term(m)})" for m in members) or "false"
        return f"!({tests})"
    raise Unsupported(str(component))


def named_subclasses(cls: Node, found: list) -> list[URIRef] | None:
    """The subclasses of ``cls`` (pyoxigraph terms ``?s`` of ``?s rdfs:subClassOf* cls``) as
    sorted IRIs; ``None`` when one is not an IRI, or ``cls`` is not among them."""
    named = [URIRef(s.value) for s in found if isinstance(s, ox.NamedNode)]
    if len(named) != len(found) or URIRef(cls) not in named:
        return None
    return sorted(named)


VALUE_COMPONENTS = frozenset(
    {
        SH.ClassConstraintComponent,
        SH.DatatypeConstraintComponent,
        SH.NodeKindConstraintComponent,
        SH.MinExclusiveConstraintComponent,
        SH.MinInclusiveConstraintComponent,
        SH.MaxExclusiveConstraintComponent,
        SH.MaxInclusiveConstraintComponent,
        SH.MinLengthConstraintComponent,
        SH.MaxLengthConstraintComponent,
        SH.PatternConstraintComponent,
        SH.LanguageInConstraintComponent,
        SH.InConstraintComponent,
    }
)

PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)


def value_query(domain: str, values: str, conditions: list[str]) -> str:
    """One query for all the per-value constraints of a shape: a row per violating value,
    with ``?c0``, ``?c1``… true for the constraints it violates."""
    binds = "\n".join(f"  BIND(COALESCE({c}, false) AS ?c{i})" for i, c in enumerate(conditions))
    any_ = " || ".join(f"?c{i}" for i in range(len(conditions)))
    cols = " ".join(f"?c{i}" for i in range(len(conditions)))
    return (
        f"{PREFIXES}SELECT DISTINCT ?this ?value {cols} WHERE {{\n  {domain}\n  {values}\n"
        f"{binds}\n  FILTER({any_})\n}}"
    )


def count_query(domain: str, path: str, low: int | None, high: int | None) -> str:
    """Focus nodes with fewer than ``low`` or more than ``high`` value nodes (and the count)."""
    having = " || ".join(
        x
        for x in (
            f"?n < {low}" if low is not None else "",
            f"?n > {high}" if high is not None else "",
        )
        if x
    )
    if low is not None and low <= 1 and high is None:
        return f"SELECT ?this WHERE {{ {domain} FILTER NOT EXISTS {{ ?this {path} ?any }} }}"
    return (
        f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{\n"
        f"  {domain} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this }}\n"
        f"  FILTER({having}) }}"
    )


def has_value_query(domain: str, path: str | None, value: Node) -> str:
    if path is None:
        return f"SELECT ?this WHERE {{ {domain} FILTER(!sameTerm(?this, {term(value)})) }}"
    return (
        f"SELECT ?this WHERE {{ {domain} FILTER NOT EXISTS {{ ?this {path} ?v "
        f"FILTER(sameTerm(?v, {term(value)})) }} }}"
    )


def unique_lang_query(domain: str, values: str) -> str:
    return (
        f"SELECT ?this ?lang WHERE {{ {domain} {values} "
        f'FILTER(isLiteral(?value) && lang(?value) != "") }}'
        f" GROUP BY ?this (LCASE(lang(?value)) AS ?lang) HAVING (COUNT(DISTINCT ?value) > 1)"
    )


def pair_query(
    component: URIRef, domain: str, values: str, other: Node, *, node_shape: bool = False
) -> str:
    """``sh:equals``, ``sh:disjoint``, ``sh:lessThan``, ``sh:lessThanOrEquals``."""
    p = term(other)
    if component == SH.EqualsConstraintComponent and node_shape:
        body = (
            f"{{ {domain} BIND(?this AS ?value) "
            f"FILTER NOT EXISTS {{ ?this {p} ?this }} }} UNION "
            f"{{ {domain} ?this {p} ?value FILTER(!sameTerm(?value, ?this)) }}"
        )
        return f"SELECT DISTINCT ?this ?value WHERE {{ {body} }}"
    if component == SH.EqualsConstraintComponent:
        body = (
            f"{{ {values} FILTER NOT EXISTS {{ ?this {p} ?value }} }} UNION "
            f"{{ ?this {p} ?value FILTER NOT EXISTS {{ {values} }} }}"
        )
        return f"SELECT DISTINCT ?this ?value WHERE {{ {domain} {body} }}"
    if component == SH.DisjointConstraintComponent:
        return f"SELECT DISTINCT ?this ?value WHERE {{ {domain} {values} ?this {p} ?value }}"
    op = "<" if component == SH.LessThanConstraintComponent else "<="
    return (
        f"SELECT DISTINCT ?this ?value WHERE {{ {domain} {values} ?this {p} ?other "
        f"FILTER(!COALESCE(?value {op} ?other, false)) }}"
    )


def closed_query(domain: str, values: str, allowed: list[Node]) -> str:
    tests = " || ".join(f"sameTerm(?p, {term(a)})" for a in allowed) or "false"
    return (
        f"SELECT DISTINCT ?this ?p ?o WHERE {{ {domain} {values} ?value ?p ?o FILTER(!({tests})) }}"
    )


__all__ += [
    "PREFIXES",
    "BNode",
    "closed_query",
    "count_query",
    "has_value_query",
    "pair_query",
    "unique_lang_query",
    "value_query",
]
