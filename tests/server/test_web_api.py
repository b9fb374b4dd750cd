"""The stored-query web API (/api), its OpenAPI document, and linked data (/id/…), both stores."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from tests.server.serverkit import GGD

SKOS_PREF = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def values(response, var: str) -> list[str]:
    assert response.status_code == 200, response.text
    return [b[var]["value"] for b in response.json()["results"]["bindings"]]


def test_listing_and_broken_query_skipped(client) -> None:
    doc = client.get("/api").json()
    names = [q["name"] for q in doc["queries"]]
    assert names == sorted(names)
    assert {
        "body-labels",
        "by-label",
        "by-identifier",
        "sections-in-order",
        "body-graph",
        "any-chair",
    } <= set(names)
    assert "broken" not in names
    assert any("broken.rq" in e and "sumary" in e for e in doc["skipped"])
    html = client.get("/api", headers={"accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "body-labels" in html.text


def test_openapi_document(client) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    op = doc["paths"]["/api/body-labels"]["get"]
    (param, fmt, lang) = op["parameters"]
    assert param["name"] == "body_iri" and param["required"] is False
    assert lang["name"] == "lang" and lang["schema"]["enum"] == ["en", "nl", "all"]
    assert param["schema"]["default"] == "ggd:vesoc"
    assert fmt["name"] == "format" and "csv" in fmt["schema"]["enum"]
    assert "application/sparql-results+json" in op["responses"]["200"]["content"]
    order = doc["paths"]["/api/sections-in-order"]["get"]["parameters"][0]
    assert order["schema"] == {"type": "integer", "default": 1}
    graph_op = doc["paths"]["/api/body-graph"]["get"]
    assert "text/turtle" in graph_op["responses"]["200"]["content"]
    assert doc["paths"]["/api/by-label"]["get"]["parameters"][0]["required"] is True
    assert set(doc["paths"]) == {f"/api/{q['name']}" for q in client.get("/api").json()["queries"]}


def test_good_parameters(client) -> None:
    assert values(client.get("/api/body-labels"), "label") == ["VESOC", "VESOC"]
    labels = values(
        client.get("/api/body-labels", params={"body_iri": "ggd:resoc-brugge"}), "label"
    )
    assert labels and all("Brugge" in label for label in labels)
    full = client.get("/api/body-labels", params={"body_iri": GGD + "resoc-brugge"})
    assert values(full, "label") == labels
    assert values(client.get("/api/by-label", params={"label_en": "VESOC"}), "thing") == [
        GGD + "vesoc"
    ]
    assert values(client.get("/api/by-label", params={"label_en": "vesoc"}), "thing") == []
    docs = values(
        client.get("/api/by-identifier", params={"id": "000_e9edf514ae66cc82.txt"}), "doc"
    )
    assert docs == [GGD + "doc-resoc-serr-profile"]
    first = values(client.get("/api/sections-in-order"), "section")
    assert first and first == values(
        client.get("/api/sections-in-order", params={"order_integer": "+01"}), "section"
    )
    assert client.get("/api/any-chair").json()["boolean"] is True


def test_formats(client) -> None:
    r = client.get("/api/body-labels", params={"format": "csv"})
    assert r.headers["content-type"].startswith("text/csv") and r.text.splitlines()[0] == "label"
    r = client.get("/api/body-labels", headers={"accept": "text/tab-separated-values"})
    assert r.text.splitlines()[1:] == ['"VESOC"@en', '"VESOC"@nl']
    r = client.get(
        "/api/body-graph", params={"body_iri": "ggd:vesoc"}, headers={"accept": "text/turtle"}
    )
    graph = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(GGD + "vesoc"), SKOS_PREF, Literal("VESOC", lang="en")) in graph
    assert client.get("/api/body-labels", headers={"accept": "text/turtle"}).status_code == 406


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"body_iri": "ggd:vesoc> } UNION { ?s ?p ?o } #"}, "expects an IRI"),
        ({"body_iri": "http://x/ y"}, "cannot contain a space"),
        ({"body_iri": "<http://x/>"}, "cannot contain '<'"),
        ({"body_iri": "vesoc"}, "did you mean ggd:vesoc"),
        ({"body_iri": "ggd:VESOC"}, "lowercase"),
        ({"bodyiri": "ggd:vesoc"}, "did you mean 'body_iri'"),
        ({"body_iri": "ggd:vesoc", "limit": "5"}, "unknown parameter 'limit'"),
    ],
)
def test_malicious_or_wrong_iri_parameters(client, params, words) -> None:
    r = client.get("/api/body-labels", params=params)
    assert r.status_code == 400, r.text
    assert words in r.text
    assert r.text.count("\n") == 1


def test_injection_in_literals_matches_nothing(client) -> None:
    for evil in ('VESOC"@en } UNION { ?thing ?p ?o } #', "VESOC'@en . ?thing ?p ?o", 'x"""} #'):
        assert values(client.get("/api/by-label", params={"label_en": evil}), "thing") == []
    r = client.get("/api/by-label", params={"label_en": "a\x00b"})
    assert r.status_code == 400 and "control character" in r.text


def test_wrong_values_and_missing_parameters(client) -> None:
    r = client.get("/api/sections-in-order", params={"order_integer": "1; DROP ALL"})
    assert r.status_code == 400 and "whole number" in r.text
    r = client.get("/api/by-label")
    assert r.status_code == 400 and "needs parameter label_en" in r.text and "?NAME=VALUE" in r.text
    r = client.get("/api/by-label", params=[("label_en", "a"), ("label_en", "b")])
    assert r.status_code == 400 and "more than once" in r.text


def test_unknown_query(client) -> None:
    r = client.get("/api/body-label")
    assert r.status_code == 404 and "did you mean 'body-labels'" in r.text
    assert client.get("/api/..%2F..%2Fetc%2Fpasswd").status_code == 404


# ------------------------------------------------------------------------------ linked data


def test_303_by_accept(client) -> None:
    cases = {
        "text/turtle": "ttl",
        "application/n-triples": "nt",
        "application/ld+json": "jsonld",
        "application/rdf+xml": "rdf",
        "*/*": "ttl",
    }
    for accept, ext in cases.items():
        r = client.get("/id/vesoc", headers={"accept": accept}, follow_redirects=False)
        assert r.status_code == 303, (accept, r.text)
        assert r.headers["location"] == f"/id/vesoc.{ext}"
    r = client.get("/id/vesoc", headers={"accept": "image/png"}, follow_redirects=False)
    assert r.status_code == 406


@pytest.mark.parametrize(
    ("ext", "fmt"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml")]
)
def test_descriptions(client, ext: str, fmt: str) -> None:
    r = client.get(f"/id/vesoc.{ext}")
    assert r.status_code == 200, r.text
    graph = Graph().parse(data=r.content, format=fmt)
    vesoc = URIRef(GGD + "vesoc")
    assert (vesoc, SKOS_PREF, Literal("VESOC", lang="nl")) in graph
    assert len(graph) > 10


def test_unknown_resources(client) -> None:
    assert client.get("/id/no-such-thing").status_code == 404
    assert client.get("/id/no-such-thing.ttl").status_code == 404
    assert client.get("/id/Bad%20Name").status_code == 404
    assert client.get("/id/vesoc.exe").status_code == 404


def test_html_pages_from_the_site_module(client) -> None:
    pytest.importorskip("governance_graph.site")
    r = client.get("/id/vesoc", headers={"accept": "text/html,*/*;q=0.8"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/id/vesoc.html"
    # the page in Dutch is the site's .nl.html, where a Dutch browser is sent
    dutch = {"accept": "text/html", "accept-language": "nl-BE,nl;q=0.9,en;q=0.5"}
    r = client.get("/id/vesoc", headers=dutch, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/id/vesoc.nl.html"
    en = client.get("/id/vesoc.html")
    nl = client.get("/id/vesoc.nl.html")
    assert en.status_code == nl.status_code == 200
    assert en.headers["content-type"].startswith("text/html")
    assert '<html lang="en"' in en.text and '<html lang="nl"' in nl.text
    # /id/vesoc.html is the English page whatever the browser prefers (its language switch
    # leads there from the Dutch page)
    assert '<html lang="en"' in client.get("/id/vesoc.html", headers=dutch).text
    assert '<html lang="nl"' in client.get("/id/vesoc.html", params={"lang": "nl"}).text
