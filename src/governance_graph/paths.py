"""Where the bundled graph lives: a source checkout or an installed wheel.

An installed wheel carries ``ontology/``, ``data/``, ``queries/`` (and ``profiles/``,
``mappings/``, ``templates/``) in
``governance_graph/_bundled/`` (see ``pyproject.toml``); a checkout (or an editable
install) has them at the repository root, two levels above this file.

>>> from governance_graph import paths
>>> paths.ontology_dir().name
'ontology'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "SHAPES_FILE_NAME",
    "bundled_root",
    "cache_dir",
    "data_dir",
    "data_files",
    "mappings_dir",
    "ontology_dir",
    "ontology_files",
    "queries_dir",
    "shapes_file",
    "templates_dir",
]

#: The file of ``ontology/`` that holds the SHACL shapes; never part of the reasoned graph.
SHAPES_FILE_NAME = "shapes.ttl"

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The folder that holds ``ontology/``, ``data/`` and ``queries/``."""
    installed = _PACKAGE_DIR / "_bundled"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent


def ontology_dir() -> Path:
    """The bundled ``ontology/`` folder."""
    return bundled_root() / "ontology"


def data_dir() -> Path:
    """The bundled ``data/`` folder."""
    return bundled_root() / "data"


def queries_dir() -> Path:
    """The bundled ``queries/`` folder (stored ``*.rq`` queries)."""
    return bundled_root() / "queries"


def mappings_dir() -> Path:
    """The bundled ``mappings/`` folder (the spreadsheet template's mapping, lookups, export
    queries)."""
    return bundled_root() / "mappings"


def templates_dir() -> Path:
    """The bundled ``templates/`` folder (the spreadsheet template, as a workbook and as CSV)."""
    return bundled_root() / "templates"


def shapes_file() -> Path:
    """The bundled SHACL shapes file, ``ontology/shapes.ttl`` (it may not exist)."""
    return ontology_dir() / SHAPES_FILE_NAME


def ontology_files() -> list[Path]:
    """Every ``ontology/*.ttl`` except the shapes, sorted by name."""
    return sorted(p for p in _ttl_files(ontology_dir()) if p.name != SHAPES_FILE_NAME)


def data_files() -> list[Path]:
    """Every ``data/*.ttl``, sorted by name."""
    return sorted(_ttl_files(data_dir()))


def cache_dir() -> Path:
    """The on-disk cache folder: ``$GOVERNANCE_GRAPH_CACHE_DIR`` or the user cache dir.

    The folder is not created here.
    """
    override = os.environ.get("GOVERNANCE_GRAPH_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("governance-graph"))


def _ttl_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.glob("*.ttl") if p.is_file()]
