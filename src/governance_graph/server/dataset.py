"""The dataset the server answers from, built once at start and written as one N-Quads file.

* **default graph**: the OWL 2 RL closure of ontology + data (``kg.closure()``), exactly what
  ``governance-graph query`` runs stored queries on, so both give the same answers.
* **named graphs**: one per *source document* (``gg:SourceDocument``), named by the document's
  own IRI (e.g. ``ggd:doc-resoc-serr-profile``). A document's graph holds, from the closure,
  every triple whose subject cites a section of that document (``?s dcterms:source ?section .
  ?section dcterms:isPartOf ?doc``), the blank nodes those triples reach, and the triples about
  the document and its sections. A resource citing sections of two documents is in both graphs.
  Ontology triples are in no named graph (they cite no source).

The per-document graphs come from the data's provenance, not from the file layout, so they
answer "what does this document say" (``default-graph-uri=<doc>`` or ``GRAPH <doc> {…}``).

Workers (:mod:`governance_graph.server.workers`) load the one N-Quads file written by
:func:`write_dataset`; nothing else crosses the process boundary. On the rdflib engine the file
comes from :class:`ServedDataset` (rdflib graphs); on the oxigraph engine it is streamed from
the engine's store (:func:`write_from_store`), so a graph of millions of triples is never copied
into rdflib. Both give the same quads (``tests/server/test_dataset.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from governance_graph.namespaces import GG

__all__ = ["DatasetSummary", "ServedDataset", "build_dataset", "write_dataset", "write_from_store"]


@dataclass
class ServedDataset:
    """The closure (default graph) and the per-document named graphs."""

    default: Graph
    named: dict[URIRef, Graph] = field(default_factory=dict)

    def graph_names(self) -> list[str]:
        """Named graph IRIs, sorted."""
        return sorted(str(n) for n in self.named)

    def write_nquads(self, path: Path) -> Path:
        """Write every quad as N-Quads (default graph triples without a graph term)."""
        with path.open("w", encoding="utf-8") as out:
            _write(out, self.default, None)
            for name in sorted(self.named):
                _write(out, self.named[name], name)
        return path


def _write(out, graph: Graph, name: URIRef | None) -> None:
    suffix = f" {name.n3()} .\n" if name is not None else " .\n"
    for s, p, o in graph:
        out.write(f"{s.n3()} {p.n3()} {_nt_object(o)}{suffix}")


def _nt_object(o) -> str:
    from rdflib import Literal

    if isinstance(o, Literal):
        from governance_graph.server.formats import nt_term

        return nt_term(o)
    return o.n3()


def _with_bnodes(closure: Graph, subject, into: Graph, seen: set) -> None:
    for s, p, o in closure.triples((subject, None, None)):
        into.add((s, p, o))
        if isinstance(o, BNode) and o not in seen:
            seen.add(o)
            _with_bnodes(closure, o, into, seen)


def build_dataset(closure: Graph) -> ServedDataset:
    """Split ``closure`` into per-document graphs (see the module docstring)."""
    docs = set(closure.subjects(RDF.type, GG.SourceDocument))
    docs |= {d for d in closure.objects(None, DCTERMS.isPartOf) if isinstance(d, URIRef)}
    named: dict[URIRef, Graph] = {}
    section_doc: dict = {}
    for section, doc in closure.subject_objects(DCTERMS.isPartOf):
        if doc in docs:
            section_doc.setdefault(section, set()).add(doc)
    for doc in sorted(docs):
        graph = Graph()
        seen: set = set()
        _with_bnodes(closure, doc, graph, seen)
        named[doc] = graph
    for section, its_docs in section_doc.items():
        for doc in its_docs:
            _with_bnodes(closure, section, named[doc], set())
    for subject, section in closure.subject_objects(DCTERMS.source):
        for doc in section_doc.get(section, ()):
            _with_bnodes(closure, subject, named[doc], set())
    return ServedDataset(default=closure, named=named)


@dataclass
class DatasetSummary:
    """What :func:`write_dataset` wrote: the default graph's size, each named graph's size."""

    default_triples: int
    graphs: dict[str, int]


def write_dataset(kg, path: Path) -> DatasetSummary:  # type: ignore[no-untyped-def]
    """Write the served dataset of ``kg`` (a :class:`~governance_graph.api.KnowledgeGraph`) to
    ``path`` as N-Quads, from the engine's own store when it has one."""
    materialize = getattr(kg.engine, "materialize", None)
    if materialize is not None:
        return write_from_store(materialize(), path)
    dataset = build_dataset(kg.closure())
    dataset.write_nquads(path)
    return DatasetSummary(
        default_triples=len(dataset.default),
        graphs={str(name): len(g) for name, g in sorted(dataset.named.items())},
    )


def write_from_store(store, path: Path) -> DatasetSummary:  # type: ignore[no-untyped-def]
    """:func:`build_dataset` + :meth:`ServedDataset.write_nquads` over the oxigraph engine's
    store (closure = default graph + ``ggg:inferred``), streamed: the triples of one subject are
    written once per document graph, so the file holds no duplicate quad."""
    import pyoxigraph as ox

    from governance_graph.rules import INFERRED, count_triples

    default = ox.DefaultGraph()
    rdf_type = ox.NamedNode(str(RDF.type))
    is_part_of = ox.NamedNode(str(DCTERMS.isPartOf))
    source = ox.NamedNode(str(DCTERMS.source))
    document = ox.NamedNode(str(GG.SourceDocument))

    def closure(s=None, p=None, o=None):  # type: ignore[no-untyped-def]
        for graph in (default, INFERRED):
            yield from store.quads_for_pattern(s, p, o, graph)

    docs = {q.subject for q in closure(None, rdf_type, document)}
    docs |= {q.object for q in closure(None, is_part_of) if isinstance(q.object, ox.NamedNode)}
    section_docs: dict = {}
    for q in closure(None, is_part_of):
        if q.object in docs:
            section_docs.setdefault(q.subject, set()).add(q.object)
    counts = {doc: 0 for doc in docs}

    visited: set = set()

    def about(subject, doc):  # type: ignore[no-untyped-def]
        """The triples of ``subject`` and of the blank nodes it reaches, into ``doc``'s graph."""
        if (subject, doc) in visited:
            return
        visited.add((subject, doc))
        reached = []
        for q in closure(subject):
            counts[doc] += 1
            yield ox.Quad(q.subject, q.predicate, q.object, doc)
            if isinstance(q.object, ox.BlankNode):
                reached.append(q.object)
        for node in reached:
            yield from about(node, doc)

    def named_quads():  # type: ignore[no-untyped-def]
        for doc in sorted(docs, key=str):
            yield from about(doc, doc)
        for section, its_docs in section_docs.items():
            for doc in its_docs:
                yield from about(section, doc)
        for q in closure(None, source):
            for doc in section_docs.get(q.object, ()):
                yield from about(q.subject, doc)

    with path.open("wb") as out:
        # The default graph: the store dumps each graph of the closure as N-Triples, which are
        # N-Quads of the default graph, without a Python object per triple.
        for graph in (default, INFERRED):
            store.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=graph)
        ox.serialize(named_quads(), out, ox.RdfFormat.N_QUADS)
    return DatasetSummary(
        default_triples=count_triples(store, default) + count_triples(store, INFERRED),
        graphs={doc.value: n for doc, n in sorted(counts.items(), key=lambda kv: kv[0].value)},
    )
