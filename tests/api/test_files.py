"""``files.atomic_write``: the whole file or nothing, nothing left behind, errors name the path."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from governance_graph import files
from governance_graph.errors import GovernanceGraphError
from governance_graph.files import FileWriteError, atomic_write


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_new_file_with_umask_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.nt"
    atomic_write(target, b"abc")
    assert target.read_bytes() == b"abc"
    assert _names(tmp_path) == ["out.nt"]
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_replaces_existing_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.nt"
    target.write_bytes(b"old and longer")
    target.chmod(0o640)
    atomic_write(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _names(tmp_path) == ["out.nt"]


def test_relative_path_in_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    atomic_write("here.txt", b"x")
    assert (tmp_path / "here.txt").read_bytes() == b"x"


def test_missing_folder_names_path_and_folder(tmp_path: Path) -> None:
    target = tmp_path / "no" / "x.ttl"
    with pytest.raises(FileWriteError) as info:
        atomic_write(target, b"x")
    assert str(info.value) == f"{target}: folder {target.parent} does not exist"
    assert _names(tmp_path) == []


def test_failure_while_writing_leaves_target_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.nt"
    target.write_bytes(b"before")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(FileWriteError) as info:
        atomic_write(target, b"after")
    message = str(info.value)
    assert message == f"{target}: cannot write: No space left on device"
    assert "\n" not in message
    assert target.read_bytes() == b"before"
    assert _names(tmp_path) == ["out.nt"]


def test_failure_of_the_rename_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a-folder"
    target.mkdir()
    (target / "inside").write_text("keep")
    with pytest.raises(FileWriteError, match=rf"^{target}: cannot write: "):
        atomic_write(target, b"x")
    assert _names(tmp_path) == ["a-folder"]
    assert _names(target) == ["inside"]


def test_interrupt_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "out.nt", b"x")
    assert _names(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX, not root")
def test_read_only_folder_is_one_line_naming_the_path(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FileWriteError) as info:
            atomic_write(folder / "x.ttl", b"x")
    finally:
        folder.chmod(0o700)
    assert str(info.value) == f"{folder / 'x.ttl'}: cannot write: Permission denied"
    assert _names(folder) == []


def test_error_is_a_user_error_and_an_os_error() -> None:
    assert issubclass(FileWriteError, GovernanceGraphError)
    assert issubclass(FileWriteError, OSError)
