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

:meth:`QueryStore.reply` turns a checked query into the HTTP answer (format negotiated, rows
written); a worker and the server's own process (:mod:`.dispatch`) both answer through it, so
both give the same bytes. A SELECT on a store that is a
:class:`~governance_graph.engines.served.SolutionWriter` (oxigraph) is written by the store
itself, in native code; other answers by :mod:`governance_graph.writers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from governance_graph.errors import QueryError
from governance_graph.server.jobs import Job, Reply
from governance_graph.server.media_types import Answer, negotiate, offered, write
from governance_graph.server.problems import HTTPProblem
from governance_graph.server.security import CheckedQuery

__all__ = ["QueryStore", "open_store"]


class QueryStore:
    """One engine's served store, answering checked queries as the endpoint answers them."""

    def __init__(self, engine: str, nquads: Path) -> None:
        from governance_graph.engines import engine_class
        from governance_graph.engines.served import SolutionWriter

        self.name = engine
        self.store = engine_class(engine).open_served(nquads)
        #: True when the store writes SELECT answers itself and may be queried from threads
        self.writes_solutions = isinstance(self.store, SolutionWriter)

    def reply(self, kind: str, parsed: Any, job: Job) -> Reply:
        """The HTTP answer to ``job``, a query of ``kind`` already checked (``parsed``:
        rdflib's parse of it, which only the rdflib store needs)."""
        media = negotiate(job.accept, kind, name=job.format)
        if media is None:
            wanted = f"format={job.format}" if job.format else f"Accept: {job.accept}"
            raise HTTPProblem(
                406,
                f"no format for a {kind} answer fits {wanted}; "
                f"available: {', '.join(offered(kind))}",
            )
        if kind == "SELECT" and job.lang is None and self.writes_solutions:
            body = self._limited(
                job.max_rows,
                lambda: self.store.write_solutions(
                    job.query,
                    fmt=media.name,
                    default_graphs=job.default_graphs,
                    named_graphs=job.named_graphs,
                    max_rows=job.max_rows,
                ),
            )
        else:
            answer = self.run(
                CheckedQuery(kind=kind, parsed=parsed),
                job.query,
                default_graphs=job.default_graphs,
                named_graphs=job.named_graphs,
                max_rows=job.max_rows,
            )
            if job.lang and answer.kind == "SELECT":
                from governance_graph.query_output import pick_language

                answer.rows = pick_language(answer.rows, job.lang)  # type: ignore[assignment]
            body = write(answer, media)
        content_type = media.media_type
        if not content_type.endswith("json"):
            content_type += "; charset=utf-8"
        return (200, content_type, body, {"Vary": "Accept"})

    def run(
        self,
        checked: CheckedQuery,
        text: str,
        *,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        max_rows: int,
    ) -> Answer:
        return self._limited(
            max_rows,
            lambda: self.store.answer(
                text,
                kind=checked.kind,
                parsed=checked.parsed,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                max_rows=max_rows,
            ),
        )

    @staticmethod
    def _limited(max_rows: int, work: Any) -> Any:
        """``work()``, with the store's refusals as HTTP answers: 422 past the row limit, 400
        for what the engine refuses."""
        from governance_graph.engines.served import TooManyResults

        try:
            return work()
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
