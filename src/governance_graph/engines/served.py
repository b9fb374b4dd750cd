"""The dataset ``governance-graph serve`` answers from, and the stores its query workers hold.

* **default graph**: the OWL 2 RL closure of ontology + data, exactly what
  ``governance-graph query`` runs stored queries on, so both give the same answers.
* **named graphs**: one per *source document* (``gg:SourceDocument``), named by the document's
  own IRI (e.g. ``ggd:doc-resoc-serr-profile``). A document's graph holds, from the closure,
  every triple whose subject cites a section of that document (``?s dcterms:source ?section .
  ?section dcterms:isPartOf ?doc``), the blank nodes those triples reach, and the triples about
  the document and its sections. A resource citing sections of two documents is in both graphs.
  Ontology triples are in no named graph (they cite no source). The statements of
  ``data/interpretations.ttl`` (:mod:`governance_graph.interpretations`) are in no document's
  graph but in their own, ``ggg:data/interpretations``, so the documents' graphs hold facts only.

The per-document graphs come from the data's provenance, not from the file layout, so they
answer "what does this document say" (``default-graph-uri=<doc>`` or ``GRAPH <doc> {…}``).

Each engine writes the dataset as one N-Quads file (:meth:`Engine.write_served_dataset
<governance_graph.engines.Engine.write_served_dataset>`): from rdflib graphs here
(:func:`build_dataset`), or streamed from the oxigraph engine's store
(:mod:`governance_graph.engines.oxigraph_served`); both give the same quads. A worker loads
that file into a store of the same engine (:meth:`Engine.open_served
<governance_graph.engines.Engine.open_served>`), which answers with a
:class:`~governance_graph.writers.Answer` of rdflib terms whatever the engine. A store that is
also a :class:`SolutionWriter` writes SELECT answers itself, natively, and can be queried from
threads of the server's own process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..errors import QueryError
from ..interpretations import INTERPRETATIONS_GRAPH
from ..namespaces import GG
from ..writers.answers import GRAPH_KINDS, Answer

__all__ = [
    "GRAPH_KINDS",
    "Answer",
    "DatasetSummary",
    "ServedDataset",
    "ServedStore",
    "SolutionWriter",
    "TooManyResults",
    "add_limited",
    "build_dataset",
    "write_served_dataset",
]


@dataclass
class DatasetSummary:
    """What was written: the default graph's size, each named graph's size."""

    default_triples: int
    graphs: dict[str, int]


class TooManyResults(QueryError):
    """An answer with more than ``max_rows`` rows or triples (``what``)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"more than the allowed number of {what}")
        self.what = what


class ServedStore(Protocol):
    """A worker's store: the served dataset in memory, queried with the dataset of the SPARQL
    1.1 Protocol (``default_graphs``/``named_graphs``; ``None`` for both: the served dataset
    as it is; when either is given, exactly what was given, the other part empty)."""

    def answer(
        self,
        text: str,
        *,
        kind: str,
        parsed: Any,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        max_rows: int,
    ) -> Answer:
        """Evaluate ``text`` (already checked; ``parsed`` is rdflib's parse of it); raise
        :class:`TooManyResults` past ``max_rows``, ``QueryError`` for anything else."""
        ...


@runtime_checkable
class SolutionWriter(Protocol):
    """A served store that evaluates a SELECT and writes its answer in a SPARQL results format
    without Python objects per row, releasing the GIL while it works, and that may be queried
    from several threads at once: the server answers cheap queries with it in its own process.
    """

    def write_solutions(
        self,
        text: str,
        *,
        fmt: str,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        max_rows: int,
    ) -> bytes:
        """The SELECT ``text`` (already checked) answered in ``fmt`` (``json``, ``xml``,
        ``csv`` or ``tsv``); :class:`TooManyResults` past ``max_rows`` rows, ``QueryError``
        for anything else."""
        ...


def add_limited(items: list[Any], item: Any, max_rows: int, what: str) -> None:
    """Append ``item``; :class:`TooManyResults` when ``items`` grows past ``max_rows``."""
    items.append(item)
    if len(items) > max_rows:
        raise TooManyResults(what)


# ------------------------------------------------------------------------------ rdflib graphs


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


def _write(out, graph: Graph, name: URIRef | None) -> None:  # type: ignore[no-untyped-def]
    from ..writers.terms import nt_term

    suffix = f" {name.n3()} .\n" if name is not None else " .\n"
    for s, p, o in graph:
        obj = nt_term(o) if isinstance(o, Literal) else o.n3()
        out.write(f"{s.n3()} {p.n3()} {obj}{suffix}")


def _with_bnodes(closure: Graph, subject, into: Graph, seen: set) -> None:  # type: ignore[no-untyped-def]
    for s, p, o in closure.triples((subject, None, None)):
        into.add((s, p, o))
        if isinstance(o, BNode) and o not in seen:
            seen.add(o)
            _with_bnodes(closure, o, into, seen)


def build_dataset(closure: Graph, interpretations: Graph | None = None) -> ServedDataset:
    """Split ``closure`` into per-document graphs, ``interpretations`` apart in their own (see
    the module docstring)."""
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
    if interpretations is not None and len(interpretations):
        for graph in named.values():
            for triple in interpretations:
                graph.remove(triple)
        kept = Graph()
        for triple in interpretations:
            kept.add(triple)
        named[INTERPRETATIONS_GRAPH] = kept
    return ServedDataset(default=closure, named=named)


def write_served_dataset(
    closure: Graph, path: Path, interpretations: Graph | None = None
) -> DatasetSummary:
    """:func:`build_dataset` of ``closure`` written to ``path`` as N-Quads."""
    dataset = build_dataset(closure, interpretations)
    dataset.write_nquads(path)
    return DatasetSummary(
        default_triples=len(dataset.default),
        graphs={str(name): len(g) for name, g in sorted(dataset.named.items())},
    )
