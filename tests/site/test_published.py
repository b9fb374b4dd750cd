"""End-to-end: publish the bundled graph and check the files (without a browser)."""

from __future__ import annotations

import gzip
import hashlib
import html.parser
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, VOID

from governance_graph.namespaces import GGD, GGG
from governance_graph.site import iris
from tests.helpers.programs import requires_program
from tests.site.site_helpers import EMAIL, ROLE_MAILBOX, shared_external


class _Page(html.parser.HTMLParser):
    """Collects links, the html lang, headings, images, tables and JSON-LD of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.lang: str | None = None
        self.h1 = 0
        self.imgs_without_alt = 0
        self.tables = 0
        self.ths = 0
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "img":
            self.links.append(a["src"])
            if not a.get("alt"):
                self.imgs_without_alt += 1
        elif tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"])
        elif tag == "table":
            self.tables += 1
        elif tag == "th":
            self.ths += 1
        elif tag == "script" and a.get("src"):
            self.links.append(a["src"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _internal(link: str) -> bool:
    return not urlsplit(link).scheme and not link.startswith(("#", "//"))


def test_every_resource_has_a_page_in_both_languages_and_three_rdf_formats(site, kg):
    from governance_graph.site.context import SiteGraph

    sg = SiteGraph(kg)
    assert len(sg.resources) > 300
    for iri, path in sg.resources.items():
        if path == "ontology":
            names = [
                "ontology.html",
                "ontology.nl.html",
                "ontology.ttl",
                "ontology.jsonld",
                "ontology.nt",
            ]
        else:
            names = [iris.page_file(path, lang) for lang in iris.LANGS]
            names += [iris.page_file(path, ext=ext) for ext in iris.RDF_FORMATS]
        for name in names:
            assert (site / name).is_file(), f"{iri}: {name} missing"


def test_no_page_links_to_a_missing_page(site):
    checked = 0
    for page in [*site.rglob("*.html"), *site.rglob("*.svg")]:
        if page.suffix == ".svg":
            links = re.findall(r'xlink:href="([^"]+)"', page.read_text(encoding="utf-8"))
        else:
            links = _parse(page).links
        for link in links:
            if not _internal(link):
                continue
            target = (page.parent / unquote(urldefrag(link).url)).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links to missing {link}"
            checked += 1
    assert checked > 10000


def test_pages_are_accessible_html(site):
    for name in [
        "index.html",
        "index.nl.html",
        "id/vesoc.html",
        "id/tine-decuypere.nl.html",
        "ontology.html",
        "ontology/Chair.html",
        "data.html",
        "queries.nl.html",
    ]:
        page = _parse(site / name)
        assert page.lang == ("nl" if ".nl." in name else "en"), name
        assert page.h1 == 1, name
        assert page.imgs_without_alt == 0, name
        if page.tables:
            assert page.ths >= page.tables, name
    text = (site / "id/vesoc.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    for ext, media in (
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
    ):
        assert f'<link rel="alternate" type="{media}" href="vesoc.{ext}">' in text
    assert 'hreflang="nl"' in text


def test_embedded_jsonld_equals_the_turtle_file(site):
    for name in ["id/vesoc", "id/resoc-brugge", "id/tine-decuypere", "ontology/Chair"]:
        for lang in iris.LANGS:
            page = _parse(site / iris.page_file(name, lang))
            assert len(page.jsonld) == 1
            embedded = Graph().parse(data=page.jsonld[0], format="json-ld")
            ttl = Graph().parse(site / f"{name}.ttl", format="turtle")
            assert len(ttl) > 0 and isomorphic(embedded, ttl), name


def test_dutch_pages_show_dutch_labels(site):
    nl = (site / "id/vesoc-chair.nl.html").read_text(encoding="utf-8")
    en = (site / "id/vesoc-chair.html").read_text(encoding="utf-8")
    assert "<h1>voorzitter van het VESOC</h1>" in nl
    assert "<h1>chair of VESOC</h1>" in en


def test_body_page_shows_composition_and_citations(site):
    text = (site / "id/resoc-brugge.html").read_text(encoding="utf-8")
    assert 'href="resoc-brugge-chair.html"' in text
    assert 'href="tine-decuypere.html"' in text
    assert "Partnerships at work" in text  # a cited section
    # A figure only where a diagram was drawn (with Graphviz's dot): no broken image without it.
    assert ('src="../diagrams/' in text) == (site / "diagrams").is_dir()


@requires_program("dot")
def test_body_page_and_index_show_diagrams(site):
    text = (site / "id/resoc-brugge.html").read_text(encoding="utf-8")
    assert 'src="../diagrams/body-id-resoc-brugge.en.svg"' in text
    assert (
        (site / "diagrams/body-id-resoc-brugge.en.svg")
        .read_text()
        .lstrip()
        .startswith(("<?xml", "<svg"))
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in ("regions", "funding", "timeline"):
        assert f"diagrams/{name}.en.svg" in index


def test_dumps_and_checksums(site):
    sums = (site / "dumps/SHA256SUMS").read_text().splitlines()
    assert len(sums) == 8
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((site / "dumps" / name).read_bytes()).hexdigest() == digest
    asserted = Graph().parse(site / "dumps/governance-graph.ttl")
    nt = Graph().parse(
        data=gzip.decompress((site / "dumps/governance-graph.nt.gz").read_bytes()).decode(),
        format="nt",
    )
    assert isomorphic(asserted, nt)
    inferred = Graph().parse(site / "dumps/governance-graph-inferred.ttl")
    assert len(inferred) > len(asserted)
    assert not any(isinstance(s, Literal) for s in inferred.subjects())
    jsonld = json.loads((site / "dumps/governance-graph.jsonld").read_text())
    assert jsonld["@context"] == json.loads((site / "context.jsonld").read_text())["@context"]
    ds = Dataset().parse(site / "dumps/governance-graph.trig", format="trig")
    names = {g.identifier for g in ds.graphs()}
    assert GGG["source/doc-resoc-serr-profile"] in names and GGG["source/doc-vesoc-page"] in names
    vesoc_graph = ds.graph(GGG["source/doc-vesoc-page"])
    assert (GGD.vesoc, None, None) in vesoc_graph
    assert (GGD["resoc-brugge"], None, None) not in vesoc_graph
    assert len(Graph().parse(site / "dumps/shapes.ttl")) > 100


def test_catalogue_describes_every_dump(site):
    cat = Graph().parse(site / "catalog.ttl")
    dists = list(cat.subjects(RDF.type, DCAT.Distribution))
    assert len(dists) == 8
    for dist in dists:
        url = str(cat.value(dist, DCAT.downloadURL))
        path = site / url[len(iris.BASE) :]
        assert int(cat.value(dist, DCAT.byteSize)) == path.stat().st_size
        assert cat.value(dist, DCAT.mediaType) is not None
    text = cat.serialize(format="nt")
    assert "e-mail addresses are left out" in text
    void = Graph().parse(site / "void.ttl")
    ds = next(void.subjects(RDF.type, VOID.Dataset))
    assert int(void.value(ds, VOID.triples)) == len(
        Graph().parse(site / "dumps/governance-graph.ttl")
    )
    assert void.value(ds, VOID.sparqlEndpoint) == URIRef(iris.BASE + "sparql")
    assert len(list(void.objects(ds, VOID.classPartition))) > 10


def test_catalogue_passes_dcat_ap_shapes(site):
    external = shared_external()
    if external is None:
        pytest.skip("shared/external/check_external.py not found: set GOVERNANCE_GRAPH_SHARED")
    run = subprocess.run(
        [sys.executable, str(external / "check_external.py"), "dcat", str(site / "catalog.ttl")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "violations: 0" in run.stdout


def _all_text(folder: Path) -> str:
    parts = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def test_personal_emails_left_out_by_default(site):
    text = _all_text(site)
    assert EMAIL not in text
    assert ROLE_MAILBOX in text


def test_personal_emails_included_when_asked(site_personal):
    text = _all_text(site_personal)
    assert EMAIL in text and ROLE_MAILBOX in text
    assert "Persons' e-mail addresses are included" in (site_personal / "catalog.ttl").read_text()
