"""What ``serve`` gives a browser: the published site at the same paths (every link of every
page followed: no 404), ``/ontology/<Term>``, results as HTML tables beside the unchanged
protocol, the query editor and the API's documentation, and pages that load nothing from
another machine. One store (oxigraph) with the bundled stored queries."""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from governance_graph import paths
from governance_graph.releases import current_release
from tests.helpers.pages import elsewhere, read_page
from tests.helpers.paths import REPO
from tests.server.serverkit import open_test_state

HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
DUTCH = {**HTML, "accept-language": "nl-BE,nl;q=0.9"}
BASE = "http://testserver/"
CHAIRS = (
    "PREFIX gg: <https://w3id.org/governance-graph/ontology#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?body ?label WHERE { ?chair gg:chairOf ?body . ?body skos:prefLabel ?label } "
    "ORDER BY ?body"
)


@pytest.fixture(scope="module")
def served(cache_dir: Path) -> Iterator:
    """A TestClient on ``serve``'s app (oxigraph) with the bundled stored queries."""
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app

    state = open_test_state("oxigraph", cache_dir, queries=paths.queries_dir())
    try:
        with TestClient(create_app(state=state)) as client:
            client.state = state
            yield client
    finally:
        state.close()


def _crawl(client, starts: list[str]) -> tuple[dict[str, int], int, list[str]]:
    """Every same-site URL linked from the pages reachable from ``starts``: its status; the
    number of pages read; the links to an anchor their page lacks."""
    status: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    anchors: list[tuple[str, str, str]] = []
    queue = deque(urljoin(BASE, s) for s in starts)
    pages = 0
    while queue:
        url = queue.popleft()
        if url in status:
            continue
        response = client.get(url, headers=HTML)
        status[url] = response.status_code
        final = str(response.url)
        if response.status_code != 200 or not response.headers["content-type"].startswith(
            "text/html"
        ):
            continue
        pages += 1
        page = read_page(response.text)
        ids[final] = page.ids
        assert elsewhere(page.loads) == [], url
        for link in page.links:
            target, fragment = urldefrag(urljoin(final, link))
            if urlsplit(target).netloc != "testserver":
                continue
            if fragment:
                anchors.append((url, target, fragment))
            if target not in status:
                queue.append(target)
    broken = [
        f"{page} -> {target}#{fragment}"
        for page, target, fragment in anchors
        if target in ids and fragment not in ids[target]
    ]
    return status, pages, broken


def test_every_link_of_every_served_page_answers(served) -> None:
    status, pages, broken_anchors = _crawl(served, ["/", "/sparql", "/api", "/api/docs"])
    # the federated stored queries call Wikidata, which this server does not allow (403)
    refused = {url: code for url, code in status.items() if code != 200}
    assert refused and all(
        code == 403 and ("federated-" in url or "SERVICE" in unquote(url))
        for url, code in refused.items()
    ), refused
    assert broken_anchors == []
    assert pages > 1000  # both languages of every resource, the queries' results…
    for path in (
        "style.css",
        "search.js",
        "id/resoc-brugge.nl.html",
        "ontology.html",
        "queries/chairs.html",
        "queries/chairs.nl.csv",
        "dumps/governance-graph.ttl",
        "api/chairs?format=csv&lang=en",
    ):
        assert BASE + path in status, path


def test_everything_publish_writes_is_served_at_the_same_path(served, tmp_path) -> None:
    from governance_graph.releases import read_releases
    from governance_graph.site.build import PublishOptions, publish

    served.get("/")  # publishes the served site
    (folder,) = [served.app.state.sites.folder_for(b) for b in served.app.state.sites.built()]
    options = PublishOptions(
        stored_queries=tuple(e.query for e in served.state.queries.values()),
        releases=tuple(read_releases(paths.bundled_root())),
    )
    publish(served.state.kg, tmp_path / "site", options)
    written = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*")}
    on_server = {p.relative_to(folder).as_posix() for p in folder.rglob("*")}
    assert written == on_server
    files = sorted(p for p in written if (tmp_path / "site" / p).is_file())
    assert len(files) > 2500
    for path in files:
        response = served.get("/" + path)
        hidden = any(part.startswith(".") for part in path.split("/"))
        assert response.status_code == (404 if hidden else 200), path
    page = served.get("/id/resoc-brugge.html")
    assert page.content == (folder / "id/resoc-brugge.html").read_bytes()
    assert 'src="../diagrams/' in page.text or not (folder / "diagrams").is_dir()


def test_pages_and_terms_resolve_by_accept_and_language(served) -> None:
    def location(path: str, headers: dict[str, str]) -> str:
        response = served.get(path, headers=headers, follow_redirects=False)
        assert response.status_code == 303, (path, response.text)
        return response.headers["location"]

    assert location("/ontology/Chair", HTML) == "/ontology.html#Chair"
    assert location("/ontology/Chair", DUTCH) == "/ontology.nl.html#Chair"
    assert location("/ontology/seatIn", HTML) == "/ontology.html#seatIn"
    assert location("/ontology/Chair", {"accept": "text/turtle"}) == "/ontology/Chair.ttl"
    assert location("/ontology", HTML) == "/ontology.html"
    assert location("/ontology", {"accept": "application/ld+json"}) == "/ontology.jsonld"
    version = current_release(REPO).version  # the ontology's owl:versionIRI follows the release
    assert location(f"/ontology/{version}", DUTCH) == f"/ontology/{version}.nl.html"
    assert location("/id/resoc-brugge", DUTCH) == "/id/resoc-brugge.nl.html"
    page = served.get("/ontology/Chair", headers=HTML)
    assert page.status_code == 200 and 'id="Chair"' in page.text
    for missing in ("/ontology/NoSuchTerm", "/nothing-here.html", "/id/", "/.htaccess", "/../x"):
        response = served.get(missing, headers=HTML)
        assert response.status_code == 404, missing
        assert response.text.count("\n") == 1 and "Traceback" not in response.text
    assert served.get("/ontology/Chair", headers={"accept": "image/png"}).status_code == 406
    home = served.get("/")
    assert home.status_code == 200 and '<html lang="en">' in home.text


def _table_rows(text: str) -> int:
    return text.count("<tr><td>")


def test_a_browsers_query_gets_a_table_with_links_to_csv_and_json(served) -> None:
    r = served.get("/sparql", params={"query": CHAIRS}, headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'href="id/resoc-brugge.html"' in r.text  # resources linked to their pages
    data = served.get("/sparql", params={"query": CHAIRS}, headers={"accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(data.text)))
    assert _table_rows(r.text) == len(rows) - 1 > 0
    page = read_page(r.text)
    downloads = [link for link in page.links if "format=" in link]
    assert {link.split("format=")[1].split("&")[0] for link in downloads} == {"csv", "json"}
    for link in downloads:
        answer = served.get(urljoin(BASE + "sparql", link))
        assert answer.status_code == 200
        if "format=csv" in link:
            assert answer.text == data.text
        else:
            assert len(answer.json()["results"]["bindings"]) == len(rows) - 1
    nl = served.get("/sparql", params={"query": CHAIRS, "lang": "nl"}, headers=HTML)
    assert '<html lang="nl">' in nl.text and 'href="id/resoc-brugge.nl.html"' in nl.text
    posted = served.post("/sparql", data={"query": CHAIRS}, headers=HTML)
    assert posted.status_code == 200 and _table_rows(posted.text) == len(rows) - 1
    ask = served.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=HTML)
    assert "<strong>Answer: yes</strong>" in ask.text
    graph = served.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { <https://w3id.org/governance-graph/id/vesoc> ?p ?o }"},
        headers=HTML,
    )
    assert graph.status_code == 200 and "format=ttl" in graph.text and "format=jsonld" in graph.text


def test_the_stored_query_api_gives_browsers_a_table_in_their_language(served) -> None:
    r = served.get("/api/chairs", headers=HTML)
    en = served.get("/api/chairs", params={"lang": "en"}).json()["results"]["bindings"]
    assert r.status_code == 200 and _table_rows(r.text) == len(en)
    assert 'href="chairs?format=csv&amp;lang=en"' in r.text
    nl = served.get("/api/chairs", headers=DUTCH)
    assert '<html lang="nl">' in nl.text and 'href="../id/resoc-brugge.nl.html"' in nl.text
    every = served.get("/api/chairs", params={"lang": "all"}, headers=HTML)
    assert _table_rows(every.text) == 2 * len(en)
    brugge = served.get(
        "/api/body-composition", params={"body_iri": "ggd:resoc-brugge"}, headers=HTML
    )
    assert "<code>body_iri</code> = " in brugge.text and ">RESOC Brugge</a>" in brugge.text
    csv_link = served.get("/api/chairs", params={"format": "csv", "lang": "en"}, headers=HTML)
    assert csv_link.headers["content-type"].startswith("text/csv")


def test_other_clients_keep_the_protocol(served) -> None:
    for accept, media in (
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        (None, "application/sparql-results+json"),
    ):
        headers = {"accept": accept} if accept else {}
        r = served.get("/sparql", params={"query": CHAIRS}, headers=headers)
        assert r.headers["content-type"].startswith(media), accept
        assert served.get("/api/chairs", headers=headers).headers["content-type"].startswith(media)
    r = served.get("/sparql", params={"query": CHAIRS, "format": "tsv"}, headers=HTML)
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    description = served.get("/sparql", headers={"accept": "text/turtle"})
    assert description.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/api/chair", {}, 404, "did you mean 'chairs'"),
        ("/api/chairs", {"lang": "fr"}, 400, "unsupported language 'fr'"),
        ("/api/body-composition", {"body_iri": "ggd:VESOC"}, 400, "lowercase"),
        ("/api/body-composition", {"bodyiri": "x"}, 400, "did you mean 'body_iri'"),
        ("/sparql", {"query": "SELECT ?x WHERE {"}, 400, "syntax error"),
        ("/sparql", {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, 403, "read-only"),
    ],
)
def test_a_browsers_bad_input_gets_one_clear_line(served, path, params, status, words) -> None:
    r = served.get(path, params=params, headers=HTML)
    assert r.status_code == status, r.text
    assert words in r.text and r.text.count("\n") == 1 and "Traceback" not in r.text


def test_the_query_editor_and_the_api_docs_come_from_the_package(served) -> None:
    from governance_graph.server.html_pages import vendor

    editor = served.get("/sparql", headers=HTML)
    yasgui = vendor()["yasgui"]
    assert yasgui["package"] == "@zazuko/yasgui"
    for name in ("yasgui.min.js", "yasgui.min.css"):
        assert f'"vendor/{yasgui["folder"]}/{name}"' in editor.text
    config = json.loads(editor.text.split('id="editor-config">', 1)[1].split("</script>")[0])
    assert config["endpoint"] == BASE + "sparql"
    assert config["prefixes"]["ggd"] == "https://w3id.org/governance-graph/id/"
    assert set(config["examples"]) == set(served.state.queries)
    assert "VALUES" in config["examples"]["body-composition"]  # its default bound
    assert 'data-example="chairs"' in editor.text
    docs = served.get("/api/docs", headers=HTML)
    swagger = vendor()["swagger-ui"]
    assert f'"../vendor/{swagger["folder"]}/swagger-ui-bundle.js"' in docs.text
    assert 'data-openapi="openapi.json"' in docs.text
    for page in (editor, docs):
        assert elsewhere(read_page(page.text).loads) == []
        for src in read_page(page.text).loads:
            if not src.startswith("data:"):
                assert served.get(urljoin(str(page.url), src)).status_code == 200, src
    script = served.get("/api-docs.js").text
    assert "validatorUrl: null" in script
    asset = served.get(f"/vendor/{yasgui['folder']}/yasgui.min.js")
    assert "immutable" in asset.headers["cache-control"]
    operation = served.get("/api/openapi.json").json()["paths"]["/api/body-composition"]["get"]
    body_iri = next(p for p in operation["parameters"] if p["name"] == "body_iri")
    assert body_iri["schema"]["default"] in (
        "ggd:vesoc",
        "https://w3id.org/governance-graph/id/vesoc",
    )
    assert "text/html" in operation["responses"]["200"]["content"]
    listing = served.get("/api", headers=DUTCH)
    assert '<html lang="nl">' in listing.text and 'href="api/body-composition"' in listing.text
    assert served.get("/vendor/../app.py").status_code == 404
