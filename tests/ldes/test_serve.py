"""``serve`` answers the event stream at ``/ldes``: the documents ``publish`` writes, by content
negotiation, with ETags and the caching the LDES server primer asks for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from governance_graph.server.ldes_routes import IMMUTABLE, MUTABLE

from .streams import files, write

HERE = "http://testserver/"


@contextmanager
def _client(tmp_path: Path, kg=None, **settings) -> Iterator:
    """A TestClient on an app whose state has only what ``/ldes`` needs."""
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app
    from governance_graph.server.settings import ServerSettings

    folder = tmp_path / "server"
    folder.mkdir()
    state = SimpleNamespace(settings=ServerSettings(**settings), folder=folder, kg=kg)
    with TestClient(create_app(state=state)) as client:  # type: ignore[arg-type]
        yield client


@pytest.fixture(scope="module")
def built(checkouts, tmp_path_factory):
    """A TestClient of a server that builds release B's stream for the graph it has loaded."""
    b = checkouts["b"]
    with _client(tmp_path_factory.mktemp("built"), kg=b.load(), releases=b.root) as client:
        yield client


def test_the_stream_is_negotiated(built):
    for accept, target in (
        ("text/turtle", "/ldes.ttl"),
        ("application/ld+json", "/ldes.jsonld"),
        ("*/*", "/ldes.ttl"),
        ("application/ld+json;q=0.9, text/turtle;q=0.5", "/ldes.jsonld"),
    ):
        response = built.get("/ldes", headers={"Accept": accept}, follow_redirects=False)
        assert response.status_code == 303, accept
        assert response.headers["location"] == target
        assert "Accept" in response.headers["vary"]
    page = built.get(
        "/ldes/page-2", headers={"Accept": "application/ld+json"}, follow_redirects=False
    )
    assert (page.status_code, page.headers["location"]) == (303, "/ldes/page-2.jsonld")
    refused = built.get("/ldes", headers={"Accept": "text/csv"}, follow_redirects=False)
    assert refused.status_code == 406
    assert refused.text.strip() == (
        "the event stream is available as text/turtle and application/ld+json"
    )


def test_the_built_stream_is_what_publish_writes_for_this_address(
    built, graphs, checkouts, tmp_path
):
    write(graphs["b"], tmp_path, checkouts["b"].release, base=HERE)
    expected = files(tmp_path)
    assert len(expected) > 4
    for name, body in expected.items():
        response = built.get("/" + name)
        assert response.status_code == 200, name
        assert response.content == body, name
        kind = "text/turtle; charset=utf-8" if name.endswith(".ttl") else "application/ld+json"
        assert response.headers["content-type"] == kind


def test_pages_are_immutable_and_the_root_is_not(built):
    root = built.get("/ldes.ttl")
    page = built.get("/ldes/page-1.jsonld")
    assert root.headers["cache-control"] == MUTABLE == "public, max-age=60"
    assert page.headers["cache-control"] == IMMUTABLE == "public, max-age=604800, immutable"
    for response, path in ((root, "/ldes.ttl"), (page, "/ldes/page-1.jsonld")):
        etag = response.headers["etag"]
        assert etag.startswith('"') and etag.endswith('"')
        again = built.get(path, headers={"If-None-Match": etag})
        assert (again.status_code, again.content) == (304, b"")
        assert again.headers["etag"] == etag
        assert built.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/ldes/page-0.ttl", "/ldes/page-1.nt", "/ldes/other", "/ldes.nt", "/ldes/page-99.ttl"]
)
def test_anything_else_under_ldes_is_not_found(built, path):
    response = built.get(path, follow_redirects=False)
    assert response.status_code == 404
    assert len(response.text.strip().splitlines()) == 1


def test_a_published_site_is_served_as_it_is(graphs, checkouts, tmp_path):
    site = tmp_path / "site"
    write(graphs["a"], site, checkouts["a"].release, base=HERE)
    write(graphs["b"], site / "next", checkouts["b"].release, base=HERE, previous=site)
    with _client(tmp_path, ldes_dir=site / "next") as client:
        for name, body in files(site / "next").items():
            assert client.get("/" + name).content == body, name


def test_without_a_release_there_is_no_stream(checkouts, tmp_path):
    (tmp_path / "checkout").mkdir()
    with _client(tmp_path, kg=checkouts["a"].load(), releases=tmp_path / "checkout") as client:
        response = client.get("/ldes.ttl")
    assert response.status_code == 404
    assert response.text.strip() == (
        "no event stream: no release is recorded "
        "(record one with `governance-graph release VERSION`)"
    )


def test_the_rewrite_rules_of_static_hosting_give_the_same_answers():
    """Apache and nginx, with the files publish writes beside the site: the root node by
    Accept, and the caching serve gives (pages immutable, the root node 60 s)."""
    from governance_graph.site.rewrite import htaccess, nginx

    apache = htaccess("https://example.org/gg/")
    assert "RewriteRule ^ldes/?$ ldes.jsonld [R=303,L]" in apache
    assert "RewriteRule ^ldes/?$ ldes.ttl [R=303,L]" in apache
    assert f'Header set Cache-Control "{IMMUTABLE}"' in apache
    assert f'Header set Cache-Control "{MUTABLE}"' in apache
    conf = nginx("https://example.org/gg/")
    assert "location = /gg/ldes {" in conf and "return 303 /gg/ldes.ttl;" in conf
    assert f'add_header Cache-Control "{IMMUTABLE}" always;' in conf
    assert "location ~ ^/gg/ldes/page-[0-9]+\\.(ttl|jsonld)$ {" in conf


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("--ldes", "no event stream there (no ldes.ttl)"),
        ("--releases", "no releases.ttl there"),
    ],
)
def test_serve_refuses_a_folder_without_what_it_names(gg, tmp_path, option, expected):
    proc = gg("serve", option, tmp_path, "--port", "9")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: {option} {tmp_path}: {expected}"]
