"""A query's answer, whichever engine or endpoint gave it, and :func:`write_answer`, which writes
it in any format: the one path from an answer to text for the command line and the server.

>>> from rdflib import Graph
>>> g = Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle")
>>> answer = Answer.of(g.query("SELECT ?s { ?s ?p ?o }"))
>>> answer.kind, answer.vars, answer.size()
('SELECT', ['s'], 1)
>>> write_answer(answer, "csv")
's\\r\\nurn:a\\r\\n'
>>> print(write_answer(Answer.of(g.query("CONSTRUCT WHERE { ?s ?p ?o }")), "nt"), end="")
<urn:a> <urn:p> "x" .
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib.query import Result
from rdflib.term import Node

from governance_graph.errors import GovernanceGraphError

from .rdf import serialize
from .tables import TABLE_FORMATS, write_boolean, write_rows
from .terms import PREFIXES

__all__ = ["GRAPH_FORMATS", "GRAPH_KINDS", "Answer", "FormatError", "write_answer"]

GRAPH_KINDS = ("CONSTRUCT", "DESCRIBE")
#: What a graph answer (CONSTRUCT/DESCRIBE) can be written as; ``xml`` is RDF/XML.
GRAPH_FORMATS = ("ttl", "jsonld", "nt", "xml")


class FormatError(GovernanceGraphError):
    """The output format does not fit the kind of result, is unknown, or cannot hold it."""


@dataclass
class Answer:
    """A query's answer as rdflib terms: ``vars`` + ``rows`` (SELECT), ``boolean`` (ASK) or
    ``triples`` (CONSTRUCT/DESCRIBE). Literals typed ``xsd:string`` are plain (RDF 1.1)."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def size(self) -> int:
        """Rows or triples (what the row limit counts)."""
        return len(self.triples) if self.kind in GRAPH_KINDS else len(self.rows)

    @classmethod
    def of(cls, result: Result) -> Answer:
        """The answer held by an rdflib ``Result``."""
        kind = str(result.type).upper()
        if kind in GRAPH_KINDS:
            assert result.graph is not None
            return cls(kind, triples=list(result.graph))  # type: ignore[arg-type]
        if kind == "ASK":
            return cls(kind, boolean=bool(result.askAnswer))
        return cls(
            kind,
            vars=[str(v) for v in (result.vars or [])],
            rows=[tuple(row) for row in result],  # type: ignore[arg-type]
        )


def write_answer(
    answer: Answer,
    fmt: str,
    *,
    width: int | None = 60,
    indent: int | None = 2,
    prefixes: Mapping[str, str] = PREFIXES,
    context: Mapping[str, Any] | None = None,
) -> str:
    """``answer`` in ``fmt``: one of :data:`~governance_graph.writers.tables.TABLE_FORMATS` for
    SELECT/ASK (``width``: widest ``table`` cell; ``indent``: of ``json``), one of
    :data:`GRAPH_FORMATS` for graphs (written with ``prefixes``; the JSON-LD ``@context`` is
    ``context``, by default the prefixes used). Raises :class:`FormatError` when the format does
    not fit the answer or the graph cannot be written in it (an IRI Turtle cannot hold…)."""
    if answer.kind in GRAPH_KINDS:
        if fmt not in GRAPH_FORMATS:
            raise FormatError(f"format '{fmt}' cannot hold a graph; use {', '.join(GRAPH_FORMATS)}")
        try:
            return serialize(answer.triples, fmt, prefixes=prefixes, context=context)
        except Exception as exc:  # rdflib's writers raise bare Exception on odd IRIs
            raise FormatError(f"cannot write the graph as {fmt}: {exc}") from None
    if fmt not in TABLE_FORMATS:
        raise FormatError(
            f"format '{fmt}' cannot hold a {answer.kind} answer; use {', '.join(TABLE_FORMATS)}"
        )
    if answer.kind == "ASK":
        return write_boolean(bool(answer.boolean), fmt, indent=indent)
    return write_rows(answer.vars, answer.rows, fmt, width=width, indent=indent)
