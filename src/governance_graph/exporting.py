"""The whole graph in one RDF format: what ``export`` writes and :meth:`KnowledgeGraph.export`
returns.

The asserted graph keeps one named graph per file in N-Quads and TriG; ``inferred`` adds what
the closure derives, in the graph ``ggg:inferred`` there, or the whole closure in the one-graph
formats. A profile (:mod:`governance_graph.profiles`) writes its CONSTRUCT over the closure, as
one graph. The prefixes are the pinned ones, never an engine's own bindings, so both engines
write the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .errors import GovernanceGraphError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from .profiles import Profile

__all__ = ["ExportError", "check_export", "export_text"]


class Exportable(Protocol):
    """What an export reads (a :class:`~governance_graph.api.KnowledgeGraph`)."""

    @property
    def asserted(self) -> Dataset: ...

    def closure(self) -> Graph: ...


class ExportError(GovernanceGraphError):
    """An export that cannot be written as asked (a profile in a dataset format)."""


def check_export(fmt: str, profile: str | None = None) -> Profile | None:
    """Raise :class:`ExportError` for a format or profile that cannot be exported (before
    anything is loaded); return the profile, if any."""
    from .writers.rdf import DATASET_FORMATS, RDF_FORMATS

    if fmt not in RDF_FORMATS:
        raise ExportError(
            f"unknown export format {fmt!r}; expected one of {', '.join(RDF_FORMATS)}"
        )
    if profile is None:
        return None
    if fmt in DATASET_FORMATS:
        one_graph = ", ".join(f for f in RDF_FORMATS if f not in DATASET_FORMATS)
        raise ExportError(f"--profile writes one graph: use {one_graph}, not {fmt}")
    from .profiles import get_profile

    chosen = get_profile(profile)  # an unknown name: ProfileError, naming the known ones
    return chosen


def export_text(
    kg: Exportable, fmt: str = "ttl", *, inferred: bool = False, profile: str | None = None
) -> str:
    """``kg`` as ``fmt`` text (a key of :data:`governance_graph.writers.RDF_FORMATS`)."""
    from .namespaces import PREFIXES
    from .writers import serialize

    chosen = check_export(fmt, profile)
    if chosen is not None:
        return serialize(chosen.run(kg.closure()), fmt)  # with the profile's own prefixes
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    context = prefixes if fmt == "jsonld" else None
    return serialize(_source(kg, fmt, inferred), fmt, prefixes=prefixes, context=context)


def _source(kg: Exportable, fmt: str, inferred: bool) -> Graph | Dataset:
    from rdflib import Dataset

    from .namespaces import GGG
    from .writers.rdf import DATASET_FORMATS

    asserted = kg.asserted
    if fmt not in DATASET_FORMATS:
        return kg.closure() if inferred else asserted
    out = Dataset()
    for graph in asserted.graphs():
        target = out.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    if inferred:
        extra = out.graph(GGG["inferred"])
        for triple in kg.closure():
            if triple not in asserted:
                extra.add(triple)
    return out
