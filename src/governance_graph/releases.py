"""The releases of the graph: a version, the moment it was issued, and notes.

The record is ``releases.ttl`` beside ``ontology/`` and ``data/``: one ``dcat:Dataset`` block per
release, oldest first, each with ``dcat:version``, ``dcterms:issued`` (an ``xsd:dateTime`` in
UTC) and ``adms:versionNotes`` in English and Dutch. :func:`record` (the ``release`` command)
appends a block and sets ``owl:versionInfo`` and ``owl:versionIRI`` of the ontology
(``ontology/governance.ttl``) to the new version, so the ontology, the catalogue
(``dcat:version``) and the event stream (its timestamps) all name the same release.

Versions are ``MAJOR.MINOR.PATCH``; a new one must be greater than the last, and be issued no
earlier.

>>> parse_version("1.10.0") > parse_version("1.9.3")
True
>>> release_iri("1.2.0")
rdflib.term.URIRef('https://w3id.org/governance-graph/release/1.2.0')
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .engines import REFERENCE_ENGINE
from .errors import GovernanceGraphError

if TYPE_CHECKING:
    from rdflib import URIRef

__all__ = [
    "FILE_NAME",
    "ONTOLOGY_FILE",
    "Release",
    "ReleaseError",
    "current_release",
    "parse_version",
    "read_releases",
    "record",
    "release_iri",
]

#: The release record, at the root of the checkout (beside ``ontology/`` and ``data/``).
FILE_NAME = "releases.ttl"
#: The ontology file whose ``owl:versionInfo`` / ``owl:versionIRI`` follow the release.
ONTOLOGY_FILE = "ontology/governance.ttl"
RELEASE_BASE = "https://w3id.org/governance-graph/release/"
ONTOLOGY_VERSION_BASE = "https://w3id.org/governance-graph/ontology/"
ADMS = "http://www.w3.org/ns/adms#"

_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_VERSION_INFO = re.compile(r'(owl:versionInfo\s+)"[^"\n]*"')
_VERSION_IRI = re.compile(r"(owl:versionIRI\s+)<[^>\n]*>")


class ReleaseError(GovernanceGraphError):
    """A release that cannot be recorded or read (bad version, order, record file)."""


@dataclass(frozen=True, order=True)
class Release:
    """One release: ``version`` (``MAJOR.MINOR.PATCH``), ``issued`` (aware, UTC), notes."""

    issued: dt.datetime
    version: str
    notes_en: str = ""
    notes_nl: str = ""

    @property
    def iri(self) -> URIRef:
        return release_iri(self.version)

    @property
    def timestamp(self) -> str:
        """``issued`` as an ``xsd:dateTime`` lexical form, ``2026-11-25T00:00:00Z``."""
        return self.issued.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2.3"`` as ``(1, 2, 3)``; :class:`ReleaseError` for anything else."""
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise ReleaseError(f"version {text!r}: expected MAJOR.MINOR.PATCH, such as 1.2.0")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def release_iri(version: str) -> URIRef:
    """The stable IRI of a release: ``https://w3id.org/governance-graph/release/<version>``."""
    from rdflib import URIRef

    parse_version(version)
    return URIRef(RELEASE_BASE + version)


def read_releases(root: Path) -> list[Release]:
    """The releases recorded under ``root`` (``root/releases.ttl``), oldest first; none when
    the file does not exist. A malformed record raises :class:`ReleaseError` naming the file."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS

    from .loading import Source, parse_turtle

    path = Path(root) / FILE_NAME
    if not path.is_file():
        return []
    graph = parse_turtle(Source.read(path, "data"), Graph())
    adms_notes = URIRef(ADMS + "versionNotes")
    dcat_version = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3: not in rdflib's DCAT
    found: list[Release] = []
    for node in sorted(graph.subjects(dcat_version, None), key=str):
        versions = list(graph.objects(node, dcat_version))
        issued = list(graph.objects(node, DCTERMS.issued))
        if len(versions) != 1 or len(issued) != 1:
            raise ReleaseError(f"{path}: release {node} needs one dcat:version and one issued")
        version = str(versions[0])
        parse_version(version)
        moment = issued[0].toPython() if isinstance(issued[0], Literal) else None
        if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
            raise ReleaseError(
                f"{path}: release {version}: dcterms:issued must be an xsd:dateTime with a "
                f"time zone, not {issued[0]!r}"
            )
        notes = {lit.language: str(lit) for lit in graph.objects(node, adms_notes)}
        found.append(
            Release(moment.astimezone(dt.UTC), version, notes.get("en", ""), notes.get("nl", ""))
        )
    found.sort(key=lambda r: parse_version(r.version))
    for earlier, later in itertools.pairwise(found):
        if earlier.version == later.version:
            raise ReleaseError(f"{path}: release {later.version} is recorded twice")
        if later.issued < earlier.issued:
            raise ReleaseError(
                f"{path}: release {later.version} is dated before release {earlier.version}"
            )
    return found


def current_release(root: Path) -> Release | None:
    """The last release recorded under ``root``, or ``None`` when there is none."""
    found = read_releases(root)
    return found[-1] if found else None


def record(
    root: Path,
    version: str,
    *,
    issued: dt.datetime | None = None,
    notes_en: str = "",
    notes_nl: str = "",
) -> Release:
    """Record release ``version`` under ``root``: append it to ``releases.ttl`` and set the
    ontology's ``owl:versionInfo``/``owl:versionIRI``. Both files are replaced atomically, and
    neither is touched when anything is wrong."""
    from .files import atomic_write

    root = Path(root)
    wanted = parse_version(version)
    moment = (issued or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if moment.tzinfo is None:
        raise ReleaseError(f"release date {moment.isoformat()}: give a time zone (or Z for UTC)")
    moment = moment.astimezone(dt.UTC)
    earlier = read_releases(root)
    if earlier:
        last = earlier[-1]
        if wanted <= parse_version(last.version):
            raise ReleaseError(
                f"version {version} is not greater than the last release, {last.version}"
            )
        if moment < last.issued:
            raise ReleaseError(
                f"release date {moment.isoformat()} is before the last release's "
                f"({last.version}, {last.issued.isoformat()})"
            )
    ontology_path = root / ONTOLOGY_FILE
    if not ontology_path.is_file():
        raise ReleaseError(f"{ontology_path}: no such file (is {root} a checkout of the graph?)")
    ontology_text = ontology_path.read_text(encoding="utf-8")
    for pattern, name in ((_VERSION_INFO, "owl:versionInfo"), (_VERSION_IRI, "owl:versionIRI")):
        if len(pattern.findall(ontology_text)) != 1:
            raise ReleaseError(f"{ontology_path}: expected exactly one {name} to update")
    ontology_text = _VERSION_INFO.sub(rf'\g<1>"{version}"', ontology_text)
    ontology_text = _VERSION_IRI.sub(rf"\g<1><{ONTOLOGY_VERSION_BASE}{version}>", ontology_text)
    release = Release(moment, version, notes_en.strip(), notes_nl.strip())
    record_path = root / FILE_NAME
    old = record_path.read_text(encoding="utf-8") if record_path.is_file() else _HEADER
    atomic_write(record_path, (old.rstrip("\n") + "\n\n" + _block(release)).encode("utf-8"))
    atomic_write(ontology_path, ontology_text.encode("utf-8"))
    return release


_HEADER = """\
# The releases of the governance graph, oldest first: one block per release, appended by
# `governance-graph release VERSION`. The last one is the current release: `publish` names it
# in the catalogue (dcat:version) and stamps the event stream's new members with its date.

@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _block(release: Release) -> str:
    from rdflib import Literal

    lines = [
        f"<{release.iri}>",
        "    a dcat:Dataset ;",
        f'    dcat:version "{release.version}" ;',
        f'    dcterms:issued "{release.timestamp}"^^xsd:dateTime',
    ]
    notes = [
        (text, lang) for text, lang in ((release.notes_en, "en"), (release.notes_nl, "nl")) if text
    ]
    if notes:
        lines[-1] += " ;"
        written = " , ".join(Literal(text, lang=lang).n3() for text, lang in notes)
        lines.append(f"    adms:versionNotes {written}")
    return "\n".join(lines) + " .\n"


def check_checkout(root: Path, *, engine: str = REFERENCE_ENGINE) -> None:
    """Raise :class:`ReleaseError` unless the graph under ``root`` (its ``ontology/`` and
    ``data/``) loads, is consistent and conforms to its shapes: only such a graph is released."""
    from . import paths
    from .api import KnowledgeGraph
    from .engines import get_engine
    from .loading import Source

    root = Path(root)
    files = sorted((root / "ontology").glob("*.ttl")) + sorted((root / "data").glob("*.ttl"))
    sources = [
        Source.read(p, "ontology" if p.parent.name == "ontology" else "data")
        for p in files
        if p.name != paths.SHAPES_FILE_NAME
    ]
    if not any(s.role == "data" for s in sources):
        raise ReleaseError(f"{root}: no data/*.ttl to release (is it a checkout of the graph?)")
    kg = KnowledgeGraph(
        sources, engine=get_engine(engine), shapes=[root / "ontology" / "shapes.ttl"]
    )
    kg.engine.parse()
    kg.closure()  # an inconsistent graph raises InconsistencyError here
    report = kg.validate()
    if not report.conforms:
        raise ReleaseError(
            f"{root}: the graph does not conform to its shapes ({len(report.results)} results); "
            "see `governance-graph validate`"
        )
