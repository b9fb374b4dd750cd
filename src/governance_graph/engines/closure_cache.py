"""The disk caches of both engines: the rdflib closure (``closure-<key>.pickle``), the oxigraph
inferences (``closure-<key>.oxigraph.nt``) and the compiled rules (``rules-<key>.json``).

All live in :func:`governance_graph.paths.cache_dir` (``$GOVERNANCE_GRAPH_CACHE_DIR``; the
folder is made private to the user), are written atomically
(:func:`governance_graph.files.atomic_write`, then made readable by the user only) and are
keyed by :func:`cache_key`: the sha256 of every input file's role, name and bytes plus the
versions of this package, rdflib, owlrl, Python and :data:`CACHE_FORMAT`. Of each kind of
closure file only the :data:`DISK_LIMIT` most recently used are kept (:func:`prune`; reading
a file marks it used). ``GOVERNANCE_GRAPH_NO_CACHE=1`` turns every disk cache off.

>>> enabled() in (True, False)
True
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import paths
from ..loading import Source

__all__ = [
    "CACHE_FORMAT",
    "DISK_LIMIT",
    "cache_file",
    "cache_key",
    "enabled",
    "prune",
    "read",
    "write",
]

log = logging.getLogger(__name__)

#: Bump when the cleaning or checking of the closure changes, to invalidate old disk caches.
CACHE_FORMAT = "1"
#: How many closure files of one kind are kept.
DISK_LIMIT = 8


def enabled() -> bool:
    """Whether the disk caches are on (``GOVERNANCE_GRAPH_NO_CACHE`` not ``1``/``true``/``yes``)."""
    return os.environ.get("GOVERNANCE_GRAPH_NO_CACHE", "") not in ("1", "true", "yes")


def cache_key(sources: Sequence[Source]) -> str:
    """sha256 over the inputs and the versions of everything that shapes the closure."""
    digest = hashlib.sha256()
    for part in _versions():
        digest.update(part.encode() + b"\0")
    for source in sources:
        digest.update(f"{source.role}\0{source.path.name}\0".encode())
        digest.update(source.digest.encode() + b"\0")
    return digest.hexdigest()


def _versions() -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"format={CACHE_FORMAT}", f"python={sys.version_info[0]}.{sys.version_info[1]}"]
    for dist in ("governance-graph", "rdflib", "owlrl"):
        try:
            parts.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist}=?")
    return parts


def cache_file(name: str) -> Path | None:
    """Where the cache file ``name`` is, or ``None`` when the disk caches are off."""
    return paths.cache_dir() / name if enabled() else None


def read(path: Path) -> bytes | None:
    """The bytes of ``path``, marked as just used; ``None`` if it cannot be read."""
    try:
        data = path.read_bytes()
        os.utime(path)  # most recently used: spared by prune
    except OSError:
        return None
    return data


def write(path: Path, data: bytes, *, prune_pattern: str | None = None) -> None:
    """Write ``data`` to ``path`` atomically, readable by the user only; then, with
    ``prune_pattern``, :func:`prune` its folder. Failing to write is logged, not raised."""
    from ..files import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, data)
        os.chmod(path, 0o600)
        if prune_pattern is not None:
            prune(path.parent, prune_pattern, keep=path)
    except OSError as err:
        log.warning("cannot write cache %s: %s", path, err)


def prune(folder: Path, pattern: str, *, keep: Path, limit: int = DISK_LIMIT) -> None:
    """Delete all but the ``limit`` most recently used files of ``folder`` matching
    ``pattern`` (never ``keep``)."""
    files = sorted(folder.glob(pattern), key=_mtime, reverse=True)
    for old in files[limit:]:
        if old != keep:
            old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
