"""The event stream an earlier publish wrote, read back: from a published site's folder (its
``ldes.ttl`` and ``ldes/``) or from a URL (the root node, or a site's base URL ending in ``/``),
following the root node's relations to every page.

What the next publish needs from it: the last release it was published for, its pages (which
are copied into the new site unchanged, byte for byte, in both formats) and, per resource, the
fingerprint of its last version or the fact that it was deleted. Anything else than a stream
this site wrote is refused with one line naming the file (and line, for a page that does not
parse): a file that is not Turtle, a stream that is not an ``ldes:EventStream`` or not this
site's (another IRI), a page the root does not name, a member without its resource or time.

Pages are read in Turtle; URLs are fetched with the standard library's ``urllib``, as
:mod:`governance_graph.importing` does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from governance_graph.errors import GovernanceGraphError
from governance_graph.loading import Source, parse_turtle

from .ldes import (
    DCAT_VERSION,
    FORMATS,
    LDES,
    ROOT_NAME,
    STREAM_DIR,
    TREE,
    StreamError,
    page_file,
    page_number,
    stream_iri,
    view_url,
)
from .ldes_members import read_member
from .ldes_pages import PageRef

__all__ = ["PreviousStream", "read_previous"]

_TIMEOUT = 60.0
_ACCEPT = {"ttl": "text/turtle", "jsonld": "application/ld+json"}


@dataclass
class PreviousStream:
    """An earlier stream of this site: where it was read, the last release it was published
    for, its pages, and per resource the fingerprint of its last version (None: deleted)."""

    where: str
    version: str
    issued: dt.datetime
    pages: list[PageRef] = field(default_factory=list)
    latest: dict[URIRef, str | None] = field(default_factory=dict)
    members: int = 0
    #: the root node's bytes per format, copied as they are when nothing changes
    root: dict[str, bytes] = field(default_factory=dict)

    @property
    def next_page(self) -> int:
        return max((page.number for page in self.pages), default=0) + 1


class _Files:
    """The documents of a stream in a published site's folder."""

    def __init__(self, folder: Path, shown: str) -> None:
        self.folder = folder
        self.shown = shown

    def where(self, name: str) -> str:
        return os.path.join(self.shown, name)

    def read(self, name: str) -> bytes:
        try:
            return (self.folder / name).read_bytes()
        except FileNotFoundError:
            raise StreamError(f"{self.where(name)}: no such file") from None
        except OSError as err:
            raise StreamError(f"{self.where(name)}: cannot read: {err.strerror or err}") from None


class _Web:
    """The documents of a stream on the web, relative to the site's base URL."""

    def __init__(self, base: str) -> None:
        self.base = base

    def where(self, name: str) -> str:
        return urljoin(self.base, name)

    def read(self, name: str) -> bytes:
        url = self.where(name)
        ext = name.rsplit(".", 1)[-1]
        request = urllib.request.Request(url, headers={"Accept": _ACCEPT.get(ext, "*/*")})
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as err:
            raise StreamError(f"{url}: cannot fetch: HTTP {err.code} {err.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = getattr(err, "reason", err)
            raise StreamError(f"{url}: cannot fetch: {reason}") from None


def _locate(source: str | os.PathLike[str], explicit: bool) -> _Files | _Web | None:
    text = os.fspath(source)
    root_file = f"{ROOT_NAME}.ttl"
    if text.startswith(("http://", "https://")):
        if text.endswith("/"):
            return _Web(text)
        if text.endswith("/" + root_file):
            return _Web(text[: -len(root_file)])
        raise StreamError(
            f"--previous {text}: give the stream's root node (…/{root_file}) or the base URL "
            "of the site (ending in /)"
        )
    if "://" in text:
        raise StreamError(f"--previous {text}: only folders and http(s) URLs can be read")
    path = Path(text)
    if path.is_file() and path.name == root_file:
        return _Files(path.parent, os.path.dirname(text))
    if path.is_dir():
        if (path / root_file).is_file():
            return _Files(path, text)
        if not explicit:
            return None
        raise StreamError(f"{text}: no event stream there (no {root_file})")
    if not explicit:
        return None
    raise StreamError(f"--previous {text}: no such folder")


def _parse(data: bytes, where: str) -> Graph:
    graph = Graph()
    try:
        parse_turtle(Source(Path(where), "data", data, given=where), graph)
    except GovernanceGraphError as err:
        raise StreamError(str(err)) from None
    return graph


def _check_json(data: bytes, where: str) -> None:
    try:
        json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise StreamError(f"{where}: not UTF-8 ({err.reason})") from None
    except json.JSONDecodeError as err:
        raise StreamError(f"{where}:{err.lineno}:{err.colno}: not JSON ({err.msg})") from None


def _moment(value: object, what: str, where: str) -> dt.datetime:
    moment = value.toPython() if isinstance(value, Literal) else None
    if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
        raise StreamError(f"{where}: {what} is not an xsd:dateTime with a time zone")
    return moment


def read_previous(
    source: str | os.PathLike[str], *, base_url: str, dest: Path, explicit: bool = True
) -> PreviousStream | None:
    """Read the stream at ``source`` (a published site's folder, its ``ldes.ttl``, or a URL)
    and copy its pages into ``dest`` (the site being built). None when ``source`` is a folder
    without a stream and was not named by the user (``explicit=False``)."""
    from governance_graph.releases import ReleaseError, parse_version

    found = _locate(source, explicit)
    if found is None:
        return None
    root_name = f"{ROOT_NAME}.ttl"
    where = found.where(root_name)
    root_bytes = found.read(root_name)
    graph = _parse(root_bytes, where)
    stream = stream_iri(base_url)
    streams = set(graph.subjects(RDF.type, LDES.EventStream))
    if not streams:
        raise StreamError(f"{where}: not an event stream (no ldes:EventStream in it)")
    if stream not in streams:
        other = sorted(streams)[0]
        raise StreamError(
            f"{where}: the event stream there is <{other}>, not this site's <{stream}> "
            "(published with another --base-url?)"
        )
    version = graph.value(stream, DCAT_VERSION)
    try:
        parse_version(str(version))
    except ReleaseError:
        raise StreamError(f"{where}: the stream names no release (dcat:version)") from None
    previous = PreviousStream(
        where=where,
        version=str(version),
        issued=_moment(graph.value(stream, DCTERMS.modified), "dcterms:modified", where),
    )
    previous.root["ttl"] = root_bytes
    previous.root["jsonld"] = found.read(f"{ROOT_NAME}.jsonld")
    _check_json(previous.root["jsonld"], found.where(f"{ROOT_NAME}.jsonld"))
    view = URIRef(view_url(base_url, "ttl"))
    if graph.value(stream, TREE.view) != view:
        raise StreamError(f"{where}: the stream's view is not <{view}>")
    for ref in _pages(graph, view, base_url, where):
        previous.pages.append(_read_page(found, ref, stream, dest, previous))
    return previous


def _pages(graph: Graph, view: URIRef, base_url: str, where: str) -> list[PageRef]:
    """The pages the root node links, in order, with their bounds and sizes."""
    prefix = str(view).rsplit("/", 1)[0] + f"/{STREAM_DIR}/"
    bounds: dict[int, dict[str, object]] = {}
    for relation in graph.objects(view, TREE.relation):
        node = graph.value(relation, TREE.node)
        name = str(node)[len(prefix) :] if str(node).startswith(prefix) else ""
        number = page_number(name)
        if number is None or not name.endswith(".ttl"):
            raise StreamError(f"{where}: a relation leads to <{node}>, not a page of this stream")
        kind = graph.value(relation, RDF.type)
        key = {
            TREE.GreaterThanOrEqualToRelation: "start",
            TREE.LessThanOrEqualToRelation: "end",
        }.get(kind)  # type: ignore[call-overload]
        if key is None:
            raise StreamError(f"{where}: relation <{relation}> is of an unexpected kind")
        bound = bounds.setdefault(number, {})
        bound[key] = graph.value(relation, TREE.value)
        bound["members"] = graph.value(relation, TREE.remainingItems)
    pages = []
    for number in sorted(bounds):
        bound = bounds[number]
        start, end, members = bound.get("start"), bound.get("end"), bound.get("members")
        if not isinstance(start, Literal) or not isinstance(end, Literal):
            raise StreamError(f"{where}: page {number} lacks a bound")
        _moment(start, f"page {number}'s lower bound", where)
        _moment(end, f"page {number}'s upper bound", where)
        count = members.toPython() if isinstance(members, Literal) else None
        if not isinstance(count, int):
            raise StreamError(f"{where}: page {number} has no tree:remainingItems")
        pages.append(PageRef(number, count, start, end))
    return pages


def _read_page(
    found: _Files | _Web, ref: PageRef, stream: URIRef, dest: Path, previous: PreviousStream
) -> PageRef:
    """Read page ``ref``, fold its members into ``previous.latest`` and copy both of its files
    into ``dest`` as they are."""
    start, end = ref.start.toPython(), ref.end.toPython()
    contents = {}
    for ext in FORMATS:
        name = page_file(ref.number, ext)
        contents[ext] = found.read(name)
        if ext == "jsonld":
            _check_json(contents[ext], found.where(name))
    where = found.where(page_file(ref.number, "ttl"))
    graph = _parse(contents["ttl"], where)
    members = sorted(graph.objects(stream, TREE.member))
    if len(members) != ref.members:
        raise StreamError(f"{where}: {len(members)} members, but the root node says {ref.members}")
    for member in members:
        read = read_member(graph, member, where)
        if not start <= read.moment <= end or read.moment > previous.issued:
            raise StreamError(f"{where}: member <{member}> is dated outside its page's bounds")
        previous.latest[read.resource] = read.fingerprint
    previous.members += len(members)
    for ext, data in contents.items():
        target = dest / page_file(ref.number, ext)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return ref
