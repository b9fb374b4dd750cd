"""SPARQL 1.1 Protocol conformance of ``/sparql``, for both stores.

Checklist: the W3C SPARQL 1.1 Protocol test suite
(https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/), adapted to a read-only
endpoint that never fetches graphs:

positive (query)
  query_get, query_post_form, query_post_direct .............. test_query_methods
  query_dataset_default_graph, _default_graphs_get/_post ...... test_default_graph_uri
  query_dataset_named_graphs_get/_post ........................ test_named_graph_uri
  query_dataset_full .......................................... test_dataset_full
  query_multiple_dataset ...................................... test_from_is_refused (deviation:
      FROM in the query is refused with 400 instead of being overridden, because FROM would be
      fetched; the protocol parameters are the way to pick graphs)
  query_content_type_select / _ask ........................ test_select_formats, test_ask_formats
  query_content_type_construct / _describe .................... test_graph_formats
negative (4xx)
  bad_query_method (PUT) → 405 ................................ test_bad_query_method
  bad_multiple_queries → 400 .................................. test_bad_multiple_queries
  bad_query_wrong_media_type → 415 ............................ test_bad_media_types
  bad_query_missing_form_type / _missing_direct_type → 415 .... test_bad_media_types
  bad_query_non_utf8 (UTF-16 body) → 415/400 .................. test_bad_query_non_utf8
  bad_query_syntax → 400 ...................................... test_bad_query_syntax
  bad_update_get, bad_multiple_updates, bad_update_wrong_media_type,
  bad_update_missing_form_type, bad_update_non_utf8, bad_update_syntax,
  bad_update_dataset_conflict → 4xx ........................... test_updates_are_refused
positive (update) update_* → 403 read-only (by design) ........ test_updates_are_refused
beyond the suite
  406 when no format of the query's kind fits ................. test_not_acceptable
  service description on a bare GET ........................... test_service_description
  query editor (and a plain form) for browsers ................ test_query_page
  CORS preflight and headers on answers and errors ............ test_cors
  unknown graph IRIs are refused, never fetched ............... test_unknown_graph
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from tests.server.serverkit import DOC, GGD, VESOC_DOC, open_test_state

PREFIXES = (
    "PREFIX gg: <https://w3id.org/governance-graph/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX ggd: <https://w3id.org/governance-graph/id/>\n"
)
SELECT = PREFIXES + "SELECT ?label WHERE { ggd:vesoc skos:prefLabel ?label } ORDER BY ?label"
ASK = PREFIXES + "ASK { ggd:vesoc a gg:ConsultationBody }"
CONSTRUCT = (
    PREFIXES + "CONSTRUCT { ggd:vesoc skos:prefLabel ?l } WHERE { ggd:vesoc skos:prefLabel ?l }"
)
DESCRIBE = PREFIXES + "DESCRIBE ggd:vesoc"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SPARQL_JSON = "application/sparql-results+json"
FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}


def labels(response) -> list[str]:
    assert response.status_code == 200, response.text
    doc = response.json()
    return [b["label"]["value"] for b in doc["results"]["bindings"]]


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# ------------------------------------------------------------------------------ methods


def test_query_methods(client) -> None:
    by_get = client.get("/sparql", params={"query": SELECT})
    by_form = client.post("/sparql", data={"query": SELECT})
    by_direct = client.post("/sparql", content=SELECT.encode(), headers=DIRECT)
    assert labels(by_get) == labels(by_form) == labels(by_direct) == ["VESOC", "VESOC"]
    assert by_get.headers["content-type"] == SPARQL_JSON
    assert "accept" in by_get.headers["vary"].lower()


def test_direct_post_with_charset(client) -> None:
    r = client.post(
        "/sparql",
        content=SELECT.encode(),
        headers={"content-type": "application/sparql-query; charset=UTF-8"},
    )
    assert labels(r) == ["VESOC", "VESOC"]


# ------------------------------------------------------------------------------ datasets


def test_default_graph_uri(client) -> None:
    whole = count(client.get("/sparql", params={"query": COUNT}))
    one = count(client.get("/sparql", params={"query": COUNT, "default-graph-uri": DOC}))
    two_get = count(
        client.get(
            "/sparql",
            params=[("query", COUNT), ("default-graph-uri", DOC), ("default-graph-uri", VESOC_DOC)],
        )
    )
    two_post = count(
        client.post("/sparql", data={"query": COUNT, "default-graph-uri": [DOC, VESOC_DOC]})
    )
    direct = count(
        client.post(f"/sparql?default-graph-uri={DOC}", content=COUNT.encode(), headers=DIRECT)
    )
    assert 0 < one < two_get == two_post < whole
    assert direct == one


def test_named_graph_uri(client) -> None:
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    every = client.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    assert {b["g"]["value"] for b in every} >= {DOC, VESOC_DOC}
    for response in (
        client.get("/sparql", params={"query": q, "named-graph-uri": VESOC_DOC}),
        client.post("/sparql", data={"query": q, "named-graph-uri": VESOC_DOC}),
    ):
        rows = response.json()["results"]["bindings"]
        assert [b["g"]["value"] for b in rows] == [VESOC_DOC]
    # only named graphs given: the default graph is empty
    assert count(client.get("/sparql", params={"query": COUNT, "named-graph-uri": DOC})) == 0


def test_dataset_full(client) -> None:
    q = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } "
        "GROUP BY ?g"
    )
    r = client.get(
        "/sparql", params={"query": q, "default-graph-uri": VESOC_DOC, "named-graph-uri": DOC}
    )
    rows = {
        b.get("g", {}).get("value"): int(b["n"]["value"]) for b in r.json()["results"]["bindings"]
    }
    assert set(rows) == {None, DOC}
    assert rows[None] == count(
        client.get("/sparql", params={"query": COUNT, "default-graph-uri": VESOC_DOC})
    )


def test_document_graph_holds_what_cites_it(client) -> None:
    q = PREFIXES + "ASK { ggd:vesoc skos:prefLabel ?l }"
    inside = client.get("/sparql", params={"query": q, "default-graph-uri": VESOC_DOC}).json()
    assert inside["boolean"] is True
    q2 = PREFIXES + "ASK { ?s a gg:Chair FILTER(?s = ggd:vesoc) }"
    assert client.get("/sparql", params={"query": q2}).json()["boolean"] is False


def test_unknown_graph(client) -> None:
    r = client.get(
        "/sparql", params={"query": COUNT, "default-graph-uri": "http://127.0.0.1:9/x.ttl"}
    )
    assert r.status_code == 400
    assert "never fetches" in r.text and DOC in r.text


def test_from_is_refused(client) -> None:
    for q in (
        f"SELECT * FROM <{DOC}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }",
    ):
        r = client.get("/sparql", params={"query": q, "default-graph-uri": DOC})
        assert r.status_code == 400
        assert "default-graph-uri" in r.text


# ------------------------------------------------------------------------------ formats


def test_select_formats(client) -> None:
    r = client.get(
        "/sparql", params={"query": SELECT}, headers={"accept": "application/sparql-results+xml"}
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(r.content)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["label"]
    literals = root.findall(".//r:literal", ns)
    assert {lit.get("{http://www.w3.org/XML/1998/namespace}lang") for lit in literals} == {
        "en",
        "nl",
    }

    r = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(r.text))) == [["label"], ["VESOC"], ["VESOC"]]

    r = client.get(
        "/sparql", params={"query": SELECT}, headers={"accept": "text/tab-separated-values"}
    )
    assert r.text.splitlines() == ["?label", '"VESOC"@en', '"VESOC"@nl']

    r = client.get("/sparql", params={"query": SELECT}, headers={"accept": "application/json"})
    assert r.headers["content-type"] == SPARQL_JSON


def test_accept_q_values_and_wildcards(client) -> None:
    r = client.get(
        "/sparql",
        params={"query": SELECT},
        headers={"accept": "text/csv;q=0.4, application/sparql-results+xml;q=0.9, */*;q=0.1"},
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/*"})
    assert r.headers["content-type"].startswith("text/csv")
    r = client.get(
        "/sparql", params={"query": SELECT, "format": "tsv"}, headers={"accept": "text/csv"}
    )
    assert r.headers["content-type"].startswith("text/tab-separated-values")


def test_ask_formats(client) -> None:
    assert client.get("/sparql", params={"query": ASK}).json() == {"head": {}, "boolean": True}
    r = client.get(
        "/sparql", params={"query": ASK}, headers={"accept": "application/sparql-results+xml"}
    )
    assert b"<boolean>true</boolean>" in r.content


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_graph_formats(client, accept: str, rdflib_format: str) -> None:
    for query in (CONSTRUCT, DESCRIBE):
        r = client.post("/sparql", data={"query": query}, headers={"accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == accept
        graph = Graph().parse(data=r.content, format=rdflib_format)
        assert (URIRef(GGD + "vesoc"), None, Literal("VESOC", lang="nl")) in graph


def test_not_acceptable(client) -> None:
    r = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/turtle"})
    assert r.status_code == 406
    assert "SELECT" in r.text and "application/sparql-results+json" in r.text
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "text/csv"})
    assert r.status_code == 406 and "text/turtle" in r.text
    r = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/csv;q=0"})
    assert r.status_code == 406


# ------------------------------------------------------------------------------ description


def test_service_description(client) -> None:
    r = client.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    (service,) = g.subjects(RDF.type, URIRef(sd + "Service"))
    assert str(service).endswith("/sparql")
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    assert {DOC, VESOC_DOC} <= names
    assert client.get("/sparql", headers={"accept": "application/ld+json"}).status_code == 200


def test_query_page(client) -> None:
    r = client.get("/sparql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'id="yasgui"' in r.text  # the query editor, and a plain form without JavaScript
    assert '<form method="post" action="sparql"' in r.text
    # the form's POST (with the format field) answers
    r = client.post("/sparql", data={"query": SELECT, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")


def test_cors(client) -> None:
    r = client.options(
        "/sparql",
        headers={
            "origin": "http://app.test",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    r = client.get("/sparql", params={"query": ASK}, headers={"origin": "http://app.test"})
    assert r.headers["access-control-allow-origin"] == "*"
    r = client.get("/sparql", params={"query": "SELECT"}, headers={"origin": "http://app.test"})
    assert r.status_code == 400 and r.headers["access-control-allow-origin"] == "*"


# ------------------------------------------------------------------------------ negative


def test_bad_query_method(client) -> None:
    assert client.put("/sparql", params={"query": ASK}).status_code == 405
    assert client.delete("/sparql").status_code == 405


def test_bad_multiple_queries(client) -> None:
    r = client.get("/sparql", params=[("query", ASK), ("query", SELECT)])
    assert r.status_code == 400 and "exactly one" in r.text
    r = client.post("/sparql", data={"query": [ASK, SELECT]})
    assert r.status_code == 400
    r = client.post("/sparql", params={"query": ASK}, content=ASK.encode(), headers=DIRECT)
    assert r.status_code == 400


def test_bad_media_types(client) -> None:
    r = client.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and "application/sparql-query" in r.text
    r = client.post("/sparql", content=b"query=ASK%20%7B%7D")  # no content type at all
    assert r.status_code == 415
    r = client.post("/sparql", content=b"ASK {}")
    assert r.status_code == 415


def test_bad_query_non_utf8(client) -> None:
    r = client.post(
        "/sparql",
        content=ASK.encode("utf-16"),
        headers={"content-type": "application/sparql-query; charset=UTF-16"},
    )
    assert r.status_code == 415
    r = client.post("/sparql", content=ASK.encode("utf-16"), headers=DIRECT)
    assert r.status_code == 400 and "UTF-8" in r.text


def test_bad_query_syntax(client) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    assert "syntax error" in r.text and "line 1" in r.text
    assert r.text.count("\n") == 1  # one line


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "url": "/sparql", "params": {"update": "CLEAR ALL"}},  # bad_update_get
        {"method": "POST", "url": "/sparql", "data": {"update": ["CLEAR ALL", "CLEAR DEFAULT"]}},
        {
            "method": "POST",
            "url": "/sparql",
            "content": b"CLEAR ALL",
            "headers": {"content-type": "text/plain"},
        },
        {"method": "POST", "url": "/sparql", "content": b"update=CLEAR%20ALL"},
        {
            "method": "POST",
            "url": "/sparql",
            "content": "CLEAR ALL".encode("utf-16"),
            "headers": {"content-type": "application/sparql-update; charset=UTF-16"},
        },
        {"method": "POST", "url": "/sparql", "data": {"update": "CLEAR XYZ"}},
        {
            "method": "POST",
            "url": "/sparql?using-graph-uri=urn:a",
            "content": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "headers": {"content-type": "application/sparql-update"},
        },
        {
            "method": "POST",
            "url": "/sparql",
            "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
        },
        {
            "method": "POST",
            "url": "/sparql",
            "content": b"DELETE WHERE { ?s ?p ?o }",
            "headers": {"content-type": "application/sparql-update"},
        },
    ],
)
def test_updates_are_refused(client, request_kwargs) -> None:
    r = client.request(**request_kwargs)
    assert 400 <= r.status_code < 500
    assert r.status_code in (403, 415)


def test_update_sent_as_a_query_is_named(client) -> None:
    for update, word in (
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT DATA"),
        ("LOAD <http://127.0.0.1:9/x.ttl>", "LOAD"),
        ("DROP ALL", "DROP"),
    ):
        r = client.post("/sparql", content=update.encode(), headers=DIRECT)
        assert r.status_code == 403, r.text
        assert "read-only" in r.text and word in r.text


def test_health(client) -> None:
    doc = client.get("/health").json()
    assert doc["status"] == "ok" and doc["engine"] == client.engine
    assert doc["workers"] == 2 and doc["triples"] > 5000 and doc["named_graphs"] >= 2


def test_same_bytes_from_both_stores(cache_dir) -> None:
    """Not a protocol test: a sorted answer is byte-identical whichever store answers."""
    answers = []
    for store in ("rdflib", "oxigraph"):
        from starlette.testclient import TestClient

        from governance_graph.server.app import create_app

        state = open_test_state(store, cache_dir)
        try:
            with TestClient(create_app(state=state)) as c:
                r = c.get(
                    "/sparql",
                    params={"query": SELECT},
                    headers={"accept": "text/tab-separated-values"},
                )
                answers.append(r.content)
        finally:
            state.close()
    assert answers[0] == answers[1]
    assert json.loads(json.dumps(answers[0].decode()))
