"""A query to answer (:class:`Job`), the answer (:data:`Reply`) and what answering it cost
(:class:`Cost`): what the app hands to :mod:`.dispatch`, a worker process or the server's own
process answers, and the dispatcher learns from.

>>> Job(query="ASK {}").key()
('ASK {}', None, None)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Cost", "Job", "Reply"]


@dataclass(frozen=True)
class Job:
    """One query to answer, with everything needed to write the HTTP answer."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000
    #: keep, among SELECT rows differing only in their labels' language, this one (None: all)
    lang: str | None = None

    def key(self) -> tuple[str, tuple[str, ...] | None, tuple[str, ...] | None]:
        """What decides the work of evaluating it: the text and the dataset (not the format,
        which only changes how the same rows are written)."""
        return (self.query, self.default_graphs, self.named_graphs)


#: An answer: (status, content type, body bytes, extra headers).
Reply = tuple[int, str, bytes, dict[str, str]]


@dataclass(frozen=True)
class Cost:
    """What a worker learnt answering a job: the query's ``kind``, the ``seconds`` its
    evaluation and writing took (not its parsing and checks), and whether it calls a SERVICE."""

    kind: str
    seconds: float
    calls_service: bool
