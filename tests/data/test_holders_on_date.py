"""``holders-on-date``: who held which seat or post, or coordinated which body, on a date.

Expected answers written by hand from the two source documents:

* The profile ("Framework and setting") has the sub-regional employment committees begin in
  1974 as advisory committees of the National Employment Service and become independent "in
  the 1990s": that tie holds in 1980, may or may not hold in 1995 (the profile does not say
  when in the decade it ended), and no longer holds in 2000 or 2026.
* The RESOCs and SERRs date from 2005 ("Partnerships at work"): their coordinators and seats
  (which the profile gives no dates) are listed, as "not stated", from 2005 on, and not in 1980.
* Neither document dates VESOC, its seats, its contact persons, the guidance committee or
  BNCTO-Brussels: they are listed on every date, as "not stated".
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from governance_graph import param_dates

from .stored_answers import COORDINATOR_ROWS, RESOCS, SERRS, i, run

NES_TIE = {
    "person": i("subregional-employment-committees"),
    "name": "sub-regional employment committees",
    "role": "advisory committee",
    "body": i("national-employment-service"),
    "body_name": "National Employment Service",
    "begin": "1974",
    "end": "the 1990s",
    "tie": i("membership-subregional-employment-committees-national-employment-service"),
}


def holders(kg, catalogue, day: str | None, lang: str = "en") -> list[dict[str, object]]:
    params = {} if day is None else {"date": day}
    return run(kg, catalogue, "holders-on-date", params, lang=lang)


def nes_tie(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [r for r in rows if r["body"] == i("national-employment-service")]


@pytest.mark.parametrize(
    ("day", "period"),
    [
        ("1973-12-31", None),
        ("1974-01-01", "uncertain"),  # some time in 1974
        ("1980-01-01", "stated"),
        ("1989-12-31", "stated"),
        ("1990-06-01", "uncertain"),  # some time in the 1990s
        ("1995-06-01", "uncertain"),
        ("1999-12-31", "uncertain"),
        ("2000-01-01", None),
        ("2026-01-01", None),
    ],
)
def test_the_employment_committees_tie_holds_from_1974_into_the_1990s(
    kg, catalogue, day: str, period: str | None
) -> None:
    rows = nes_tie(holders(kg, catalogue, day))
    if period is None:
        assert rows == []
    else:
        assert rows == [{**NES_TIE, "period": period}]


def test_the_end_within_the_1990s_is_named_in_each_language(kg, catalogue) -> None:
    (row,) = nes_tie(holders(kg, catalogue, "1980-01-01", lang="nl"))
    assert (row["begin"], row["end"], row["role"]) == ("1974", "de jaren 1990", "adviescomité")


def test_only_that_tie_has_a_period(kg, catalogue) -> None:
    for day in ("1980-01-01", "2026-01-01"):
        for row in holders(kg, catalogue, day):
            if row["tie"] != NES_TIE["tie"]:
                assert (row["begin"], row["end"], row["period"]) == (None, None, "not stated")


def coordinators(rows: list[dict[str, object]]) -> set[tuple[object, object]]:
    return {(r["name"], r["body"]) for r in rows if r["role"] == "coordinator"}


def test_coordinators_are_listed_from_2005_without_a_period(kg, catalogue) -> None:
    listed = {(name, body) for name, _, body in COORDINATOR_ROWS}
    for day in ("2005-06-01", "2026-01-01"):
        assert coordinators(holders(kg, catalogue, day)) == listed
    # Before 2005 only BNCTO-Brussels, which neither document dates.
    assert coordinators(holders(kg, catalogue, "1980-01-01")) == {
        ("Daevy Amerlynck", i("bncto-brussels"))
    }


def test_resoc_and_serr_seats_are_not_held_before_the_bodies_exist(kg, catalogue) -> None:
    bodies = RESOCS | SERRS
    early = {r["body"] for r in holders(kg, catalogue, "2004-12-31")} & bodies
    late = {r["body"] for r in holders(kg, catalogue, "2026-01-01")} & bodies
    assert early == set()
    assert late == bodies


def test_undated_bodies_are_listed_on_every_date(kg, catalogue) -> None:
    for day in ("1980-01-01", "2026-01-01"):
        rows = holders(kg, catalogue, day)
        vesoc = {(r["name"], r["role"]) for r in rows if r["body"] == i("vesoc")}
        assert ("Pieter Kerremans", "contact person") in vesoc
        assert ("Helga Coppen", "contact person") in vesoc
        assert ("Flemish social partners", "member") in vesoc  # the 16 seats
        assert ("Minister-President of the Flemish Government", "chair") in vesoc  # ex officio
        assert all(r["period"] == "not stated" for r in rows if r["body"] == i("vesoc"))


def test_the_default_is_today(kg, catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(param_dates, "today", lambda: dt.date(1980, 1, 1))
    assert holders(kg, catalogue, None) == holders(kg, catalogue, "1980-01-01")
    monkeypatch.setattr(param_dates, "today", lambda: dt.date(2026, 1, 1))
    assert holders(kg, catalogue, None) == holders(kg, catalogue, "2026-01-01")


# --------------------------------------------------------------------------- command line


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_command_line_on_both_engines(script_env, engine: str) -> None:
    from tests.helpers.processes import run_script

    def ties(day: str) -> dict[str, str]:
        proc = run_script(
            "query", "holders-on-date", "--param", f"date={day}", "--lang", "en",
            "--format", "csv", "--engine", engine, env=script_env,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return {row["tie"]: row["period"] for row in csv.DictReader(io.StringIO(proc.stdout))}

    assert ties("1980-01-01")[NES_TIE["tie"]] == "stated"
    assert ties("1995-06-01")[NES_TIE["tie"]] == "uncertain"
    late = ties("2026-01-01")
    assert NES_TIE["tie"] not in late
    assert late[i("membership-tine-decuypere-resoc-brugge")] == "not stated"


@pytest.mark.parametrize("bad", ["yesterday", "1980", "01-01-1980", "1980-02-30", ""])
def test_a_bad_date_is_one_line_naming_the_parameter(script_env, bad: str) -> None:
    from tests.helpers.processes import error_line, run_script

    proc = run_script("query", "holders-on-date", "--param", f"date={bad}", env=script_env)
    assert proc.returncode == 2
    assert error_line(proc).startswith("parameter 'date' expects a date (YYYY-MM-DD or today)")
