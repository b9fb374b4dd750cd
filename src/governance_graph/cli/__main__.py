"""``python -m governance_graph.cli``: the ``governance-graph`` command."""

from . import main

main()
