"""The dataset the server answers from, built once at start and written as one N-Quads file:
the closure as default graph and one named graph per source document
(:mod:`governance_graph.engines.served` says which triples go where).

Workers (:mod:`governance_graph.server.workers`) load the one N-Quads file written by
:func:`write_dataset`; nothing else crosses the process boundary. Each engine writes it its own
way (:meth:`governance_graph.engines.Engine.write_served_dataset`): the rdflib engine from
rdflib graphs (:func:`build_dataset`), the oxigraph engine streamed from its store
(:func:`write_from_store`), so a graph of millions of triples is never copied into rdflib.
Both give the same quads (``tests/server/test_dataset.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from governance_graph.engines.served import (
    DatasetSummary,
    ServedDataset,
    build_dataset,
)

if TYPE_CHECKING:
    from governance_graph.api import KnowledgeGraph

__all__ = ["DatasetSummary", "ServedDataset", "build_dataset", "write_dataset", "write_from_store"]


def write_dataset(kg: KnowledgeGraph, path: Path) -> DatasetSummary:
    """Write the served dataset of ``kg`` to ``path`` as N-Quads, the engine's own way."""
    return kg.engine.write_served_dataset(path)


def write_from_store(store, path: Path) -> DatasetSummary:  # type: ignore[no-untyped-def]
    """The served dataset streamed from an oxigraph engine's store
    (:func:`governance_graph.engines.oxigraph_served.write_from_store`)."""
    from governance_graph.engines.oxigraph_served import write_from_store as write

    return write(store, path)
