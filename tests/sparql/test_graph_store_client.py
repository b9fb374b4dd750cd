"""governance_graph.graph_store_client: Graph Store Protocol pushes against a loopback stub."""

from __future__ import annotations

import base64
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from governance_graph.graph_store_client import Auth, PushError, auth_from_env, push, target_url
from tests.helpers.processes import free_port, serving


class Store(BaseHTTPRequestHandler):
    calls: ClassVar[list] = []
    status = 204

    def _handle(self) -> None:
        length = int(self.headers.get("content-length", 0))
        body = self.rfile.read(length)
        type(self).calls.append((self.command, self.path, dict(self.headers), body))
        self.send_response(type(self).status)
        self.send_header("content-length", "7")
        self.end_headers()
        self.wfile.write(b"nope!!\n")

    do_PUT = do_POST = _handle

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def store():
    Store.calls = []
    Store.status = 204
    with serving(Store) as server:
        yield f"http://127.0.0.1:{server.server_port}/store"


def graph(n: int, bnodes: int = 0) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(f'v{i} "q"\t\n', lang="en")))
    for i in range(bnodes):
        b = BNode()
        g.add((URIRef("urn:x"), URIRef("urn:has"), b))
        g.add((b, URIRef("urn:v"), Literal(i)))
    return g


def test_replace_and_merge_urls(store) -> None:
    push(graph(3), store, graph_iri="https://w3id.org/governance-graph/graph/x", auth=Auth())
    push(graph(3), store, replace=False, auth=Auth())
    (m1, p1, h1, b1), (m2, p2, _, _) = Store.calls
    assert (m1, m2) == ("PUT", "POST")
    assert p1 == "/store?graph=https%3A%2F%2Fw3id.org%2Fgovernance-graph%2Fgraph%2Fx"
    assert p2 == "/store?default"
    assert h1["Content-Type"].startswith("text/turtle")
    assert Graph().parse(data=b1, format="turtle").isomorphic(graph(3))
    assert "Authorization" not in h1


def test_chunks_keep_blank_nodes_together(store) -> None:
    g = graph(25, bnodes=4)
    result = push(g, store, chunk=10, auth=Auth())
    methods = [c[0] for c in Store.calls]
    assert methods[0] == "PUT" and set(methods[1:]) == {"POST"}
    assert result.requests == len(Store.calls) == 4 and result.triples == len(g)
    merged = Graph()
    for _, _, _, body in Store.calls:
        merged.parse(data=body, format="turtle")
    assert merged.isomorphic(g)
    assert b"_:" in Store.calls[0][3] and all(b"_:" not in c[3] for c in Store.calls[1:])


def test_auth_from_environment(store) -> None:
    env = {"GOVERNANCE_GRAPH_PUSH_USER": "u", "GOVERNANCE_GRAPH_PUSH_PASSWORD": "p w"}
    push(graph(1), store, auth=auth_from_env(env))
    header = Store.calls[-1][2]["Authorization"]
    assert base64.b64decode(header.split()[1]) == b"u:p w"
    push(graph(1), store, auth=auth_from_env({"GOVERNANCE_GRAPH_PUSH_TOKEN": "t0k"}))
    assert Store.calls[-1][2]["Authorization"] == "Bearer t0k"
    assert auth_from_env({}).kind == "none"
    assert auth_from_env({**env, "GOVERNANCE_GRAPH_PUSH_AUTH": "digest"}).kind == "digest"
    with pytest.raises(PushError, match="basic or digest"):
        auth_from_env({**env, "GOVERNANCE_GRAPH_PUSH_AUTH": "ntlm"})


def test_refusals_are_one_line(store) -> None:
    Store.status = 401
    with pytest.raises(PushError) as info:
        push(graph(1), store, auth=Auth())
    message = str(info.value)
    assert "HTTP 401" in message and "GOVERNANCE_GRAPH_PUSH_USER" in message and "\n" not in message
    Store.status = 500
    with pytest.raises(PushError, match=r"HTTP 500.*nope"):
        push(graph(1), store, auth=Auth())


def test_bad_targets() -> None:
    with pytest.raises(PushError, match="not an http"):
        push(graph(1), "file:///etc/passwd", auth=Auth())
    with pytest.raises(PushError, match="cannot connect"):
        push(graph(1), f"http://127.0.0.1:{free_port()}/store", auth=Auth(), timeout=5)
    assert target_url("http://h/s?x=1", None) == "http://h/s?x=1&default"
