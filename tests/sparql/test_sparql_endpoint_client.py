"""Running a query on a SPARQL endpoint: a tiny stdlib server on 127.0.0.1 plays the endpoint."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import ClassVar
from urllib.parse import parse_qs

import pytest
from rdflib import Literal, URIRef

from governance_graph.errors import GovernanceGraphError
from governance_graph.sparql_endpoint_client import EndpointError, run
from tests.helpers.processes import free_port, serving

SELECT_JSON = {
    "head": {"vars": ["s", "label"]},
    "results": {
        "bindings": [
            {
                "s": {"type": "uri", "value": "https://w3id.org/governance-graph/id/vesoc"},
                "label": {"type": "literal", "value": "VESOC", "xml:lang": "nl"},
            }
        ]
    },
}

# path -> (status, content type, body, delay in seconds)
ROUTES: dict[str, tuple[int, str, bytes, float]] = {
    "/sparql": (
        200,
        "application/sparql-results+json; charset=utf-8",
        json.dumps(SELECT_JSON).encode(),
        0,
    ),
    "/ask": (200, "application/sparql-results+json", b'{"head": {}, "boolean": true}', 0),
    "/xml": (
        200,
        "application/sparql-results+xml",
        b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        b'<head><variable name="x"/></head><results><result><binding name="x">'
        b"<literal>1</literal></binding></result></results></sparql>",
        0,
    ),
    "/construct": (200, "text/turtle", b"<urn:a> <urn:b> 'c' .", 0),
    "/broken-json": (200, "application/sparql-results+json", b'{"head": {"vars": ["s"]}, "resu', 0),
    "/html": (200, "text/html", b"<html><body>Welcome</body></html>", 0),
    "/error": (500, "text/plain", b"Internal error:\nquery too complex", 0),
    "/bad-query": (400, "text/plain", b"Parse error at line 1", 0),
    "/slow": (200, "application/sparql-results+json", json.dumps(SELECT_JSON).encode(), 3.0),
}


class Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode("utf-8")
        Handler.seen.append(
            {
                "path": self.path,
                "body": body,
                "content-type": self.headers.get("Content-Type", ""),
                "accept": self.headers.get("Accept", ""),
            }
        )
        status, ctype, payload, delay = ROUTES.get(
            self.path, (404, "text/plain", b"no such page", 0)
        )
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (timeout test)
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with serving(Handler) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


def test_select_over_the_protocol(endpoint: str) -> None:
    query = 'SELECT ?s ?label WHERE { ?s ?p ?label }\nVALUES (?_x) { ("a \\" } b") }\n'
    result = run(query, endpoint + "/sparql")
    assert result.type == "SELECT"
    assert [str(v) for v in result.vars] == ["s", "label"]
    (row,) = list(result)
    assert row[0] == URIRef("https://w3id.org/governance-graph/id/vesoc")
    assert row[1] == Literal("VESOC", lang="nl")
    request = Handler.seen[-1]
    # an HTML-form POST carrying the query text unchanged (the encoding every engine accepts)
    assert request["content-type"].startswith("application/x-www-form-urlencoded")
    assert parse_qs(request["body"]) == {"query": [query]}
    assert "application/sparql-results+json" in request["accept"]


def test_ask_xml_and_construct(endpoint: str) -> None:
    assert run("ASK {}", endpoint + "/ask").askAnswer is True
    (row,) = list(run("SELECT ?x {}", endpoint + "/xml"))
    assert row[0] == Literal("1")
    graph_result = run("CONSTRUCT WHERE { ?s ?p ?o }", endpoint + "/construct")
    assert graph_result.type == "CONSTRUCT"
    assert set(graph_result.graph) == {(URIRef("urn:a"), URIRef("urn:b"), Literal("c"))}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/error", "/error: HTTP 500 Internal Server Error: Internal error: query too complex"),
        ("/bad-query", "/bad-query: HTTP 400 Bad Request: Parse error at line 1"),
        ("/nowhere", "/nowhere: HTTP 404 Not Found: no such page"),
        ("/html", "/html: answered with text/html, not SPARQL results"),
        ("/broken-json", "/broken-json: answer is not valid application/sparql-results+json: "),
    ],
)
def test_errors_are_one_line_naming_url_and_status(endpoint: str, path: str, message: str) -> None:
    with pytest.raises(EndpointError) as info:
        run("SELECT * {}", endpoint + path)
    text = str(info.value)
    assert text.startswith(endpoint + message), text
    assert "\n" not in text


def test_timeout(endpoint: str) -> None:
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"/slow: no answer within 0.5 s \(timeout\)"):
        run("SELECT * {}", endpoint + "/slow", timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_connection_refused() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"  # a port that was free a moment ago
    with pytest.raises(EndpointError, match=rf"^{url}: cannot connect: "):
        run("ASK {}", url, timeout=2)


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/sparql", "127.0.0.1:3030/sparql", "http:///sparql", "file:///etc/passwd"],
)
def test_bad_urls(url: str) -> None:
    with pytest.raises(EndpointError, match="not an http\\(s\\) endpoint URL"):
        run("ASK {}", url)


def test_endpoint_error_is_a_governance_graph_error() -> None:
    assert issubclass(EndpointError, GovernanceGraphError)
