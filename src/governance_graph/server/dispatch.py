"""Where a query is answered: in the server's own process, on a thread, or by a worker process.

Handing a job to a worker process (the job pickled, two pipe writes, a thread waiting on the
pipe) costs more than most queries on this graph take to answer. So when the engine's served
store is a :class:`~governance_graph.engines.served.SolutionWriter` (oxigraph: evaluated and
written natively, the GIL released meanwhile), the server keeps one more copy of the served
store in its own process (:class:`InProcess`, loaded in the background once the workers are
up) and answers there, on a thread, a SELECT or ASK that a worker has already answered in full,
with the same dataset, within :data:`CHEAP` seconds (a tenth of ``--timeout`` at most):

* its text passed every refusal check in that worker (the checks parse with rdflib, which
  holds the GIL, so they never run in the server's process);
* the same text on the same read-only data does the same work again, so it cannot run away;
* it calls no SERVICE (whose time is another server's).

Everything else goes to the workers, as before: a query never seen, one that took longer,
CONSTRUCT and DESCRIBE, answers filtered by language, and every query on the rdflib engine.
A runaway query is therefore always in a worker, where the time limit kills it.

An answer in process is written by the same code as a worker's
(:meth:`.stores.QueryStore.reply`), so it is the same bytes. If it fails in any way (more rows
than ``--max-rows``, no acceptable format, an error), the query is forgotten and the job goes
to a worker, which answers or refuses it as it does for everyone; one that took longer than
:data:`CHEAP` this time is forgotten too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from governance_graph.server.jobs import Cost, Job, Reply
from governance_graph.server.workers import WorkerPool

if TYPE_CHECKING:
    from governance_graph.server.stores import QueryStore

__all__ = ["CHEAP", "Dispatcher", "InProcess"]

log = logging.getLogger(__name__)

#: A query answered by a worker within this many seconds is answered in process next time.
CHEAP = 0.1
#: The most queries remembered as cheap (the least recently asked are forgotten first), and
#: the longest text remembered.
KNOWN = 1024
LONGEST = 20_000


class InProcess:
    """The served store in the server's process and the queries known to be cheap on it."""

    def __init__(self, engine: str, nquads: Path, *, threads: int, cheap: float) -> None:
        self.engine = engine
        self.nquads = nquads
        self.cheap = cheap
        self.store: QueryStore | None = None
        self.answered = 0
        self._known: OrderedDict[tuple, str] = OrderedDict()
        self._ready = threading.Event()
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="gg-query")

    def load(self) -> None:
        """Load the store in the background (until then every job goes to a worker), on a
        daemon thread, so that a server stopped meanwhile does not wait for it."""
        from governance_graph.server.stores import open_store

        def run() -> None:
            try:
                store = open_store(self.engine, self.nquads)
                store.reply("ASK", None, Job(query="ASK { ?s ?p ?o }"))  # warm up
                self.store = store
            except Exception as err:  # the workers answer everything instead
                log.warning("queries are not answered in the server's process: %s", err)
            finally:
                self._ready.set()

        threading.Thread(target=run, name="gg-in-process-load", daemon=True).start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the store is loaded (or failed to load); whether it is in use."""
        self._ready.wait(timeout)
        return self.store is not None

    def knows(self) -> int:
        """How many queries are known to be cheap."""
        return len(self._known)

    def learn(self, job: Job, cost: Cost) -> None:
        """Remember ``job``'s query as cheap when its ``cost`` says it may run here."""
        if (
            cost.kind in ("SELECT", "ASK")
            and not cost.calls_service
            and job.lang is None
            and cost.seconds <= self.cheap
            and len(job.query) <= LONGEST
        ):
            key = job.key()
            self._known[key] = cost.kind
            self._known.move_to_end(key)
            while len(self._known) > KNOWN:
                self._known.popitem(last=False)

    def forget(self, job: Job) -> None:
        self._known.pop(job.key(), None)

    async def answer(self, job: Job) -> Reply | None:
        """The answer to ``job`` when it is known to be cheap and answers here; else None."""
        kind = self._known.get(job.key()) if self.store is not None else None
        if kind is None or job.lang is not None:
            return None
        self._known.move_to_end(job.key())
        loop = asyncio.get_running_loop()
        try:
            reply, seconds = await loop.run_in_executor(self._executor, self._timed, kind, job)
        except Exception:  # refusals and errors are a worker's to give
            self.forget(job)
            return None
        if seconds > self.cheap:
            self.forget(job)
        self.answered += 1
        return reply

    def _timed(self, kind: str, job: Job) -> tuple[Reply, float]:
        """The answer, and the seconds it took (without the wait for a thread)."""
        started = time.perf_counter()
        store = self.store
        if store is None:
            raise RuntimeError("closed")
        reply = store.reply(kind, None, job)
        return reply, time.perf_counter() - started

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.store = None


class Dispatcher:
    """Answers a :class:`~.jobs.Job` in process when it may (:class:`InProcess`), else by a
    worker of ``pool``, whose costs it learns from."""

    def __init__(self, pool: WorkerPool, in_process: InProcess | None = None) -> None:
        self.pool = pool
        self.in_process = in_process

    async def run(self, job: Job, *, timeout: float) -> Reply:
        """The answer to ``job``; :class:`~.problems.HTTPProblem` on refusal, timeout or crash."""
        if self.in_process is not None:
            reply = await self.in_process.answer(job)
            if reply is not None:
                return reply
        reply, cost = await self.pool.run(job, timeout=timeout)
        if self.in_process is not None:
            self.in_process.learn(job, cost)
        return reply

    def close(self) -> None:
        if self.in_process is not None:
            self.in_process.close()
        self.pool.close()


def open_dispatcher(
    pool: WorkerPool, *, engine: str, nquads: Path, threads: int, timeout: float
) -> Dispatcher:
    """A dispatcher for ``pool``'s workers, answering in process too when their stores write
    SELECT answers themselves (the in-process store then loads in the background)."""
    in_process = None
    if pool.writes_solutions():
        in_process = InProcess(engine, nquads, threads=threads, cheap=min(CHEAP, timeout / 10))
        with contextlib.suppress(RuntimeError):  # interpreter shutting down: workers only
            in_process.load()
    return Dispatcher(pool, in_process)
