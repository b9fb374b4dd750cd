"""The dataset the server answers from, built once at start and written as one N-Quads file:
the closure as default graph and one named graph per source document
(:mod:`governance_graph.engines.served` says which triples go where).

Workers (:mod:`governance_graph.server.workers`) load the one N-Quads file written by
:func:`write_dataset`; nothing else crosses the process boundary. Each engine writes it its own
way (:meth:`governance_graph.engines.Engine.write_served_dataset`): the rdflib engine from
rdflib graphs (:func:`governance_graph.engines.served.build_dataset`), the oxigraph engine
streamed from its store (:mod:`governance_graph.engines.oxigraph_served`), so a graph of
millions of triples is never copied into rdflib. Both give the same quads
(``tests/server/test_dataset.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from governance_graph.engines.served import DatasetSummary

if TYPE_CHECKING:
    from governance_graph.api import KnowledgeGraph

__all__ = ["DatasetSummary", "write_dataset"]


def write_dataset(kg: KnowledgeGraph, path: Path) -> DatasetSummary:
    """Write the served dataset of ``kg`` to ``path`` as N-Quads, the engine's own way."""
    return kg.engine.write_served_dataset(path)
