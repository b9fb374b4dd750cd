"""A query's answer as a page people read: a table whose resources carry their labels in the
page's language and link to their pages, with links to the same answer as data files.

One template (``results.html``) for the stored queries answered at publish time
(:mod:`.query_results`, ``queries/<name>.html``) and for what ``serve`` answers a browser at
``/sparql?query=…`` and ``/api/<name>``; :func:`render_results_page` takes the answer and the
words around it, so both look and link alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib.term import Node

from governance_graph.writers import term_key

from .i18n import text_for

if TYPE_CHECKING:  # pragma: no cover
    from governance_graph.writers import Answer

    from .pages import Renderer

__all__ = ["Download", "ResultsPage", "render_results_page", "table"]

#: The most rows a page shows; the data files hold every row.
MAX_SHOWN = 1000


@dataclass
class Download:
    """A link to the same answer as a data file."""

    href: str
    text: str
    media: str


@dataclass
class ResultsPage:
    """What the page says around the table."""

    title: str
    here: str  #: the page's path in the site (links are relative to it)
    summary: str = ""
    description: str = ""
    #: (parameter name, its value as an RDF term)
    parameters: Sequence[tuple[str, Node]] = ()
    downloads: Sequence[Download] = ()
    note: str = ""
    query_text: str = ""
    #: where the page in the other language is (None: no switch)
    other_href: str | None = None
    alternates: list[dict[str, Any]] = field(default_factory=list)


def table(renderer: Renderer, answer: Answer, lang: str, here: str) -> dict[str, Any]:
    """The answer as the template's ``columns``, ``rows`` of cells (``term`` dicts) and
    ``boolean``, with ``count`` rows of which ``shown`` are on the page."""
    t = text_for(lang)
    if answer.kind == "ASK":
        return {"kind": "ASK", "boolean": t["yes"] if answer.boolean else t["no"], "count": 1}
    if answer.kind in ("CONSTRUCT", "DESCRIBE"):
        columns = [t["subject"], t["property"], t["object"]]
        rows: list[Sequence[Node | None]] = sorted(
            answer.triples, key=lambda triple: tuple(term_key(x) for x in triple)
        )
    else:
        columns = list(answer.vars)
        rows = list(answer.rows)
    shown = rows[:MAX_SHOWN]
    return {
        "kind": answer.kind,
        "columns": columns,
        "rows": [[renderer.term(cell, lang, here) for cell in row] for row in shown],
        "count": len(rows),
        "shown": len(shown),
    }


def render_results_page(renderer: Renderer, answer: Answer, lang: str, page: ResultsPage) -> str:
    """The HTML page of ``answer`` in ``lang``."""
    t = text_for(lang)
    ctx = renderer.common(page.here, lang, page.title, None)
    ctx["other_href"] = page.other_href
    ctx["alternates"] = page.alternates
    ctx["summary"] = page.summary
    ctx["description"] = page.description
    ctx["parameters"] = [
        {"name": name, "value": renderer.term(value, lang, page.here)}
        for name, value in page.parameters
    ]
    ctx["downloads"] = page.downloads
    ctx["note"] = page.note
    ctx["query_text"] = page.query_text
    ctx["table"] = table(renderer, answer, lang, page.here)
    count = ctx["table"]["count"]
    ctx["rows_text"] = t["rows"].format(n=count)
    if count > ctx["table"].get("shown", count):
        ctx["rows_text"] += ". " + t["rows_cut"].format(shown=ctx["table"]["shown"], n=count)
    return renderer.render("results.html", ctx)
