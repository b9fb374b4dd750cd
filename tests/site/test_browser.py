"""A real browser on the published site: headless Chromium (Debian's ``chromium``) driven by
Playwright, over a stdlib HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
from typing import ClassVar

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.helpers.browser import ARGS
from tests.helpers.processes import serving
from tests.helpers.programs import program_or_skip, requires_program


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    with serving(handler) as httpd:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ttl": "text/turtle",
        ".jsonld": "application/ld+json",
        ".nt": "application/n-triples",
        ".svg": "image/svg+xml",
    }

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    chromium = program_or_skip("chromium")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (Python) not installed"
    )
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium,
            headless=True,
            args=ARGS,
        )
        # Only loopback: abort anything else the page might ask for.
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("http://127.0.0.1", "data:"))
                else route.abort()
            ),
        )
        yield context.new_page()
        context.close()


def test_organisation_person_and_back_then_switch_language(server, page):
    page.goto(server + "index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("#bodies-table").get_by_role("link", name="RESOC Brugge", exact=True).first.click()
    page.wait_for_url("**/id/resoc-brugge.html")
    assert page.locator("h1").inner_text() == "RESOC Brugge"
    # The composition names the chair and the coordinator.
    assert page.locator("td.chair a").first.inner_text() == "chair of RESOC Brugge"
    page.locator("td.member a", has_text="Tine Decuypere").click()
    page.wait_for_url("**/id/tine-decuypere.html")
    assert page.locator("h1").inner_text() == "Tine Decuypere"
    page.locator("td.organisation a", has_text="RESOC Brugge").click()
    page.wait_for_url("**/id/resoc-brugge.html")
    page.locator("#lang-switch").click()
    page.wait_for_url("**/id/resoc-brugge.nl.html")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h2#composition").inner_text() == "Samenstelling"
    assert page.locator("td.chair a").first.inner_text() == "voorzitter van RESOC Brugge"
    page.locator("#lang-switch").click()
    page.wait_for_url("**/id/resoc-brugge.html")


@requires_program("dot")
def test_composition_diagram_is_shown(server, page):
    page.goto(server + "id/resoc-brugge.html")
    width = page.locator("figure img").evaluate("img => img.naturalWidth")
    assert width > 100


def test_embedded_jsonld_in_the_browser_equals_the_turtle(server, page):
    import urllib.request

    page.goto(server + "id/vesoc.html")
    embedded = page.locator('script[type="application/ld+json"]').text_content()
    with urllib.request.urlopen(server + "id/vesoc.ttl") as response:
        assert response.headers["Content-Type"].startswith("text/turtle")
        ttl = response.read().decode()
    assert isomorphic(
        Graph().parse(data=embedded, format="json-ld"), Graph().parse(data=ttl, format="turtle")
    )


def test_index_finds_body_chair_coordinator_and_source(server, page):
    page.goto(server + "index.nl.html")
    row = page.locator("#bodies-table tr", has=page.get_by_role("link", name="VESOC", exact=True))
    links = row.first.locator("a").all_inner_texts()
    assert "voorzitter van het VESOC" in links
    assert any("Pagina over" in text or "inleiding" in text for text in links)
    page.get_by_role("link", name="Ontologie", exact=True).click()
    page.wait_for_url("**/ontology.nl.html")
    assert page.locator("#Chair h3").count() == 1
