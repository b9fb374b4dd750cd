"""What a running server holds: the worker pool and the dispatcher in front of it, the graph
names and sizes, the stored queries.

:func:`open_state` does the slow part once (closure from the cache, per-document graphs, one
N-Quads file in a private temporary folder, workers started, the in-process store of
:mod:`.dispatch` loading in the background); :meth:`ServerState.close` stops the workers and
removes the folder.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from governance_graph.catalogue import StoredQuery, load_query
from governance_graph.errors import GovernanceGraphError
from governance_graph.server.dataset import write_dataset
from governance_graph.server.dispatch import Dispatcher, open_dispatcher
from governance_graph.server.settings import ServerSettings
from governance_graph.server.workers import WorkerPool, WorkerSpec

__all__ = ["ServerState", "open_state"]

log = logging.getLogger(__name__)


@dataclass
class StoredEntry:
    """A stored query with the kind found by parsing it once (SELECT, ASK, …)."""

    query: StoredQuery
    kind: str


@dataclass
class ServerState:
    settings: ServerSettings
    pool: WorkerPool
    #: where each query is answered: in process when cheap, else by a worker of ``pool``
    answers: Dispatcher
    folder: Path
    default_triples: int
    graphs: dict[str, int]
    queries: dict[str, StoredEntry] = field(default_factory=dict)
    query_errors: list[str] = field(default_factory=list)
    #: the loaded graph, for the site module's descriptions and pages (linked data)
    kg: object | None = None

    def close(self) -> None:
        """Stop the workers and remove the temporary folder (again: a no-op)."""
        self.answers.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def load_queries(
    folder: Path | None, service_endpoints: Mapping[str, str] | None = None
) -> tuple[dict[str, StoredEntry], list[str]]:
    """Every readable ``*.rq`` of ``folder`` (default: bundled) and of its ``federated/``
    subfolder; broken ones are reported, not fatal, so one bad file does not take the endpoint
    down. SERVICE addresses of named services are pointed at ``service_endpoints``; whether a
    SERVICE may be called is checked when the query runs (the worker's allow-list)."""
    import dataclasses

    from governance_graph import paths
    from governance_graph.federation import rewrite_services
    from governance_graph.server.security import check_query

    folder = folder if folder is not None else paths.queries_dir()
    entries: dict[str, StoredEntry] = {}
    errors: list[str] = []
    if not folder.is_dir():
        return entries, [f"{folder}: no such folder of stored queries"]
    for path in [*sorted(folder.glob("*.rq")), *sorted((folder / "federated").glob("*.rq"))]:
        try:
            query = load_query(path)
            if service_endpoints:
                text = rewrite_services(query.text, service_endpoints)
                query = dataclasses.replace(query, text=text)
            kind = check_query(query.text, check_services=False).kind
        except GovernanceGraphError as err:
            errors.append(str(err))
            continue
        entries[query.name] = StoredEntry(query, kind)
    for message in errors:
        log.warning("stored query skipped: %s", message)
    return entries, errors


def open_state(settings: ServerSettings) -> ServerState:
    """Load and reason (cached), write the dataset, start the workers, read the queries."""
    from governance_graph.api import load

    kg = load(list(settings.data) if settings.data is not None else None, engine=settings.engine)
    folder = Path(tempfile.mkdtemp(prefix="governance-graph-serve-"))
    try:  # any failure or signal (KeyboardInterrupt, serve's Stopped) leaves nothing behind
        nquads = folder / "dataset.nq"
        summary = write_dataset(kg, nquads)
        spec = WorkerSpec(
            engine=settings.engine, nquads=str(nquads), allow_services=settings.allow_services
        )
        pool = WorkerPool(spec, settings.workers)
        pool.start()  # stops the workers it started if it fails or is interrupted
        answers = open_dispatcher(
            pool,
            engine=settings.engine,
            nquads=nquads,
            threads=settings.workers,
            timeout=settings.limits.timeout,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    queries, errors = load_queries(settings.queries, dict(settings.service_endpoints))
    return ServerState(
        settings=settings,
        pool=pool,
        answers=answers,
        folder=folder,
        default_triples=summary.default_triples,
        graphs=summary.graphs,
        queries=queries,
        query_errors=errors,
        kg=kg,
    )
