"""The web experience of the published site, without a browser: the search index and its
script, the stored queries answered at publish time, the ontology page's contents and overview
diagram, and pages that load nothing from another machine."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from governance_graph.site import iris
from tests.helpers.pages import elsewhere, read_page
from tests.helpers.programs import requires_program

STATIC = Path(iris.__file__).parent / "static"


def _index(site: Path) -> dict:
    return json.loads((site / "search-index.json").read_text(encoding="utf-8"))


def _entry(index: dict, path: str) -> dict:
    return next(e for e in index["entries"] if e["path"] == path)


def test_the_search_index_has_bodies_people_places_and_concepts_by_every_name(site):
    index = _index(site)
    assert {e["kind"] for e in index["entries"]} == {"body", "person", "place", "concept"}
    assert index["kinds"]["person"] == {"en": "person", "nl": "persoon"}
    tine = _entry(index, "id/tine-decuypere")
    assert tine["kind"] == "person" and "tine decuypere" in tine["keys"]
    region = _entry(index, "id/region-brugge")
    assert region["kind"] == "place"
    assert {"Bruges (sub-region)", "subregio Brugge"} <= set(region["names"])
    assert region["label"] == {"en": "Bruges (sub-region)", "nl": "subregio Brugge"}
    assert _entry(index, "id/resoc-brugge")["kind"] == "body"
    for entry in index["entries"]:
        assert len(entry["keys"]) == len(entry["names"])
        assert all(k == k.lower() and "é" not in k for k in entry["keys"])
        assert (site / iris.page_file(entry["path"], "nl")).is_file()
    # seats, chairs and memberships are not searched for: they are reached from their body
    paths = {e["path"] for e in index["entries"]}
    assert (
        "id/vesoc-chair" not in paths and "id/membership-tine-decuypere-resoc-brugge" not in paths
    )
    script = (site / "search-index.js").read_text(encoding="utf-8")
    data = script.split("window.governanceGraphSearchIndex = ", 1)[1].rstrip().rstrip(";")
    assert json.loads(data) == index


def _node_find(site: Path, queries: list[str], lang: str = "en") -> dict[str, list[str]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("`node` not on PATH (the search script's matching is run with Node.js)")
    program = (
        "const {find} = require(process.argv[1]);"
        "const index = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));"
        "const out = {};"
        "for (const q of JSON.parse(process.argv[3]))"
        "  out[q] = find(index, q, process.argv[4]).map(m => m.entry.path);"
        "console.log(JSON.stringify(out));"
    )
    done = subprocess.run(
        [
            node,
            "-e",
            program,
            str(site / "search.js"),
            str(site / "search-index.json"),
            json.dumps(queries),
            lang,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_search_script_finds_as_a_visitor_types(site):
    found = _node_find(
        site, ["Decuypere", "decuyp", "tine dec", "Brugge", "BRÜGGE", "Bruges", "zzqx", "  "]
    )
    assert found["Decuypere"][0] == "id/tine-decuypere"
    assert found["decuyp"][0] == found["tine dec"][0] == "id/tine-decuypere"
    assert {"id/resoc-brugge", "id/serr-brugge", "id/region-brugge"} <= set(found["Brugge"])
    assert found["BRÜGGE"] == found["Brugge"]
    assert found["Brugge"].index("id/resoc-brugge") < found["Brugge"].index("id/region-brugge")
    assert "id/region-brugge" in found["Bruges"]
    assert found["zzqx"] == [] and found["  "] == []


def test_the_search_pages_say_when_nothing_is_found_in_their_language(site):
    for lang, words in (("en", "Nothing found for"), ("nl", "Niets gevonden voor")):
        page = (site / iris.page_file("search", lang)).read_text(encoding="utf-8")
        assert f'data-none="{words} “{{q}}”."' in page
        assert f'<html lang="{lang}">' in page
    for page in [site / "index.html", site / "id/vesoc.nl.html", site / "ontology/Chair.html"]:
        text = page.read_text(encoding="utf-8")
        assert 'role="search"' in text and 'role="combobox"' in text
        assert re.search(r'<script src="(\.\./)*search\.js" defer>', text)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_stored_queries_are_answered_at_publish_time(site):
    for name in ("chairs", "body-composition", "bodies-by-kind"):
        for lang in iris.LANGS:
            page = site / iris.page_file(f"queries/{name}", lang)
            infix = "" if lang == "en" else ".nl"
            table = _rows((site / f"queries/{name}{infix}.csv").read_text(encoding="utf-8"))
            answer = json.loads((site / f"queries/{name}{infix}.json").read_text("utf-8"))
            assert len(answer["results"]["bindings"]) == len(table) > 0
            text = page.read_text(encoding="utf-8")
            assert text.count("<tr><td>") == len(table), (name, lang)
            assert f'href="{name}{infix}.csv"' in text and f'href="{name}{infix}.json"' in text
    chairs_en = (site / "queries/chairs.html").read_text(encoding="utf-8")
    chairs_nl = (site / "queries/chairs.nl.html").read_text(encoding="utf-8")
    assert 'href="../id/resoc-brugge.html"' in chairs_en
    assert 'href="../id/resoc-brugge.nl.html"' in chairs_nl
    assert "voorzitter" in chairs_nl or "vertegenwoordiger" in chairs_nl
    composition = (site / "queries/body-composition.html").read_text(encoding="utf-8")
    assert "<code>body_iri</code> = " in composition and "VESOC" in composition
    queries = (site / "queries.html").read_text(encoding="utf-8")
    for ext in ("html", "csv", "json"):
        assert f'href="queries/chairs.{ext}"' in queries


def test_the_ontology_page_has_contents_and_an_anchor_per_term(site):
    for lang in iris.LANGS:
        page = read_page((site / iris.page_file("ontology", lang)).read_text(encoding="utf-8"))
        fragments = [link[1:] for link in page.links if link.startswith("#")]
        assert {"hierarchy", "classes", "properties", "Chair", "Seat", "seatIn"} <= set(fragments)
        missing = [f for f in fragments if f not in page.ids]
        assert missing == []


@requires_program("dot")
def test_the_ontology_page_shows_an_overview_diagram(site):
    text = (site / "ontology.nl.html").read_text(encoding="utf-8")
    assert '<img src="diagrams/ontology.nl.svg"' in text and 'href="#overview"' in text
    svg = (site / "diagrams/ontology.en.svg").read_text(encoding="utf-8")
    assert ">consultation body<" in svg and ">chair of<" in svg
    assert 'xlink:href="../ontology.html#Chair"' in svg


def test_no_page_loads_anything_from_another_machine(site):
    pages = 0
    for path in site.rglob("*.html"):
        page = read_page(path.read_text(encoding="utf-8"))
        assert elsewhere(page.loads) == [], path
        pages += 1
    assert pages > 900
    for asset in ("style.css", "search.js", "search-index.js"):
        text = (site / asset).read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), asset
        assert "fetch(" not in text and "XMLHttpRequest" not in text, asset
    for script in ("editor.js", "api-docs.js"):
        text = (STATIC / script).read_text(encoding="utf-8")
        assert not re.search(r"['\"](https?:)?//", text), script
