"""The Python API (load, KnowledgeGraph) and the library beneath it: loading files, finding
resources by what a user types, describe and stats, atomic writes."""
