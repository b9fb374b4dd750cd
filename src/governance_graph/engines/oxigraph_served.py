"""The served dataset (:mod:`.served`) on the oxigraph engine: written straight from the
engine's store, and answered by a pyoxigraph store in each worker.

:func:`write_from_store` streams the closure (default graph + ``ggg:inferred``) and the
per-document graphs to N-Quads, so a graph of millions of triples is never copied into rdflib;
it gives the same quads as :func:`.served.build_dataset` (``tests/server/test_dataset.py``).
:class:`OxigraphServedStore` answers with linear-time regular expressions and native dataset
selection, and writes SELECT answers itself (:meth:`OxigraphServedStore.write_solutions`):
evaluated and written by pyoxigraph, which releases the GIL meanwhile, so the server may also
call it from threads of its own process.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from ..errors import QueryError
from ..interpretations import INTERPRETATIONS_GRAPH
from ..namespaces import GG
from .oxigraph_materialize import INFERRED, count_triples
from .oxigraph_terms import to_ox, to_rdflib
from .served import GRAPH_KINDS, Answer, DatasetSummary, TooManyResults, add_limited

__all__ = ["OxigraphServedStore", "write_from_store"]

#: The SPARQL results formats pyoxigraph writes, by the writers' format name.
RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def write_from_store(
    store: ox.Store, path: Path, interpretations: Graph | None = None
) -> DatasetSummary:
    """The served dataset of the oxigraph engine's ``store`` (closure = default graph +
    ``ggg:inferred``) written to ``path`` as N-Quads, streamed: the triples of one subject are
    written once per document graph, so the file holds no duplicate quad. The triples of
    ``interpretations`` go to ``ggg:data/interpretations`` and to no document's graph."""
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
    apart = {(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in (interpretations or ())}
    apart_graph = ox.NamedNode(str(INTERPRETATIONS_GRAPH))

    visited: set = set()

    def about(subject, doc):  # type: ignore[no-untyped-def]
        """The triples of ``subject`` and of the blank nodes it reaches, into ``doc``'s graph."""
        if (subject, doc) in visited:
            return
        visited.add((subject, doc))
        reached = []
        for q in closure(subject):
            if (q.subject, q.predicate, q.object) in apart:
                continue
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
        for s, p, o in sorted(apart, key=str):
            yield ox.Quad(s, p, o, apart_graph)

    with path.open("wb") as out:
        # The default graph: the store dumps each graph of the closure as N-Triples, which are
        # N-Quads of the default graph, without a Python object per triple.
        for graph in (default, INFERRED):
            store.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=graph)
        ox.serialize(named_quads(), out, ox.RdfFormat.N_QUADS)
    return DatasetSummary(
        default_triples=count_triples(store, default) + count_triples(store, INFERRED),
        graphs={
            name: n
            for name, n in sorted(
                [(doc.value, n) for doc, n in counts.items()]
                + ([(apart_graph.value, len(apart))] if apart else [])
            )
        },
    )


def _term(term: object) -> Node | None:
    """An answer term as an rdflib term, or None."""
    if term is None:
        return None
    try:
        return to_rdflib(term)
    except TypeError:
        raise QueryError(f"RDF-star triple terms are not supported in answers: {term}") from None


class _Lines:
    """A binary output that counts the lines written to it and stops the writer (with
    :class:`TooManyResults`) once there are more than ``most``."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.lines = 0
        self.chunks: list[bytes] = []

    def write(self, chunk: bytes) -> int:
        self.lines += chunk.count(b"\n")
        if self.lines > self.most:
            raise TooManyResults("rows")
        self.chunks.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        pass


def _dataset(default_graphs, named_graphs) -> dict:  # type: ignore[no-untyped-def]
    """pyoxigraph's query options for the protocol's dataset (``None`` for both: as served)."""
    if default_graphs is None and named_graphs is None:
        return {}
    return {
        "default_graph": [ox.NamedNode(g) for g in default_graphs or ()],
        "named_graphs": [ox.NamedNode(g) for g in named_graphs or ()],
    }


@contextlib.contextmanager
def _query_errors() -> Iterator[None]:
    """Any error of evaluating or writing an answer as one ``QueryError`` line (``QueryError``
    and ``TooManyResults`` pass as they are)."""
    try:
        yield
    except (QueryError, TooManyResults):
        raise
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error (oxigraph): {err}") from None
    except Exception as err:
        raise QueryError(f"evaluation failed: {type(err).__name__}: {err}") from None


class OxigraphServedStore:
    """The served dataset in a pyoxigraph ``Store`` in memory (safe to query from threads)."""

    def __init__(self, nquads: Path) -> None:
        self.store = ox.Store()
        self.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)

    def write_solutions(self, text, *, fmt, default_graphs, named_graphs, max_rows) -> bytes:  # type: ignore[no-untyped-def]
        """The SELECT ``text`` answered and written in ``fmt`` (``json``, ``xml``, ``csv``,
        ``tsv``) by pyoxigraph; :class:`TooManyResults` past ``max_rows`` rows, ``QueryError``
        for anything else.

        The rows are written as TSV first, one line per row (TSV escapes line breaks inside
        literals), so they are counted while written and the writing stops past the limit
        without holding more than that many; the TSV, read back by pyoxigraph, is then
        written in ``fmt``. Both steps are native and keep every term as it is."""
        lines = _Lines(max_rows + 1)  # the header line, then one line per row
        result = parsed = None
        try:
            with _query_errors():
                result = self.store.query(text, **_dataset(default_graphs, named_graphs))
                if not isinstance(result, ox.QuerySolutions):
                    raise QueryError("not a SELECT query")
                result.serialize(lines, format=ox.QueryResultsFormat.TSV)
                tsv = b"".join(lines.chunks)
                if fmt == "tsv":
                    return tsv
                parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
                return parsed.serialize(format=RESULTS_FORMATS[fmt])
        finally:
            # pyoxigraph's results may only be dropped by the thread that made them: not
            # later, by whichever thread drops the traceback of an error raised here
            result = parsed = None

    def answer(self, text, *, kind, parsed, default_graphs, named_graphs, max_rows):  # type: ignore[no-untyped-def]
        answer = Answer(kind=kind)
        result = None
        try:
            with _query_errors():
                result = self.store.query(text, **_dataset(default_graphs, named_graphs))
                if kind == "ASK":
                    answer.boolean = bool(result)
                elif kind in GRAPH_KINDS:
                    for t in result:
                        triple = (_term(t.subject), _term(t.predicate), _term(t.object))
                        add_limited(answer.triples, triple, max_rows, "triples")
                else:
                    variables = list(result.variables)
                    answer.vars = [v.value for v in variables]
                    width = len(variables)
                    for solution in result:
                        row = tuple(_term(solution[i]) for i in range(width))
                        add_limited(answer.rows, row, max_rows, "rows")
        finally:
            result = None  # dropped by this thread, as in write_solutions
        return answer
