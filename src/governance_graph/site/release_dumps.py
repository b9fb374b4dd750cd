"""The dumps of earlier releases, kept when a site is published again with a new release.

Every publish writes ``dumps/dumps.json``: the release the dumps belong to and their
descriptions (:class:`~.dumps.Dump`). Publishing a new release into a folder that holds an
earlier site moves that site's ``dumps/`` to ``releases/<its version>/dumps/`` and keeps every
``releases/*/`` it already had, so the catalogue can list each release with its own files. A
site published before manifests existed, or without a release, has nothing to carry over.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

from governance_graph.errors import GovernanceGraphError

from .dumps import DIR, Dump

__all__ = ["MANIFEST", "RELEASES_DIR", "carry_over", "read_manifest", "write_manifest"]

MANIFEST = "dumps.json"
RELEASES_DIR = "releases"


def write_manifest(site: Path, version: str | None, dumps: list[Dump]) -> None:
    """``dumps/dumps.json`` of a site being built: its release and its dumps."""
    body = {"version": version, "dumps": [asdict(d) for d in dumps]}
    path = site / DIR / MANIFEST
    path.unlink(missing_ok=True)  # never write through a hard link into an earlier site
    path.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> tuple[str | None, list[Dump]]:
    """The release and dumps a ``dumps/`` folder's manifest names (``(None, [])`` without
    one). A manifest that is not ours is a :class:`GovernanceGraphError` naming it."""
    path = folder / MANIFEST
    if not path.is_file():
        return None, []
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        dumps = [Dump(**entry) for entry in body["dumps"]]
        version = body["version"]
    except (ValueError, KeyError, TypeError) as err:
        raise GovernanceGraphError(f"{path}: not a dumps manifest of this tool ({err})") from None
    if version is not None and not isinstance(version, str):
        raise GovernanceGraphError(f"{path}: version must be a string")
    return version, dumps


def carry_over(previous: Path | None, site: Path, version: str | None) -> dict[str, list[Dump]]:
    """Copy the earlier releases' dumps from the ``previous`` site into ``site`` (being built
    for release ``version``); return them by version, with paths relative to the site root."""
    archived: dict[str, list[Dump]] = {}
    if previous is None or not previous.is_dir():
        return archived
    kept = previous / RELEASES_DIR
    if kept.is_dir():
        for folder in sorted(p for p in kept.iterdir() if p.is_dir()):
            old_version, dumps = read_manifest(folder / DIR)
            if old_version is None or old_version != folder.name or old_version == version:
                continue
            _copy_tree(folder, site / RELEASES_DIR / folder.name)
            archived[old_version] = dumps
    old_version, dumps = read_manifest(previous / DIR)
    if old_version is not None and old_version != version and old_version not in archived:
        target = site / RELEASES_DIR / old_version
        _copy_tree(previous / DIR, target / DIR)
        prefix = f"{RELEASES_DIR}/{old_version}/"
        moved = [_moved(d, prefix) for d in dumps]
        write_manifest(target, old_version, moved)
        archived[old_version] = moved
    return archived


def _moved(dump: Dump, prefix: str) -> Dump:
    fields = asdict(dump)
    fields["file"] = prefix + dump.file
    return Dump(**fields)


def _copy_tree(source: Path, target: Path) -> None:
    """Hard links where the file system allows (dumps can be large), else copies."""

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy, dirs_exist_ok=True)
