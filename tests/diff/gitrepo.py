"""A small git repository made for a test: files written, committed, changed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["GitRepo", "git_env"]


def git_env(ceiling: Path) -> dict[str, str]:
    """The environment git runs in for these tests: no user or system configuration, a fixed
    author, and no repository looked for above ``ceiling``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        GIT_CEILING_DIRECTORIES=str(ceiling),
    )
    return env


class GitRepo:
    """A new repository in ``path`` (``git init``); :meth:`write` and :meth:`commit`."""

    def __init__(self, path: Path) -> None:
        if shutil.which("git") is None:
            pytest.skip("git is not installed (Debian package git)")
        self.path = path
        self.env = git_env(path.parent)
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def copy(self, source: Path, name: str) -> Path:
        return self.write(name, source.read_text(encoding="utf-8"))

    def commit(self, message: str, tag: str | None = None) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        if tag:
            self.git("tag", tag)
