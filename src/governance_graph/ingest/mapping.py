"""Running the mapping (``mappings/template.yml``, or the one ``--mapping`` names) with
morph-kgc over the tables :mod:`.tables` prepared: they are written as CSV files into a
temporary folder, with the lookup tables the mapping joins, and morph-kgc runs in that folder
(the mapping names its sources by file name). What comes out is a set of N-Triples lines.

morph-kgc 2.10.0 declares older versions of pyoxigraph and rdflib than this project uses, but
runs with ours: it is installed apart, ``pip install --no-deps morph-kgc==2.10.0``; the
``ingest`` extra installs what it needs.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import logging
import shutil
import warnings
from pathlib import Path

from governance_graph import paths
from governance_graph.errors import GovernanceGraphError

from .rows import FIELDS

__all__ = [
    "MISSING",
    "MappingError",
    "default_mapping",
    "has_morph_kgc",
    "run_mapping",
    "write_tables",
]

#: What ingest says when morph-kgc is not installed.
MISSING = (
    "ingest needs morph-kgc: pip install --no-deps morph-kgc==2.10.0 "
    "(and pip install 'governance-graph[ingest]')"
)


class MappingError(GovernanceGraphError):
    """The mapping could not be run (or morph-kgc is not installed)."""


def has_morph_kgc() -> bool:
    return importlib.util.find_spec("morph_kgc") is not None


def require_morph_kgc() -> None:
    """Import morph-kgc now (it is needed, and slow to import); :data:`MISSING` if it is not
    installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import morph_kgc  # noqa: F401
    except ImportError:
        raise MappingError(MISSING) from None


def default_mapping() -> Path:
    """The bundled mapping of the template, ``mappings/template.yml``."""
    return paths.mappings_dir() / "template.yml"


def write_tables(tables: dict[str, list[dict[str, str]]], folder: Path) -> None:
    """The prepared tables as ``<name>.csv`` in ``folder`` (UTF-8, a header row each, every
    table even when empty), and the lookup tables beside them."""
    for name, fields in FIELDS.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables.get(name, []))
    for lookup in sorted((paths.mappings_dir() / "lookups").glob("*.csv")):
        shutil.copyfile(lookup, folder / lookup.name)


def run_mapping(mapping: Path, folder: Path, shown: str) -> list[str]:
    """The triples the mapping makes from the tables in ``folder``: N-Triples lines (without
    the final " ."), sorted. Raises :class:`MappingError` naming the mapping."""
    require_morph_kgc()
    if not mapping.is_file():
        raise MappingError(f"{shown}: no such mapping file")
    config = (
        "[CONFIGURATION]\n"
        "na_values=\n"
        "number_of_processes=1\n"
        "logging_level=ERROR\n"
        "[DataSource]\n"
        f"mappings={mapping.resolve()}\n"
    )
    quiet = io.StringIO()
    try:
        with (
            contextlib.chdir(folder),
            warnings.catch_warnings(),
            contextlib.redirect_stdout(quiet),
            contextlib.redirect_stderr(quiet),
        ):
            warnings.simplefilter("ignore")
            import morph_kgc

            logging.getLogger("morph_kgc").setLevel(logging.ERROR)
            triples = morph_kgc.materialize_set(config)
    except Exception as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise MappingError(f"{shown}: the mapping could not be run: {detail}") from None
    return sorted(triples)
