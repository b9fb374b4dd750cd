"""What the ingest tests share: the skip when morph-kgc (or the ingest extra) is absent and the
hand-written workbook of three bodies ingested once per session (the console script is the
``gg`` fixture of tests/conftest.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .workbooks import three_bodies, write_xlsx

#: Why the tests that run the mapping skip without morph-kgc, and how to install it.
MORPH_KGC_REASON = (
    "morph-kgc not installed (ingest's mapping engine): "
    "pip install --no-deps morph-kgc==2.10.0 (and pip install 'governance-graph[ingest]')"
)
requires_morph_kgc = pytest.mark.skipif(
    importlib.util.find_spec("morph_kgc") is None, reason=MORPH_KGC_REASON
)


@pytest.fixture(autouse=True)
def _ingest_extra() -> None:
    """Skip when the ingest extra (openpyxl, pandas) is not installed."""
    for name in ("openpyxl", "pandas"):
        if importlib.util.find_spec(name) is None:
            pytest.skip(f"{name} not installed: pip install 'governance-graph[ingest]'")


@pytest.fixture(scope="session")
def three_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written workbook of three new bodies."""
    return write_xlsx(tmp_path_factory.mktemp("three") / "three-bodies.xlsx", three_bodies())


@pytest.fixture(scope="session")
def three_ttl(three_xlsx: Path) -> Path:
    """The workbook of three bodies, ingested (Turtle beside the workbook)."""
    if importlib.util.find_spec("morph_kgc") is None:
        pytest.skip(MORPH_KGC_REASON)
    from governance_graph.ingest import ingest

    out = three_xlsx.with_suffix(".ttl")
    out.write_text(ingest(three_xlsx, engine="oxigraph").turtle, encoding="utf-8")
    return out
