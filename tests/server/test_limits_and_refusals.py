"""Refusals (update, LOAD, SERVICE, FROM) and limits (body size, query string, rows, timeout),
each answered with its status code and a one-line message, on both stores."""

from __future__ import annotations

import threading
import time

import pytest

from governance_graph.server.problems import HTTPProblem
from governance_graph.server.security import check_query

DIRECT = {"content-type": "application/sparql-query"}
#: Python's re backtracks exponentially here and holds the GIL while doing so.
CATASTROPHIC = (
    'SELECT ?x WHERE { BIND("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" AS ?x) '
    'FILTER(REGEX(?x, "^(a+)+$")) }'
)
#: A cross product no store finishes quickly (8 000³ rows to count).
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("LOAD <file:///etc/passwd>", 403, "LOAD"),
        ("LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <urn:g>", 403, "LOAD"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "allow-list"),
        (
            "SELECT * WHERE { SERVICE SILENT <http://169.254.169.254/> { ?s ?p ?o } }",
            403,
            "allow-list",
        ),
        ("SELECT * WHERE { ?x ?y ?svc SERVICE ?svc { ?s ?p ?o } }", 403, "variable"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 400, "FROM"),
        ("SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }", 400, "FROM"),
        ("CONSTRUCT { ?s ?p ?o } FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }", 400, "FROM"),
    ],
)
def test_refused_before_evaluation(client, query: str, status: int, words: str) -> None:
    r = client.post("/sparql", content=query.encode(), headers=DIRECT)
    assert r.status_code == status, r.text
    assert words in r.text
    assert r.text.count("\n") == 1


def test_service_allow_list_is_checked_not_fetched() -> None:
    allowed = "http://127.0.0.1:9/allowed-sparql"
    q = f"SELECT * WHERE {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}"
    assert check_query(q, allow_services=[allowed]).kind == "SELECT"
    assert check_query(q, allow_services=[allowed + "/"]).kind == "SELECT"
    with pytest.raises(HTTPProblem, match="allow-list"):
        check_query(q.replace("allowed", "other"), allow_services=[allowed])
    nested = (
        "SELECT * WHERE { OPTIONAL { { SELECT * { SERVICE <http://127.0.0.1:9/x> "
        "{ ?s ?p ?o } } } } }"
    )
    with pytest.raises(HTTPProblem, match="allow-list"):
        check_query(nested, allow_services=[allowed])


def test_allowed_service_reaches_the_store(client) -> None:
    """An allow-listed SERVICE passes the check; the (absent) loopback service then fails as
    an evaluation error, and SILENT makes it an empty answer."""
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/allowed-sparql> { ?s ?p ?o } }"
    r = client.post("/sparql", content=q.encode(), headers=DIRECT)
    assert r.status_code in (200, 400), r.text
    assert "allow-list" not in r.text


def test_body_too_large(strict_client) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3000
    r = strict_client.post("/sparql", content=big.encode(), headers=DIRECT)
    assert r.status_code == 413 and "--max-body" in r.text
    r = strict_client.post("/sparql", data={"query": big})
    assert r.status_code == 413


def test_body_too_large_without_content_length(strict_client) -> None:
    def chunks():
        for _ in range(10):
            yield b"#" + b"x" * 499

    r = strict_client.post("/sparql", content=chunks(), headers=DIRECT)
    assert r.status_code == 413


def test_query_string_too_long(strict_client) -> None:
    r = strict_client.get("/sparql", params={"query": "ASK {} #" + "x" * 3000})
    assert r.status_code == 414 and "use POST" in r.text


def test_too_many_rows(strict_client) -> None:
    r = strict_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 6"})
    assert r.status_code == 422 and "more than 5 rows" in r.text and "LIMIT" in r.text
    r = strict_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert r.status_code == 200
    r = strict_client.get(
        "/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 6"}
    )
    assert r.status_code == 422 and "triples" in r.text


def test_timeout_kills_the_worker_and_the_server_goes_on(strict_client) -> None:
    slow = CATASTROPHIC if strict_client.engine == "rdflib" else CROSS
    before = set(strict_client.pool.pids())
    health: list[float] = []

    def probe() -> None:  # /health must answer while the slow query runs
        time.sleep(0.3)
        started = time.monotonic()
        assert strict_client.get("/health").status_code == 200
        health.append(time.monotonic() - started)

    prober = threading.Thread(target=probe)
    prober.start()
    started = time.monotonic()
    r = strict_client.post("/sparql", content=slow.encode(), headers=DIRECT)
    elapsed = time.monotonic() - started
    prober.join()
    assert r.status_code == 503, r.text
    assert "time limit of 1.5 s" in r.text
    assert 1.4 < elapsed < 5
    assert health and health[0] < 1.0
    # the killed worker is replaced; queries keep working
    deadline = time.monotonic() + 30
    while len(strict_client.pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    after = set(strict_client.pool.pids())
    assert len(after) == 2 and after != before
    assert strict_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]


def test_oxigraph_regex_is_linear(cache_dir) -> None:
    """The catastrophic REGEX that needs a kill on rdflib is instant on Oxigraph."""
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app
    from tests.server.serverkit import open_test_state

    state = open_test_state("oxigraph", cache_dir, timeout=5)
    try:
        with TestClient(create_app(state=state)) as c:
            started = time.monotonic()
            r = c.post("/sparql", content=CATASTROPHIC.encode(), headers=DIRECT)
            assert r.status_code == 200 and r.json()["results"]["bindings"] == []
            assert time.monotonic() - started < 2
    finally:
        state.close()
