"""The search index ``publish`` writes: every body, person, place and concept by its names.

``search-index.json`` lists, for each resource of those four kinds that has a page, its site
path, its kind, its label in each language of the site, and every name it has in the graph
(preferred and alternative labels, names and titles, in English, Dutch or untagged), each also
*folded*: accents taken off and lower-cased (:func:`fold`), so that "Bruges", "brugge" and
"Brügge" meet. ``search-index.js`` holds the same data for pages opened from a folder
(``file://``), where a script may not fetch a file but may load another script.

``static/search.js`` (the search box on every page and ``search.html``) folds what is typed in
the same way and matches it against the folded names; that script is the only reader.

>>> fold("  Tine DECUYPERE ")
'tine decuypere'
>>> fold("Région de Bruxelles-Capitale")
'region de bruxelles-capitale'
"""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, SKOS

from governance_graph.namespaces import SCHEMA

from . import iris
from .context import LABEL_PROPERTIES

if TYPE_CHECKING:  # pragma: no cover
    from .context import SiteGraph

__all__ = ["INDEX_JS", "INDEX_JSON", "KINDS", "entries", "fold", "index_files"]

INDEX_JSON = "search-index.json"
INDEX_JS = "search-index.js"
#: The kinds searched, in the order results are ranked, each with the classes that make it.
KINDS: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("body", (ORG.Organization, FOAF.Organization, SCHEMA.Organization)),
    ("person", (FOAF.Person, SCHEMA.Person)),
    ("place", (DCTERMS.Location, SCHEMA.Place)),
    ("concept", (SKOS.Concept,)),
)


def fold(text: str) -> str:
    """``text`` without accents, lower-cased, its white space collapsed (as ``search.js``)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.lower().split())


def _kind(sg: SiteGraph, iri: URIRef) -> str | None:
    types = sg.types(iri)
    for name, classes in KINDS:
        if any(cls in types for cls in classes):
            return name
    return None


def _names(sg: SiteGraph, iri: URIRef) -> list[str]:
    """Every name of ``iri`` in the site's languages (or untagged), preferred ones first."""
    names: list[str] = []
    for prop in LABEL_PROPERTIES:
        values = [
            v
            for v in sg.graph.objects(iri, prop)
            if isinstance(v, Literal) and v.language in (None, *iris.LANGS)
        ]
        for value in sorted(values, key=lambda v: (v.language or "", str(v))):
            text = " ".join(str(value).split())
            if text and text not in names:
                names.append(text)
    return names


def entries(sg: SiteGraph) -> list[dict[str, Any]]:
    """The index entries, by site path: ``path``, ``kind``, ``label`` per language, ``names``
    and their folded ``keys`` (one per name, in the same order)."""
    out = []
    for iri, path in sorted(sg.resources.items(), key=lambda item: item[1]):
        kind = _kind(sg, iri)
        names = _names(sg, iri) if kind else []
        if not names:
            continue
        out.append(
            {
                "path": path,
                "kind": kind,
                "label": {lang: sg.label(iri, lang) for lang in iris.LANGS},
                "names": names,
                "keys": [fold(n) for n in names],
            }
        )
    return out


def index_files(sg: SiteGraph) -> dict[str, str]:
    """``search-index.json`` and ``search-index.js``, by file name."""
    from .i18n import text_for

    data = {
        "languages": list(iris.LANGS),
        "kinds": {
            name: {lang: text_for(lang)[f"kind_{name}"] for lang in iris.LANGS} for name, _ in KINDS
        },
        "entries": entries(sg),
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    script = (
        "// The search index of the site (the same as search-index.json), for pages opened\n"
        "// from a folder, where search.js may load a script but not fetch a file.\n"
        f"window.governanceGraphSearchIndex = {text};\n"
    )
    return {INDEX_JSON: text + "\n", INDEX_JS: script}
