"""The published site hosted three ways gives the same answers: by Apache httpd with the
site's ``.htaccess``, by nginx with the site's ``nginx.conf``, and by ``serve``. Each request
below is asked of each: the 303s of content negotiation (a resource's page or description, an
ontology term's entry on the ontology page, the event stream's root node), the media type and
caching of the files, and the 404s.

The site is published for ``https://w3id.org/governance-graph/``, so Apache and nginx serve it
under ``/governance-graph/``; ``serve`` publishes it for its own address, at ``/``. Locations are
compared relative to that prefix."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from governance_graph import paths
from governance_graph.releases import current_release
from tests.helpers.paths import REPO
from tests.helpers.programs import program_or_skip
from tests.helpers.webservers import apache_serving, hosted, nginx_serving

PREFIX = "governance-graph/"
HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
DUTCH = {**HTML, "accept-language": "nl-BE,nl;q=0.9,en;q=0.5"}
TURTLE = {"accept": "text/turtle"}
JSONLD = {"accept": "application/ld+json"}
NTRIPLES = {"accept": "application/n-triples"}
VERSION = current_release(REPO).version

#: (path, request headers, where the 303 goes), each written from the site's layout.
REDIRECTS = [
    ("id/resoc-brugge", HTML, "id/resoc-brugge.html"),
    ("id/resoc-brugge", DUTCH, "id/resoc-brugge.nl.html"),
    ("id/resoc-brugge", TURTLE, "id/resoc-brugge.ttl"),
    ("id/resoc-brugge", JSONLD, "id/resoc-brugge.jsonld"),
    ("id/resoc-brugge", NTRIPLES, "id/resoc-brugge.nt"),
    ("id/tine-decuypere", DUTCH, "id/tine-decuypere.nl.html"),
    ("ontology/Chair", HTML, "ontology.html#Chair"),
    ("ontology/Chair", DUTCH, "ontology.nl.html#Chair"),
    ("ontology/Chair", TURTLE, "ontology/Chair.ttl"),
    ("ontology/Chair", JSONLD, "ontology/Chair.jsonld"),
    ("ontology/seatIn", HTML, "ontology.html#seatIn"),
    ("ontology/TripartiteBody", DUTCH, "ontology.nl.html#TripartiteBody"),
    # not terms: the ontology's parts and its versions have pages of their own
    ("ontology/alignments", HTML, "ontology/alignments.html"),
    (f"ontology/{VERSION}", DUTCH, f"ontology/{VERSION}.nl.html"),
    (f"ontology/{VERSION}", TURTLE, f"ontology/{VERSION}.ttl"),
    ("ontology", HTML, "ontology.html"),
    ("ontology", TURTLE, "ontology.ttl"),
    ("ldes", TURTLE, "ldes.ttl"),
    ("ldes", JSONLD, "ldes.jsonld"),
]

#: (file, media type, Cache-Control or None when the server sets none)
FILES = [
    ("", "text/html", None),
    ("index.nl.html", "text/html", None),
    ("id/resoc-brugge.ttl", "text/turtle", None),
    ("id/resoc-brugge.jsonld", "application/ld+json", None),
    ("id/resoc-brugge.nt", "application/n-triples", None),
    ("style.css", "text/css", None),
    ("search.js", "text/javascript", None),
    ("search-index.json", "application/json", None),
    ("queries/chairs.csv", "text/csv", None),
    ("queries/chairs.rq", "text/plain", None),
    ("dumps/governance-graph.nt.gz", "application/gzip", None),
    ("dumps/SHA256SUMS", "text/plain", None),
    ("ldes.ttl", "text/turtle", "public, max-age=60"),
    ("ldes/page-1.ttl", "text/turtle", "public, max-age=604800, immutable"),
    ("ldes/page-1.jsonld", "application/ld+json", "public, max-age=604800, immutable"),
]

MISSING = [
    ("ontology/NoSuchTerm", HTML),
    ("ontology/NoSuchTerm", TURTLE),
    ("id/no-such-body", HTML),
    ("id/no-such-body", TURTLE),
    (".htaccess", HTML),
    (".governance-graph-site", HTML),
]


class Host:
    """One way of hosting the site: requests by path relative to the site's root."""

    def __init__(self, name: str, client, base: str) -> None:
        self.name, self.client, self.base = name, client, base
        self.prefix = urlsplit(base).path

    def get(self, path: str, headers: dict[str, str]):
        return self.client.get(self.base + path, headers=headers, follow_redirects=False)

    def location(self, response) -> str:
        """Where a 303 goes, relative to the site's root (with its fragment)."""
        target = urlsplit(response.headers["location"])
        assert target.path.startswith(self.prefix), response.headers["location"]
        fragment = f"#{target.fragment}" if target.fragment else ""
        return target.path.removeprefix(self.prefix) + fragment


@pytest.fixture(scope="module")
def work() -> Iterator[Path]:
    """A folder the servers' users can enter: as root, Apache's workers run as nobody, who
    cannot enter pytest's private folders, so it is made in the system's /tmp."""
    system_tmp = "/tmp" if os.geteuid() == 0 and os.path.isdir("/tmp") else None
    with tempfile.TemporaryDirectory(prefix="gg-hosting-", dir=system_tmp) as folder:
        os.chmod(folder, 0o755)
        yield Path(folder)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One closure cache for publishing and for ``serve``."""
    return tmp_path_factory.mktemp("hosting-cache")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    """The bundled graph published as ``publish`` does by default: its releases, so with the
    event stream (without diagrams, which change nothing here)."""
    import governance_graph as gg
    from governance_graph.releases import read_releases
    from governance_graph.site.build import PublishOptions, publish

    out = tmp_path_factory.mktemp("hosted") / "site"
    options = PublishOptions(diagrams=False, releases=tuple(read_releases(paths.bundled_root())))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(cache_dir))
        publish(gg.load(), out, options)
    assert (out / "ldes.ttl").is_file(), "the published site has no event stream"
    return out


@pytest.fixture(scope="module")
def docroot(site: Path, work: Path) -> Path:
    return hosted(site, work, PREFIX)


@pytest.fixture(scope="module")
def apache(docroot: Path, work: Path) -> Iterator[Host]:
    import httpx

    binary = program_or_skip("apache2")
    folder = work / "apache"
    folder.mkdir()
    with apache_serving(binary, docroot, folder, PREFIX) as url, httpx.Client() as client:
        yield Host("apache", client, url)


@pytest.fixture(scope="module")
def nginx(docroot: Path, site: Path, work: Path) -> Iterator[Host]:
    import httpx

    binary = program_or_skip("nginx")
    folder = work / "nginx"
    folder.mkdir()
    snippet = (site / "nginx.conf").read_text()
    with nginx_serving(binary, docroot, snippet, folder, PREFIX) as url, httpx.Client() as client:
        yield Host("nginx", client, url)


@pytest.fixture(scope="module")
def served(cache_dir: Path) -> Iterator[Host]:
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app
    from tests.server.serverkit import open_test_state

    state = open_test_state("oxigraph", cache_dir, queries=paths.queries_dir())
    try:
        with TestClient(create_app(state=state)) as client:
            yield Host("serve", client, "/")
    finally:
        state.close()


@pytest.fixture(params=["apache", "nginx", "serve"])
def host(request) -> Host:
    return request.getfixturevalue({"serve": "served"}.get(request.param, request.param))


@pytest.mark.parametrize(("path", "headers", "target"), REDIRECTS)
def test_negotiation_sends_each_request_to_the_same_document(host, path, headers, target):
    response = host.get(path, headers)
    assert response.status_code == 303, (host.name, path, response.status_code)
    assert host.location(response) == target, host.name
    vary = {v.strip().lower() for v in response.headers.get("vary", "").split(",")}
    assert "accept" in vary, host.name
    if ".html" in target:  # the language chose the page
        assert "accept-language" in vary, host.name


@pytest.mark.parametrize(("path", "media", "cache"), FILES)
def test_files_have_the_same_media_type_and_caching(host, path, media, cache):
    response = host.get(path, HTML)
    assert response.status_code == 200, (host.name, path, response.status_code)
    assert response.headers["content-type"].split(";")[0].strip() == media, host.name
    assert response.headers.get("cache-control") == cache, host.name
    # a dump is the gzip file the catalogue describes, not N-Triples sent compressed
    assert "content-encoding" not in response.headers, host.name


@pytest.mark.parametrize(("path", "headers"), MISSING)
def test_what_the_site_does_not_have_is_not_found(host, path, headers):
    assert host.get(path, headers).status_code == 404, (host.name, path)


def test_the_redirect_lands_on_the_entry(host):
    """Following ``ontology/Chair`` gives the ontology page, which has the entry's anchor."""
    response = host.get("ontology/Chair", DUTCH)
    page = host.client.get(host.base + host.location(response).split("#")[0])
    assert page.status_code == 200, host.name
    assert 'id="Chair"' in page.text and 'lang="nl"' in page.text, host.name
