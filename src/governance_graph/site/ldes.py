"""The graph as a Linked Data Event Stream (LDES 1.0 over W3C TREE): names, vocabulary, summary.

``publish`` writes the stream beside the site (:mod:`.ldes_writer`); ``serve`` serves it
(:mod:`governance_graph.server.ldes_routes`). This module says what everything is called, for
them and for the catalogue (DCAT/VoID), and loads nothing heavy.

Each release adds one **member** per resource whose description changed since the previous
release (a version object of the resource: ``dcterms:isVersionOf`` the resource,
``prov:generatedAtTime`` the release's ``issued`` time) and one delete member (``a as:Delete``)
per resource no longer described. Members go on new **pages** of at most ``page_size`` members,
one release per page: a page never changes once written. The **root node** (the view) is the
only document that changes: it links every page by two relations on the timestamp path (from
and until the page's time) and names the last release published.

Files, for a site published at ``base_url`` (no content negotiation needed: every relation names
a file that exists, the Turtle documents link Turtle documents, the JSON-LD ones JSON-LD):

==============================  ====================================================
``ldes.ttl``, ``ldes.jsonld``   the root node (``view_url``), in each format
``ldes/page-N.ttl|.jsonld``     page N (N from 1, never reused), immutable
==============================  ====================================================

>>> stream_iri("https://example.org/gg/")
rdflib.term.URIRef('https://example.org/gg/ldes#stream')
>>> view_url("https://example.org/gg/")
'https://example.org/gg/ldes.ttl'
>>> page_url("https://example.org/gg/", 3, "jsonld")
'https://example.org/gg/ldes/page-3.jsonld'
>>> member_iri("https://example.org/gg/", "0.3.0", "id/vesoc")
rdflib.term.URIRef('https://example.org/gg/ldes/0.3.0/id/vesoc')
>>> page_number("page-12.ttl")
12
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from governance_graph.errors import GovernanceGraphError

__all__ = [
    "AS",
    "DCAT_VERSION",
    "DEFAULT_PAGE_SIZE",
    "DELETE",
    "FORMATS",
    "LDES",
    "ROOT_NAME",
    "STREAM_DIR",
    "TIMESTAMP_PATH",
    "TREE",
    "VERSION_OF_PATH",
    "StreamError",
    "StreamSummary",
    "member_iri",
    "page_file",
    "page_number",
    "page_url",
    "shape_iri",
    "stream_iri",
    "view_url",
]

TREE = Namespace("https://w3id.org/tree#")
LDES = Namespace("https://w3id.org/ldes#")
AS = Namespace("https://www.w3.org/ns/activitystreams#")

#: ``ldes:timestampPath``: when the member's release was issued (``xsd:dateTime``, UTC).
TIMESTAMP_PATH = PROV.generatedAtTime
#: ``ldes:versionOfPath``: the resource the member is a version of.
VERSION_OF_PATH = DCTERMS.isVersionOf
#: ``ldes:versionDeletePath`` is the default, ``rdf:type``; this is ``ldes:versionDeleteObject``.
DELETE = AS.Delete
#: DCAT 3's ``dcat:version`` (rdflib's ``DCAT`` is DCAT 2): the last release the stream names.
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
DELETE_PATH = RDF.type

#: The root node's file name (without extension) and the folder of the pages, at the site root.
ROOT_NAME = "ldes"
STREAM_DIR = "ldes"
#: extension -> media type of the two formats every document of the stream comes in.
FORMATS: dict[str, str] = {"ttl": "text/turtle", "jsonld": "application/ld+json"}
DEFAULT_PAGE_SIZE = 250

_PAGE = re.compile(r"page-([1-9][0-9]*)\.(ttl|jsonld)")


class StreamError(GovernanceGraphError):
    """The event stream cannot be written as asked (a bad previous stream, a changed release)."""


def _base(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def stream_iri(base_url: str) -> URIRef:
    """The ``ldes:EventStream`` of a site published at ``base_url``."""
    return URIRef(f"{_base(base_url)}{ROOT_NAME}#stream")


def shape_iri(base_url: str) -> URIRef:
    """The SHACL node shape every member conforms to (``tree:shape``), in the root node."""
    return URIRef(f"{_base(base_url)}{ROOT_NAME}#member-shape")


def view_url(base_url: str, ext: str = "ttl") -> str:
    """The root node of the stream in one format: the URL to give a client."""
    if ext not in FORMATS:
        raise ValueError(f"unknown format {ext!r}; expected one of {sorted(FORMATS)}")
    return f"{_base(base_url)}{ROOT_NAME}.{ext}"


def page_file(number: int, ext: str) -> str:
    """The file of page ``number`` relative to the site root: ``ldes/page-3.ttl``."""
    if ext not in FORMATS:
        raise ValueError(f"unknown format {ext!r}; expected one of {sorted(FORMATS)}")
    return f"{STREAM_DIR}/page-{number}.{ext}"


def page_url(base_url: str, number: int, ext: str) -> str:
    """The IRI (and URL) of page ``number`` in one format."""
    return _base(base_url) + page_file(number, ext)


def page_number(name: str) -> int | None:
    """The number of a page file name (``page-3.ttl`` -> 3), or None for any other name."""
    match = _PAGE.fullmatch(name)
    return int(match.group(1)) if match else None


def member_iri(base_url: str, version: str, path: str) -> URIRef:
    """The member for release ``version`` of the resource whose site path is ``path``."""
    return URIRef(f"{_base(base_url)}{STREAM_DIR}/{version}/{path}")


@dataclass(frozen=True)
class StreamSummary:
    """What one publish did to the stream: the release, the members and pages it added, and
    how many the stream holds in all."""

    release: str
    members: int
    pages: int
    new_versions: int = 0
    new_deletes: int = 0
    new_pages: int = 0

    @property
    def new_members(self) -> int:
        return self.new_versions + self.new_deletes

    def text(self) -> str:
        """One line for the publish report.

        >>> StreamSummary("0.4.0", 486, 3, 2, 1, 1).text().split(": ")[1]
        '3 new members (2 versions, 1 delete) on 1 new page; 486 members on 3 pages in all'
        """
        return (
            f"event stream (release {self.release}): {_count(self.new_members, 'new member')} "
            f"({_count(self.new_versions, 'version')}, {_count(self.new_deletes, 'delete')}) "
            f"on {_count(self.new_pages, 'new page')}; {_count(self.members, 'member')} on "
            f"{_count(self.pages, 'page')} in all"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
