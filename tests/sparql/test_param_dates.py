"""Date parameters: ``YYYY-MM-DD`` or ``today``, the word read when the query is bound (not when
its file is read), for the header's default and for a value alike; a bad value is one line
naming the parameter."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef

from governance_graph import param_dates
from governance_graph.catalogue import parse_query
from governance_graph.params import ParameterError, bind, parameter_from_variable, to_term

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
QUERY = """#+ defaults:
#+   - date: today
SELECT ?s WHERE { ?s <urn:since> ?since FILTER(?since <= ?_date) }
"""


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """A settable "today"."""
    now = {"date": dt.date(2026, 1, 1)}
    monkeypatch.setattr(param_dates, "today", lambda: now["date"])
    return now


def test_a_bare_date_variable_is_a_date_parameter() -> None:
    p = parameter_from_variable("_date", "today")
    assert (p.name, p.kind, p.default) == ("date", "date", "today")
    assert p.describe() == "date (date, default today)"


def test_the_default_today_is_read_when_the_query_is_bound(clock) -> None:
    query = parse_query(QUERY, name="demo")
    assert query.parameter("date").default == "today"
    assert bind(query, {}) == {"_date": Literal("2026-01-01", datatype=XSD_DATE)}
    clock["date"] = dt.date(2026, 1, 2)  # the same parsed query, bound a day later
    assert bind(query, {}) == {"_date": Literal("2026-01-02", datatype=XSD_DATE)}


def test_today_may_be_given_as_a_value(clock) -> None:
    query = parse_query(QUERY, name="demo")
    assert bind(query, {"date": " today "})["_date"] == Literal("2026-01-01", datatype=XSD_DATE)
    assert bind(query, {"date": "1980-01-01"})["_date"] == Literal("1980-01-01", datatype=XSD_DATE)


def test_without_a_fixed_clock_today_is_the_local_date() -> None:
    term = to_term(parameter_from_variable("_date"), "today")
    assert term.datatype == XSD_DATE
    assert str(term) in {dt.date.today().isoformat(), param_dates.today().isoformat()}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("yesterday", "use the ISO form YYYY-MM-DD or 'today'"),
        ("Today", "use the ISO form YYYY-MM-DD or 'today'"),
        ("1980", "use the ISO form YYYY-MM-DD or 'today'"),
        ("1980-01-01T00:00:00", "use the ISO form YYYY-MM-DD or 'today'"),
        ("2026-02-30", "day is out of range"),
        ("", "use the ISO form YYYY-MM-DD or 'today'"),
    ],
)
def test_a_bad_date_is_one_line_naming_the_parameter(value: str, reason: str) -> None:
    query = parse_query(QUERY, name="demo")
    with pytest.raises(ParameterError) as info:
        bind(query, {"date": value})
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("parameter 'date' expects a date (YYYY-MM-DD or today)")
    assert reason in message


def test_a_bad_default_is_reported_with_its_line() -> None:
    from governance_graph.catalogue import QueryFileError

    with pytest.raises(QueryFileError, match=r"<demo>:1: bad default: parameter 'date'"):
        parse_query(QUERY.replace("today", "tomorrow"), name="demo")
