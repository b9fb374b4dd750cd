"""The stored-query web API binds a date parameter as the command line does: ``?date=`` takes
``YYYY-MM-DD`` or ``today``, the default ``today`` is the date of the request, and a bad value
is a 400 with one line naming the parameter. Over the bundled ``holders-on-date``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from governance_graph import param_dates
from tests.helpers.paths import REPO
from tests.server.serverkit import open_test_state

TIE = (
    "https://w3id.org/governance-graph/id/"
    "membership-subregional-employment-committees-national-employment-service"
)


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def bundled_client(request: pytest.FixtureRequest, cache_dir: Path) -> Iterator:
    from starlette.testclient import TestClient

    from governance_graph.server.app import create_app

    state = open_test_state(request.param, cache_dir, queries=REPO / "queries")
    try:
        with TestClient(create_app(state=state)) as c:
            yield c
    finally:
        state.close()


def periods(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return {row["tie"]["value"]: row["period"]["value"] for row in rows}


def test_a_date_in_the_url(bundled_client) -> None:
    get = bundled_client.get
    assert periods(get("/api/holders-on-date", params={"date": "1980-01-01"}))[TIE] == "stated"
    assert TIE not in periods(get("/api/holders-on-date", params={"date": "2026-01-01"}))


def test_the_default_is_the_day_of_the_request(bundled_client, monkeypatch) -> None:
    monkeypatch.setattr(param_dates, "today", lambda: dt.date(1995, 6, 1))
    for params in ({}, {"date": "today"}):
        got = periods(bundled_client.get("/api/holders-on-date", params=params))
        assert got[TIE] == "uncertain", params


def test_a_bad_date_is_a_400_naming_the_parameter(bundled_client) -> None:
    r = bundled_client.get("/api/holders-on-date", params={"date": "yesterday"})
    assert r.status_code == 400
    assert "parameter 'date' expects a date (YYYY-MM-DD or today)" in r.text
    assert r.text.count("\n") <= 1


def test_the_openapi_document_allows_today(bundled_client) -> None:
    doc = bundled_client.get("/api/openapi.json").json()
    (param,) = [
        p for p in doc["paths"]["/api/holders-on-date"]["get"]["parameters"] if p["name"] == "date"
    ]
    assert param["schema"]["default"] == "today"
    assert {"const": "today"} in param["schema"]["anyOf"]
    assert {"format": "date"} in param["schema"]["anyOf"]
