"""A smoke run of the peer benchmark (``check_speed.py --peers``) at 1k triples with the tools
that are installed (not a timed test). Our endpoint beside Oxigraph server is left out here
(``--no-endpoint``): it starts two servers, and ``endpoint_load.py`` has its own users."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from tests.helpers.paths import REPO

BENCH = REPO / "benchmarks" / "check_speed.py"

#: The peers, their module and their package.
PEERS = {
    "reasonable": ("reasonable", "reasonable"),
    "owlrl-turbo": ("owlrl_turbo", "owlrl-turbo"),
    "pyrudof": ("pyrudof", "pyrudof"),
    "pyshacl-turbo": ("pyshacl_turbo", "pyshacl-turbo"),
}


@pytest.fixture(scope="module")
def peer_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    if not BENCH.is_file():
        pytest.skip("benchmarks/ is not in this copy")
    pytest.importorskip("psutil")
    out = tmp_path_factory.mktemp("peers")
    # pyshacl and owlrl are the reference engine's: left out to keep the run short.
    tools = ",".join(PEERS)
    argv = [sys.executable, str(BENCH), "--peers", "--sizes", "1k", "--cap", "120"]
    argv += ["--mem-cap", "4", "--tools", tools, "--no-plot", "--no-endpoint"]
    argv += ["--out", str(out), "--work", str(out / "work")]
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (result,) = out.glob("*-peers.json")
    return json.loads(result.read_text()), done.stdout + done.stderr


def test_ours_runs_both_stages(peer_run: tuple[dict, str]) -> None:
    meta, text = peer_run
    ours = {r["stage"]: r for r in meta["runs"] if r["ours"]}
    assert ours["reason"]["status"] == "ok" and ours["validate"]["status"] == "ok"
    assert ours["validate"]["results"] > 0  # the injected violations
    assert "| reason | 1k | **ours** |" in text


@pytest.mark.parametrize("peer", sorted(PEERS))
def test_peer_agrees_with_ours(peer_run: tuple[dict, str], peer: str) -> None:
    module, package = PEERS[peer]
    meta, text = peer_run
    if importlib.util.find_spec(module) is None:
        assert f"pip install {package}" in text  # the benchmark said how to get it
        pytest.skip(f"package {package} is not installed (pip install {package})")
    (row,) = [r for r in meta["runs"] if r["tool"] == peer]
    assert row["status"] == "ok", row
    comparison = row["comparison"]
    if row["stage"] == "validate":
        assert comparison["equal"], comparison
    else:  # reasonable derives fewer schema triples: the data's closure is what must agree
        assert comparison["equal_on_data"], comparison
