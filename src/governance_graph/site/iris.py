"""Where each IRI of our namespace lives in the site, and links between pages.

The site mirrors the IRIs: ``https://w3id.org/governance-graph/id/vesoc`` is ``id/vesoc`` and
has ``id/vesoc.html`` (English), ``id/vesoc.nl.html`` (Dutch), ``.ttl``, ``.jsonld`` and
``.nt`` beside it. Hash IRIs of the ontology (``ontology#Chair``) get ``ontology/Chair.*``;
the ontology IRI itself is the ontology documentation, ``ontology.html``.

>>> site_path("https://w3id.org/governance-graph/id/vesoc")
'id/vesoc'
>>> site_path("https://w3id.org/governance-graph/ontology#Chair")
'ontology/Chair'
>>> site_path("http://www.w3.org/ns/org#Post") is None
True
>>> page_file("id/vesoc", "nl")
'id/vesoc.nl.html'
>>> relative("id/vesoc.html", "ontology/Chair.html")
'../ontology/Chair.html'
"""

from __future__ import annotations

import posixpath
import re

__all__ = [
    "BASE",
    "DEFAULT_LANG",
    "LANGS",
    "RDF_FORMATS",
    "page_file",
    "relative",
    "site_path",
]

#: Every IRI that starts with this is ours and gets pages.
BASE = "https://w3id.org/governance-graph/"
LANGS = ("en", "nl")
DEFAULT_LANG = "en"
#: extension -> (rdflib format, media type)
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("turtle", "text/turtle"),
    "jsonld": ("json-ld", "application/ld+json"),
    "nt": ("nt", "application/n-triples"),
}

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*(/[A-Za-z0-9][A-Za-z0-9._\-]*)*")


def site_path(iri: object) -> str | None:
    """The path (no extension) of ``iri``'s pages, or ``None`` if it is not ours or not safe."""
    text = str(iri)
    if not text.startswith(BASE):
        return None
    rest = text[len(BASE) :]
    doc, sep, frag = rest.partition("#")
    path = f"{doc}/{frag}" if sep and frag else doc
    if not _SAFE.fullmatch(path) or path.endswith((".html", ".ttl", ".jsonld", ".nt")):
        return None
    return path


def page_file(path: str, lang: str = DEFAULT_LANG, ext: str = "html") -> str:
    """The file of ``path`` in one language (HTML) or one RDF format."""
    if ext == "html" and lang != DEFAULT_LANG:
        return f"{path}.{lang}.html"
    return f"{path}.{ext}"


def relative(from_file: str, to_file: str) -> str:
    """A relative link from one site file to another (both relative to the site root)."""
    start = posixpath.dirname(from_file) or "."
    return posixpath.relpath(to_file, start)
