"""Bring your own bodies: spreadsheets in the template's form (``templates/``) into the graph,
through the declared mapping (``mappings/template.yml``, YARRRML run by morph-kgc), checked
cell by cell and validated with the graph's shapes; and the graph back out into the same
workbook (``export --template``).

* :func:`ingest` (``governance-graph ingest``): a workbook or CSV folder to Turtle;
* :func:`~governance_graph.ingest.template.export_workbook` (``governance-graph export
  --template``: :func:`~governance_graph.ingest.export.export_rows` written by
  :func:`~governance_graph.ingest.template.workbook_bytes`);
* :class:`IngestError`: every problem, one line each, naming file, sheet, row and column.

The modules: :mod:`.columns` (the sheets and columns), :mod:`.workbook` (reading files),
:mod:`.checks` (cell checks and messages), :mod:`.lookups` (coded values), :mod:`.resolve`
(what a name refers to), :mod:`.rows` and :mod:`.tables` (the mapping's input),
:mod:`.mapping` (morph-kgc), :mod:`.run` (the whole ingest), :mod:`.export` and
:mod:`.template` (the workbook written).
"""

from __future__ import annotations

from .checks import IngestError
from .mapping import MISSING, MappingError, has_morph_kgc
from .run import IngestResult, ingest

__all__ = ["MISSING", "IngestError", "IngestResult", "MappingError", "has_morph_kgc", "ingest"]
