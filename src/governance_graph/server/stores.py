"""The store a query worker holds: the chosen engine's served store
(:meth:`governance_graph.engines.Engine.open_served`), in memory, loaded from the one N-Quads
file of :mod:`governance_graph.server.dataset`.

Every engine answers with rdflib terms (pyoxigraph's are converted; its ``xsd:string``
literals become plain ones), so every writer, the row limit and the "same answers" tests see
one representation: an :class:`~governance_graph.writers.Answer`. What the engine refuses
becomes a 400, more than ``max_rows`` rows or triples a 422.

``default_graphs`` / ``named_graphs`` (from ``default-graph-uri`` / ``named-graph-uri``) give
the SPARQL dataset of one query; ``None`` for both means the served dataset as it is (the
closure as default graph, every document graph named). When either is given, the dataset is
exactly what was given (the other part empty), as the SPARQL 1.1 Protocol says.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from governance_graph.errors import QueryError
from governance_graph.server.media_types import Answer
from governance_graph.server.problems import HTTPProblem
from governance_graph.server.security import CheckedQuery

__all__ = ["QueryStore", "open_store"]


class QueryStore:
    """One engine's served store, answering checked queries as the endpoint answers them."""

    def __init__(self, engine: str, nquads: Path) -> None:
        from governance_graph.engines import engine_class

        self.name = engine
        self.store = engine_class(engine).open_served(nquads)

    def run(
        self,
        checked: CheckedQuery,
        text: str,
        *,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        max_rows: int,
    ) -> Answer:
        from governance_graph.engines.served import TooManyResults

        try:
            return self.store.answer(
                text,
                kind=checked.kind,
                parsed=checked.parsed,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                max_rows=max_rows,
            )
        except TooManyResults as err:
            raise HTTPProblem(
                422,
                f"the answer has more than {max_rows} {err.what} (the server's --max-rows); "
                "narrow the query or page through it with LIMIT and OFFSET",
            ) from None
        except QueryError as err:
            raise HTTPProblem(400, str(err)) from None


def open_store(name: str, nquads: Path) -> QueryStore:
    """The served store of the engine called ``name``, loaded from ``nquads``."""
    return QueryStore(name, nquads)
