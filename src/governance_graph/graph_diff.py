"""What changed between two graphs, resource by resource: :func:`diff` and :class:`GraphDiff`.

Both sides are canonicalised first (:func:`rdflib.compare.to_canonical_graph`): blank nodes get
labels computed from where they occur, so blank-node identifiers and the order of statements
never make a difference; a changed literal, a new or a lost triple always does. Each added or
removed triple is told under one resource: its subject, or for a triple about a blank node the
nearest IRI that refers to that node (so an interval or an address is reported under its
owner). A resource is ``added`` when the old graph says nothing about it, ``removed`` when the
new one says nothing, else ``changed``; one value of a property replaced by one other value is
a :class:`Change` rather than a removal and an addition.

:meth:`GraphDiff.write` gives the same change set as ``text`` (for people, resources and
properties named by label), ``json``, ``ttl`` (the Talis ChangeSet vocabulary) or ``nq`` (removed
triples in ``ggg:diff/removed``, added ones in ``ggg:diff/added``).

>>> from rdflib import Graph
>>> old = Graph().parse(data='<urn:x:s> <urn:x:n> 16 ; <urn:x:m> [ <urn:x:v> 1 ] .', format="ttl")
>>> new = Graph().parse(data='<urn:x:s> <urn:x:m> [ <urn:x:v> 1 ] ; <urn:x:n> 14 .', format="ttl")
>>> change = diff(old, new)
>>> change.equal, [(r.status, str(r.iri)) for r in change.resources]
(False, [('changed', 'urn:x:s')])
>>> print(change.write("text").splitlines()[-2])
  changed: <urn:x:n> 16 → 14
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace
from rdflib.namespace import FOAF, SKOS
from rdflib.term import Node

from .graph_sides import Side, canonical_graph, read_side
from .namespaces import GGG, SCHEMA, bind_prefixes, compact
from .writers import nt_term, serialize, term_key

__all__ = [
    "ADDED_GRAPH",
    "CS",
    "DIFF_FORMATS",
    "LABEL_PROPERTIES",
    "REMOVED_GRAPH",
    "Change",
    "GraphDiff",
    "ResourceChange",
    "compare",
    "diff",
    "label",
]

#: The Talis ChangeSet vocabulary (``cs:ChangeSet``, ``cs:subjectOfChange``, ``cs:removal``…).
CS = Namespace("http://purl.org/vocab/changeset/schema#")
#: The named graphs of the ``nq`` form.
REMOVED_GRAPH = GGG["diff/removed"]
ADDED_GRAPH = GGG["diff/added"]
#: What a change set can be written as.
DIFF_FORMATS = ("text", "json", "ttl", "nq")
#: Where a resource's name is read, in order; English first, then Dutch, then any language.
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, SCHEMA.name, FOAF.name)

Triple = tuple[Node, Node, Node]
_LANGUAGES = ("en", "nl", None)
_REASONS = {"added": "new resource", "removed": "removed resource", "changed": "changed resource"}
_PLAIN = {XSD.integer, XSD.decimal, XSD.double, XSD.boolean, XSD.date, XSD.dateTime, XSD.gYear}


@dataclass(frozen=True)
class Change:
    """One value of ``property`` of ``subject`` replaced by another: ``old`` -> ``new``."""

    subject: Node
    property: Node
    old: tuple[Node, ...]
    new: tuple[Node, ...]


@dataclass(frozen=True)
class ResourceChange:
    """What changed about one resource (an IRI, or a blank node no IRI refers to).

    ``added``/``removed`` hold the triples that are not part of a :class:`Change`: about the
    resource itself, or about a blank node it owns.
    """

    iri: Node
    label: str
    status: str  # "added", "removed" or "changed"
    added: tuple[Triple, ...] = ()
    removed: tuple[Triple, ...] = ()
    changed: tuple[Change, ...] = ()

    def all_added(self) -> list[Triple]:
        """Every triple the new graph has and the old one lacks, about this resource."""
        return sorted(
            [*self.added, *((c.subject, c.property, o) for c in self.changed for o in c.new)],
            key=_triple_key,
        )

    def all_removed(self) -> list[Triple]:
        """Every triple the old graph has and the new one lacks, about this resource."""
        return sorted(
            [*self.removed, *((c.subject, c.property, o) for c in self.changed for o in c.old)],
            key=_triple_key,
        )


@dataclass(frozen=True)
class GraphDiff:
    """The change set from the graph ``old`` to the graph ``new`` (each named as given)."""

    old: str
    new: str
    resources: tuple[ResourceChange, ...]
    #: Both sides, canonicalised: the blank nodes of ``resources`` are theirs.
    old_graph: Graph = field(repr=False, compare=False)
    new_graph: Graph = field(repr=False, compare=False)

    @property
    def equal(self) -> bool:
        """True when both sides hold the same triples (blank nodes aside)."""
        return not self.resources

    def added(self) -> list[Triple]:
        """Every triple of the new side that the old one lacks."""
        return [t for r in self.resources for t in r.all_added()]

    def removed(self) -> list[Triple]:
        """Every triple of the old side that the new one lacks."""
        return [t for r in self.resources for t in r.all_removed()]

    def write(self, fmt: str = "text", *, created: str | None = None) -> str:
        """The change set as ``text``, ``json``, ``ttl`` or ``nq`` (see the module).

        ``created`` is the ``cs:createdDate`` of ``ttl`` (an ``xsd:dateTime``): by default
        ``$SOURCE_DATE_EPOCH`` when set (reproducible builds), else now.
        """
        if fmt == "text":
            return _text(self)
        if fmt == "json":
            return _json_text(_json(self))
        if fmt == "ttl":
            return serialize(self.changeset_graph(created), "ttl")
        if fmt == "nq":
            return serialize(self.dataset(), "nq")
        raise ValueError(f"unknown diff format {fmt!r}; expected one of {', '.join(DIFF_FORMATS)}")

    def changeset_graph(self, created: str | None = None) -> Graph:
        """One ``cs:ChangeSet`` per resource, its triples as ``rdf:Statement`` removals and
        additions (http://purl.org/vocab/changeset/schema#)."""
        graph = bind_prefixes(Graph())
        graph.bind("cs", CS)
        date = Literal(created or _now(), datatype=XSD.dateTime)
        for resource in self.resources:
            node = BNode()
            graph.add((node, RDF.type, CS.ChangeSet))
            graph.add((node, CS.subjectOfChange, resource.iri))
            graph.add((node, CS.createdDate, date))
            graph.add((node, CS.changeReason, Literal(_REASONS[resource.status], lang="en")))
            for kind, triples in (
                (CS.removal, resource.all_removed()),
                (CS.addition, resource.all_added()),
            ):
                for s, p, o in triples:
                    statement = BNode()
                    graph.add((node, kind, statement))
                    graph.add((statement, RDF.type, RDF.Statement))
                    graph.add((statement, RDF.subject, s))
                    graph.add((statement, RDF.predicate, p))
                    graph.add((statement, RDF.object, o))
        return graph

    def dataset(self) -> Dataset:
        """The removed triples in :data:`REMOVED_GRAPH`, the added ones in :data:`ADDED_GRAPH`."""
        dataset = Dataset()
        bind_prefixes(dataset)
        for name, triples in ((REMOVED_GRAPH, self.removed()), (ADDED_GRAPH, self.added())):
            graph = dataset.graph(name)
            for triple in triples:
                graph.add(triple)
        return dataset


# --------------------------------------------------------------------------- computing


def diff(
    old: str | os.PathLike[str] | Graph | Sequence[str | os.PathLike[str]],
    new: str | os.PathLike[str] | Graph | Sequence[str | os.PathLike[str]],
    *,
    repo: str | os.PathLike[str] | None = None,
) -> GraphDiff:
    """The change set from ``old`` to ``new``, each a graph, a file, a folder, a dump, a list
    of files or ``git:REV`` (of ``repo``, default the repository of the working directory).

    Raises :class:`~governance_graph.errors.LoadError` when a side cannot be read.
    """
    return compare(read_side(old, repo=repo), read_side(new, repo=repo))


def compare(old: Side, new: Side) -> GraphDiff:
    """The change set between two sides already read."""
    before, after = canonical_graph(old.graph), canonical_graph(new.graph)
    removed, added = set(before) - set(after), set(after) - set(before)
    grouped: dict[Node, tuple[list[Triple], list[Triple]]] = defaultdict(lambda: ([], []))
    for side, (graph, triples) in enumerate(((before, removed), (after, added))):
        owners: dict[Node, Node] = {}
        for triple in triples:
            grouped[_owner(graph, triple[0], owners)][side].append(triple)
    resources = []
    for iri in sorted(grouped, key=term_key):
        gone, new_ = grouped[iri]
        if (iri, None, None) not in before:
            status = "added"
        elif (iri, None, None) not in after:
            status = "removed"
        else:
            status = "changed"
        changes, gone, new_ = _pair(gone, new_)
        resources.append(
            ResourceChange(
                iri,
                label(iri, (after, before)),
                status,
                tuple(sorted(new_, key=_triple_key)),
                tuple(sorted(gone, key=_triple_key)),
                tuple(changes),
            )
        )
    return GraphDiff(old.name, new.name, tuple(resources), before, after)


def label(term: Node, graphs: Iterable[Graph]) -> str:
    """The name of ``term`` in the first of ``graphs`` that names it (``skos:prefLabel``,
    ``rdfs:label``, ``schema:name``, ``foaf:name``; English, else Dutch, else any language),
    else its compact IRI (:func:`governance_graph.namespaces.compact`)."""
    for graph in graphs:
        for language in _LANGUAGES:
            for prop in LABEL_PROPERTIES:
                names = sorted(
                    str(o)
                    for o in graph.objects(term, prop)
                    if isinstance(o, Literal)
                    and (language is None or (o.language or "").lower().split("-")[0] == language)
                )
                if names:
                    return names[0]
    return compact(term)


def _owner(graph: Graph, node: Node, found: dict[Node, Node]) -> Node:
    """The resource a triple about ``node`` is told under: an IRI itself; for a blank node the
    nearest IRI that refers to it (the smallest of equally near ones), or when no IRI does, the
    smallest blank node it hangs from that nothing refers to (or the smallest of its cycle)."""
    if not isinstance(node, BNode):
        return node
    if node not in found:
        level, seen = {node}, {node}
        owner: Node | None = None
        while level and owner is None:
            referrers = {s for b in level for s in graph.subjects(None, b)}
            iris = [s for s in referrers if not isinstance(s, BNode)]
            if iris:
                owner = min(iris, key=term_key)
            level = referrers - seen
            seen |= level
        if owner is None:
            tops = [b for b in seen if (None, None, b) not in graph]
            owner = min(tops or seen, key=term_key)
        found[node] = owner
    return found[node]


def _pair(gone: list[Triple], new: list[Triple]) -> tuple[list[Change], list[Triple], list[Triple]]:
    """One removed and one added value of the same subject and property -> a :class:`Change`."""
    by_key: dict[tuple[Node, Node], tuple[list[Node], list[Node]]] = defaultdict(lambda: ([], []))
    for side, triples in enumerate((gone, new)):
        for s, p, o in triples:
            by_key[(s, p)][side].append(o)
    changes = [
        Change(s, p, (olds[0],), (news[0],))
        for (s, p), (olds, news) in by_key.items()
        if len(olds) == 1 and len(news) == 1
    ]
    paired = {(c.subject, c.property) for c in changes}
    changes.sort(key=lambda c: (term_key(c.subject), term_key(c.property)))
    return (
        changes,
        [t for t in gone if (t[0], t[1]) not in paired],
        [t for t in new if (t[0], t[1]) not in paired],
    )


def _triple_key(triple: Triple) -> tuple:
    # a resource's own triples (IRI subject) before those of the blank nodes it owns
    return tuple(term_key(term) for term in triple)


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


# --------------------------------------------------------------------------- writing


class _BlankNames:
    """Short names for the canonical blank nodes of a change set (``b1``, ``b2``… in the
    order of their canonical labels), the same on both sides."""

    def __init__(self, change: GraphDiff) -> None:
        found = {r.iri for r in change.resources if isinstance(r.iri, BNode)}
        for r in change.resources:
            for triple in (*r.all_added(), *r.all_removed()):
                found.update(term for term in triple if isinstance(term, BNode))
        self.names = {b: f"b{i}" for i, b in enumerate(sorted(found, key=str), start=1)}

    def nt(self, term: Node) -> str:
        return f"_:{self.names[term]}" if isinstance(term, BNode) else nt_term(term)


def _json(change: GraphDiff) -> dict[str, Any]:
    blank = _BlankNames(change)

    def entries(resource: ResourceChange, triples: Iterable[Triple]) -> list[list[str]]:
        return [
            [blank.nt(p), blank.nt(o)]
            if s == resource.iri
            else [blank.nt(s), blank.nt(p), blank.nt(o)]
            for s, p, o in triples
        ]

    resources = []
    for r in change.resources:
        changed = []
        for c in r.changed:
            entry: dict[str, Any] = {"property": blank.nt(c.property)}
            if c.subject != r.iri:
                entry["subject"] = blank.nt(c.subject)
            entry["old"] = [blank.nt(o) for o in c.old]
            entry["new"] = [blank.nt(o) for o in c.new]
            changed.append(entry)
        resources.append(
            {
                "iri": blank.nt(r.iri) if isinstance(r.iri, BNode) else str(r.iri),
                "label": r.label,
                "status": r.status,
                "added": entries(r, r.added),
                "removed": entries(r, r.removed),
                "changed": changed,
            }
        )
    return {"equal": change.equal, "old": change.old, "new": change.new, "resources": resources}


_STRINGS = re.compile(r'\[\s+("(?:[^"\\]|\\.)*"(?:,\s+"(?:[^"\\]|\\.)*")*)\s+\]')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _json_text(data: dict[str, Any]) -> str:
    """Indented JSON with each list of terms (``[p, o]``, ``old``, ``new``) on one line."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _STRINGS.sub(lambda m: "[" + ", ".join(_STRING.findall(m.group(1))) + "]", text) + "\n"


class _Text:
    """The change set for people: one block per resource, values and properties by label."""

    def __init__(self, change: GraphDiff) -> None:
        self.change = change
        self.blank = _BlankNames(change)
        self.order = (change.new_graph, change.old_graph)
        self.inline: set[Triple] = set()  # blank-node triples written inside another entry

    def name(self, term: Node, graphs: Sequence[Graph]) -> str:
        if isinstance(term, BNode):
            return self.blank.nt(term)
        if isinstance(term, Literal):
            if term.language is None and term.datatype in _PLAIN:
                return str(term)
            text = nt_term(term)
            if term.datatype is None or term.language:
                return text
            return f"{text.rpartition('^^')[0]}^^{compact(term.datatype)}"
        return label(term, graphs)

    def value(self, term: Node, graph: Graph, pool: set[Triple], depth: int = 0) -> str:
        """``term`` as written on one side; a blank node referred to once whose triples are
        all in ``pool`` (wholly new, or wholly gone) is written inline, ``[ p v ; … ]``."""
        order = (graph, *self.order)
        if not isinstance(term, BNode) or depth > 8:
            return self.name(term, order)
        inner = sorted(graph.predicate_objects(term), key=_pair_key)
        once = len(set(graph.subject_predicates(term))) == 1
        if not once or not all((term, p, o) in pool for p, o in inner):
            return self.name(term, order)
        self.inline.update((term, p, o) for p, o in inner)
        parts = [f"{self.name(p, order)} {self.value(o, graph, pool, depth + 1)}" for p, o in inner]
        return f"[ {' ; '.join(parts)} ]" if parts else "[]"

    def path(self, resource: ResourceChange, subject: Node, predicate: Node, graph: Graph) -> str:
        """The property, and for a blank node's triple the way to it from its owner."""
        steps = [self.name(predicate, self.order)]
        seen = {subject}
        while isinstance(subject, BNode) and subject != resource.iri:
            refs = sorted(graph.subject_predicates(subject), key=_pair_key)
            if not refs or refs[0][0] in seen:
                steps.append(self.blank.nt(subject))
                break
            subject, via = refs[0]
            seen.add(subject)
            steps.append(self.name(via, self.order))
        return " / ".join(reversed(steps))

    def block(self, r: ResourceChange) -> list[str]:
        old, new = self.change.old_graph, self.change.new_graph
        gone, added = set(r.all_removed()), set(r.all_added())
        head = r.label if r.label == compact(r.iri) else f"{r.label} ({compact(r.iri)})"
        status = "changed" if r.status == "changed" else _REASONS[r.status]
        entries: list[tuple[Triple | None, str]] = []
        for c in r.changed:
            before = ", ".join(self.value(o, old, gone) for o in c.old)
            after = ", ".join(self.value(o, new, added) for o in c.new)
            where = self.path(r, c.subject, c.property, new)
            entries.append((None, f"changed: {where} {before} → {after}"))
        for kind, triples, graph, pool in (
            ("removed", r.removed, old, gone),
            ("added", r.added, new, added),
        ):
            for s, p, o in triples:
                text = f"{kind}: {self.path(r, s, p, graph)} {self.value(o, graph, pool)}"
                entries.append(((s, p, o), text))
        # only now is it known which blank-node triples another entry wrote inline
        shown = [text for triple, text in entries if triple is None or triple not in self.inline]
        return [f"{head}: {status}", *(f"  {text}" for text in shown)]

    def render(self) -> str:
        if self.change.equal:
            return ""
        out = [f"--- {self.change.old}", f"+++ {self.change.new}"]
        for resource in self.change.resources:
            out += self.block(resource)
        counts = {s: sum(r.status == s for r in self.change.resources) for s in _REASONS}
        out.append(
            f"{len(self.change.resources)} resources: {counts['added']} new, "
            f"{counts['removed']} removed, {counts['changed']} changed; "
            f"{len(self.change.added())} triples added, {len(self.change.removed())} removed"
        )
        return "\n".join(out) + "\n"


def _pair_key(pair: tuple[Node, Node]) -> tuple:
    return (term_key(pair[0]), term_key(pair[1]))


def _text(change: GraphDiff) -> str:
    return _Text(change).render()
