"""``serve`` and ``push`` as click commands, the server as a subprocess (start, answer, stop,
no leaked worker processes, even when killed), concurrency, and a real SPARQL client."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from click.testing import CliRunner
from serverkit import alive, free_port, running_server, worker_pids

from governance_graph.server.commands import push, serve

QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l WHERE "
    "{ <https://w3id.org/governance-graph/id/vesoc> skos:prefLabel ?l } ORDER BY ?l",
    "ASK { ?s a <https://w3id.org/governance-graph/ontology#Chair> }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
]


def test_help_and_bad_options() -> None:
    runner = CliRunner()
    result = runner.invoke(serve, ["--help"])
    assert result.exit_code == 0 and "--engine [rdflib|oxigraph|auto]" in result.output
    assert "--timeout" in result.output and "--max-rows" in result.output
    result = runner.invoke(serve, ["--engine", "jena"])
    assert result.exit_code == 2
    result = runner.invoke(push, ["--help"])
    assert result.exit_code == 0 and "GOVERNANCE_GRAPH_PUSH_USER" in result.output
    assert runner.invoke(push, []).exit_code == 2


def test_push_errors_are_one_line(cache_dir, monkeypatch) -> None:
    monkeypatch.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(cache_dir))
    runner = CliRunner()
    port = free_port()  # nothing listens there
    result = runner.invoke(push, ["--endpoint", f"http://127.0.0.1:{port}/store"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "cannot connect" in result.output
    result = runner.invoke(push, ["--endpoint", "ftp://127.0.0.1/store"])
    assert result.exit_code == 2 and "not an http(s)" in result.output


def test_commands_register_on_a_group() -> None:
    import click

    @click.group()
    def main() -> None: ...

    main.add_command(serve)
    main.add_command(push)
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "Usage: main serve" in result.output


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_start_answer_stop_without_leaks(cache_dir, store) -> None:
    started = time.monotonic()
    with running_server("--engine", store, "--workers", "2", cache_dir=cache_dir) as (base, proc):
        startup = time.monotonic() - started
        workers = worker_pids(proc.pid)
        assert len(workers) == 2
        r = httpx.post(base + "/sparql", data={"query": QUERIES[2]})
        assert r.json()["boolean"] is True
        assert httpx.get(base + "/health").json()["engine"] == store
    assert proc.returncode is not None
    time.sleep(0.5)
    assert not [pid for pid in workers if alive(pid)]
    assert startup < 20


def test_killed_server_leaves_no_workers(cache_dir) -> None:
    with running_server(cache_dir=cache_dir) as (_, proc):
        workers = worker_pids(proc.pid)
        assert workers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)]


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_concurrent_clients(cache_dir, store) -> None:
    """8 clients x 50 queries: no errors, and every answer equals the one-client answer."""
    with running_server("--engine", store, "--workers", "3", cache_dir=cache_dir) as (base, _):
        with httpx.Client(base_url=base, timeout=60) as one:
            expected = [one.post("/sparql", data={"query": q}).content for q in QUERIES]

        def client(index: int) -> list[tuple[int, int, bytes]]:
            out = []
            with httpx.Client(base_url=base, timeout=60) as c:
                for i in range(50):
                    k = (index + i) % len(QUERIES)
                    r = c.post("/sparql", data={"query": QUERIES[k]})
                    out.append((k, r.status_code, r.content))
            return out

        with ThreadPoolExecutor(8) as pool:
            results = [row for rows in pool.map(client, range(8)) for row in rows]
    assert len(results) == 400
    assert all(status == 200 for _, status, _ in results)
    assert all(body == expected[k] for k, _, body in results)


def test_sparqlwrapper_client(cache_dir) -> None:
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
    with running_server("--engine", "oxigraph", cache_dir=cache_dir) as (base, _):
        for method in (SPARQLWrapper.GET, SPARQLWrapper.POST):
            sparql = SPARQLWrapper.SPARQLWrapper(base + "/sparql")
            sparql.setMethod(method)
            sparql.setQuery(QUERIES[1])
            sparql.setReturnFormat(SPARQLWrapper.JSON)
            rows = sparql.query().convert()["results"]["bindings"]
            assert [r["l"]["value"] for r in rows] == ["VESOC", "VESOC"]
            sparql.setReturnFormat(SPARQLWrapper.XML)
            assert sparql.query().convert().getElementsByTagName("literal")
        sparql = SPARQLWrapper.SPARQLWrapper(base + "/sparql")
        sparql.setQuery(
            "CONSTRUCT { <https://w3id.org/governance-graph/id/vesoc> ?p ?o } "
            "WHERE { <https://w3id.org/governance-graph/id/vesoc> ?p ?o }"
        )
        sparql.setReturnFormat(SPARQLWrapper.TURTLE)
        assert b"VESOC" in sparql.query().convert()
