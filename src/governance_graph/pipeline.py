"""The whole pipeline on one graph, stage by stage and timed: load the files, compute the OWL 2 RL
closure, validate with SHACL, run every stored query. ``governance-graph check`` prints it and
``benchmarks/check_speed.py`` times it by graph size; from Python:

>>> from governance_graph.pipeline import run_check
>>> outcome = run_check(engine="oxigraph")                    # doctest: +SKIP
>>> outcome.report.conforms, sorted(outcome.stages)           # doctest: +SKIP
(True, ['load', 'queries', 'reason', 'total', 'validate'])

The queries are counted, not collected: each gives its number of solutions (1 for ASK and
graph answers), through :meth:`~governance_graph.engines.Engine.count`, so an engine may count
without building rows. An engine whose counting may run in several threads at once
(:attr:`~governance_graph.engines.Engine.concurrent_count`: pyoxigraph evaluates without the
GIL) runs them on one thread per core, slowest first; the counts and timings are kept in name
order either way.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .engines import REFERENCE_ENGINE

if TYPE_CHECKING:
    from .catalogue import StoredQuery
    from .validation_report import ValidationReport

__all__ = ["STAGES", "CheckResult", "run_check"]

PathLike = str | os.PathLike[str]

#: The stages, in the order they run, then the whole.
STAGES = ("load", "reason", "validate", "queries", "total")

#: The stored queries that take longest at 1M triples, slowest first: started first when the
#: queries run side by side, so that no thread is left with a long one at the end.
_SLOW = (
    "holders-on-date",
    "history",
    "persons",
    "chairs",
    "neutral-memberships",
    "neutral-chairs",
    "bodies-by-kind",
    "members",
    "coordinators",
)


def _query_threads() -> int:
    """Threads for the stored queries: one per core, at most four."""
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class CheckResult:
    """What :func:`run_check` found, and how long each stage took."""

    #: the engine that ran (``auto`` resolved)
    engine: str
    #: triples asserted (ontology + data) and in the closure
    asserted: int
    closure: int
    #: the SHACL report of the asserted graph
    report: ValidationReport
    #: seconds per stage, in the order of :data:`STAGES`; on an engine that validates while
    #: reasoning (oxigraph), ``validate`` ran beside ``reason`` and ``total`` is the wall time
    stages: dict[str, float] = field(default_factory=dict)
    #: per stored query, in name order: its solutions (1 for ASK and graph answers)
    rows: dict[str, int] = field(default_factory=dict)
    #: per stored query: seconds
    query_seconds: dict[str, float] = field(default_factory=dict)
    #: whether SHACL ran beside the closure (the two stages overlap in time)
    validated_beside_reasoning: bool = False

    def slowest(self, n: int = 3) -> list[tuple[str, float]]:
        """The ``n`` slowest stored queries, slowest first.

        >>> CheckResult("rdflib", 0, 0, None, query_seconds={"a": 0.1, "b": 0.3}).slowest(1)
        [('b', 0.3)]
        """
        return sorted(self.query_seconds.items(), key=lambda kv: -kv[1])[:n]


def run_check(
    data: Iterable[PathLike] | None = None,
    engine: str = REFERENCE_ENGINE,
    *,
    store_dir: PathLike | None = None,
    shapes: Iterable[PathLike] | None = None,
    progress: Callable[[str, str], None] | None = None,
    on_stage: Callable[[str, float], None] | None = None,
    skip_queries: Collection[str] = (),
) -> CheckResult:
    """Run every stage on ``data`` (the bundled data when ``None``) with ``engine``.

    ``data``, ``engine``, ``store_dir`` and ``shapes`` are those of
    :func:`governance_graph.api.load`. ``progress(stage, message)`` is told each step (the
    engine's own steps included); ``on_stage(stage, seconds)`` each stage as it ends (the
    benchmark keeps what finished before its time limit). ``skip_queries``: stored queries not
    to run, by name. Errors are the library's: a ``LoadError`` for an unreadable file, an
    ``InconsistencyError`` for an inconsistent closure.
    """
    from .api import load
    from .catalogue import Catalogue
    from .params import bind

    tell = progress or (lambda _stage, _message: None)
    stages: dict[str, float] = {}
    current = ["load"]

    def done(stage: str, since: float) -> None:
        stages[stage] = time.perf_counter() - since
        if on_stage is not None:
            on_stage(stage, stages[stage])

    started = time.perf_counter()
    tell("load", "reading files")
    kg = load(data=data, engine=engine, shapes=shapes, store_dir=store_dir)
    eng = kg.engine
    eng.progress = lambda message: tell(current[0], message)
    eng.parse()
    done("load", started)

    shacl = None
    pool = ThreadPoolExecutor(1) if eng.validates_while_reasoning else None
    current[0] = "reason"
    tell("reason", "OWL 2 RL closure")
    try:
        if pool is not None:
            # SHACL reads only the asserted graph: it runs beside the closure, on the other core.
            began = time.perf_counter()
            eng.prepare_validation()
            prepared = time.perf_counter() - began

            def validate() -> tuple[ValidationReport, float]:
                began = time.perf_counter()
                report = eng.validate_beside_reasoning(kg.shapes)
                return report, prepared + time.perf_counter() - began

            tell("validate", "SHACL, beside the closure")
            shacl = pool.submit(validate)

        since = time.perf_counter()
        eng.materialize()
        closure = eng.closure_size()
        asserted = eng.asserted_size()
        done("reason", since)

        current[0] = "validate"
        if shacl is not None:
            report, seconds = shacl.result()
            stages["validate"] = seconds
            if on_stage is not None:
                on_stage("validate", seconds)
        else:
            since = time.perf_counter()
            tell("validate", "SHACL")
            report = kg.validate()
            done("validate", since)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)

    since = time.perf_counter()
    current[0] = "queries"
    todo = [stored for stored in Catalogue.bundled() if stored.name not in skip_queries]

    def run(stored: StoredQuery) -> tuple[int, float]:
        tell("queries", stored.name)
        one = time.perf_counter()
        n = eng.count(stored.text, bindings=bind(stored, {}), source=stored.source)
        return n, time.perf_counter() - one

    threads = _query_threads() if eng.concurrent_count else 1
    if threads > 1:
        # Slowest first (the order of the last measurement at 1M) so that the threads end together.
        todo.sort(key=lambda stored: _SLOW.index(stored.name) if stored.name in _SLOW else 99)
        with ThreadPoolExecutor(threads) as pool:
            answers = dict(zip((s.name for s in todo), pool.map(run, todo), strict=True))
    else:
        answers = {stored.name: run(stored) for stored in todo}
    names = sorted(answers)
    rows = {name: answers[name][0] for name in names}
    seconds = {name: answers[name][1] for name in names}
    done("queries", since)
    done("total", started)
    return CheckResult(
        engine=eng.name,
        asserted=asserted,
        closure=closure,
        report=report,
        stages=stages,
        rows=rows,
        query_seconds=seconds,
        validated_beside_reasoning=shacl is not None,
    )
