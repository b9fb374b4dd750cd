"""Reading other graphs in: beside ours for one query (``query --with``), or into our model
(``import --profile``).

``query … --with FILE|URL`` parses another graph into its own named graph, beside ours, so one
query can join both: a file becomes ``ggg:with/<file-stem>``, a URL the graph named by the URL
itself. The default graph stays ours (the closure, or with ``--no-reasoning`` the asserted
union, whose per-file named graphs stay available too); the query reaches the other graph with
``GRAPH <name> { … }`` or ``GRAPH ?g``, on the chosen engine. Only ``http(s)`` URLs are
fetched, with a time limit, and only because the user named them on the command line; a query
text can never make us fetch anything (``FROM`` and ``SERVICE`` stay refused,
:mod:`governance_graph.sparql.prepare`).

``import --profile NAME FILE`` reads data written in an export profile back into our model with
the profile's own declared mapping: the inverse CONSTRUCTs in ``profiles/<NAME>/import/*.rq``,
run in file-name order over the input (each sees the input plus what the earlier ones made).
Only what the profile carries comes back (the profile's README says what that is).

>>> with_graph_name("exports/oslo.ttl")
rdflib.term.URIRef('https://w3id.org/governance-graph/graph/with/oslo')
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from .errors import GovernanceGraphError, LoadError
from .namespaces import GGG

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Node

    from .api import KnowledgeGraph

__all__ = [
    "UnknownImportProfileError",
    "import_files",
    "import_profile",
    "query_with",
    "read_graph",
    "with_graph_name",
]

_URL = re.compile(r"^https?://", re.IGNORECASE)
_ACCEPT = (
    "text/turtle, application/n-triples;q=0.9, application/ld+json;q=0.8, "
    "application/rdf+xml;q=0.7, */*;q=0.1"
)
_BY_MEDIA_TYPE = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
_MAX_BYTES = 256 * 1024 * 1024


class UnknownImportProfileError(GovernanceGraphError):
    """No profile of that name has an ``import/`` folder."""


def with_graph_name(location: str) -> URIRef:
    """The named graph ``--with location`` is loaded into."""
    if _URL.match(location):
        return URIRef(location)
    return GGG[f"with/{Path(location).stem}"]


def _format_for(name: str, media_type: str | None = None) -> str:
    if media_type:
        found = _BY_MEDIA_TYPE.get(media_type.split(";")[0].strip().lower())
        if found:
            return found
    from rdflib.util import guess_format

    return guess_format(name.split("?")[0]) or "turtle"


def read_graph(location: str | Path, *, timeout: float = 60.0) -> Graph:
    """Parse a file or an ``http(s)`` URL into a ``Graph``; one-line ``LoadError`` otherwise."""
    text = str(location)
    if _URL.match(text):
        import urllib.error
        import urllib.request

        request = urllib.request.Request(text, headers={"Accept": _ACCEPT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data = response.read(_MAX_BYTES + 1)
                media_type = response.headers.get("Content-Type")
        except (urllib.error.URLError, OSError, ValueError) as err:
            raise LoadError(f"{text}: cannot fetch: {getattr(err, 'reason', err)}") from None
        if len(data) > _MAX_BYTES:
            raise LoadError(f"{text}: larger than {_MAX_BYTES} bytes")
        fmt = _format_for(text, media_type)
    elif "://" in text and not text.lower().startswith("file:"):
        raise LoadError(f"{text}: only files and http(s) URLs can be read")
    else:
        path = Path(text.removeprefix("file://"))
        try:
            data = path.read_bytes()
        except OSError as err:
            raise LoadError(f"{path}: cannot read: {err.strerror or err}") from None
        fmt = _format_for(path.name)
    graph = Graph()
    try:
        graph.parse(data=data, format=fmt, publicID=text)
    except Exception as err:  # rdflib's parsers raise assorted errors
        message = " ".join(str(err).split()) or type(err).__name__
        raise LoadError(f"{text}: cannot parse as {fmt}: {message[:300]}") from None
    return graph


def query_with(
    kg: KnowledgeGraph,
    text: str,
    graphs: Sequence[str],
    *,
    bindings: Mapping[str, Node] | None = None,
    reasoning: bool = True,
    source: str = "<query>",
    allow_services: Collection[str] = (),
    timeout: float = 60.0,
) -> Result:
    """Run ``text`` over our graph (default graph) with each of ``graphs`` in its own named
    graph (:func:`with_graph_name`), on ``kg``'s engine."""
    taken = {source.graph_iri: source.name for source in kg.sources}
    extra: dict[URIRef, Graph] = {}
    seen: dict[URIRef, str] = {}
    for location in graphs:
        name = with_graph_name(location)
        if name in seen:
            raise LoadError(f"--with {location}: same graph name <{name}> as --with {seen[name]}")
        if name in taken:
            raise LoadError(f"--with {location}: same graph name <{name}> as {taken[name]}")
        seen[name] = location
        extra[name] = read_graph(location, timeout=timeout)
    return kg.engine.query(
        text,
        bindings=bindings,
        reasoning=reasoning,
        source=source,
        allow_services=allow_services,
        graphs=extra,
    )


def import_files(profile: str) -> list[Path]:
    """The inverse CONSTRUCTs of ``profile`` (``profiles/<profile>/import/*.rq``), in order."""
    from .profiles import profiles_dir

    folder = profiles_dir() / profile / "import"
    files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
    if not files:
        root = profiles_dir()
        names = sorted(p.parent.name for p in root.glob("*/import") if any(p.glob("*.rq")))
        valid = ", ".join(names) or "none"
        raise UnknownImportProfileError(
            f"profile {profile!r} has no import mapping (profiles/{profile}/import/*.rq); "
            f"profiles that can be imported: {valid}"
        )
    return files


def import_profile(profile: str, graph: Graph) -> Graph:
    """``graph`` (data in ``profile``'s vocabulary) rewritten into our model."""
    from .namespaces import bind_prefixes
    from .sparql.prepare import prepare_query

    work = Graph()
    for triple in graph:
        work.add(triple)
    out = bind_prefixes(Graph())
    for path in import_files(profile):
        query = prepare_query(path.read_text(encoding="utf-8"), source=str(path))
        for triple in list(work.query(query)):
            out.add(triple)  # type: ignore[arg-type]
            work.add(triple)  # type: ignore[arg-type]
    return out
