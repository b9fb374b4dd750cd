"""SHACL: validation of the graph on both engines, validate as a general SHACL validator, the
fast validator against pyshacl, and the W3C SHACL test suite."""
