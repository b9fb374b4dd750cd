"""The system programs some tests need, what each adds, and the Debian package that has it.

On a machine with only Python (the README's test command on a bare Debian) the tests that
need one of them skip, with a reason that names the program and the package to install;
everything else runs. One table, so the README, ``.ci/run`` and the skip reasons can agree.

Use :func:`requires_program` on a test (or module, via ``pytestmark``), or
:func:`program_or_skip` inside a fixture that starts the program::

    @requires_program("dot")
    def test_diagram(site): ...
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest

__all__ = ["PROGRAMS", "Program", "find", "program_or_skip", "requires_program"]


@dataclass(frozen=True)
class Program:
    name: str  #: the executable looked up on PATH
    debian: str  #: the Debian package that installs it
    adds: str  #: what the tests that need it check

    def skip_reason(self) -> str:
        return (
            f"`{self.name}` not on PATH ({self.adds}): "
            f"install the Debian package {self.debian} (apt install {self.debian})"
        )


PROGRAMS = {
    p.name: p
    for p in (
        Program("dot", "graphviz", "the diagrams of the published site"),
        Program("chromium", "chromium", "the browser tests of the published site"),
        Program("virtuoso-t", "virtuoso-opensource", "the stored queries on Virtuoso 7"),
        Program("apache2", "apache2", "the Apache rules publish writes, run by Apache httpd"),
        Program("nginx", "nginx", "the nginx rules publish writes, run by nginx"),
    )
}


def find(name: str) -> str | None:
    """The path of the program ``name`` (a key of :data:`PROGRAMS`), or None; servers are also
    looked for in the system folders a user's PATH may leave out."""
    program = PROGRAMS[name].name
    return shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")


def requires_program(name: str) -> pytest.MarkDecorator:
    """Skip the test when the program ``name`` is not installed, naming its Debian package."""
    return pytest.mark.skipif(find(name) is None, reason=PROGRAMS[name].skip_reason())


def program_or_skip(name: str) -> str:
    """The path of the program ``name``; skips the calling test or fixture when it is absent."""
    path = find(name)
    if path is None:
        pytest.skip(PROGRAMS[name].skip_reason())
    return path
