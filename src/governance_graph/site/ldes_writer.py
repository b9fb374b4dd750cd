"""``publish``'s event stream: the previous stream, plus this release's changes, into the site.

:func:`write_event_stream` reads the stream the site had (or the one ``--previous`` names),
copies its pages unchanged, compares every resource's statements with its last member there
(:func:`.ldes_members.fingerprint`: blank nodes canonicalised), and writes one new member per
resource that is new or changed and one delete member per resource no longer described, on new
pages of at most ``page_size`` members, then the root node. So a publish appends: pages
already written keep their bytes, and a release without changes adds nothing. Publishing a
release again is allowed only for the same graph; a stream from a later release, or not this
site's, is refused. Everything is written under the site being built, which ``publish`` moves
into place only when all of it is written.

>>> from governance_graph.site.ldes_writer import write_event_stream   # doctest: +SKIP
>>> summary = write_event_stream(sg, out, base_url=..., release=release)  # doctest: +SKIP
>>> summary.text()                                                       # doctest: +SKIP
'event stream (release 0.3.0): 480 new members (480 versions, 0 deletes) on 2 new pages; …'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from .ldes import (
    DEFAULT_PAGE_SIZE,
    FORMATS,
    ROOT_NAME,
    StreamError,
    StreamSummary,
    member_iri,
    page_file,
)
from .ldes_members import (
    check_reserved,
    delete_triples,
    fingerprint,
    statements,
    stream_resources,
    timestamp_literal,
    version_triples,
)
from .ldes_pages import PageRef, page_graph, root_graph, text
from .ldes_previous import PreviousStream, read_previous

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.term import Node

    from governance_graph.releases import Release

    from .context import SiteGraph

    Triple = tuple[Node, Node, Node]

__all__ = ["changes", "write_event_stream"]


def changes(
    sg: SiteGraph, previous: dict[URIRef, str | None], *, reserved: Iterable[str] = ()
) -> Iterator[tuple[URIRef, str | None]]:
    """``(resource, site path)`` for each resource new or changed since ``previous`` (resource
    -> fingerprint of its last version, None when deleted), then ``(resource, None)`` for each
    resource ``previous`` has and the graph no longer describes; sorted by IRI."""
    described: set[URIRef] = set()
    found: list[tuple[URIRef, str | None]] = []
    for iri, path in stream_resources(sg, reserved=reserved):
        described.add(iri)
        triples = statements(sg.graph, iri)
        check_reserved(iri, triples)
        last = previous.get(iri)
        if last is None or last != fingerprint(triples):
            found.append((iri, path))
    for iri, last in previous.items():
        if last is not None and iri not in described:
            found.append((iri, None))
    yield from sorted(found, key=lambda item: str(item[0]))


def write_event_stream(
    sg: SiteGraph,
    out: Path,
    *,
    base_url: str,
    release: Release | None,
    previous: str | os.PathLike[str] | None = None,
    explicit: bool = True,
    page_size: int = DEFAULT_PAGE_SIZE,
    reserved: Iterable[str] = (),
) -> StreamSummary | None:
    """Write the stream of ``sg`` at ``release`` into the site folder ``out``, after the stream
    at ``previous`` (a folder or URL; ``explicit=False``: the site being replaced, which may have
    none). Without a release, the previous stream is kept as it is (None when there is none)."""
    if page_size < 1:
        raise StreamError(f"page size {page_size}: give at least 1")
    before = (
        read_previous(previous, base_url=base_url, dest=out, explicit=explicit)
        if previous is not None
        else None
    )
    if release is None:
        if before is None:
            return None
        _copy_root(before, out)
        return StreamSummary(before.version, before.members, len(before.pages))
    if before is not None:
        _check_order(before, release)
    latest = before.latest if before is not None else {}
    changed = list(changes(sg, latest, reserved=reserved))
    if before is not None and before.version == release.version:
        if changed:
            raise StreamError(
                f"the graph changed since release {release.version} was published: record a "
                "new release with `governance-graph release VERSION`"
            )
        _copy_root(before, out)
        return StreamSummary(before.version, before.members, len(before.pages))
    pages = list(before.pages) if before is not None else []
    moment = timestamp_literal(release.timestamp)
    number = before.next_page if before is not None else 1
    versions = deletes = 0
    for start in range(0, len(changed), page_size):
        chunk = changed[start : start + page_size]
        members: list[tuple[URIRef, list[Triple]]] = []
        for iri, path in chunk:
            if path is None:
                member = member_iri(base_url, release.version, _path_of(iri))
                members.append((member, list(delete_triples(member, iri, moment))))
                deletes += 1
            else:
                member = member_iri(base_url, release.version, path)
                triples = statements(sg.graph, iri)
                members.append((member, list(version_triples(member, iri, moment, triples))))
                versions += 1
        for ext in FORMATS:
            _write(
                out, page_file(number, ext), text(page_graph(base_url, ext, number, members), ext)
            )
        pages.append(PageRef(number, len(members), moment, moment))
        number += 1
    for ext in FORMATS:
        graph = root_graph(base_url, ext, version=release.version, modified=moment, pages=pages)
        _write(out, f"{ROOT_NAME}.{ext}", text(graph, ext))
    total = (before.members if before is not None else 0) + versions + deletes
    return StreamSummary(
        release.version,
        total,
        len(pages),
        new_versions=versions,
        new_deletes=deletes,
        new_pages=len(pages) - (len(before.pages) if before is not None else 0),
    )


def _check_order(before: PreviousStream, release: Release) -> None:
    from governance_graph.releases import parse_version

    if parse_version(before.version) > parse_version(release.version):
        raise StreamError(
            f"{before.where}: the stream was published for release {before.version}, later "
            f"than release {release.version} being published"
        )
    if before.issued > release.issued:
        raise StreamError(
            f"{before.where}: the stream's last release is dated {before.issued.isoformat()}, "
            f"after release {release.version} ({release.timestamp})"
        )


def _path_of(iri: URIRef) -> str:
    """The site path of a resource that has gone (it had a member, so it had a path)."""
    from . import iris

    path = iris.site_path(iri)
    if path is None:
        raise StreamError(f"<{iri}> has a member in the previous stream but is not this site's")
    return path


def _copy_root(before: PreviousStream, out: Path) -> None:
    for ext, data in before.root.items():
        _write(out, f"{ROOT_NAME}.{ext}", data)


def _write(out: Path, name: str, data: str | bytes) -> None:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
