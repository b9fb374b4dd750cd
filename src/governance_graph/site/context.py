"""The graph as the site sees it: ontology + data merged, persons' e-mails filtered, labels.

:func:`site_graph` builds a :class:`SiteGraph` once per knowledge graph and privacy choice and
keeps it (weakly) for the server, which renders pages on request.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from governance_graph.namespaces import SCHEMA, bind_prefixes, compact

from . import iris
from .privacy import persons, without_personal_contacts

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.api import KnowledgeGraph

__all__ = ["LABEL_PROPERTIES", "SiteGraph", "site_graph"]

LABEL_PROPERTIES = (
    SKOS.prefLabel,
    RDFS.label,
    FOAF.name,
    SCHEMA.name,
    DCTERMS.title,
    SKOS.altLabel,
)


class SiteGraph:
    """Ontology + data as one graph, the closure on demand, and label/citation look-ups.

    ``graph`` is the asserted ontology + data (no shapes) with persons' e-mail addresses
    removed unless ``include_personal_contacts``.
    """

    def __init__(self, kg: KnowledgeGraph, *, include_personal_contacts: bool = False) -> None:
        self.kg = kg
        self.include_personal_contacts = include_personal_contacts
        merged = bind_prefixes(Graph())
        for s, p, o, _g in kg.asserted.quads((None, None, None, None)):
            merged.add((s, p, o))
        self.people = persons(merged)
        self.graph = (
            merged if include_personal_contacts else without_personal_contacts(merged, self.people)
        )
        bind_prefixes(self.graph)
        self._labels: dict[tuple[Node, str], str | None] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ graphs

    @cached_property
    def closure(self) -> Graph:
        """The OWL 2 RL closure without literal subjects and (by default) persons' e-mails."""
        raw = self.kg.closure()
        clean = bind_prefixes(Graph())
        for s, p, o in raw:
            if not isinstance(s, Literal):
                clean.add((s, p, o))
        if not self.include_personal_contacts:
            clean = bind_prefixes(without_personal_contacts(clean, self.people | persons(clean)))
        return clean

    @cached_property
    def ontology(self) -> Graph:
        """The asserted ontology files alone (named graphs ``ggg:ontology/*``)."""
        out = bind_prefixes(Graph())
        for graph in self.kg.asserted.graphs():
            if "/graph/ontology/" in str(graph.identifier):
                for triple in graph:
                    out.add(triple)
        return out

    @cached_property
    def resources(self) -> dict[URIRef, str]:
        """Every IRI of our namespace in the graph (any position) -> its site path."""
        found: dict[URIRef, str] = {}
        for s, p, o in self.graph:
            for term in (s, p, o):
                if isinstance(term, URIRef) and term not in found:
                    path = iris.site_path(term)
                    if path is not None:
                        found[term] = path
        return found

    @cached_property
    def superclasses(self) -> dict[Node, set[Node]]:
        """class -> itself and all its (asserted, transitive) superclasses."""
        direct: dict[Node, set[Node]] = {}
        for c, sup in self.graph.subject_objects(RDFS.subClassOf):
            direct.setdefault(c, set()).add(sup)
        out: dict[Node, set[Node]] = {}
        for c in direct:
            seen = {c}
            stack = [c]
            while stack:
                for sup in direct.get(stack.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        stack.append(sup)
            out[c] = seen
        return out

    # ------------------------------------------------------------------ look-ups

    def types(self, node: Node) -> set[Node]:
        """The asserted types of ``node`` and all their superclasses."""
        found: set[Node] = set()
        for t in self.graph.objects(node, RDF.type):
            found |= self.superclasses.get(t, {t})
        return found

    def is_a(self, node: Node, cls: Node) -> bool:
        return cls in self.types(node)

    def instances(self, cls: Node) -> list[URIRef]:
        """IRIs whose asserted type is ``cls`` or a subclass of it, sorted."""
        return sorted(
            {
                s
                for s in self.graph.subjects(RDF.type, None)
                if isinstance(s, URIRef) and self.is_a(s, cls)
            },
            key=str,
        )

    def label(self, node: Node, lang: str = iris.DEFAULT_LANG) -> str:
        """The best label of ``node`` in ``lang`` (then untagged, English, Dutch, any), else a
        prefixed name."""
        key = (node, lang)
        if key not in self._labels:
            self._labels[key] = self._find_label(node, lang)
        found = self._labels[key]
        if found:
            return found
        if isinstance(node, Literal):
            return str(node)
        return compact(node) if isinstance(node, URIRef) else "(blank node)"

    def has_label(self, node: Node, lang: str = iris.DEFAULT_LANG) -> bool:
        return bool(self._labels.get((node, lang)) or self._find_label(node, lang))

    def _find_label(self, node: Node, lang: str) -> str | None:
        if isinstance(node, Literal):
            return None
        order = _language_order(lang)
        for prop in LABEL_PROPERTIES:
            values = [v for v in self.graph.objects(node, prop) if isinstance(v, Literal)]
            if values:
                values.sort(key=lambda v: (order.get(v.language, 4), str(v)))
                return " ".join(str(values[0]).split())
        return None

    def text(self, node: Node, props: Iterable[URIRef], lang: str) -> str | None:
        """The first literal of ``props`` in ``lang`` (else untagged/English/any)."""
        order = _language_order(lang)
        for prop in props:
            values = [v for v in self.graph.objects(node, prop) if isinstance(v, Literal)]
            if values:
                values.sort(key=lambda v: (order.get(v.language, 4), str(v)))
                return str(values[0])
        return None

    def sources(self, node: Node) -> list[tuple[URIRef, URIRef | None]]:
        """``(section, document)`` for each ``dcterms:source`` of ``node``, in source order."""
        out = []
        for section in self.graph.objects(node, DCTERMS.source):
            if isinstance(section, URIRef):
                doc = self.graph.value(section, DCTERMS.isPartOf)
                out.append((section, doc if isinstance(doc, URIRef) else None))
        return sorted(out, key=lambda pair: (str(pair[1]), self._order(pair[0]), str(pair[0])))

    def _order(self, section: Node) -> int:
        from governance_graph.namespaces import GG

        value = self.graph.value(section, GG.bySourceOrder)
        try:
            return int(value) if value is not None else 0
        except (TypeError, ValueError):
            return 0

    def documents_of(self, node: Node) -> set[URIRef]:
        """The source documents ``node`` cites (through its sections), or is, or is part of."""
        from governance_graph.namespaces import GG

        docs = {d for _, d in self.sources(node) if d is not None}
        if self.is_a(node, GG.SourceDocument) and isinstance(node, URIRef):
            docs.add(node)
        parent = self.graph.value(node, DCTERMS.isPartOf)
        if self.is_a(node, GG.SourceSection) and isinstance(parent, URIRef):
            docs.add(parent)
        return docs


def _language_order(lang: str) -> dict[str | None, int]:
    """Rank of a literal's language: the one asked for, untagged, English, Dutch, others."""
    order: dict[str | None, int] = {"nl": 3, "en": 2, None: 1}
    order[lang] = 0
    return order


_CACHE: weakref.WeakKeyDictionary[object, dict[bool, SiteGraph]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def site_graph(kg: KnowledgeGraph, *, include_personal_contacts: bool = False) -> SiteGraph:
    """The :class:`SiteGraph` of ``kg`` (built once per privacy choice, then reused)."""
    with _CACHE_LOCK:
        per_kg = _CACHE.setdefault(kg, {})
        sg = per_kg.get(include_personal_contacts)
        if sg is None:
            sg = SiteGraph(kg, include_personal_contacts=include_personal_contacts)
            per_kg[include_personal_contacts] = sg
        return sg
