"""SHACL: the fast validator against pyshacl and the W3C suite, and validation of the graph."""
