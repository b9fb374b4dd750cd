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

Workers (:mod:`governance_graph.server.workers`) load the file written by :func:`write_nquads`;
nothing else crosses the process boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from governance_graph.namespaces import GG

__all__ = ["ServedDataset", "build_dataset"]


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
