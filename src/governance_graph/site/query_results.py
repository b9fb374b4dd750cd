"""The stored queries answered when the site is published, so a visitor without a server reads
their results: ``queries/<name>.html`` (and ``.nl.html``), a table in the page's language, with
the same rows as ``queries/<name>.csv`` and ``.json`` (``.nl.csv``, ``.nl.json``: the Dutch
rows); a graph answer (CONSTRUCT, DESCRIBE) as ``.ttl`` and ``.jsonld`` instead.

Each query runs with its parameters' defaults, as ``/api/<name>`` does without parameters, on
the store ``serve``'s workers hold (the engine's served store), loaded with the closure the site
publishes: persons' e-mail addresses are left out unless the site includes them. The language
of a page keeps the rows in that language (``--lang``); a query that cannot run here (a
required parameter, a SERVICE, an error) has no result files and a warning says why.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from governance_graph.errors import GovernanceGraphError
from governance_graph.writers import Answer, write_answer

from . import iris
from .i18n import text_for
from .rdf_files import CONTEXT
from .results_table import Download, ResultsPage, render_results_page

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.term import Node

    from governance_graph.catalogue import StoredQuery

    from .pages import Renderer

__all__ = ["Answered", "answer_queries", "result_file"]

#: The most rows or triples a published answer may have.
MAX_ROWS = 100_000
_TABLE_FILES = (("csv", "text/csv", "CSV"), ("json", "application/sparql-results+json", "JSON"))
_GRAPH_FILES = (("ttl", "text/turtle", "Turtle"), ("jsonld", "application/ld+json", "JSON-LD"))


@dataclass
class Answered:
    """A stored query answered at publish time: its kind, the terms its parameters were
    bound to, and the answer."""

    query: StoredQuery
    kind: str
    parameters: list[tuple[str, Node]] = field(default_factory=list)
    answer: Answer | None = None

    def files(self, lang: str) -> list[tuple[str, str, str, str]]:
        """``(site file, extension, media type, name)`` of the data files for ``lang``."""
        kinds = _TABLE_FILES if self.kind in ("SELECT", "ASK") else _GRAPH_FILES
        return [
            (result_file(self.query.name, lang, ext), ext, media, name)
            for ext, media, name in kinds
        ]


def result_file(name: str, lang: str, ext: str) -> str:
    """``queries/<name>[.<lang>].<ext>``; English has no infix, as the pages."""
    infix = "" if lang == iris.DEFAULT_LANG else f".{lang}"
    return f"queries/{name}{infix}.{ext}"


def _run(store, query: StoredQuery) -> Answered:  # type: ignore[no-untyped-def]
    from governance_graph.params import bind, insert_values
    from governance_graph.sparql.prepare import check_services, parse

    bound = bind(query, {})
    text = insert_values(query.text, bound)
    parsed = parse(text)
    check_services(parsed, ())
    kind = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}.get(
        parsed[1].name, "DESCRIBE"
    )
    answer = store.answer(
        text, kind=kind, parsed=parsed, default_graphs=None, named_graphs=None, max_rows=MAX_ROWS
    )
    names = {p.variable: p.name for p in query.parameters}
    return Answered(query, kind, [(names[v], term) for v, term in bound.items()], answer)


def answer_queries(
    renderer: Renderer, queries: Sequence[StoredQuery], warn: Callable[[str], None]
) -> list[Answered]:
    """Every query of ``queries`` that runs, answered on the site's closure."""
    if not queries:
        return []
    sg = renderer.sg
    out = []
    with tempfile.TemporaryDirectory(prefix="gg-site-queries-") as tmp:
        nquads = Path(tmp) / "closure.nq"
        from governance_graph.writers import serialize

        nquads.write_text(serialize(sg.closure, "nt"), encoding="utf-8")
        store = type(sg.kg.engine).open_served(nquads)
        for query in queries:
            try:
                out.append(_run(store, query))
            except GovernanceGraphError as err:
                warn(f"stored query {query.name}: no published results ({err})")
            except Exception as err:  # rdflib's parser raises assorted errors
                warn(f"stored query {query.name}: no published results ({type(err).__name__})")
    return out


def result_pages(renderer: Renderer, answered: Answered) -> dict[str, str | bytes]:
    """The files of one answered query: its page in each language and its data files."""
    from governance_graph.query_output import pick_language

    files: dict[str, str | bytes] = {}
    query = answered.query
    assert answered.answer is not None
    for lang in iris.LANGS:
        answer = answered.answer
        if answer.kind == "SELECT":
            answer = Answer("SELECT", vars=answer.vars, rows=pick_language(answer.rows, lang))
        here = iris.page_file(f"queries/{query.name}", lang)
        downloads = []
        for file, ext, media, name in answered.files(lang):
            context = CONTEXT if ext == "jsonld" else None
            files[file] = write_answer(answer, ext, indent=None, context=context)
            downloads.append(Download(iris.relative(here, file), name, media))
        other = next(x for x in iris.LANGS if x != lang)
        t = text_for(lang)
        page = ResultsPage(
            title=t["results_of"].format(name=query.name),
            here=here,
            summary=query.summary,
            description=query.description,
            parameters=answered.parameters,
            downloads=downloads,
            note=t["answered_at_publish"],
            query_text=query.text,
            other_href=iris.relative(here, iris.page_file(f"queries/{query.name}", other)),
        )
        files[here] = render_results_page(renderer, answer, lang, page)
    return files
