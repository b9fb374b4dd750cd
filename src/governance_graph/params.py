"""Typed stored-query parameters, checked and bound as RDF terms.

A stored query names its parameters with variables (see ``docs/design.md``)::

    ?_body_iri      -> parameter ``body_iri``, an IRI
    ?_year_integer  -> parameter ``year_integer``, an ``xsd:integer``
    ?_from_date     -> parameter ``from_date``, an ``xsd:date`` (``YYYY-MM-DD``)
    ?_label_nl      -> parameter ``label_nl``, a literal tagged ``@nl``
    ?_name          -> parameter ``name``, a plain literal

The parameter's name is the variable name without ``?_``, exactly as written in the query, so
``kg.query(q, params={"body_iri": ...})`` names the variable the reader sees in the ``.rq`` file.

Values are never pasted into the query text (the grlc#101 trap). :func:`bind` turns each raw
string into an rdflib term, and :func:`values_clause` renders the terms as a trailing SPARQL 1.1
``VALUES`` block that is appended to the query. A trailing ``ValuesClause`` is allowed after the
solution modifiers (``ORDER BY``, ``LIMIT``, ``OFFSET``), and it joins with the query's solutions
before projection, so a parameter used as a term of a triple pattern restricts the answer.

Note for query authors: the trailing ``VALUES`` block is joined *after* the ``WHERE`` pattern
(and after ``GROUP BY``/``HAVING``). A parameter variable used only inside ``FILTER``, ``BIND``
or a sub-select is still unbound there; use it as a triple-pattern term (or group by it).

>>> from governance_graph.catalogue import parse_query
>>> q = parse_query("SELECT ?name WHERE { ?_body_iri <urn:p> ?name }", name="demo")
>>> b = bind(q, {"body_iri": "ggd:vesoc"})
>>> b["_body_iri"]
rdflib.term.URIRef('https://w3id.org/governance-graph/id/vesoc')
>>> values_clause(b)
'VALUES (?_body_iri) { (<https://w3id.org/governance-graph/id/vesoc>) }'
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Literal as _Lit

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from governance_graph.errors import QueryError
from governance_graph.namespaces import GGD

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.catalogue import StoredQuery

__all__ = [
    "Parameter",
    "ParameterError",
    "append_values",
    "bind",
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
    "date": "a date (YYYY-MM-DD)",
    "lang": "a literal",
}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
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
    lowercase letters (a language tag); anything else is a plain literal.

    >>> parameter_from_variable("_from_date").kind
    'date'
    >>> parameter_from_variable("_name").kind
    'literal'
    """
    name = variable[1:]
    base, sep, suffix = name.rpartition("_")
    kind: Kind = "literal"
    lang = None
    if sep and base:
        if suffix in ("iri", "integer", "date"):
            kind = suffix  # type: ignore[assignment]
        elif _LANG_SUFFIX.fullmatch(suffix):
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
    if param.kind == "date":
        text = value.strip()
        if not _DATE.fullmatch(text):
            raise _malformed(param, value, "use the ISO form YYYY-MM-DD")
        try:
            _dt.date.fromisoformat(text)
        except ValueError as exc:
            raise _malformed(param, value, str(exc)) from None
        return Literal(text, datatype=XSD.date)
    if _CONTROL.search(value):
        raise _malformed(param, value, "contains a control character")
    if param.kind == "lang":
        return Literal(value, lang=param.lang)
    return Literal(value)


def bind(query: StoredQuery, raw: Mapping[str, str]) -> dict[str, Node]:
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
        raise ParameterError(
            f"query '{query.name}' needs parameter {names}"
        )
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


def append_values(text: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with the ``VALUES`` clause of ``bindings`` appended on a line of its own.

    The newline matters: a query whose last line is a ``# comment`` would otherwise swallow
    the clause. With no bindings the text is returned unchanged.

    >>> append_values("SELECT * { ?s ?p ?_o_iri } LIMIT 3 # top", {"_o_iri": URIRef("urn:x")})
    'SELECT * { ?s ?p ?_o_iri } LIMIT 3 # top\\nVALUES (?_o_iri) { (<urn:x>) }\\n'
    """
    clause = values_clause(bindings)
    if not clause:
        return text
    return text.rstrip("\n") + "\n" + clause + "\n"
