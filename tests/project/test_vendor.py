"""The vendored front-end files: exactly the pinned ones (``tools/refresh_vendor.py --check``,
offline), each package with its licence, listed in ``vendor.json`` as the server reads it, and
inside the package folder that the wheel carries whole."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tomllib

import pytest

from tests.helpers.paths import REPO

SCRIPT = REPO / "tools" / "refresh_vendor.py"


def _tool():
    if not SCRIPT.is_file():
        pytest.skip("tools/ is not beside the tests (installed without the checkout)")
    spec = importlib.util.spec_from_file_location("refresh_vendor", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_vendored_files_are_the_pinned_ones() -> None:
    tool = _tool()
    assert tool.check() == []
    for pin in tool.PINS:
        names = {p.name for p in pin.folder.iterdir()}
        assert "package.json" in names and any(n.startswith("LICENSE") for n in names), pin
        package = json.loads((pin.folder / "package.json").read_text(encoding="utf-8"))
        assert (package["name"], package["version"]) == (pin.package, pin.version)
        assert not any(n.endswith(".map") for n in names)  # dist files only


def test_the_server_reads_the_same_list() -> None:
    from governance_graph.server.html_pages import vendor

    tool = _tool()
    assert vendor() == json.loads(json.dumps(tool.manifest()))
    assert set(vendor()) == {"yasgui", "swagger-ui"}  # axe-core is for the tests only


def test_the_wheel_carries_the_vendored_files() -> None:
    tool = _tool()
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["only-include"]
    assert "src/governance_graph" in included
    kept = [pin.folder for pin in tool.PINS if pin.into == tool.STATIC_VENDOR]
    assert all(folder.is_relative_to(REPO / "src" / "governance_graph") for folder in kept)
    ignored = subprocess.run(
        ["git", "-C", str(REPO), "check-ignore", *map(str, kept)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout == ""  # git (and so hatch) keeps them
