"""Query workers: separate processes that each hold the store, killed when a query runs too long.

Why processes: a Python thread cannot be cancelled, and a catastrophic ``REGEX`` in Python's
``re`` holds the GIL (a threaded server could not even answer ``/health``). pyoxigraph has no
cancellation or timeout either. So every query the server has not seen answered quickly (parse,
refusal checks, evaluation, writing the answer) runs in a worker process; when the time limit
passes, the server kills that worker (SIGKILL) and starts a fresh one, and the other workers go
on answering. Each answer comes back with its :class:`~.jobs.Cost`, from which :mod:`.dispatch`
learns which queries the server may answer in its own process. Workers are started as fresh
interpreters (never ``fork`` of the threaded server) and load the N-Quads file written at
start; each is single-threaded, which also sidesteps rdflib's thread-unsafe parser (rdflib#1282).

A worker exits when its pipe closes (the server ended), and on Linux also when the server
process dies (``PR_SET_PDEATHSIG``), so no worker outlives the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from governance_graph.server.jobs import Cost, Job, Reply
from governance_graph.server.problems import HTTPProblem

__all__ = ["Job", "WorkerPool", "WorkerSpec", "handle_job", "worker_main"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker loads: the engine's store, the N-Quads file, the SERVICE allow-list."""

    engine: str
    nquads: str
    allow_services: tuple[str, ...] = ()


#: query text -> (its check, whether it calls a SERVICE): parsing with pyparsing costs far
#: more than most evaluations here, and stored queries repeat; per worker process, so no lock.
_CHECKED: OrderedDict[str, tuple[Any, bool]] = OrderedDict()


def handle_job(store: Any, spec: WorkerSpec, job: Job) -> tuple[Reply, Cost]:
    """Check, negotiate, evaluate and write one query (runs inside the worker)."""
    from governance_graph.server.security import check_query
    from governance_graph.sparql.prepare import service_calls

    known = _CHECKED.get(job.query)
    if known is None:
        checked = check_query(job.query, allow_services=spec.allow_services)
        known = (checked, bool(service_calls(checked.parsed)))
        _CHECKED[job.query] = known
        while len(_CHECKED) > 256:
            _CHECKED.popitem(last=False)
    else:
        _CHECKED.move_to_end(job.query)
    checked, calls_service = known
    started = time.perf_counter()
    reply = store.reply(checked.kind, checked.parsed, job)
    return reply, Cost(checked.kind, time.perf_counter() - started, calls_service)


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the thread that started it (the server's) is gone."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def worker_main(spec: WorkerSpec) -> None:
    """The worker process: answer jobs from stdin on stdout until stdin closes."""
    from multiprocessing.connection import Connection

    _die_with_parent()
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stray prints go to stderr, never into the message stream
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        from pathlib import Path

        from governance_graph.server.stores import open_store

        store = open_store(spec.engine, Path(spec.nquads))
        # warm up: the first query pays for imports and parser set-up
        for warm in ("ASK { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"):
            handle_job(store, spec, Job(query=warm))
    except Exception as err:
        outbox.send(("failed", f"{type(err).__name__}: {err}"))
        return
    outbox.send(("ready", (os.getpid(), store.writes_solutions)))
    while True:
        try:
            job = inbox.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply: Any = ("ok", *handle_job(store, spec, job))
        except HTTPProblem as problem:
            reply = ("problem", (problem.status, str(problem), problem.headers))
        except RecursionError:
            reply = ("problem", (400, "query too deeply nested", {}))
        except Exception as err:
            reply = ("problem", (500, f"internal error: {type(err).__name__}: {err}", {}))
        try:
            outbox.send(reply)
        except (EOFError, OSError):
            return


class _Timeout(Exception):
    pass


class _Worker:
    """One worker: a ``python -m governance_graph.server._worker`` subprocess speaking pickled
    messages (``multiprocessing.connection``) over its stdin/stdout. A plain subprocess, not
    ``multiprocessing.Process``: nothing depends on the parent's ``__main__`` (``python -c``,
    stdin scripts, console scripts all work) and the server never forks itself."""

    def __init__(self, spec: WorkerSpec, start_timeout: float) -> None:
        import json
        import subprocess
        import sys
        from multiprocessing.connection import Connection
        from pathlib import Path

        import governance_graph

        env = dict(os.environ)
        package_root = str(Path(governance_graph.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(
            [package_root] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
        )
        argv = [
            sys.executable,
            "-m",
            "governance_graph.server._worker",
            json.dumps(
                {
                    "engine": spec.engine,
                    "nquads": spec.nquads,
                    "allow_services": list(spec.allow_services),
                }
            ),
        ]
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.conn = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.out = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.process.stdout.close()
        self.process.stdin.close()
        self.pid = self.process.pid
        if not self.conn.poll(start_timeout):
            self.kill()
            raise RuntimeError(f"query worker did not start within {start_timeout:g} s")
        try:
            status, detail = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise RuntimeError(
                "query worker died while loading the graph (see its stderr)"
            ) from None
        if status != "ready":
            self.kill()
            raise RuntimeError(f"query worker could not load the graph: {detail}")
        #: whether the worker's store writes SELECT answers itself (and may serve threads)
        self.writes_solutions: bool = detail[1]

    def exchange(self, job: Job, timeout: float) -> Any:
        self.out.send(job)
        if not self.conn.poll(timeout):
            raise _Timeout
        return self.conn.recv()

    def _close_pipes(self) -> None:
        for conn in (self.conn, self.out):
            with contextlib.suppress(Exception):
                conn.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        self._close_pipes()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.out.send(None)
        try:
            self.process.wait(2)
        except Exception:
            self.kill()
        self._close_pipes()


class WorkerPool:
    """``size`` workers for ``spec``; :meth:`run` answers a :class:`Job` within a time limit."""

    def __init__(self, spec: WorkerSpec, size: int, *, start_timeout: float = 120.0) -> None:
        self.spec = spec
        self.size = max(1, size)
        self.start_timeout = start_timeout
        self._workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._executor = ThreadPoolExecutor(max_workers=self.size + 2, thread_name_prefix="gg-pool")
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0

    def start(self) -> None:
        """Start every worker (in parallel) and wait until each has loaded the graph."""
        # Started from the pool's own long-lived threads: PR_SET_PDEATHSIG fires when the
        # *thread* that started a worker ends, so a short-lived starter thread would kill it.
        futures = [
            self._executor.submit(_Worker, self.spec, self.start_timeout) for _ in range(self.size)
        ]
        errors = []
        try:
            for future in futures:
                try:
                    self._workers.append(future.result())
                except Exception as err:
                    errors.append(err)
        except BaseException:  # interrupted (a signal): stop the workers started so far, too
            self.close()  # waits for the starts in progress
            for future in futures:
                if future.done() and not future.cancelled() and future.exception() is None:
                    future.result().stop()
            raise
        if errors:
            self.close()
            raise RuntimeError(str(errors[0]))

    def writes_solutions(self) -> bool:
        """Whether the workers' stores write SELECT answers themselves, natively (the engine's
        served store is a :class:`~governance_graph.engines.served.SolutionWriter`)."""
        with self._lock:
            return bool(self._workers) and all(w.writes_solutions for w in self._workers)

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return [w.pid for w in self._workers]

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    async def run(self, job: Job, *, timeout: float) -> tuple[Reply, Cost]:
        """The worker's reply to ``job`` and what it cost; :class:`HTTPProblem` on refusal,
        timeout or crash."""
        idle = self._queue()
        started = time.monotonic()
        try:
            worker = await asyncio.wait_for(idle.get(), timeout=timeout)
        except TimeoutError:
            raise HTTPProblem(
                503,
                f"all {self.size} query workers stayed busy for {timeout:g} s; try again",
                headers={"Retry-After": "1"},
            ) from None
        remaining = max(0.05, timeout - (time.monotonic() - started))
        loop = asyncio.get_running_loop()
        try:
            status, *payload = await loop.run_in_executor(
                self._executor, worker.exchange, job, remaining
            )
        except _Timeout:
            self._replace(worker, idle, loop)
            raise HTTPProblem(
                503,
                f"the query was stopped after the time limit of {timeout:g} s (--timeout)",
            ) from None
        except (EOFError, OSError):
            self._replace(worker, idle, loop)
            raise HTTPProblem(500, "the query worker died while answering") from None
        idle.put_nowait(worker)
        if status == "ok":
            reply, cost = payload
            return reply, cost
        code, message, headers = payload[0]
        raise HTTPProblem(code, message, headers=headers)

    def _replace(
        self, worker: _Worker, idle: asyncio.Queue, loop: asyncio.AbstractEventLoop
    ) -> None:
        worker.kill()
        self.restarts += 1
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)

        def respawn() -> None:
            if self._closed:
                return
            try:
                fresh = _Worker(self.spec, self.start_timeout)
            except Exception as err:  # pragma: no cover - logged, capacity shrinks by one
                log.error("could not restart a query worker: %s", err)
                return
            with self._lock:
                if self._closed:
                    fresh.stop()
                    return
                self._workers.append(fresh)
            loop.call_soon_threadsafe(idle.put_nowait, fresh)

        self._executor.submit(respawn)

    def close(self) -> None:
        """Stop every worker (and wait for them)."""
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop()
        # wait for a restart in progress: it sees _closed and stops its fresh worker
        self._executor.shutdown(wait=True, cancel_futures=True)
