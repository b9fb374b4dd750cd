"""The pipeline as a library function (load, closure, SHACL, every stored query, timed), the
synthetic graphs it is measured on, and a smoke run of the benchmark."""
