"""Every bundled stored query gives the same answers (by value) on:

* the embedded rdflib store (the reference engine),
* the embedded Oxigraph store (pyoxigraph),
* an ``oxigraph serve`` server the graph was pushed into (Graph Store Protocol), queried
  through :mod:`governance_graph.sparql_endpoint_client`,
* Virtuoso Open Source 7, started from its own ``virtuoso.ini`` in a temporary folder on
  loopback ports, pushed to with Digest auth at ``/sparql-graph-crud-auth`` (skipped when
  ``virtuoso-t`` is not installed), queried through
  :mod:`governance_graph.sparql_endpoint_client` too.

Parameters are bound by :func:`governance_graph.params.insert_values` (defaults), the code path of
the CLI, the API and the web API: a ``VALUES`` block at the start of the ``WHERE`` group, which
Virtuoso binds like every other engine (it joins a trailing ``VALUES`` clause after projection).

Answers are compared by value (numbers by value, ``xsd:string`` = plain literal, blank nodes
anonymous, rows as multisets), as Oxigraph types plain literals ``xsd:string``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from governance_graph.catalogue import Catalogue
from governance_graph.params import bind, insert_values
from tests.helpers.processes import oxigraph_cli
from tests.server.external_stores import (
    norm_answer,
    norm_result,
    oxigraph_server,
    virtuoso_server,
)

GRAPH = "https://w3id.org/governance-graph/graph/closure"


def _stored() -> list:
    return list(Catalogue.bundled())


STORED = _stored()
NAMES = [q.name for q in STORED]


def _text(query) -> str:
    return insert_values(query.text, bind(query, {}))


@pytest.fixture(scope="module")
def served(cache_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The served dataset written once, the closure, and both embedded stores."""
    from governance_graph.api import load
    from governance_graph.engines.served import build_dataset
    from governance_graph.server.stores import open_store

    old = os.environ.get("GOVERNANCE_GRAPH_CACHE_DIR")
    os.environ["GOVERNANCE_GRAPH_CACHE_DIR"] = str(cache_dir)
    try:
        closure = load().closure()
    finally:
        if old is not None:
            os.environ["GOVERNANCE_GRAPH_CACHE_DIR"] = old
    folder = tmp_path_factory.mktemp("stores")
    nquads = build_dataset(closure).write_nquads(folder / "d.nq")
    return {
        "closure": closure,
        "rdflib": open_store("rdflib", nquads),
        "oxigraph": open_store("oxigraph", nquads),
    }


_REFERENCE: dict[str, object] = {}


def reference(served, query) -> object:
    """The rdflib store's answer (computed once per query per session)."""
    from governance_graph.server.security import check_query

    if query.name not in _REFERENCE:
        text = _text(query)
        answer = served["rdflib"].run(
            check_query(text), text, default_graphs=None, named_graphs=None, max_rows=10**7
        )
        _REFERENCE[query.name] = norm_answer(answer)
    return _REFERENCE[query.name]


def test_there_are_stored_queries() -> None:
    assert len(STORED) >= 5


@pytest.mark.parametrize("query", STORED, ids=NAMES)
def test_both_embedded_stores_agree(served, query) -> None:
    from governance_graph.server.security import check_query

    text = _text(query)
    oxi = served["oxigraph"].run(
        check_query(text), text, default_graphs=None, named_graphs=None, max_rows=10**7
    )
    assert norm_answer(oxi) == reference(served, query)


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
@pytest.mark.parametrize("query", STORED, ids=NAMES)
def test_the_oxigraph_stores_own_writer_agrees(served, query, fmt) -> None:
    """What the endpoint sends for a SELECT on oxigraph, written by pyoxigraph itself, holds the
    reference rows."""
    import io

    from rdflib.query import Result

    from governance_graph.server.jobs import Job
    from governance_graph.server.security import check_query

    text = _text(query)
    kind = check_query(text).kind
    accept = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml"}
    reply = served["oxigraph"].reply(
        kind, None, Job(query=text, format=fmt, accept=accept.get(fmt), max_rows=10**7)
    )
    assert reply[0] == 200
    parsed = Result.parse(io.BytesIO(reply[2]), format=fmt)
    assert norm_result(parsed) == reference(served, query)


@pytest.fixture(scope="module")
def oxigraph_endpoint(served, tmp_path_factory):
    if oxigraph_cli() is None:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    from governance_graph.graph_store_client import Auth, push

    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-db")) as base:
        result = push(served["closure"], base + "/store", graph_iri=None, auth=Auth())
        assert result.triples == len(served["closure"])
        yield base + "/query"


@pytest.mark.parametrize("query", STORED, ids=NAMES)
def test_oxigraph_server_agrees(served, oxigraph_endpoint, query) -> None:
    from governance_graph.sparql_endpoint_client import run

    answer = run(_text(query), oxigraph_endpoint, timeout=120)
    assert norm_result(answer) == reference(served, query)


@pytest.fixture(scope="module")
def virtuoso_endpoint(served, tmp_path_factory):
    from governance_graph.graph_store_client import Auth, push

    with virtuoso_server(tmp_path_factory.mktemp("virtuoso-db")) as base:
        result = push(
            served["closure"],
            base + "/sparql-graph-crud-auth",
            graph_iri=GRAPH,
            auth=Auth("digest", user="dba", password="dba"),
        )
        assert result.triples == len(served["closure"])
        yield f"{base}/sparql?default-graph-uri={GRAPH}"


@pytest.mark.parametrize("query", STORED, ids=NAMES)
def test_virtuoso_agrees(served, virtuoso_endpoint, query) -> None:
    from governance_graph.sparql_endpoint_client import run

    answer = run(_text(query), virtuoso_endpoint, timeout=150)
    assert norm_result(answer) == reference(served, query)
