"""Deprecated: the old home of SHACL validation, kept for one release as an alias of
:mod:`governance_graph.validation_report` (the report types, shapes, paths) and
:mod:`governance_graph.engines.rdflib_shacl` (``validate``, with pyshacl)."""

from __future__ import annotations

from .deprecation import moved
from .engines.rdflib_shacl import validate
from .validation_report import ValidationReport, ValidationResult, load_shapes, render_path

moved(__name__, "governance_graph.engines.rdflib_shacl")

__all__ = ["ValidationReport", "ValidationResult", "load_shapes", "render_path", "validate"]
