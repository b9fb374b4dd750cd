"""The targeted shapes evaluated side by side, one thread per core.

pyoxigraph lets go of the GIL while it evaluates a query, and the shapes with targets are
independent of one another, so each thread takes the next shape with a validator of its own
(memoising per thread what it evaluates; the shapes model is only read). Before they start,
this thread surveys the data once for all of them (:mod:`.survey`). The results are put back in
the shapes' order, so the report is the same, in the same order, as one validator evaluating
them one after the other.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar

from rdflib.term import Node

from .components import Unsupported
from .profile import Stats
from .report import Raw
from .shapes import Shape, ShapesModel
from .survey import survey
from .validator import Validator

__all__ = ["at_most", "evaluate_targeted", "threads"]


#: At most this many threads for validations started in this context (see :func:`at_most`).
_LIMIT: ContextVar[int | None] = ContextVar("shacl_threads", default=None)


def threads() -> int:
    """Threads for the shapes: one per core, at most four (``GOVERNANCE_GRAPH_THREADS`` sets
    the number, 1 evaluates them one after the other), and no more than :func:`at_most` says."""
    asked = os.environ.get("GOVERNANCE_GRAPH_THREADS", "")
    cores = max(1, min(4, os.cpu_count() or 1))
    n = int(asked) if asked.isdigit() and int(asked) > 0 else cores
    limit = _LIMIT.get()
    return n if limit is None else max(1, min(n, limit))


@contextmanager
def at_most(n: int) -> Iterator[None]:
    """Validations started inside use at most ``n`` threads (``check`` leaves a core to the
    closure it validates beside)."""
    token = _LIMIT.set(n)
    try:
        yield
    finally:
        _LIMIT.reset(token)


def evaluate_targeted(
    model: ShapesModel, validator: Callable[[], Validator], workers: int | None = None
) -> tuple[list[Raw], list[tuple[Node, str]], Stats]:
    """The results of every active targeted shape of ``model`` in its order, the shapes the fast
    path cannot express (node, reason) and the merged query statistics. ``validator()`` makes a
    validator; a :class:`~.shapes.SHACLError` of any shape is raised."""
    shapes = [shape for shape in model.targeted() if not shape.deactivated]
    local = threading.local()
    local.validator = validator()  # this thread's: it surveys, and evaluates when alone
    made: list[Validator] = [local.validator]
    lock = threading.Lock()
    found = survey(model, shapes, local.validator)

    def own() -> Validator:
        if not hasattr(local, "validator"):
            local.validator = validator()
            local.validator.learn(found.subclasses, found.no_focus)
            with lock:
                made.append(local.validator)
        return local.validator

    def one(shape: Shape) -> tuple[list[Raw], str | None]:
        v = own()
        try:
            return v.evaluate(shape, v.target_domain(shape))[0], None
        except Unsupported as err:
            return [], str(err)

    workers = workers or threads()
    if workers > 1 and len(shapes) > 1:
        with ThreadPoolExecutor(workers) as pool:
            answers = list(pool.map(one, shapes))
    else:
        answers = [one(shape) for shape in shapes]
    raws: list[Raw] = []
    fallbacks: list[tuple[Node, str]] = []
    for shape, (found, unsupported) in zip(shapes, answers, strict=True):
        raws.extend(found)
        if unsupported is not None:
            fallbacks.append((shape.node, unsupported))
    return raws, fallbacks, _merged(made)


def _merged(validators: list[Validator]) -> Stats:
    stats = Stats()
    for v in validators:
        stats.queries += v.stats.queries
        stats.seconds += v.stats.seconds
        stats.slowest.extend(v.stats.slowest)
        for node, (n, seconds) in v.stats.per_shape.items():
            entry = stats.per_shape.setdefault(node, [0, 0.0])
            entry[0] += n
            entry[1] += seconds
    return stats
