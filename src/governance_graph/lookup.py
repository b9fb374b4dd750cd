"""Finding the resource a user means: an IRI, a prefixed name, a label, or part of a name.

Used by ``describe`` (``describe Decuypere``) and by the IRI parameters of queries
(``--param body_iri="RESOC Brugge"``, ``kg.query(q, {"body_iri": "RESOC Brugge"})``). Text is
tried as, in order:

1. an IRI (``<…>``, an absolute IRI, or a prefixed name with a pinned prefix such as
   ``ggd:vesoc``): it must occur in the graph, else :class:`NotFoundError` suggests the close
   IRIs of the same namespace (``ggd:resoc-bruges`` → ``ggd:resoc-brugge``);
2. a whole name (``skos:prefLabel``, ``rdfs:label``, ``foaf:name``), then a whole other label
   (``skos:altLabel``, ``dcterms:title``, ``skos:notation``), in any language, case and
   spacing ignored (``VESOC`` is the body, not the page titled "VESOC"), then the local name
   of a ``ggd:`` IRI (``resoc-brugge``);
3. part of a label (``Decuypere`` → ``ggd:tine-decuypere``, "Tine Decuypere").

The first step that matches decides: one resource is the answer, several are an
:class:`AmbiguousLabelError` listing them, none a :class:`NotFoundError` suggesting close
labels. Suggestions are only close names (:mod:`governance_graph.suggestions`), never a list
of unrelated ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from governance_graph.errors import GovernanceGraphError
from governance_graph.namespaces import GGD, PREFIXES
from governance_graph.query_output import compact
from governance_graph.suggestions import close_names, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.catalogue import StoredQuery

__all__ = [
    "AmbiguousLabelError",
    "NotFoundError",
    "expand",
    "find",
    "is_known",
    "resolve",
    "resolve_parameters",
]

#: The most candidates an ambiguity error lists.
SHOWN = 8

PREFIX_LINES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
#: What names a resource, and what else labels it (matched after names).
NAME_PATH = "skos:prefLabel|rdfs:label|foaf:name"
OTHER_LABEL_PATH = "skos:altLabel|dcterms:title|skos:notation"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S*")
_IRI_BAD = re.compile(r'[\s<>"{}|^`\\]')
_LOCAL_NAME = re.compile(r"[a-z0-9][a-z0-9\-]*")
_IRI_START = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?://|\S*$)")


class Queryable(Protocol):
    """What lookups need of a :class:`~governance_graph.api.KnowledgeGraph`."""

    def query(self, query: Any, params: Any = None, **options: Any) -> Result: ...


class NotFoundError(GovernanceGraphError):
    """Nothing in the graph has that IRI, label or name."""


class AmbiguousLabelError(GovernanceGraphError):
    """A label or name fits several resources; ``matches`` holds ``(iri, label)`` pairs."""

    def __init__(self, text: str, matches: Sequence[tuple[URIRef, str]], *, head: str = "") -> None:
        self.matches = list(matches)
        listed = ", ".join(f"{compact(iri)} ({label})" for iri, label in self.matches[:SHOWN])
        more = len(self.matches) - SHOWN
        listed += f" and {more} more" if more > 0 else ""
        super().__init__(
            f"{head}'{text}' names {len(self.matches)} resources: {listed}; give one of their IRIs"
        )


def expand(text: str) -> URIRef | None:
    """An IRI from ``<iri>``, ``prefix:local`` with a pinned prefix, or an absolute IRI; else
    ``None`` (the text is then a label or a name).

    >>> expand("ggd:vesoc")
    rdflib.term.URIRef('https://w3id.org/governance-graph/id/vesoc')
    >>> expand("RESOC Brugge") is None
    True
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(str(PREFIXES[prefix]) + local)
    if _SCHEME.fullmatch(text) and not _IRI_BAD.search(text):
        return URIRef(text)
    return None


def _rows(kg: Queryable, body: str, *, reasoning: bool, **bindings: Node) -> list[tuple]:
    result = kg.query(PREFIX_LINES + body, reasoning=reasoning, bindings=bindings)
    return [tuple(row) for row in result]


def is_known(kg: Queryable, iri: URIRef, *, reasoning: bool = False) -> bool:
    """Whether ``iri`` occurs in the graph, as subject, predicate or object."""
    result = kg.query(
        "ASK { { ?r ?p ?o } UNION { ?s ?p ?r } UNION { ?s ?r ?o } }",
        reasoning=reasoning,
        bindings={"r": iri},
    )
    return bool(result.askAnswer)


def _namespace(iri: str) -> str:
    for ns in sorted((str(n) for n in PREFIXES.values()), key=len, reverse=True):
        if iri.startswith(ns):
            return ns
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1] if cut > 0 else iri


def similar_iris(kg: Queryable, iri: URIRef, *, reasoning: bool = False) -> list[str]:
    """The close IRIs of the graph in the namespace of ``iri``, in short form."""
    ns = _namespace(str(iri))
    rows = _rows(
        kg,
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?ns)) }",
        reasoning=reasoning,
        ns=Literal(ns),
    )
    locals_ = {str(s)[len(ns) :]: s for (s,) in rows}
    return [compact(locals_[name]) for name in close_names(str(iri)[len(ns) :], locals_)]


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def find(kg: Queryable, text: str, *, reasoning: bool = False, head: str = "") -> URIRef:
    """The one resource whose name (``skos:prefLabel``, ``rdfs:label``, ``foaf:name``) is
    ``text``, else whose other label (``skos:altLabel``, ``dcterms:title``, ``skos:notation``)
    or ``ggd:`` local name is, else whose label contains it (case and spacing ignored);
    ``head`` starts the error messages."""
    wanted = _normal(text)
    if not wanted:
        raise NotFoundError(f"{head}an empty name names no resource")
    rows = _rows(
        kg,
        f"SELECT DISTINCT ?s ?label ?name WHERE {{ {{ ?s {NAME_PATH} ?label BIND(true AS ?name) }}"
        f" UNION {{ ?s {OTHER_LABEL_PATH} ?label BIND(false AS ?name) }} }}",
        reasoning=reasoning,
    )
    names = sorted(
        ((s, str(label), bool(name)) for s, label, name in rows if isinstance(s, URIRef)),
        key=lambda row: (not row[2], str(row[0]), row[1]),
    )
    found: dict[URIRef, str] = {}
    for s, label, name in names:
        if name and _normal(label) == wanted:
            found.setdefault(s, label)
    if not found:
        for s, label, _ in names:
            if _normal(label) == wanted:
                found.setdefault(s, label)
    if not found and _LOCAL_NAME.fullmatch(text.strip()):
        local = GGD[text.strip()]
        if is_known(kg, local, reasoning=reasoning):
            found[local] = next((label for s, label, _ in names if s == local), compact(local))
    if not found:
        for s, label, _ in names:
            if wanted in _normal(label):
                found.setdefault(s, label)
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise AmbiguousLabelError(text.strip(), sorted(found.items()), head=head)
    labels = {label for _, label, _ in names}
    close = ["'" + c + "'" for c in close_names(text.strip(), labels)]
    hint = f"; {did_you_mean(close)}" if close else ""
    raise NotFoundError(f"{head}no resource has the label, name or IRI '{text.strip()}'{hint}")


def resolve(kg: Queryable, text: str, *, reasoning: bool = False) -> URIRef:
    """The resource ``text`` names: an IRI or prefixed name that occurs in the graph, else a
    label, local name or part of a label (see the module's docstring).

    Raises :class:`NotFoundError` (with close suggestions) or :class:`AmbiguousLabelError`.
    """
    iri = expand(text)
    if iri is None:
        return find(kg, text, reasoning=reasoning)
    if not is_known(kg, iri, reasoning=reasoning):
        close = similar_iris(kg, iri, reasoning=reasoning)
        hint = f"; {did_you_mean(close)}" if close else ""
        raise NotFoundError(f"nothing is known about {compact(iri)}{hint}")
    return iri


def resolve_parameters(
    kg: Queryable, query: StoredQuery, raw: Mapping[str, str], *, reasoning: bool = True
) -> dict[str, str]:
    """``raw`` with every IRI parameter given as a label turned into the IRI it names, after
    checking that every IRI parameter given names a resource of the graph.

    A value that is not an IRI is looked up as in :func:`find`; an IRI that occurs nowhere in
    the graph is a :class:`~governance_graph.params.ParameterError` naming the parameter and
    suggesting close IRIs. Malformed values and unknown parameters are left for
    :func:`~governance_graph.params.bind` to report; defaults are not checked (a query may
    be run on other data than its defaults were written for).
    """
    from governance_graph.params import ParameterError, to_term

    out = dict(raw)
    names = {p.name for p in query.parameters}
    if set(raw) - names or any(p.required and p.name not in raw for p in query.parameters):
        return out  # bind() reports unknown and missing parameters first
    for p in query.parameters:
        value = raw.get(p.name)
        if p.kind != "iri" or not isinstance(value, str):
            continue
        head = f"parameter '{p.name}': "
        if _looks_like_iri(value):
            try:
                term = to_term(p, value)
            except ParameterError:
                continue  # bind() says what is wrong with it
            if not is_known(kg, term, reasoning=reasoning):  # type: ignore[arg-type]
                close = similar_iris(kg, term, reasoning=reasoning)  # type: ignore[arg-type]
                hint = f"; {did_you_mean(close)}" if close else ""
                raise ParameterError(f"{head}{compact(term)} names no resource of the graph{hint}")
            continue
        try:
            out[p.name] = str(find(kg, value, reasoning=reasoning, head=head))
        except (NotFoundError, AmbiguousLabelError) as err:
            raise ParameterError(str(err)) from None
    return out


def _looks_like_iri(value: str) -> bool:
    """``<…>``, ``ggd:…``, ``scheme://…`` or ``scheme:`` with no space after it: an IRI (maybe
    malformed, which bind() then reports); anything else is a label or name."""
    text = value.strip()
    return text.startswith(("<", "ggd:")) or bool(_IRI_START.match(text))
