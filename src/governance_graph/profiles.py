"""Export profiles: rewrite the OWL 2 RL closure into a consumer's vocabulary.

A profile is data, not code: a folder ``profiles/<name>/`` of SPARQL CONSTRUCT files
(``*.rq``, one per topic, run in file-name order), a ``README.md`` with the table
"our term → their term, or 'not carried'", and optionally a JSON-LD ``context.jsonld``.
``profiles/_common/`` holds helper CONSTRUCTs that every profile runs first (e.g. which of our
organisations are public organisations); their results use the private ``ggp:`` namespace and
are never part of an export.

Each CONSTRUCT is evaluated over the closure plus what the helpers and the earlier files of the
profile produced, so a later file may use an earlier file's result. The export is the union of
the profile's own CONSTRUCT results, with the prefixes its files declare bound.

>>> from governance_graph import profiles
>>> profiles.profile_names()
['cpov', 'oslo', 'schema-org']
>>> profiles.get_profile("dcat")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
governance_graph.profiles.UnknownProfileError: unknown profile 'dcat'; valid profiles: cpov, ...
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.namespace import Namespace

from . import paths
from .errors import GovernanceGraphError
from .namespaces import GGD

__all__ = [
    "COMMON_DIR_NAME",
    "GGP",
    "Profile",
    "UnknownProfileError",
    "get_profile",
    "profile_names",
    "profiles_dir",
    "run_profile",
]

#: Private namespace of the helper facts ``profiles/_common/`` computes; never exported.
GGP = Namespace("https://w3id.org/governance-graph/profiles#")

#: The folder of helper CONSTRUCTs that every profile runs first.
COMMON_DIR_NAME = "_common"

_PREFIX_LINE = re.compile(
    r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE
)


class UnknownProfileError(GovernanceGraphError):
    """No export profile has that name; the message lists the valid ones."""


def profiles_dir() -> Path:
    """The bundled ``profiles/`` folder (``$GOVERNANCE_GRAPH_PROFILES_DIR`` overrides it).

    It sits beside ``ontology/``, ``data/`` and ``queries/`` (see :mod:`governance_graph.paths`).
    """
    override = os.environ.get("GOVERNANCE_GRAPH_PROFILES_DIR")
    if override:
        return Path(override)
    return paths.bundled_root() / "profiles"


def profile_names() -> list[str]:
    """The names of the available profiles, sorted (folders with at least one ``*.rq``)."""
    folder = profiles_dir()
    if not folder.is_dir():
        return []
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_dir() and not p.name.startswith(("_", ".")) and any(p.glob("*.rq"))
    )


@dataclass(frozen=True)
class Profile:
    """One export profile: its folder and the CONSTRUCT files in it."""

    name: str
    folder: Path

    @property
    def query_files(self) -> list[Path]:
        """The profile's own CONSTRUCT files, in the order they run."""
        return sorted(self.folder.glob("*.rq"))

    @property
    def common_files(self) -> list[Path]:
        """The helper CONSTRUCT files every profile runs first."""
        return sorted((self.folder.parent / COMMON_DIR_NAME).glob("*.rq"))

    @property
    def readme(self) -> Path:
        """The profile's ``README.md`` (the mapping table)."""
        return self.folder / "README.md"

    @property
    def context_file(self) -> Path | None:
        """The profile's JSON-LD context file, if it has one."""
        path = self.folder / "context.jsonld"
        return path if path.is_file() else None

    def context(self) -> dict[str, Any] | None:
        """The JSON-LD ``@context`` object of the profile, or ``None``."""
        path = self.context_file
        if path is None:
            return None
        document = json.loads(path.read_text(encoding="utf-8"))
        return document.get("@context", document)

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """Prefix → namespace, as the profile's own CONSTRUCT files declare them."""
        found: dict[str, str] = {}
        for path in self.query_files:
            for prefix, iri in _PREFIX_LINE.findall(path.read_text(encoding="utf-8")):
                found.setdefault(prefix, iri)
        return found

    def run(self, closure: Graph) -> Graph:
        """Run the profile over ``closure``; the result has the profile's prefixes bound."""
        from .sparql.prepare import prepare_query

        work = Graph()
        for triple in closure:
            work.add(triple)
        for path in self.common_files:
            query = prepare_query(path.read_text(encoding="utf-8"), source=str(path))
            for triple in list(work.query(query)):
                work.add(triple)  # type: ignore[arg-type]
        out = Graph()
        for path in self.query_files:
            query = prepare_query(path.read_text(encoding="utf-8"), source=str(path))
            produced = list(work.query(query))
            for triple in produced:
                out.add(triple)  # type: ignore[arg-type]
                work.add(triple)  # type: ignore[arg-type]
        return _bind(out, self.prefixes)


def get_profile(name: str) -> Profile:
    """The profile called ``name``; an :class:`UnknownProfileError` names the valid ones."""
    names = profile_names()
    if name not in names:
        valid = ", ".join(names) if names else "(none found in " + str(profiles_dir()) + ")"
        raise UnknownProfileError(f"unknown profile {name!r}; valid profiles: {valid}")
    return Profile(name, profiles_dir() / name)


def run_profile(name: str, closure: Graph) -> Graph:
    """Rewrite ``closure`` (from ``governance_graph.load().closure()``) with profile ``name``.

    >>> import governance_graph as gg
    >>> out = run_profile("schema-org", gg.load().closure())   # doctest: +SKIP
    """
    return get_profile(name).run(closure)


def _bind(graph: Graph, prefixes: dict[str, str]) -> Graph:
    used = _namespaces_used(graph)
    for prefix, iri in {"ggd": str(GGD), **prefixes}.items():
        if prefix and iri in used:
            graph.bind(prefix, iri, override=True, replace=True)
    return graph


def _namespaces_used(graph: Graph) -> set[str]:
    terms: Iterable[object] = (term for triple in graph for term in triple)
    used: set[str] = set()
    for term in terms:
        text = str(term)
        for cut in (text.rfind("#"), text.rfind("/")):
            if cut > 0:
                used.add(text[: cut + 1])
        datatype = getattr(term, "datatype", None)
        if datatype is not None:
            text = str(datatype)
            cut = max(text.rfind("#"), text.rfind("/"))
            if cut > 0:
                used.add(text[: cut + 1])
    return used
