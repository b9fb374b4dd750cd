"""Helpers of the event stream tests: writing a stream, reading its members back, the files of a
folder, and what a client printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from governance_graph.site.build import RESERVED
from governance_graph.site.ldes import DELETE, TIMESTAMP_PATH, TREE, VERSION_OF_PATH, stream_iri
from governance_graph.site.ldes_members import stream_resources
from governance_graph.site.ldes_writer import write_event_stream
from governance_graph.site.resource_graph import concise_description

from .conftest import BASE


def write(sg, out: Path, release, *, previous=None, page_size: int = 250, base: str = BASE):
    """The stream of ``sg`` at ``release`` written into ``out`` after ``previous``."""
    return write_event_stream(
        sg,
        out,
        base_url=base,
        release=release,
        previous=previous,
        page_size=page_size,
        reserved=RESERVED,
    )


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def pages(folder: Path, ext: str = "ttl") -> list[Path]:
    """The page files of the stream under ``folder``, in page order."""
    found = (folder / "ldes").glob(f"page-*.{ext}")
    return sorted(found, key=lambda p: int(p.name.split("-")[1].split(".")[0]))


def statements(sg, iri: URIRef) -> Graph:
    """What a member of ``iri`` must hold besides its metadata: the statements about it."""
    graph = Graph()
    for triple in concise_description(sg.graph, iri):
        graph.add(triple)
    return graph


@dataclass
class Member:
    iri: URIRef
    resource: URIRef
    deleted: bool
    graph: Graph  #: the statements, subject rewritten back to the resource, metadata left out
    page: str = ""


def members(folder: Path, base: str = BASE) -> list[Member]:
    """Every member of the stream under ``folder``, in page order, read from the Turtle pages."""
    stream = stream_iri(base)
    found = []
    for path in pages(folder):
        graph = Graph().parse(path, format="turtle")
        for member in sorted(graph.objects(stream, TREE.member)):
            resource = graph.value(member, VERSION_OF_PATH)
            own = Graph()
            for s, p, o in concise_description(graph, member):
                if s == member and p in (VERSION_OF_PATH, TIMESTAMP_PATH):
                    continue
                own.add((resource if s == member else s, p, o))
            deleted = (resource, RDF.type, DELETE) in own
            found.append(Member(member, resource, deleted, own, path.name))
    return found


@dataclass
class Replica:
    """What a client printed: per resource the statements of its last version, and the
    resources whose last member is a delete."""

    versions: dict[URIRef, Graph] = field(default_factory=dict)
    deleted: set[URIRef] = field(default_factory=set)
    events: int = 0


def replica(output: str) -> Replica:
    """Read the members ``ldes-client --materialize`` printed (one statement a line, in
    Turtle's syntax, one blank line after each member): each member's timestamp dropped, a
    delete recorded as such."""
    found = Replica()
    for block in output.split("\n\n"):
        if not block.strip():
            continue
        graph = Graph().parse(data=block, format="turtle")
        subjects = {s for s in graph.subjects(TIMESTAMP_PATH, None) if not isinstance(s, BNode)}
        assert len(subjects) == 1, block[:500]
        resource = subjects.pop()
        graph.remove((resource, TIMESTAMP_PATH, None))
        found.events += 1
        if (resource, RDF.type, DELETE) in graph:
            graph.remove((resource, RDF.type, DELETE))
            assert len(graph) == 0, block[:500]
            found.deleted.add(resource)
            found.versions.pop(resource, None)
        else:
            found.versions[resource] = graph
            found.deleted.discard(resource)
    return found


def assert_replicates(found: Replica, sg) -> None:
    """``found`` holds, for every resource of ``sg``'s stream, exactly its statements."""
    expected = {iri for iri, _ in stream_resources(sg, reserved=RESERVED)}
    assert set(found.versions) == expected
    different = [
        str(iri)
        for iri in sorted(expected)
        if not isomorphic(found.versions[iri], statements(sg, iri))
    ]
    assert different == []
