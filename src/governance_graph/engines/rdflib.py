"""The reference engine (``"rdflib"``): rdflib in memory, owlrl for reasoning
(:mod:`.rdflib_reasoning`), pyshacl for validation (:mod:`.rdflib_shacl`).

Files are parsed lazily: a query with ``reasoning=True`` on a warm closure cache reads the
files' bytes (for the cache key) but neither parses them nor imports owlrl or pyshacl.
Queries run on rdflib's SPARQL engine, prepared by :func:`governance_graph.sparql.prepare.
prepare_query` (which also applies the corrections of
:mod:`governance_graph.engines.rdflib_algebra_fixes`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..errors import GovernanceGraphError, QueryError
from ..loading import Source, load_dataset
from . import Engine, QueryRequest, rdflib_reasoning

if TYPE_CHECKING:
    from rdflib.query import Result

    from ..validation_report import ValidationReport

__all__ = ["RdflibEngine", "RdflibServedStore"]


class RdflibEngine(Engine):
    """Reference engine: rdflib in memory, owlrl for reasoning, pyshacl for validation."""

    name: ClassVar[str] = "rdflib"

    def __init__(self) -> None:
        super().__init__()
        self._sources: list[Source] = []
        self._asserted: Dataset | None = None
        self._lock = threading.Lock()

    def sources(self) -> Sequence[Source]:
        return list(self._sources)

    def load(self, sources: Sequence[Source]) -> None:
        with self._lock:
            self._sources = list(sources)
            self._asserted = None

    def dataset(self, *, inferred: bool = False) -> Graph:
        if inferred:
            return self.reason()
        with self._lock:
            if self._asserted is None:
                self._asserted = load_dataset(self._sources)
            return self._asserted

    def reason(self) -> Graph:
        return rdflib_reasoning.closure(self._sources, lambda: self.dataset(inferred=False))

    def validate(self, shapes_files: Sequence[Path], *, inferred: bool = False) -> ValidationReport:
        from ..validation_report import check_shapes_files, load_shapes
        from .rdflib_shacl import validate

        check_shapes_files(shapes_files)
        return validate(self.dataset(inferred=inferred), load_shapes(shapes_files))

    def evaluate(self, request: QueryRequest) -> Result:
        from ..sparql.prepare import prepare_query

        prepared = prepare_query(
            request.text, source=request.source, allow_services=request.allow_services
        )
        graph = self._graph_for(request)
        return run_prepared(graph, prepared, request.source)

    def _graph_for(self, request: QueryRequest) -> Graph:
        """The closure or the asserted dataset; with ``request.graphs``, a new dataset holding
        that as its default graph (and the files' named graphs, without reasoning) and each of
        ``request.graphs`` in its own named graph."""
        ours = self.dataset(inferred=request.reasoning)
        if not request.graphs:
            return ours
        dataset = Dataset(default_union=False)
        default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
        if request.reasoning:
            for triple in ours:
                default.add(triple)
        else:
            for quad in ours.quads((None, None, None, None)):  # type: ignore[attr-defined]
                default.add(quad[:3])
                named = quad[3]
                name = getattr(named, "identifier", named)
                if name is not None and name != DATASET_DEFAULT_GRAPH_ID:
                    dataset.graph(name).add(quad[:3])
        for name, graph in request.graphs.items():
            target = dataset.graph(name)
            for triple in graph:
                target.add(triple)
        return dataset


def run_prepared(graph: Graph, prepared: Any, source: str) -> Result:
    """Evaluate a prepared query on ``graph``; evaluation errors are one-line ``QueryError``s
    (SELECT rows are computed here: rdflib evaluates lazily)."""
    try:
        result = graph.query(prepared)
        if result.type == "SELECT":
            _ = result.bindings
    except RecursionError:
        raise QueryError(f"{source}: query too deeply nested to evaluate") from None
    except GovernanceGraphError:
        raise
    except Exception as err:
        raise QueryError(f"{source}: evaluation failed: {type(err).__name__}: {err}") from err
    return result


class RdflibServedStore:
    """The served dataset in an rdflib ``Dataset``; queries are translated from the checked
    parse, once per text."""

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

    def _translate(self, text: str, parsed: Any) -> Any:
        query = self._translated.get(text)
        if query is None:
            from rdflib.plugins.sparql.algebra import translateQuery

            from .rdflib_algebra_fixes import fix_constant_filters, tune_algebra

            try:
                fix_constant_filters(parsed)
                query = translateQuery(parsed)
                tune_algebra(query.algebra)
            except Exception as err:  # unknown prefix and friends
                raise QueryError(f"cannot translate the query: {err}") from None
            self._translated[text] = query
            while len(self._translated) > 256:
                self._translated.popitem(last=False)
        return query

    def answer(self, text, *, kind, parsed, default_graphs, named_graphs, max_rows):  # type: ignore[no-untyped-def]
        from .served import GRAPH_KINDS, Answer, add_limited

        query = self._translate(text, parsed)
        if default_graphs is None and named_graphs is None:
            dataset = self.dataset
        else:
            dataset = self._dataset_for(default_graphs or (), named_graphs or ())
        answer = Answer(kind=kind)
        try:
            result = dataset.query(query)
            if kind == "ASK":
                answer.boolean = bool(result.askAnswer)
            elif kind in GRAPH_KINDS:
                assert result.graph is not None
                for triple in result.graph:
                    add_limited(answer.triples, triple, max_rows, "triples")
            else:
                answer.vars = [str(v) for v in result.vars or []]
                for row in result:
                    add_limited(answer.rows, tuple(row), max_rows, "rows")
        except QueryError:
            raise
        except RecursionError:
            raise QueryError("query too deeply nested to evaluate") from None
        except Exception as err:
            raise QueryError(f"evaluation failed: {type(err).__name__}: {err}") from None
        return answer
