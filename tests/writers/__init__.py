"""The writers of every format: query results, graphs and datasets, the same bytes for the same
graph in every process and on both engines."""
