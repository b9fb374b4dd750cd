"""The engines: the registry, the rdflib and oxigraph engines and their reasoners, and that
both give the same answers."""
