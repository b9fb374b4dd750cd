"""The whole pipeline on one graph, stage by stage and timed: load the files, compute the OWL 2 RL
closure, validate with SHACL, run every stored query. ``governance-graph check`` prints it and
``benchmarks/check_speed.py`` times it by graph size; from Python:

>>> from governance_graph.pipeline import run_check
>>> outcome = run_check(engine="oxigraph")                    # doctest: +SKIP
>>> outcome.report.conforms, sorted(outcome.stages)           # doctest: +SKIP
(True, ['load', 'queries', 'reason', 'total', 'validate'])

The queries are counted, not collected: each gives its number of solutions (1 for ASK and
graph answers), through :meth:`~governance_graph.engines.Engine.count`, so an engine may count
without building rows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .engines import REFERENCE_ENGINE

if TYPE_CHECKING:
    from .validation_report import ValidationReport

__all__ = ["STAGES", "CheckResult", "run_check"]

PathLike = str | os.PathLike[str]

#: The stages, in the order they run, then the whole.
STAGES = ("load", "reason", "validate", "queries", "total")


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
    #: seconds per stage, in the order of :data:`STAGES`
    stages: dict[str, float] = field(default_factory=dict)
    #: per stored query, in name order: its solutions (1 for ASK and graph answers)
    rows: dict[str, int] = field(default_factory=dict)
    #: per stored query: seconds
    query_seconds: dict[str, float] = field(default_factory=dict)

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

    since = time.perf_counter()
    current[0] = "reason"
    tell("reason", "OWL 2 RL closure")
    eng.materialize()
    closure = eng.closure_size()
    asserted = eng.asserted_size()
    done("reason", since)

    since = time.perf_counter()
    current[0] = "validate"
    tell("validate", "SHACL")
    report = kg.validate()
    done("validate", since)

    since = time.perf_counter()
    current[0] = "queries"
    rows: dict[str, int] = {}
    seconds: dict[str, float] = {}
    for stored in Catalogue.bundled():
        if stored.name in skip_queries:
            continue
        tell("queries", stored.name)
        one = time.perf_counter()
        rows[stored.name] = eng.count(stored.text, bindings=bind(stored, {}), source=stored.source)
        seconds[stored.name] = time.perf_counter() - one
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
    )
