"""Federated stored queries (queries/federated/), the SERVICE allow-list, endpoint configuration.

Only loopback is ever contacted: a local ``oxigraph serve-read-only`` holds the hand-made TEST
fixture ``tests/fixtures/federation/wikidata-provinces.ttl`` (Wikidata's shape, invented
populations), and a listening socket that records every connection stands for an endpoint
that must never be called. The public Wikidata endpoint is the configured default but is
never contacted here.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from governance_graph.cli import main
from governance_graph.errors import QueryError
from governance_graph.federation import (
    WIKIDATA,
    ServiceRefused,
    check_text,
    parse_service_endpoints,
    rewrite_services,
)
from tests.helpers.paths import FIXTURES
from tests.helpers.processes import free_port, http_ready, oxigraph_cli, serving, started

FIXTURE = FIXTURES / "federation" / "wikidata-provinces.ttl"
ID = "https://w3id.org/governance-graph/id/"
POPULATION = {  # invented in the fixture
    "province-antwerp": 1000001,
    "province-east-flanders": 1000002,
    "province-flemish-brabant": 1000003,
    "province-limburg": 1000004,
    "province-west-flanders": 1000005,
}


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of a loopback ``oxigraph serve-read-only`` holding the test fixture."""
    binary = oxigraph_cli()
    if binary is None:
        pytest.skip("the oxigraph CLI (pip install oxigraph) is not installed")
    store = tmp_path_factory.mktemp("wikidata-fixture")
    subprocess.run(
        [binary, "load", "--location", str(store), "--file", str(FIXTURE)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    with started(
        [binary, "serve-read-only", "--location", store, "--bind", f"127.0.0.1:{port}"],
        ready=http_ready(url + "?query=ASK%7B%7D", status=200),
        what="oxigraph serve-read-only",
        timeout=30,
    ):
        yield url


class Recorder:
    """A listening loopback socket that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        time.sleep(0.3)  # let a late connection arrive before we look
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    try:
        yield rec
    finally:
        rec.close()


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("federation-cache")


@pytest.fixture
def shared_cache(module_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One closure cache for the module (the bundled closure is computed once)."""
    monkeypatch.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(module_cache))
    return module_cache


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def _csv_rows(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))


# --------------------------------------------------------------------------- configuration


def test_rewrite_touches_only_service_clauses() -> None:
    text = (
        f'SELECT * {{ BIND("SERVICE <{WIKIDATA}> {{ }}" AS ?x) # SERVICE <{WIKIDATA}>\n'
        f"  ?a <{WIKIDATA}> ?b . SERVICE <{WIKIDATA}/> {{ ?s ?p ?o }} "
        f"SERVICE SILENT <{WIKIDATA}> {{ ?s ?p ?o }} }}"
    )
    out = rewrite_services(text, {"wikidata": "http://127.0.0.1:1/q"})
    assert out.count("<http://127.0.0.1:1/q>") == 2
    assert f'"SERVICE <{WIKIDATA}> {{ }}"' in out and f"# SERVICE <{WIKIDATA}>" in out
    assert f"?a <{WIKIDATA}> ?b" in out


def test_service_endpoint_option_is_checked() -> None:
    assert parse_service_endpoints([]) == {}
    with pytest.raises(QueryError, match="unknown service 'dbpedia'; known: wikidata"):
        parse_service_endpoints(["dbpedia=http://127.0.0.1/"])
    with pytest.raises(QueryError, match="http"):
        parse_service_endpoints(["wikidata=file:///etc/passwd"])
    with pytest.raises(QueryError, match="NAME=URL"):
        parse_service_endpoints(["wikidata"])


def test_allow_list_rules() -> None:
    one = "SELECT * { SERVICE <http://127.0.0.1:1/q> { ?s ?p ?o } }"
    assert check_text(one, ["http://127.0.0.1:1/q/"]) == ["http://127.0.0.1:1/q"]
    with pytest.raises(ServiceRefused, match="none are allowed"):
        check_text(one, [])
    with pytest.raises(ServiceRefused, match="variable"):
        check_text("SELECT * { ?x ?y ?e SERVICE ?e { ?s ?p ?o } }", ["http://127.0.0.1:1/q"])
    two = (
        "SELECT * { SERVICE <http://127.0.0.1:1/q> { ?s ?p ?o } "
        "SERVICE <http://127.0.0.1:2/q> { ?s ?p ?o } }"
    )
    with pytest.raises(ServiceRefused, match="rdflib would call instead"):
        check_text(two, ["http://127.0.0.1:1/q", "http://127.0.0.1:2/q"])


# --------------------------------------------------------------------------- through the CLI


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_federated_query_joins_rows_through_the_cli(
    capsys, shared_cache, wikidata: str, engine: str
) -> None:
    code, out, err = run_cli(
        capsys,
        "query",
        "federated-province-population",
        "--service-endpoint",
        f"wikidata={wikidata}",
        "--service-allow",
        wikidata,
        "--engine",
        engine,
        "--format",
        "csv",
        "--lang",
        "all",
    )
    assert code == 0, err
    rows = _csv_rows(out)
    assert rows[0] == ["territory", "name", "nuts", "item", "population", "wikidata_label"]
    got = {(r[0].removeprefix(ID), r[1], int(float(r[4])), r[5]) for r in rows[1:]}
    assert len(got) == 10  # five provinces, a name in English and in Dutch each
    assert ("province-limburg", "provincie Limburg", 1000004, "Limburg (test)") in got
    assert ("province-antwerp", "Province of Antwerp", 1000001, "Antwerp (test)") in got
    assert {(t, p) for t, _, p, _ in got} == set(POPULATION.items())


def test_federated_aggregate_through_the_cli(capsys, shared_cache, wikidata: str) -> None:
    code, out, err = run_cli(
        capsys,
        "query",
        "federated-region-provinces",
        "--service-endpoint",
        f"wikidata={wikidata}",
        "--service-allow",
        wikidata,
        "--format",
        "csv",
    )
    assert code == 0, err
    rows = _csv_rows(out)
    assert rows[1][0] == ID + "flemish-region"
    assert (int(rows[1][1]), int(float(rows[1][2]))) == (5, sum(POPULATION.values()))


def test_federated_queries_are_listed(capsys) -> None:
    code, out, _ = run_cli(capsys, "queries", "--tag", "federated")
    assert code == 0
    assert "federated-province-population" in out and "federated-region-provinces" in out


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize(
    "allow",
    [
        [],  # nothing allowed (the default)
        ["--service-allow", "http://127.0.0.1:9/other-sparql"],  # something else allowed
    ],
    ids=["no-allow-list", "other-endpoint-allowed"],
)
def test_unlisted_service_is_refused_without_a_connection(
    capsys, shared_cache, recorder: Recorder, engine: str, allow: list[str]
) -> None:
    code, out, err = run_cli(
        capsys,
        "query",
        "federated-province-population",
        "--service-endpoint",
        f"wikidata={recorder.url}",
        *allow,
        "--engine",
        engine,
    )
    assert code == 2
    assert "SERVICE" in err and out == ""
    recorder.close()
    assert recorder.connections == 0


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_service_hidden_in_a_string_is_refused_without_a_connection(
    capsys, shared_cache, recorder: Recorder, wikidata: str, engine: str
) -> None:
    """rdflib would call the first SERVICE-looking text (here inside a string literal), not the
    allow-listed endpoint it parsed: refused before evaluation."""
    text = (
        f'SELECT * WHERE {{ BIND("SERVICE <{recorder.url}> {{ ?a ?b ?c }}" AS ?z) '
        f"SERVICE <{wikidata}> {{ ?s ?p ?o }} }} LIMIT 1"
    )
    code, _, err = run_cli(
        capsys, "query", "-e", text, "--service-allow", wikidata, "--engine", engine
    )
    assert code == 2 and "rdflib would call instead" in err
    recorder.close()
    assert recorder.connections == 0


def test_public_wikidata_is_the_default_endpoint(capsys, shared_cache) -> None:
    """Without --service-endpoint the query names the public endpoint; with no allow-list it
    is refused (nothing is contacted)."""
    code, _, err = run_cli(capsys, "query", "federated-province-population")
    assert code == 2 and "SERVICE is not allowed" in err
    from governance_graph.catalogue import Catalogue
    from governance_graph.paths import queries_dir

    for q in Catalogue.from_dir(queries_dir() / "federated"):
        assert f"SERVICE <{WIKIDATA}>" in q.text and "federated" in q.tags


# --------------------------------------------------------------------------- through serve


@contextlib.contextmanager
def _served(store: str, cache: Path, allow: tuple[str, ...], endpoint: str) -> Iterator:
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app
    from governance_graph.server.settings import ServerSettings
    from governance_graph.server.state import open_state

    old = os.environ.get("GOVERNANCE_GRAPH_CACHE_DIR")
    os.environ["GOVERNANCE_GRAPH_CACHE_DIR"] = str(cache)
    try:
        state = open_state(
            ServerSettings(
                engine=store,
                workers=1,
                allow_services=allow,
                service_endpoints=(("wikidata", endpoint),),
            )
        )
    finally:
        if old is None:
            os.environ.pop("GOVERNANCE_GRAPH_CACHE_DIR", None)
        else:
            os.environ["GOVERNANCE_GRAPH_CACHE_DIR"] = old
    try:
        with TestClient(create_app(state=state)) as client:
            yield client
    finally:
        state.close()


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_federated_stored_query_through_serve(
    module_cache: Path, wikidata: str, recorder: Recorder, store: str
) -> None:
    pytest.importorskip("starlette")
    with _served(store, module_cache, (wikidata,), wikidata) as client:
        listing = client.get("/api").json()
        assert "federated-province-population" in {q["name"] for q in listing["queries"]}
        answer = client.get("/api/federated-province-population", params={"format": "csv"})
        assert answer.status_code == 200, answer.text
        rows = _csv_rows(answer.text)
        got = {(r[0].removeprefix(ID), int(float(r[4]))) for r in rows[1:]}
        assert got == set(POPULATION.items())
        total = client.get(
            "/api/federated-region-provinces",
            params={"region_iri": "ggd:flemish-region", "format": "csv"},
        )
        assert total.status_code == 200, total.text
        assert int(float(_csv_rows(total.text)[1][2])) == sum(POPULATION.values())
        # not on the allow-list: 403, and the recording socket sees nothing
        refused = client.post(
            "/sparql",
            data={"query": f"SELECT * WHERE {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }}"},
        )
        assert refused.status_code == 403 and "allow-list" in refused.text
        hidden = client.post(
            "/sparql",
            data={
                "query": f'SELECT * WHERE {{ BIND("SERVICE <{recorder.url}> {{ ?a ?b ?c }}" '
                f"AS ?z) SERVICE <{wikidata}> {{ ?s ?p ?o }} }} LIMIT 1"
            },
        )
        assert hidden.status_code == 403, hidden.text
    recorder.close()
    assert recorder.connections == 0


def test_serve_refuses_stored_federated_query_when_not_allowed(
    module_cache: Path, recorder: Recorder
) -> None:
    pytest.importorskip("starlette")
    with _served("rdflib", module_cache, (), recorder.url) as client:
        answer = client.get("/api/federated-province-population")
        assert answer.status_code == 403 and "allow-list" in answer.text
    recorder.close()
    assert recorder.connections == 0


def test_the_recorder_does_see_connections(recorder: Recorder) -> None:
    """Control: a connection to the recording socket is counted (so 0 above means none)."""
    with contextlib.suppress(OSError):
        urllib.request.urlopen(recorder.url, timeout=2)
    recorder.close()
    assert recorder.connections == 1


def _redirecting_to(target: str) -> type[BaseHTTPRequestHandler]:
    """An allow-listed loopback 'endpoint' that answers every request with a redirect."""

    class Handler(BaseHTTPRequestHandler):
        def _redirect(self) -> None:
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _redirect

        def log_message(self, *args) -> None:  # quiet
            pass

    return Handler


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_allowed_endpoint_cannot_redirect_to_another_host(
    capsys, shared_cache, recorder: Recorder, engine: str
) -> None:
    with serving(_redirecting_to(recorder.url)) as redirector:
        url = f"http://127.0.0.1:{redirector.server_address[1]}/sparql"
        code, out, _err = run_cli(
            capsys,
            "query",
            "federated-province-population",
            "--service-endpoint",
            f"wikidata={url}",
            "--service-allow",
            url,
            "--engine",
            engine,
        )
    assert code == 2 and out == ""
    recorder.close()
    assert recorder.connections == 0
