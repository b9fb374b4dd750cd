"""``serve`` and ``push`` as click commands, the server as a subprocess (start, answer, stop,
no leaked worker processes, even when killed), concurrency, and a real SPARQL client."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from governance_graph.server.commands import push, serve
from governance_graph.server.stopping import Stopped, stop_on_signals
from tests.helpers.processes import console_script, free_port
from tests.server.serverkit import alive, running_server, worker_pids

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


def test_killed_server_leaves_no_workers(cache_dir, tmp_path) -> None:
    # SIGKILL gives no chance to clean up: the dataset's folder stays, in this test's own TMPDIR
    with running_server(cache_dir=cache_dir, tmpdir=tmp_path) as (_, proc):
        workers = worker_pids(proc.pid)
        assert workers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)]


RDFLIB_ONE_WORKER = ("--engine", "rdflib", "--workers", "1")


def _dataset_folders(tmpdir: Path) -> list[str]:
    return sorted(p.name for p in tmpdir.glob("governance-graph-serve-*"))


def _wait_gone(pids: list[int], timeout: float = 10) -> list[int]:
    deadline = time.monotonic() + timeout
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGHUP, -signal.SIGHUP), (signal.SIGINT, 0)],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_stopped_server_leaves_nothing_behind(cache_dir, tmp_path, signum, status) -> None:
    """The installed ``governance-graph serve``, stopped as a service manager (SIGTERM), a
    closed terminal (SIGHUP) or Ctrl-C (SIGINT) stops it: it shuts down, its workers end, and
    the temporary folder of the served dataset is gone. SIGTERM and SIGHUP end the process by
    that signal once clean (as uvicorn does), Ctrl-C with status 0."""
    with running_server(
        *RDFLIB_ONE_WORKER, cache_dir=cache_dir, tmpdir=tmp_path, installed=True
    ) as (_, proc):
        assert len(_dataset_folders(tmp_path)) == 1  # the folder this test is about
        workers = worker_pids(proc.pid)
        assert workers
        proc.send_signal(signum)
        assert proc.wait(30) == status, proc.stderr.read().decode()
    assert list(tmp_path.iterdir()) == []
    assert _wait_gone(workers) == []


def test_stopped_while_starting_leaves_nothing_behind(cache_dir, tmp_path) -> None:
    """SIGTERM while the dataset is written and the workers start: the start is abandoned,
    the workers started so far are stopped, and the folder is removed."""
    env = dict(os.environ, GOVERNANCE_GRAPH_CACHE_DIR=str(cache_dir), TMPDIR=str(tmp_path))
    command = [console_script(), "serve", "--engine", "rdflib", "--workers", "2"]
    proc = subprocess.Popen(
        [*command, "--port", str(free_port())],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not _dataset_folders(tmp_path):
            assert proc.poll() is None and time.monotonic() < deadline, "never started"
            time.sleep(0.02)
        workers = worker_pids(proc.pid)
        proc.send_signal(signal.SIGTERM)
        status = proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
    assert status == -signal.SIGTERM, stderr
    assert "serving" not in stderr  # it was stopped before it served
    assert list(tmp_path.iterdir()) == []
    assert _wait_gone(workers) == []


def test_port_taken_fails_and_leaves_nothing_behind(cache_dir, tmp_path) -> None:
    """A start that fails after the dataset is written (the port is taken) says so, exits
    non-zero, and removes the folder."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = dict(os.environ, GOVERNANCE_GRAPH_CACHE_DIR=str(cache_dir), TMPDIR=str(tmp_path))
        done = subprocess.run(
            [console_script(), "serve", *RDFLIB_ONE_WORKER, "--port", str(port)],
            capture_output=True,
            env=env,
            timeout=120,
        )
    assert done.returncode == 3, done.stderr.decode()
    assert b"address already in use" in done.stderr.lower()
    assert list(tmp_path.iterdir()) == []


def test_stop_signals_raise_stopped_or_stop_the_server_gracefully() -> None:
    before = signal.getsignal(signal.SIGHUP)
    with pytest.raises(Stopped) as stopped, stop_on_signals():
        os.kill(os.getpid(), signal.SIGHUP)
        time.sleep(1)  # not reached: the handler raises at once
    assert stopped.value.signum == signal.SIGHUP
    assert signal.getsignal(signal.SIGHUP) is before

    class Server:  # what the handler uses of uvicorn.Server
        should_exit = False
        received: list[int] = []  # noqa: RUF012

        def handle_exit(self, sig, frame) -> None:
            self.received.append(sig)
            self.should_exit = True

    with stop_on_signals() as stopping:
        stopping.server = server = Server()
        os.kill(os.getpid(), signal.SIGTERM)  # running: a graceful shutdown, no exception
        assert server.received == [signal.SIGTERM] and stopping.signum is None
        with pytest.raises(Stopped):  # raised again after the shutdown: stop
            os.kill(os.getpid(), signal.SIGTERM)
        stopping.cleaning_up = True
        os.kill(os.getpid(), signal.SIGHUP)  # while cleaning up: noted, not raised
        assert stopping.signum == signal.SIGTERM


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


def test_connections_are_kept_alive(cache_dir) -> None:
    """One connection carries request after request: none is closed after an answer."""
    import http.client

    with running_server("--engine", "oxigraph", "--workers", "1", cache_dir=cache_dir) as (
        base,
        _,
    ):
        host, port = base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        sockets = []
        try:
            for query in QUERIES * 2:
                connection.request(
                    "POST",
                    "/sparql",
                    body=query.encode(),
                    headers={"Content-Type": "application/sparql-query"},
                )
                response = connection.getresponse()
                response.read()
                assert response.status == 200
                assert (response.getheader("connection") or "").lower() != "close"
                sockets.append(connection.sock)  # http.client opens a new one if it was closed
        finally:
            connection.close()
    assert len(sockets) == 8 and all(s is sockets[0] for s in sockets)
