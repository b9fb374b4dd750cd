"""SPARQL: stored queries and their parameters, the choice of where a query runs, federated
queries, and the clients of a SPARQL endpoint and a Graph Store."""
