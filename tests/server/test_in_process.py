"""Queries answered in the server's own process (:mod:`governance_graph.server.dispatch`): a
cheap query a worker has answered is answered in process next time, with the same bytes in
every format; what is refused, runs away, calls a SERVICE or fails there still goes to a worker,
which refuses or stops it as before; the rdflib engine answers everything in its workers."""

from __future__ import annotations

import asyncio
import time

import pytest

from governance_graph.server.dispatch import CHEAP, InProcess
from governance_graph.server.jobs import Cost, Job
from governance_graph.server.problems import HTTPProblem
from tests.server.serverkit import open_test_state

DIRECT = {"content-type": "application/sparql-query"}
LABELS = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?label WHERE { <https://w3id.org/governance-graph/id/vesoc> skos:prefLabel ?label } "
    "ORDER BY ?label"
)
ASK = "ASK { ?s a <https://w3id.org/governance-graph/ontology#Chair> }"
#: A cross product no store finishes quickly (8 000³ rows to count).
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ACCEPTS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]


@pytest.fixture(scope="module")
def oxigraph(cache_dir):
    """A TestClient on the oxigraph engine (1.5 s per query, 5 rows), its in-process store
    loaded."""
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app

    state = open_test_state("oxigraph", cache_dir, timeout=1.5, max_rows=5)
    try:
        assert state.answers.in_process is not None
        assert state.answers.in_process.wait_ready(120)
        with TestClient(create_app(state=state)) as c:
            c.state = state
            yield c
    finally:
        state.close()


def _in_process(client) -> dict:
    return client.get("/health").json()["in_process"]


def test_a_cheap_query_is_answered_in_process_with_the_same_bytes(oxigraph) -> None:
    for accept in ACCEPTS:
        for query in (LABELS, ASK):
            before = _in_process(oxigraph)["answered"]
            answers = [
                oxigraph.post("/sparql", content=query.encode(), headers={**DIRECT, "accept": a})
                for a in (accept, accept, accept)
            ]
            assert [r.status_code for r in answers] == [200, 200, 200], answers[0].text
            # at least the second and third in process (the format does not count: a text
            # answered by a worker in one format is known to be cheap in all of them)
            assert _in_process(oxigraph)["answered"] >= before + 2
            assert answers[0].content == answers[1].content == answers[2].content
            assert answers[0].headers["content-type"] == answers[2].headers["content-type"]


def test_the_in_process_answer_is_the_workers_byte_for_byte(oxigraph) -> None:
    """A new text: the first answer is a worker's, the second comes from the server's process."""
    query = LABELS.replace("?label", "?name")
    for accept in ACCEPTS:
        lane = oxigraph.state.answers.in_process
        lane.forget(Job(query=query))
        before = _in_process(oxigraph)["answered"]
        first = oxigraph.post(
            "/sparql", content=query.encode(), headers={**DIRECT, "accept": accept}
        )
        middle = _in_process(oxigraph)["answered"]
        second = oxigraph.post(
            "/sparql", content=query.encode(), headers={**DIRECT, "accept": accept}
        )
        assert middle == before  # a worker answered the first
        assert _in_process(oxigraph)["answered"] == before + 1  # the process, the second
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert first.headers["content-type"] == second.headers["content-type"]


def test_a_runaway_query_is_still_stopped_by_its_worker(oxigraph) -> None:
    for _ in range(2):
        r = oxigraph.post("/sparql", content=CROSS.encode(), headers=DIRECT)
        assert r.status_code == 503 and "time limit of 1.5 s" in r.text
    assert Job(query=CROSS).key() not in oxigraph.state.answers.in_process._known
    # the killed workers are replaced (before the next test asks for one)
    deadline = time.monotonic() + 60
    while len(oxigraph.state.pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(oxigraph.state.pool.pids()) == 2


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("LOAD <file:///etc/passwd>", 403, "LOAD"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "allow-list"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 400, "FROM"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 6", 422, "more than 5 rows"),
        ("SELECT * WHERE { ?s ?p }", 400, "syntax"),
    ],
)
def test_refusals_are_the_workers_every_time(oxigraph, query, status, words) -> None:
    for _ in range(3):
        r = oxigraph.post("/sparql", content=query.encode(), headers=DIRECT)
        assert r.status_code == status and words in r.text
        assert r.text.count("\n") == 1
    assert Job(query=query).key() not in oxigraph.state.answers.in_process._known


def test_an_allowed_service_call_is_never_answered_in_process(oxigraph) -> None:
    """The allow-listed endpoint is absent: the call fails (400) in the worker every time."""
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/allowed-sparql> { ?s ?p ?o } }"
    for _ in range(2):
        r = oxigraph.post("/sparql", content=query.encode(), headers=DIRECT)
        assert r.status_code in (200, 400), r.text
    assert Job(query=query).key() not in oxigraph.state.answers.in_process._known


def test_a_worker_says_what_answering_cost() -> None:
    """The cost a worker sends back: the kind, the seconds of the answer, a SERVICE call."""
    from governance_graph.server.workers import WorkerSpec, handle_job

    class Store:  # answers at once
        def reply(self, kind, parsed, job):
            return (200, "text/plain", kind.encode(), {})

    allowed = "http://127.0.0.1:9/allowed-sparql"
    spec = WorkerSpec("oxigraph", "unused.nq", allow_services=(allowed,))
    service = f"SELECT * WHERE {{ ?s ?p ?o SERVICE <{allowed}> {{ ?s ?p ?o }} }}"
    for query, kind, calls in [
        (LABELS, "SELECT", False),
        (ASK, "ASK", False),
        (service, "SELECT", True),
    ]:
        reply, cost = handle_job(Store(), spec, Job(query=query))
        assert reply[2] == kind.encode()
        assert (cost.kind, cost.calls_service) == (kind, calls)
        assert cost.seconds >= 0


def test_not_acceptable_in_process_is_the_workers_406(oxigraph) -> None:
    oxigraph.post("/sparql", content=LABELS.encode(), headers=DIRECT)  # known to be cheap
    r = oxigraph.post(
        "/sparql", content=LABELS.encode(), headers={**DIRECT, "accept": "text/turtle"}
    )
    assert r.status_code == 406 and "application/sparql-results+json" in r.text


def _lane(state) -> InProcess:
    lane = state.answers.in_process
    assert lane is not None and lane.store is not None
    return lane


def test_what_is_learnt(oxigraph) -> None:
    lane = _lane(oxigraph.state)
    quick = Cost("SELECT", CHEAP / 2, calls_service=False)
    cases = {
        "SELECT ?a WHERE { ?a ?b ?c } LIMIT 1": (quick, None, True),
        "SELECT ?b WHERE { ?a ?b ?c } LIMIT 1": (Cost("SELECT", CHEAP * 2, False), None, False),
        "SELECT ?c WHERE { ?a ?b ?c } LIMIT 1": (Cost("SELECT", 0.0, True), None, False),
        "CONSTRUCT WHERE { ?a ?b ?c } LIMIT 1": (Cost("CONSTRUCT", 0.0, False), None, False),
        "SELECT ?a ?b WHERE { ?a ?b ?c } LIMIT 1": (quick, "en", False),
        "SELECT ?a ?c WHERE { ?a ?b ?c } LIMIT 1 #" + "x" * 30_000: (quick, None, False),
    }
    for text, (cost, lang, learnt) in cases.items():
        job = Job(query=text, lang=lang)
        lane.learn(job, cost)
        assert (job.key() in lane._known) is learnt, text[:60]
        lane.forget(job)


def test_a_failure_in_process_goes_back_to_a_worker(cache_dir) -> None:
    """Known to be cheap with a higher row limit, the same text asked with a lower one fails
    in process (more rows than allowed): it is forgotten, and the worker gives the 422."""
    state = open_test_state("oxigraph", cache_dir)
    try:
        lane = _lane(state) if state.answers.in_process.wait_ready(120) else None
        assert lane is not None
        text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"

        async def scenario() -> tuple[int, int, str]:
            await state.answers.run(Job(query=text, max_rows=10), timeout=10)
            assert Job(query=text).key() in lane._known
            answered = lane.answered
            await state.answers.run(Job(query=text, max_rows=10), timeout=10)
            assert lane.answered == answered + 1
            try:
                await state.answers.run(Job(query=text, max_rows=2), timeout=10)
            except HTTPProblem as problem:
                return problem.status, lane.answered - answered, str(problem)
            raise AssertionError("no refusal")

        status, answered, message = asyncio.run(scenario())
        assert status == 422 and "more than 2 rows" in message
        assert answered == 1  # the refusal was the worker's
        assert Job(query=text).key() not in lane._known
    finally:
        state.close()


def test_the_rdflib_engine_answers_everything_in_its_workers(client) -> None:
    if client.engine != "rdflib":
        pytest.skip("about the rdflib engine")
    for _ in range(2):
        assert client.post("/sparql", content=ASK.encode(), headers=DIRECT).status_code == 200
    assert client.get("/health").json()["in_process"] == {"in_use": False}
