"""The two embedded stores a query worker can hold, one per engine (``--engine``): rdflib and
pyoxigraph, both in memory.

Both load the one N-Quads file of :mod:`governance_graph.server.dataset` and answer with an
:class:`~governance_graph.server.formats.Answer` of rdflib terms (pyoxigraph's terms are
converted; its ``xsd:string`` literals become plain ones), so every writer, the row limit and
the "same answers" tests see one representation.

``default_graphs`` / ``named_graphs`` (from ``default-graph-uri`` / ``named-graph-uri``) give
the SPARQL dataset of one query; ``None`` for both means the served dataset as it is (the
closure as default graph, every document graph named). When either is given, the dataset is
exactly what was given (the other part empty), as the SPARQL 1.1 Protocol says.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from governance_graph.server.formats import GRAPH_KINDS, Answer
from governance_graph.server.problems import HTTPProblem
from governance_graph.server.security import CheckedQuery

__all__ = ["STORES", "OxigraphStore", "QueryStore", "RdflibStore", "open_store"]


class QueryStore(Protocol):
    """What a worker needs from a store."""

    name: str

    def run(
        self,
        checked: CheckedQuery,
        text: str,
        *,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        max_rows: int,
    ) -> Answer: ...


def _too_many(max_rows: int, what: str) -> HTTPProblem:
    return HTTPProblem(
        422,
        f"the answer has more than {max_rows} {what} (the server's --max-rows); "
        "narrow the query or page through it with LIMIT and OFFSET",
    )


class RdflibStore:
    """rdflib ``Dataset`` in memory; queries are translated from the already checked parse."""

    name = "rdflib"

    def __init__(self, nquads: Path) -> None:
        self.dataset = Dataset()
        self.dataset.parse(str(nquads), format="nquads")
        self._custom: OrderedDict[tuple, Dataset] = OrderedDict()
        self._translated: OrderedDict[str, object] = OrderedDict()

    def _dataset_for(self, default: Sequence[str], named: Sequence[str]) -> Dataset:
        key = (tuple(default), tuple(named))
        cached = self._custom.get(key)
        if cached is not None:
            return cached
        ds = Dataset()
        target = ds.graph(DATASET_DEFAULT_GRAPH_ID)
        for name in default:
            for triple in self.dataset.graph(URIRef(name)):
                target.add(triple)
        for name in named:
            graph = ds.graph(URIRef(name))
            for triple in self.dataset.graph(URIRef(name)):
                graph.add(triple)
        self._custom[key] = ds
        while len(self._custom) > 8:
            self._custom.popitem(last=False)
        return ds

    def run(self, checked, text, *, default_graphs, named_graphs, max_rows):
        from rdflib.plugins.sparql.algebra import translateQuery

        from governance_graph.rdflib_algebra import tune_algebra

        query = self._translated.get(text)
        if query is None:
            try:
                query = translateQuery(checked.parsed)
                tune_algebra(query.algebra)
            except Exception as err:  # unknown prefix and friends
                raise HTTPProblem(400, f"cannot translate the query: {err}") from None
            self._translated[text] = query
            while len(self._translated) > 256:
                self._translated.popitem(last=False)
        if default_graphs is None and named_graphs is None:
            dataset = self.dataset
        else:
            dataset = self._dataset_for(default_graphs or (), named_graphs or ())
        try:
            result = dataset.query(query)
            answer = Answer(kind=checked.kind)
            if checked.kind == "ASK":
                answer.boolean = bool(result.askAnswer)
            elif checked.kind in GRAPH_KINDS:
                assert result.graph is not None
                for triple in result.graph:
                    answer.triples.append(triple)
                    if len(answer.triples) > max_rows:
                        raise _too_many(max_rows, "triples")
            else:
                answer.vars = [str(v) for v in result.vars or []]
                for row in result:
                    answer.rows.append(tuple(row))
                    if len(answer.rows) > max_rows:
                        raise _too_many(max_rows, "rows")
        except HTTPProblem:
            raise
        except RecursionError:
            raise HTTPProblem(400, "query too deeply nested to evaluate") from None
        except Exception as err:
            raise HTTPProblem(400, f"evaluation failed: {type(err).__name__}: {err}") from None
        return answer


def _from_oxigraph(term) -> Node | None:
    """An answer term as an rdflib term (the oxigraph engine's conversion), or None."""
    from governance_graph.oxigraph_engine import to_rdflib

    if term is None:
        return None
    try:
        return to_rdflib(term)
    except TypeError:
        message = f"RDF-star triple terms are not supported in answers: {term}"
        raise HTTPProblem(400, message) from None


class OxigraphStore:
    """pyoxigraph ``Store`` in memory: linear-time regex, native dataset selection."""

    name = "oxigraph"

    def __init__(self, nquads: Path) -> None:
        import pyoxigraph as ox

        self.store = ox.Store()
        self.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)

    def run(self, checked, text, *, default_graphs, named_graphs, max_rows):
        import pyoxigraph as ox

        options: dict = {}
        if default_graphs is not None or named_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ()]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
        try:
            result = self.store.query(text, **options)
            answer = Answer(kind=checked.kind)
            if checked.kind == "ASK":
                answer.boolean = bool(result)
            elif checked.kind in GRAPH_KINDS:
                for triple in result:
                    answer.triples.append(
                        (
                            _from_oxigraph(triple.subject),
                            _from_oxigraph(triple.predicate),
                            _from_oxigraph(triple.object),
                        )
                    )
                    if len(answer.triples) > max_rows:
                        raise _too_many(max_rows, "triples")
            else:
                variables = list(result.variables)
                answer.vars = [v.value for v in variables]
                width = len(variables)
                for solution in result:
                    answer.rows.append(tuple(_from_oxigraph(solution[i]) for i in range(width)))
                    if len(answer.rows) > max_rows:
                        raise _too_many(max_rows, "rows")
        except HTTPProblem:
            raise
        except SyntaxError as err:
            raise HTTPProblem(400, f"SPARQL syntax error (oxigraph): {err}") from None
        except Exception as err:
            raise HTTPProblem(400, f"evaluation failed: {type(err).__name__}: {err}") from None
        return answer


#: engine name (``serve --engine``) -> store class.
STORES = {"rdflib": RdflibStore, "oxigraph": OxigraphStore}


def open_store(name: str, nquads: Path) -> QueryStore:
    """The store called ``name`` loaded from ``nquads``."""
    return STORES[name](nquads)
