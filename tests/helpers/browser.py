"""A headless Chromium for the browser tests: Debian's ``chromium`` driven by Playwright (no
browser download), which may reach only this machine, with a log of every request it makes.

:func:`chromium_page` skips the calling test or fixture, with a reason naming the Debian
package, when ``chromium`` or the Python package ``playwright`` is missing. Every request the
pages make is recorded in :attr:`Browser.requests`; one for another machine is refused (so a
test never depends on the network) and is still recorded, so a test can say it was asked for.
:func:`axe_violations` runs axe-core (vendored under ``tests/fixtures/vendor``) on a page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.helpers.paths import FIXTURES
from tests.helpers.programs import program_or_skip

__all__ = ["ARGS", "AXE", "Browser", "axe_violations", "chromium_page", "foreign"]

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: axe-core, as tools/refresh_vendor.py pins it.
AXE = next((FIXTURES / "vendor").glob("axe-core-*/axe.min.js"), None)
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def foreign(url: str) -> bool:
    """True when loading ``url`` would leave this machine."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "file", "about", "chrome-error"):
        return False
    return parts.hostname not in _LOCAL_HOSTS


@dataclass
class Browser:
    page: Any
    context: Any
    requests: list[str] = field(default_factory=list)

    def elsewhere(self) -> list[str]:
        """The requests made so far for another machine."""
        return sorted({url for url in self.requests if foreign(url)})


@contextlib.contextmanager
def chromium_page(profile: Path) -> Iterator[Browser]:
    """A page of a fresh headless Chromium profile in ``profile``."""
    chromium = program_or_skip("chromium")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (Python) not installed"
    )
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=chromium, headless=True, args=ARGS
        )
        browser = Browser(page=None, context=context)

        def route(route: Any) -> None:
            browser.requests.append(route.request.url)
            if foreign(route.request.url):
                route.abort()
            else:
                route.continue_()

        context.route("**/*", route)
        context.set_default_timeout(60_000)
        browser.page = context.new_page()
        try:
            yield browser
        finally:
            context.close()


def axe_violations(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of ``impacts`` on the page as it is now, one line each."""
    if AXE is None:
        pytest.skip(
            "axe-core is not vendored under tests/fixtures/vendor (tools/refresh_vendor.py)"
        )
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {', '.join(v['where'])}"
        for v in found
        if v["impact"] in impacts
    ]
