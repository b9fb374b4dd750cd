"""Fixtures for the site tests: the bundled graph published once per session, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest


def _publish(tmp: Path, **options) -> Path:
    import governance_graph as gg
    from governance_graph.site.build import PublishOptions, publish

    out = tmp / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(tmp / "cache"))
        publish(gg.load(), out, PublishOptions(**options))
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled graph published with the defaults (no personal contacts)."""
    return _publish(tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="session")
def site_personal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled graph published with --include-personal-contacts (no diagrams, for speed)."""
    return _publish(
        tmp_path_factory.mktemp("published-personal"),
        include_personal_contacts=True,
        diagrams=False,
    )


@pytest.fixture(scope="session")
def kg():
    import governance_graph as gg

    return gg.load()
