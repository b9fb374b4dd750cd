"""Linked data for every IRI in our data namespace: 303 content negotiation and descriptions.

When the ``site`` package (the static-site builder) imports, descriptions are its
``site.describe(kg, iri)`` (CBD + incoming links + citations, persons' e-mail addresses left
out as on the published site) and ``.html`` is its ``site.render_resource_page`` (``?lang=nl``
or ``Accept-Language``); both run in one thread of the server process. Without it, the
description is the CBD below, evaluated in a query worker, and there is no ``.html``.

``https://w3id.org/governance-graph/id/<name>`` is served at ``/id/<name>`` (w3id redirects
there once deployed): a ``GET`` answers **303 See Other** to ``/id/<name>.<ext>`` chosen by
``Accept`` (``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``, and ``.html`` when the ``site`` module's
page renderer is installed). The description is the resource's concise bounded description
from the default graph: its outgoing triples and those of the blank nodes they reach (two
levels deep), via a CONSTRUCT
so it runs in a worker like any query.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from governance_graph.namespaces import GGD
from governance_graph.server.jobs import Job
from governance_graph.server.media_types import GRAPH_TYPES, _parse_accept, _specificity

__all__ = [
    "EXTENSIONS",
    "LOCAL_NAME",
    "choose",
    "choose_extension",
    "describe_job",
    "exists_job",
]

LOCAL_NAME = re.compile(r"[a-z0-9][a-z0-9\-]*")
#: extension -> format name of :mod:`formats` (``html`` is the site renderer's).
EXTENSIONS = {"ttl": "ttl", "nt": "nt", "jsonld": "jsonld", "rdf": "rdfxml", "html": "html"}
_BY_FORMAT = {m.name: m.media_type for m in GRAPH_TYPES}

CBD = """CONSTRUCT { ?r ?p ?o . ?b ?p2 ?o2 . ?c ?p3 ?o3 }
WHERE {
  BIND(IRI AS ?r)
  { IRI ?p ?o }
  UNION
  { IRI ?q ?b . ?b ?p2 ?o2 . FILTER(isBlank(?b)) }
  UNION
  { IRI ?q ?b . ?b ?q2 ?c . ?c ?p3 ?o3 . FILTER(isBlank(?b) && isBlank(?c)) }
}"""
EXISTS = "ASK { { IRI ?p ?o } UNION { ?s ?p IRI } }"


def iri_of(name: str) -> URIRef:
    """The data IRI for ``/id/<name>``; ``name`` must match :data:`LOCAL_NAME`."""
    if not LOCAL_NAME.fullmatch(name):
        raise ValueError(f"not a local name of ours: {name!r}")
    return URIRef(str(GGD) + name)


def _query(template: str, name: str) -> str:
    # The IRI is written into the text, not bound through VALUES: rdflib joins a trailing
    # VALUES after evaluating the whole pattern (all triples, then a 3-hop path). This is safe
    # because iri_of() only accepts [a-z0-9-] names, so n3() is <https://…/id/[a-z0-9-]+>.
    return template.replace("IRI", iri_of(name).n3())


def describe_job(name: str, fmt: str, max_rows: int) -> Job:
    return Job(query=_query(CBD, name), format=fmt, max_rows=max_rows)


def exists_job(name: str) -> Job:
    return Job(query=_query(EXISTS, name), format="json")


def choose_extension(accept: str | None, *, html: bool) -> str | None:
    """The extension to redirect to for ``accept`` (``None``: nothing fits → 406)."""
    choices = [(ext, _BY_FORMAT[fmt]) for ext, fmt in EXTENSIONS.items() if fmt in _BY_FORMAT]
    if html:  # last: "*/*" alone gets Turtle; browsers name text/html and get the page
        choices.append(("html", "text/html"))
    return choose(accept, choices)


def choose(accept: str | None, choices: list[tuple[str, str]]) -> str | None:
    """The first of ``choices`` (extension, media type) with the highest q in ``accept``, each
    format's q being that of the most specific range naming it; ``None`` when none fits."""
    ranges = _parse_accept(accept or "*/*") or [("*/*", 1.0, 0)]
    best = None
    for rank, (ext, media_type) in enumerate(choices):
        specificity, q = 0, 0.0
        for media_range, range_q, _ in ranges:
            spec = _specificity(media_range, media_type)
            if spec > specificity or (spec == specificity and spec and range_q > q):
                specificity, q = spec, range_q
        if specificity and q and (best is None or q > best[0]):
            best = (q, rank, ext)
    return best[2] if best else None
