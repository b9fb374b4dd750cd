"""SPARQL before evaluation, the same for every engine and the server
(:mod:`governance_graph.sparql.prepare`): parsing under one lock, parameters bound as terms,
and the refusal of whatever would reach outside the loaded graph (``FROM``, ``SERVICE`` off the
allow-list, ``LOAD`` and other updates).

Nothing is imported here, so that ``import governance_graph.sparql.prepare`` stays cheap.
"""
