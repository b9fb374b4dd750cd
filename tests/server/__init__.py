"""The server: the SPARQL 1.1 Protocol, the web API, limits and refusals, its lifecycle."""
