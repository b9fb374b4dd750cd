"""Typed stored-query parameters, checked and bound as RDF terms.

A stored query names its parameters with variables (see ``docs/design.md``)::

    ?_body_iri      -> parameter ``body_iri``, an IRI
    ?_year_integer  -> parameter ``year_integer``, an ``xsd:integer``
    ?_from_date     -> parameter ``from_date``, an ``xsd:date`` (``YYYY-MM-DD`` or ``today``)
    ?_date          -> parameter ``date``, an ``xsd:date`` (a name that is a type word has it)
    ?_label_nl      -> parameter ``label_nl``, a literal tagged ``@nl``
    ?_name          -> parameter ``name``, a plain literal

The parameter's name is the variable name without ``?_``, exactly as written in the query, so
``kg.query(q, params={"body_iri": ...})`` names the variable the reader sees in the ``.rq`` file.

Values are never pasted into the query text (the grlc#101 trap). :func:`bind` turns each raw
string into an rdflib term, :func:`values_clause` renders the terms as one SPARQL 1.1 ``VALUES``
row, and :func:`insert_values` puts that block at the start of the query's ``WHERE`` group::

    SELECT ?name WHERE { VALUES (?_body_iri) { (<…/vesoc>) } ?_body_iri <urn:p> ?name }

The place is found by a small scanner over the *query text* (comments, strings and IRIs are
skipped whole), never over the values, and every value is an escaped rdflib term, so a value can
never change the query. Inside the group the parameters are bound for the whole group: triple
patterns, ``FILTER``, ``BIND``, ``OPTIONAL`` and nested groups, and (by the join) the rows of a
sub-select, before grouping, aggregation and projection. A trailing ``VALUES`` clause would, by
the spec, join only after ``GROUP BY``/``HAVING`` (so not in ``FILTER`` or ``BIND``), and some
engines (Virtuoso 7) join it even after projection, so a parameter that is not projected is "no
column" there; inside the group every engine binds it the same way.

Notes for query authors: a parameter is in scope from the start of the group, so it cannot be
the target of ``BIND(… AS ?_x)`` (a syntax error on strict engines; compare in a ``FILTER``
instead); and a sub-select that uses a parameter must project it, as a variable not projected by
a sub-select is another variable outside it (SPARQL's bottom-up scoping).

>>> from governance_graph.catalogue import parse_query
>>> q = parse_query("SELECT ?name WHERE { ?_body_iri <urn:p> ?name }", name="demo")
>>> b = bind(q, {"body_iri": "ggd:vesoc"})
>>> b["_body_iri"]
rdflib.term.URIRef('https://w3id.org/governance-graph/id/vesoc')
>>> values_clause(b)
'VALUES (?_body_iri) { (<https://w3id.org/governance-graph/id/vesoc>) }'
>>> print(insert_values("SELECT ?n WHERE { ?_x_iri <urn:p> ?n }", {"_x_iri": URIRef("urn:x")}))
SELECT ?n WHERE { VALUES (?_x_iri) { (<urn:x>) } ?_x_iri <urn:p> ?n }
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal as _Lit
from typing import Protocol

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from governance_graph.errors import QueryError
from governance_graph.namespaces import GGD
from governance_graph.param_dates import parse_date
from governance_graph.query_scan import matching, next_group, tokens

__all__ = [
    "Parameter",
    "ParameterError",
    "append_values",
    "bind",
    "insert_values",
    "parameter_from_variable",
    "sparql_literal",
    "to_term",
    "values_clause",
]

Kind = _Lit["literal", "iri", "integer", "date", "lang"]

#: The one CURIE prefix accepted in IRI parameters (pinned in docs/design.md).
GGD_PREFIX = "ggd:"
GGD_IRI = str(GGD)

_KIND_LABEL = {
    "literal": "a plain literal",
    "iri": "an IRI",
    "integer": "an integer",
    "date": "a date (YYYY-MM-DD or today)",
    "lang": "a literal",
}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_INTEGER = re.compile(r"[+-]?[0-9]+")
_LANG_SUFFIX = re.compile(r"[a-z]{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LOCAL_NAME = re.compile(r"[a-z0-9][a-z0-9\-]*")
_VARNAME = re.compile(r"[A-Za-z0-9_]+")


class ParameterError(QueryError):
    """A query parameter is unknown, missing or malformed; the message names it."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a stored query.

    ``name`` is what users pass (``body_iri``); ``variable`` is the SPARQL variable without
    ``?`` (``_body_iri``); ``kind`` is how the raw string becomes a term; ``lang`` is the
    language tag for ``kind == "lang"``; ``default`` (a raw string) makes it optional.

    >>> parameter_from_variable("_label_nl")
    Parameter(name='label_nl', variable='_label_nl', kind='lang', lang='nl', default=None)
    """

    name: str
    variable: str
    kind: Kind
    lang: str | None = None
    default: str | None = None

    @property
    def required(self) -> bool:
        """A parameter without a default must be given."""
        return self.default is None

    def describe(self) -> str:
        """Short human description, e.g. ``body_iri (IRI, required)``.

        >>> Parameter("year_integer", "_year_integer", "integer", default="2004").describe()
        'year_integer (integer, default 2004)'
        """
        kind = {"literal": "text", "iri": "IRI", "integer": "integer", "date": "date"}.get(
            self.kind, f"text@{self.lang}"
        )
        state = "required" if self.required else f"default {self.default}"
        return f"{self.name} ({kind}, {state})"


def parameter_from_variable(variable: str, default: str | None = None) -> Parameter:
    """The :class:`Parameter` for a SPARQL variable name (without ``?``) starting with ``_``.

    The type comes from the last ``_``-separated part: ``iri``, ``integer``, ``date``, or two
    lowercase letters (a language tag); anything else is a plain literal. A name that is
    itself ``iri``, ``integer`` or ``date`` has that type (two letters alone are not a tag).

    >>> parameter_from_variable("_from_date").kind
    'date'
    >>> parameter_from_variable("_date").kind
    'date'
    >>> parameter_from_variable("_name").kind
    'literal'
    """
    name = variable[1:]
    base, sep, suffix = name.rpartition("_")
    kind: Kind = "literal"
    lang = None
    if suffix in ("iri", "integer", "date"):
        kind = suffix  # type: ignore[assignment]
    elif sep and base and _LANG_SUFFIX.fullmatch(suffix):
        kind, lang = "lang", suffix
    return Parameter(name=name, variable=variable, kind=kind, lang=lang, default=default)


def _malformed(param: Parameter, value: str, why: str) -> ParameterError:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return ParameterError(
        f"parameter '{param.name}' expects {_KIND_LABEL[param.kind]}, got {shown!r}: {why}"
    )


def _to_iri(param: Parameter, value: str) -> URIRef:
    if value.startswith(GGD_PREFIX):
        local = value[len(GGD_PREFIX) :]
        if not _LOCAL_NAME.fullmatch(local):
            raise _malformed(param, value, "a ggd: name is lowercase letters, digits and '-'")
        return URIRef(GGD_IRI + local)
    bad = _IRI_FORBIDDEN.search(value)
    if bad:
        char = bad.group()
        what = (
            "a space"
            if char == " "
            else (repr(char) if char.isprintable() else "a control character")
        )
        raise _malformed(param, value, f"an IRI cannot contain {what}")
    if not _SCHEME.match(value):
        hint = f" (did you mean ggd:{value}?)" if _LOCAL_NAME.fullmatch(value) else ""
        raise _malformed(
            param, value, f"an IRI needs a scheme such as https: or the ggd: prefix{hint}"
        )
    return URIRef(value)


def to_term(param: Parameter, value: str) -> Node:
    """Convert one raw string into the rdflib term for ``param``; raise :class:`ParameterError`.

    >>> to_term(parameter_from_variable("_n_integer"), "+007")
    rdflib.term.Literal('7', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> to_term(parameter_from_variable("_label_en"), 'say "hi"')
    rdflib.term.Literal('say "hi"', lang='en')
    """
    if not isinstance(value, str):
        raise ParameterError(
            f"parameter '{param.name}' must be given as a string, got {type(value).__name__}"
        )
    if param.kind == "iri":
        return _to_iri(param, value.strip())
    if param.kind == "integer":
        text = value.strip()
        if not _INTEGER.fullmatch(text):
            raise _malformed(param, value, "not a whole number")
        return Literal(str(int(text)), datatype=XSD.integer)
    if param.kind == "date":  # a date or "today", read now: see governance_graph.param_dates
        try:
            return Literal(parse_date(value).isoformat(), datatype=XSD.date)
        except ValueError as exc:
            raise _malformed(param, value, str(exc)) from None
    if _CONTROL.search(value):
        raise _malformed(param, value, "contains a control character")
    if param.kind == "lang":
        return Literal(value, lang=param.lang)
    return Literal(value)


class Parameterised(Protocol):
    """What :func:`bind` reads of a query (a :class:`~governance_graph.catalogue.StoredQuery`)."""

    @property
    def name(self) -> str: ...

    @property
    def parameters(self) -> Sequence[Parameter]: ...


def bind(query: Parameterised, raw: Mapping[str, str]) -> dict[str, Node]:
    """Check ``raw`` (parameter name -> string) against ``query`` and convert it to RDF terms.

    Returns a dict keyed by SPARQL variable name without ``?`` (e.g. ``"_body_iri"``), holding a
    term for every parameter of the query: given values, else defaults. Raises
    :class:`ParameterError` for an unknown parameter (listing the valid ones), a missing
    required one, or a malformed value.

    >>> from governance_graph.catalogue import parse_query
    >>> q = parse_query("SELECT * { ?s ?p ?_name }", name="demo")
    >>> bind(q, {"name": 'x" } UNION { ?s ?p ?o } #'})
    {'_name': rdflib.term.Literal('x" } UNION { ?s ?p ?o } #')}
    """
    params = {p.name: p for p in query.parameters}
    unknown = sorted(set(raw) - set(params))
    if unknown:
        valid = ", ".join(p.describe() for p in query.parameters) or "none"
        hint = ""
        if len(unknown) == 1:
            close = difflib.get_close_matches(unknown[0], list(params), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
        names = ", ".join(f"'{u}'" for u in unknown)
        word = "parameter" if len(unknown) == 1 else "parameters"
        raise ParameterError(
            f"unknown {word} {names}{hint} for query '{query.name}'; valid parameters: {valid}"
        )
    missing = [p for p in query.parameters if p.required and p.name not in raw]
    if missing:
        names = ", ".join(p.describe() for p in missing)
        raise ParameterError(f"query '{query.name}' needs parameter {names}")
    bound: dict[str, Node] = {}
    for p in query.parameters:
        value = raw.get(p.name, p.default)
        assert value is not None  # required ones were checked above
        bound[p.variable] = to_term(p, value)
    return bound


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ECHAR = re.compile(r'[\\"\n\r\t\b\f]')


def sparql_literal(term: Literal) -> str:
    """A literal as one-line SPARQL text: ``"..."`` with escapes, then ``@lang`` or ``^^<dt>``.

    >>> print(sparql_literal(Literal('say "hi" } #', lang="nl")))
    "say \\"hi\\" } #"@nl
    >>> print(sparql_literal(Literal("7", datatype=XSD.integer)))
    "7"^^<http://www.w3.org/2001/XMLSchema#integer>
    """
    text = '"' + _NEEDS_ECHAR.sub(lambda m: _ECHAR[m.group()], str(term)) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^{URIRef(term.datatype).n3()}"
    return text


def values_clause(bindings: Mapping[str, Node]) -> str:
    """Render bindings (variable name -> term) as one SPARQL 1.1 ``VALUES`` row; ``""`` if empty.

    IRIs (already checked by :func:`to_term`) are written with ``term.n3()``. Literals are
    written by :func:`sparql_literal` in the one-line short form, every quote, backslash and
    line/tab character escaped, so a value can never end the literal and change the query.
    (``Literal.n3()`` is not used for them: it leaves tabs raw, and rdflib's own SPARQL parser
    expands raw tabs to spaces, so a tab in a value would silently change it.)

    >>> values_clause({"_n_iri": URIRef("urn:x"), "_label_en": Literal("a } b", lang="en")})
    'VALUES (?_n_iri ?_label_en) { (<urn:x> "a } b"@en) }'
    """
    if not bindings:
        return ""
    for name in bindings:
        if not _VARNAME.fullmatch(name):
            raise ParameterError(f"not a SPARQL variable name: {name!r}")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(
        sparql_literal(t) if isinstance(t, Literal) else t.n3() for t in bindings.values()
    )
    return f"VALUES ({names}) {{ ({terms}) }}"


# --------------------------------------------------------------------------- placing VALUES

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


@dataclass(frozen=True)
class _Group:
    """Where the ``VALUES`` block goes: the offsets of the ``{`` and matching ``}`` of the
    query's ``WHERE`` group, whether the group is a lone sub-select (which must be wrapped), and
    for ``CONSTRUCT WHERE { … }`` the offset of the ``WHERE`` keyword (the short form's group
    may hold only triples, so it cannot hold ``VALUES``)."""

    open: int
    close: int
    subselect: bool
    short_construct: int | None = None


def _where_group(text: str) -> _Group | None:
    """The top-level ``WHERE`` group of the query ``text``; None if it has none (``DESCRIBE
    <x>``) or is not a query the scanner understands.

    >>> q = 'PREFIX ex: <urn:{>  # a { comment\\nSELECT (EXISTS { ?a ?b ?c } AS ?e) { ?s ?p "}" }'
    >>> g = _where_group(q)
    >>> q[g.open : g.close + 1]
    '{ ?s ?p "}" }'
    """
    toks = tokens(text)
    form = next(
        (i for i, (kind, value, _) in enumerate(toks) if kind == "word" and value in _FORMS),
        None,
    )
    if form is None:
        return None
    found = next_group(toks, form + 1)
    if found is None:
        return None
    start, where = found
    short = None
    if toks[form][1] == "CONSTRUCT":
        if where:  # CONSTRUCT WHERE { triples }: the last WHERE word before the "{"
            short = next(
                t[2] for t in reversed(toks[form:start]) if t[0] == "word" and t[1] == "WHERE"
            )
        else:  # CONSTRUCT { template } … WHERE { … }: skip the template
            end = matching(toks, start)
            found = None if end is None else next_group(toks, end + 1)
            if found is None:
                return None
            start = found[0]
    close = matching(toks, start)
    if close is None:
        return None
    first = toks[start + 1] if start + 1 < close else None
    subselect = first is not None and first[0] == "word" and first[1] == "SELECT"
    return _Group(toks[start][2], toks[close][2], subselect, short)


def insert_values(text: str, bindings: Mapping[str, Node], *, into_subselects: bool = True) -> str:
    """``text`` with the ``VALUES`` block of ``bindings`` at the start of its ``WHERE`` group.

    * ``SELECT``/``ASK``/``DESCRIBE``: the first top-level group after the query form (the
      ``WHERE`` keyword is optional; a ``{`` inside the select clause, as in ``(EXISTS {…} AS
      ?x)``, is inside parentheses and is passed over).
    * ``CONSTRUCT { template } WHERE { … }``: the group after the template.
    * ``CONSTRUCT WHERE { triples }``: the short form's group may hold only triples, so the query
      is written in the long form ``CONSTRUCT { triples } WHERE { VALUES … triples }`` (the same
      query by the spec).
    * A group that is a lone sub-select (``{ SELECT … }``) becomes ``{ VALUES … { SELECT … } }``.
    * A query without a ``WHERE`` group (``DESCRIBE ?_x_iri``) gets the block appended as a
      trailing ``VALUES`` clause on a line of its own (so a last-line ``# comment`` cannot
      swallow it).
    * ``into_subselects`` (the default): the parameter is bound as well at the start of each
      sub-select that projects it and binds it in every row, where that gives the same answers
      (:mod:`governance_graph.params_subselects`): the sub-select then computes only the rows of
      that value instead of all of them before the join.

    The place depends on the query text only, never on the values. Nothing is inserted before
    the ``{`` and no newline is inserted, so line numbers in syntax errors still match the file.
    With no bindings the text is returned unchanged.

    >>> print(insert_values("SELECT * { ?s ?p ?_o_iri } LIMIT 3 # {", {"_o_iri": URIRef("urn:x")}))
    SELECT * { VALUES (?_o_iri) { (<urn:x>) } ?s ?p ?_o_iri } LIMIT 3 # {
    >>> print(insert_values("ASK { SELECT ?s { ?s ?p ?_o } }", {"_o": Literal("a")}))
    ASK { VALUES (?_o) { ("a") } { SELECT ?s { ?s ?p ?_o } } }
    >>> print(insert_values("CONSTRUCT WHERE { ?s ?p ?_o }", {"_o": Literal("a")}))
    CONSTRUCT { ?s ?p ?_o } WHERE { VALUES (?_o) { ("a") } ?s ?p ?_o }
    """
    clause = values_clause(bindings)
    if not clause:
        return text
    if into_subselects:
        text = _into_subselects(text, bindings)
    group = _where_group(text)
    if group is None:
        return text.rstrip("\n") + "\n" + clause + "\n"
    head = text[: group.open + 1]
    body = text[group.open + 1 : group.close]
    tail = text[group.close :]
    if group.short_construct is not None:
        at = group.short_construct
        head = text[:at] + "{" + body + "} " + text[at : group.open + 1]
    if group.subselect:
        return f"{head} {clause} {{{body}}} {tail}"
    return f"{head} {clause}{body}{tail}"


def _into_subselects(text: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with each parameter bound as well at the start of the sub-selects where that
    gives the same answers sooner (:mod:`governance_graph.params_subselects`)."""
    from governance_graph.params_subselects import subselect_places

    # Every insertion's offset in the original text, applied from the last one back, so that
    # none moves another (a wrapped group's "}" lies after the groups nested in it).
    inserts: list[tuple[int, str]] = []
    for at, names, close in subselect_places(text, list(bindings)):
        clause = values_clause({name: bindings[name] for name in names})
        inserts.append((at + 1, f" {clause}" + (" {" if close is not None else "")))
        if close is not None:
            inserts.append((close, "} "))
    for offset, insert in sorted(inserts, key=lambda item: item[0], reverse=True):
        text = text[:offset] + insert + text[offset:]
    return text


def append_values(text: str, bindings: Mapping[str, Node]) -> str:
    """The former name of :func:`insert_values`, kept for its callers: the ``VALUES`` block is
    no longer appended after the query but put at the start of its ``WHERE`` group.

    >>> append_values("SELECT * { ?s ?p ?_o_iri }", {"_o_iri": URIRef("urn:x")})
    'SELECT * { VALUES (?_o_iri) { (<urn:x>) } ?s ?p ?_o_iri }'
    """
    return insert_values(text, bindings)
