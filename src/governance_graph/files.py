"""Writing a file so that a reader never sees half of it: :func:`atomic_write`.

The bytes go to a temporary file in the target's own folder (so the final rename stays on one
file system), are flushed to disk, and the temporary file is renamed over the target with
``os.replace``, which is atomic on POSIX and Windows. On any failure the temporary file is
removed and the target is left as it was. Used for every file the project writes outside a
site build (``export -o``, ``validate --report``, the closure and rule caches).

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     target = pathlib.Path(folder) / "out.ttl"
...     atomic_write(target, b"<urn:a> <urn:b> <urn:c> .\\n")
...     print(target.read_bytes().decode(), end="")
...     print(sorted(p.name for p in pathlib.Path(folder).iterdir()))
<urn:a> <urn:b> <urn:c> .
['out.ttl']
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from governance_graph.errors import GovernanceGraphError

__all__ = ["FileWriteError", "atomic_write", "folder_mode"]

_TRIES = 8


class FileWriteError(GovernanceGraphError, OSError):
    """A file could not be written; one line naming the path. Also an ``OSError``, so a
    caller that treats writing as optional (a cache) catches it as before."""


def folder_mode() -> int:
    """The permissions ``mkdir`` gives a new folder: ``0o777`` less the process's umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` in one step.

    A new file gets the usual permissions (``0o666`` less the umask); a file that exists keeps
    its own. Raises :class:`FileWriteError` (``"<path>: cannot write: <reason>"``, or
    ``"<path>: folder <folder> does not exist"``) and leaves no temporary file behind.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileWriteError(f"{target}: folder {folder} does not exist")
    tmp: Path | None = None
    try:
        fd, tmp = _create_temporary(folder, target.name)
        try:
            with os.fdopen(fd, "wb") as handle:
                if target.exists():
                    os.chmod(handle.fileno(), target.stat().st_mode & 0o7777)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
            tmp = None
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
    except OSError as exc:
        if isinstance(exc, FileWriteError):
            raise
        raise FileWriteError(f"{target}: cannot write: {exc.strerror or exc}") from None
    _sync_folder(folder)


def _create_temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new, empty, hidden file beside the target, created with the umask applied."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for attempt in range(_TRIES):
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            if attempt == _TRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (POSIX; best effort)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
