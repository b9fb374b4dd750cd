"""A visitor's browser on ``serve``: headless Chromium (Debian's ``chromium``, driven by
Playwright) on ``governance-graph serve`` started on a loopback port with the bundled graph and
stored queries. Pages are styled and show their diagrams, the language switch works, the query
editor runs a stored query, the API's documentation runs one with a parameter, the search box
finds a person, axe-core finds no serious or critical violation, the keyboard reaches the
search, the language switch and the editor, and nothing is fetched from another machine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from governance_graph import paths
from tests.helpers.browser import Browser, axe_violations, chromium_page
from tests.helpers.programs import find, requires_program
from tests.server.serverkit import running_server

pytestmark = pytest.mark.skipif(
    find("chromium") is None, reason="`chromium` not on PATH: install the Debian package chromium"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cache = tmp_path_factory.mktemp("browser-serve-cache")
    with running_server(
        "--engine",
        "oxigraph",
        "--queries",
        str(paths.queries_dir()),
        "--workers",
        "2",
        cache_dir=cache,
        timeout=300,
    ) as (base, _proc):
        yield base + "/"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with chromium_page(tmp_path_factory.mktemp("chromium-serve-profile")) as found:
        yield found


@pytest.fixture()
def page(browser: Browser, server: str):
    yield browser.page
    assert browser.elsewhere() == [], "fetched from another machine"


def _header_colour(page) -> str:
    return page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor")


def test_a_body_page_is_styled_and_links_in_both_languages(server, page):
    page.goto(server + "id/resoc-brugge")  # 303 to the page, as a link to the IRI does
    page.wait_for_url("**/id/resoc-brugge.html")
    assert page.locator("h1").inner_text() == "RESOC Brugge"
    assert _header_colour(page) == "rgb(244, 246, 248)"  # style.css applied
    page.locator("#lang-switch").click()
    page.wait_for_url("**/id/resoc-brugge.nl.html")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h2#composition").inner_text() == "Samenstelling"
    assert page.locator("td.chair a").first.inner_text() == "voorzitter van RESOC Brugge"
    page.locator("td.member a", has_text="Tine Decuypere").click()
    page.wait_for_url("**/id/tine-decuypere.nl.html")
    page.locator("#lang-switch").click()
    page.wait_for_url("**/id/tine-decuypere.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Ontology", exact=True).click()
    page.wait_for_url("**/ontology.html")
    assert page.locator("#Chair h3").count() == 1


@requires_program("dot")
def test_a_body_page_shows_its_diagram_and_the_ontology_its_overview(server, page):
    page.goto(server + "id/resoc-brugge.html")
    assert page.locator("figure img").first.evaluate("img => img.naturalWidth") > 100
    page.goto(server + "ontology/Chair")
    page.wait_for_url("**/ontology.html#Chair")
    image = page.locator("section[aria-labelledby=overview] img")
    assert image.evaluate("img => img.naturalWidth") > 300


def test_the_query_editor_runs_the_chairs_example(server, page):
    page.goto(server + "sparql")
    page.locator("button.example[data-example=chairs]").click()
    assert page.locator(".tabsList .tab.active").inner_text().strip().startswith("chairs")
    panel = page.locator(".tabPanel.active")
    panel.locator(".yasqe_queryButton").click()
    rows = panel.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    assert rows.count() >= 30  # a page of the table (the chairs in both languages: 60 rows)
    assert "RESOC Brugge" in panel.locator(".yasr table.dataTable").inner_text()
    assert panel.locator(".yasr .yasr_downloadIcon").count() == 1  # CSV download


def test_the_api_docs_run_body_composition_with_a_parameter(server, page):
    page.goto(server + "api/docs")
    operation = page.locator(".opblock").filter(
        has=page.locator('[data-path="/api/body-composition"]')
    )
    operation = operation.first
    operation.locator(".opblock-summary-control").click()
    operation.locator('tr[data-param-name="body_iri"] input').fill("ggd:resoc-brugge")
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    body = operation.locator(".live-responses-table .response-col_description pre").first
    assert "resoc-brugge" in body.inner_text()
    assert "body_iri=ggd%3Aresoc-brugge" in operation.locator(".request-url").inner_text()


def test_searching_decuypere_opens_her_page(server, page):
    page.goto(server + "index.html")
    page.locator("#site-search-q").fill("Decuypere")
    option = page.locator("#site-search-list [role=option]").first
    option.wait_for()
    assert option.inner_text().startswith("Tine Decuypere")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/tine-decuypere.html")
    assert page.locator("h1").inner_text() == "Tine Decuypere"
    page.locator("#site-search-q").fill("brügge")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/search.html?q=*")
    results = page.locator("#search-results li")
    results.first.wait_for()
    assert "RESOC Brugge (organisation)" in results.all_inner_texts()
    page.locator("#lang-switch").click()  # the same search, in Dutch
    page.wait_for_url("**/search.nl.html?q=br%C3%BCgge")
    page.locator("#search-results li").first.wait_for()
    assert "RESOC Brugge (organisatie)" in page.locator("#search-results li").all_inner_texts()
    page.goto(server + "search.nl.html?q=qwxz")
    heading = page.locator("#search-results h2")
    page.wait_for_function(
        "() => document.querySelector('#search-results h2').textContent.includes('qwxz')"
    )
    assert heading.inner_text() == "Niets gevonden voor “qwxz”."


@pytest.mark.parametrize(
    "path",
    [
        "",
        "id/resoc-brugge.html",
        "id/tine-decuypere.html",
        "ontology.html",
        "sparql",
        "id/resoc-brugge.nl.html",
        "queries/chairs.html",
        "api/chairs",
        "api/docs",
    ],
)
def test_axe_finds_no_serious_or_critical_violation(server, page, path):
    page.goto(server + path)
    if path == "sparql":  # the editor with an answer in its table
        page.locator("button.example[data-example=chairs]").click()
        page.locator(".tabPanel.active .yasqe_queryButton").click()
        page.locator(".tabPanel.active .yasr table.dataTable tbody tr").first.wait_for()
    if path == "api/docs":
        page.locator(".opblock").first.wait_for()
    assert axe_violations(page) == []


def _focus_path(page, presses: int) -> list[str]:
    """What the keyboard focuses, Tab after Tab from the top of the page."""
    seen = []
    page.locator("body").focus()
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                    if (e.closest('.CodeMirror')) return 'editor';
                    return e.id ? '#' + e.id : e.tagName.toLowerCase(); }"""
            )
        )
    return seen


def test_the_keyboard_reaches_the_search_the_language_switch_and_the_editor(server, page):
    page.goto(server + "sparql")
    page.locator(".CodeMirror").first.wait_for()
    reached = _focus_path(page, 40)
    assert "#site-search-q" in reached and "#lang-switch" in reached and "editor" in reached
    assert reached.index("#site-search-q") < reached.index("#lang-switch")
    page.keyboard.press("Escape")  # Esc leaves the editor; Tab goes on past it
    page.keyboard.press("Tab")
    assert page.evaluate("() => !document.activeElement.closest('.CodeMirror-code')")
    page.goto(server + "id/resoc-brugge.html")
    reached = _focus_path(page, 15)
    assert "#site-search-q" in reached and "#lang-switch" in reached
    page.locator("#lang-switch").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/resoc-brugge.nl.html")


def test_pages_from_the_folder_search_without_a_server(site: Path, browser: Browser):
    page = browser.page
    page.goto((site / "index.nl.html").as_uri())
    page.locator("#site-search-q").fill("Decuyp")
    page.locator("#site-search-list [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/id/tine-decuypere\.nl\.html$"))
    assert browser.elsewhere() == []
