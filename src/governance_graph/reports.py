"""Reports for people: one resource (:func:`describe`) and the whole graph (:func:`stats`).

Both go through :meth:`KnowledgeGraph.query <governance_graph.api.KnowledgeGraph.query>` with
bound parameters, so they work on any engine and never paste a value into query text.

>>> import governance_graph as gg
>>> kg = gg.load()                                           # doctest: +SKIP
>>> print(describe(kg, resolve(kg, "VESOC")).text())        # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import ORG
from rdflib.term import Node

from governance_graph.lookup import PREFIX_LINES as _PREFIXES
from governance_graph.lookup import AmbiguousLabelError, NotFoundError, resolve
from governance_graph.namespaces import PREFIXES
from governance_graph.query_output import compact, pick_language

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


def _rows(kg: KnowledgeGraph, body: str, *, reasoning: bool, **bindings: Node) -> list[tuple]:
    result = kg.query(_PREFIXES + body, reasoning=reasoning, bindings=bindings)
    return [tuple(row) for row in result]


# --------------------------------------------------------------------------- describe


@dataclass
class Description:
    """What the graph says about ``iri``: ``outgoing`` ``(p, o)``, ``incoming`` ``(s, p)``,
    ``labels`` (or a person's name) for every IRI shown, ``sources`` ``(section, section title,
    document, document title)``, and the ``org:Membership``s it is part of, as ``roles``
    ``(role, organisation)`` when it is the member and ``members`` ``(member, role)`` when it is
    the organisation (role ``None`` when the membership names none). The membership nodes
    themselves are not listed among ``incoming``."""

    iri: URIRef
    outgoing: list[tuple[Node, Node]] = field(default_factory=list)
    incoming: list[tuple[Node, Node]] = field(default_factory=list)
    labels: dict[Node, str] = field(default_factory=dict)
    sources: list[tuple[Node, str, Node | None, str]] = field(default_factory=list)
    roles: list[tuple[Node | None, Node]] = field(default_factory=list)
    members: list[tuple[Node, Node | None]] = field(default_factory=list)

    def _role(self, role: Node | None) -> str:
        if role is None:
            return "member"
        return self.labels.get(role) or compact(role)

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
        if self.roles:
            lines.append("roles:")
            lines += [f"  {self._role(r)} of {self.name(org)}" for r, org in self.roles]
        if self.members:
            lines.append("members:")
            lines += [f"  {self.name(m)}: {self._role(r)}" for m, r in self.members]
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
        "?x skos:prefLabel|rdfs:label|foaf:name ?label }",
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
    out_rows = _rows(kg, "SELECT DISTINCT ?p ?o WHERE { ?r ?p ?o }", reasoning=reasoning, r=iri)
    in_rows = _rows(kg, "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?r }", reasoning=reasoning, r=iri)
    key = lambda pair: (compact(pair[0]), compact(pair[1]))  # noqa: E731
    d.outgoing = sorted(((p, o) for p, o in out_rows), key=key)
    as_member = _rows(
        kg,
        "SELECT DISTINCT ?m ?org ?role WHERE { ?m org:member ?r ; org:organization ?org . "
        "OPTIONAL { ?m org:role ?role } }",
        reasoning=reasoning,
        r=iri,
    )
    as_org = _rows(
        kg,
        "SELECT DISTINCT ?m ?member ?role WHERE { ?m org:organization ?r ; org:member ?member . "
        "OPTIONAL { ?m org:role ?role } }",
        reasoning=reasoning,
        r=iri,
    )
    shown = {(m, ORG.member) for m, _, _ in as_member} | {
        (m, ORG.organization) for m, _, _ in as_org
    }
    d.roles = sorted({(role, org) for _, org, role in as_member}, key=key)
    d.members = sorted({(member, role) for _, member, role in as_org}, key=key)
    d.incoming = sorted(
        ((s, p) for s, p in in_rows if (s, p) not in shown),
        key=lambda pair: (compact(pair[1]), compact(pair[0])),
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
    terms |= {t for pair in d.roles + d.members for t in pair if t is not None}
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
            lines.append(
                f"  {name}: {_plural(sections, 'section')}, {_plural(citing, 'citing resource')}"
            )
        return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    """``1 section``, ``2 sections``, ``0 sections``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


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
