"""Reports for people: one resource (:func:`describe`) and the whole graph (:func:`stats`).

Both go through :meth:`KnowledgeGraph.query <governance_graph.api.KnowledgeGraph.query>` with
bound parameters, so they work on any engine and never paste a value into query text.

>>> import governance_graph as gg
>>> kg = gg.load()                                           # doctest: +SKIP
>>> print(describe(kg, resolve(kg, "VESOC")).text())        # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from governance_graph.errors import GovernanceGraphError
from governance_graph.namespaces import PREFIXES
from governance_graph.results import compact, pick_language

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.api import KnowledgeGraph

__all__ = [
    "AmbiguousLabelError",
    "Description",
    "NotFoundError",
    "Stats",
    "describe",
    "resolve",
    "stats",
]

_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_LABEL_PATH = "skos:prefLabel|rdfs:label|skos:altLabel|dcterms:title|foaf:name|skos:notation"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S*")


class NotFoundError(GovernanceGraphError):
    """Nothing in the graph has that IRI or label."""


class AmbiguousLabelError(GovernanceGraphError):
    """A label names several resources; ``matches`` holds ``(iri, label)`` pairs."""

    def __init__(self, text: str, matches: Sequence[tuple[URIRef, str]]) -> None:
        self.matches = list(matches)
        listed = ", ".join(f"{compact(iri)} ({label})" for iri, label in self.matches)
        super().__init__(f"'{text}' names {len(self.matches)} resources: {listed}; give one IRI")


def _rows(kg: KnowledgeGraph, body: str, *, reasoning: bool, **bindings: Node) -> list[tuple]:
    result = kg.query(_PREFIXES + body, reasoning=reasoning, bindings=bindings)
    return [tuple(row) for row in result]


def _expand(text: str) -> URIRef | None:
    """An IRI from ``<iri>``, ``prefix:local`` with a pinned prefix, or an absolute IRI."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(str(PREFIXES[prefix]) + local)
    if _SCHEME.fullmatch(text) and not re.search(r'[\s<>"{}|^`\\]', text):
        return URIRef(text)
    return None


def resolve(kg: KnowledgeGraph, text: str, *, reasoning: bool = False) -> URIRef:
    """The resource ``text`` names: an IRI or CURIE, else a label (case-insensitive, exact).

    Raises :class:`NotFoundError` if nothing matches and :class:`AmbiguousLabelError` if a
    label names several resources.
    """
    iri = _expand(text)
    if iri is not None:
        known = kg.query(
            _PREFIXES + "ASK { { ?r ?p ?o } UNION { ?s ?p ?r } }",
            reasoning=reasoning,
            bindings={"r": iri},
        )
        if not known.askAnswer:
            raise NotFoundError(f"nothing is known about {compact(iri)}")
        return iri
    wanted = " ".join(text.split()).casefold()
    rows = _rows(
        kg, f"SELECT DISTINCT ?s ?label WHERE {{ ?s {_LABEL_PATH} ?label }}", reasoning=reasoning
    )
    matches: dict[URIRef, str] = {}
    for s, label in rows:
        if isinstance(s, URIRef) and " ".join(str(label).split()).casefold() == wanted:
            matches.setdefault(s, str(label))
    if not matches:
        raise NotFoundError(f"no resource has the label or IRI '{text}'")
    if len(matches) > 1:
        raise AmbiguousLabelError(text, sorted(matches.items()))
    return next(iter(matches))


# --------------------------------------------------------------------------- describe


@dataclass
class Description:
    """What the graph says about ``iri``: ``outgoing`` ``(p, o)``, ``incoming`` ``(s, p)``,
    ``labels`` for every IRI shown, and ``sources`` ``(section, section title, document,
    document title)``."""

    iri: URIRef
    outgoing: list[tuple[Node, Node]] = field(default_factory=list)
    incoming: list[tuple[Node, Node]] = field(default_factory=list)
    labels: dict[Node, str] = field(default_factory=dict)
    sources: list[tuple[Node, str, Node | None, str]] = field(default_factory=list)

    def name(self, term: Node | None) -> str:
        """A term in short form, with its label when it has one: ``ggd:vesoc (VESOC)``."""
        if term is None:
            return ""
        if isinstance(term, Literal):
            shown = str(term)
            shown = shown if len(shown) <= 100 else shown[:99] + "…"
            tag = f"@{term.language}" if term.language else ""
            return f'"{" ".join(shown.split())}"{tag}'
        label = self.labels.get(term)
        return f"{compact(term)} ({label})" if label else compact(term)

    def text(self) -> str:
        """The description as indented text."""
        lines = [self.name(self.iri), ""]
        lines.append("outgoing:" if self.outgoing else "outgoing: none")
        lines += [f"  {compact(p)}  {self.name(o)}" for p, o in self.outgoing]
        lines.append("incoming:" if self.incoming else "incoming: none")
        lines += [f"  {self.name(s)}  {compact(p)}" for s, p in self.incoming]
        lines.append("sources:" if self.sources else "sources: none cited")
        for section, s_title, doc, d_title in self.sources:
            where = f'"{s_title}"' if s_title else compact(section)
            if doc is not None:
                where += f' in "{d_title}"' if d_title else f" in {compact(doc)}"
            lines.append(f"  {compact(section)}: {where}")
        return "\n".join(lines)


def _labels(
    kg: KnowledgeGraph, terms: set[Node], lang: str | None, reasoning: bool
) -> dict[Node, str]:
    iris = [t for t in terms if isinstance(t, URIRef)]
    if not iris:
        return {}
    values = " ".join(f"<{t}>" for t in iris if not re.search(r'[\s<>"{}|^`\\]', str(t)))
    rows = _rows(
        kg,
        f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} "
        "?x skos:prefLabel|rdfs:label ?label }",
        reasoning=reasoning,
    )
    out: dict[Node, str] = {}
    for x, label in sorted(pick_language(rows, lang or "en"), key=lambda r: (str(r[0]), str(r[1]))):
        out.setdefault(x, str(label))
    return out


def describe(
    kg: KnowledgeGraph, iri: URIRef, *, lang: str | None = "en", reasoning: bool = False
) -> Description:
    """All triples with ``iri`` as subject or object, labels, and its ``dcterms:source``s."""
    d = Description(iri)
    out_rows = _rows(
        kg, "SELECT DISTINCT ?p ?o WHERE { ?r ?p ?o }", reasoning=reasoning, r=iri
    )
    in_rows = _rows(
        kg, "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?r }", reasoning=reasoning, r=iri
    )
    key = lambda pair: (compact(pair[0]), compact(pair[1]))  # noqa: E731
    d.outgoing = sorted(((p, o) for p, o in out_rows), key=key)
    d.incoming = sorted(
        ((s, p) for s, p in in_rows), key=lambda pair: (compact(pair[1]), compact(pair[0]))
    )
    src_rows = _rows(
        kg,
        """SELECT ?section ?stitle ?doc ?dtitle WHERE {
             ?r dcterms:source ?section .
             OPTIONAL { ?section dcterms:title ?stitle }
             OPTIONAL { ?section dcterms:isPartOf ?doc . OPTIONAL { ?doc dcterms:title ?dtitle } }
           }""",
        reasoning=reasoning,
        r=iri,
    )
    seen: set[Node] = set()
    for section, stitle, doc, dtitle in pick_language(src_rows, lang or "en"):
        if section in seen:
            continue
        seen.add(section)
        d.sources.append((section, str(stitle or ""), doc, str(dtitle or "")))
    terms: set[Node] = {iri, *(o for _, o in d.outgoing), *(s for s, _ in d.incoming)}
    d.labels = _labels(kg, terms, lang, reasoning)
    return d


# --------------------------------------------------------------------------- stats


@dataclass
class Stats:
    """Counts: triples ``asserted`` (per named graph in ``graphs``), ``inferred`` (closure minus
    asserted, ``None`` without reasoning), ``classes`` declared, ``instances`` per class
    ``(class, asserted, in closure or None)``, and ``sources`` per document
    ``(document, title, sections, citing resources)``."""

    asserted: int
    graphs: list[tuple[Node, int]]
    inferred: int | None
    classes: int
    instances: list[tuple[Node, int, int | None]]
    sources: list[tuple[Node, str, int, int]]

    def text(self) -> str:
        """The counts as aligned text."""
        lines = [f"triples asserted: {self.asserted}"]
        lines += [f"  {compact(g)}: {n}" for g, n in self.graphs]
        lines.append(
            "triples inferred: "
            + ("not computed (--no-reasoning)" if self.inferred is None else str(self.inferred))
        )
        lines.append(f"classes declared: {self.classes}")
        lines.append(
            "instances per class (asserted"
            + (", with inferred)" if self.inferred is not None else ")")
        )
        width = max((len(compact(c)) for c, _, _ in self.instances), default=0)
        for cls, n, total in self.instances:
            extra = f"  {total:>5}" if total is not None else ""
            lines.append(f"  {compact(cls).ljust(width)}  {n:>5}{extra}")
        lines.append("sources (sections, citing resources)")
        for doc, title, sections, citing in self.sources:
            name = f'{compact(doc)} "{title}"' if title else compact(doc)
            lines.append(f"  {name}: {sections} sections, {citing} citing resources")
        return "\n".join(lines)


def _count(rows: list[tuple]) -> int:
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


#: Classes of the modelling languages themselves; their instances are not "the data".
_META = tuple(str(PREFIXES[p]) for p in ("rdf", "rdfs", "owl", "xsd", "sh"))


def _instances(kg: KnowledgeGraph, *, reasoning: bool) -> dict[Node, int]:
    rows = _rows(
        kg,
        "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
        reasoning=reasoning,
    )
    return {c: int(n) for c, n in rows if isinstance(c, URIRef) and not str(c).startswith(_META)}


def stats(kg: KnowledgeGraph, *, reasoning: bool = True, lang: str = "en") -> Stats:
    """Count triples, classes, instances per class and source citations."""
    graphs = [
        (g, int(n))
        for g, n in _rows(
            kg,
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
            reasoning=False,
        )
    ]
    asserted = _count(
        _rows(
            kg,
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
            reasoning=False,
        )
    )
    inferred = None
    if reasoning:
        total = _count(_rows(kg, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", reasoning=True))
        inferred = max(total - asserted, 0)
    classes = _count(
        _rows(
            kg,
            "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { "
            "?c a ?k . FILTER(?k IN (owl:Class, rdfs:Class) && isIRI(?c)) }",
            reasoning=False,
        )
    )
    asserted_counts = _instances(kg, reasoning=False)
    closure_counts = _instances(kg, reasoning=True) if reasoning else {}
    instances = sorted(
        (
            (c, asserted_counts.get(c, 0), closure_counts.get(c, 0) if reasoning else None)
            for c in set(asserted_counts) | set(closure_counts)
        ),
        key=lambda t: (-(t[2] or t[1]), compact(t[0])),
    )
    doc_rows = _rows(
        kg,
        """SELECT ?doc ?title (COUNT(DISTINCT ?section) AS ?sections)
                  (COUNT(DISTINCT ?r) AS ?citing) WHERE {
             ?doc a gg:SourceDocument .
             OPTIONAL { ?doc dcterms:title ?title }
             OPTIONAL { ?section dcterms:isPartOf ?doc . OPTIONAL { ?r dcterms:source ?section } }
           } GROUP BY ?doc ?title ORDER BY ?doc""",
        reasoning=False,
    )
    sources: list[tuple[Node, str, int, int]] = []
    seen: set[Node] = set()
    for doc, title, sections, citing in pick_language(doc_rows, lang):
        if doc not in seen:
            seen.add(doc)
            sources.append((doc, str(title or ""), int(sections), int(citing)))
    return Stats(asserted, graphs, inferred, classes, instances, sources)
