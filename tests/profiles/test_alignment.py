"""docs/alignment.md is generated from the ontology's axioms and the profiles' tables."""

from __future__ import annotations

import doctest

import pytest

from governance_graph import alignment, profiles
from tests.helpers.paths import REPO

# Beside the tests in the source tree (the installed package has no docs/).
COMMITTED = REPO / "docs" / "alignment.md"


@pytest.mark.skipif(not COMMITTED.is_file(), reason="docs/ is not beside these tests")
def test_committed_table_is_up_to_date() -> None:
    regenerated = alignment.render_markdown(alignment.alignment_rows())
    assert COMMITTED.read_text(encoding="utf-8") == regenerated, (
        "docs/alignment.md is stale: run python -m governance_graph.alignment --write"
    )


def test_every_term_is_in_every_profile_table() -> None:
    rows = alignment.alignment_rows()
    assert len(rows) > 50
    for row in rows:
        for cell in (row.oslo_profile, row.cpov_profile, row.schema_profile):
            assert "missing from the profile's table" not in cell, row.term


def test_profile_tables_name_only_our_terms() -> None:
    ours = {row.term for row in alignment.alignment_rows()}
    for name in profiles.profile_names():
        table = alignment.profile_table(profiles.get_profile(name).readme)
        assert set(table) <= ours, set(table) - ours


def test_axiom_columns() -> None:
    rows = {row.term: row for row in alignment.alignment_rows()}
    assert rows["gg:Chair"].org == "⊑ org:Post"
    assert rows["gg:frequency"].cpov == "⊑ cv:frequency"
    assert rows["gg:FundingLink"].schema == "⊑ schema:MonetaryGrant"
    assert "(via gg:TripartiteBody)" in rows["gg:RESOC"].org
    assert rows["gg:RESOC"].kind == "class" and rows["gg:seatCount"].kind == "property"


def test_time_terms_have_their_axioms_and_every_profile_says_what_it_writes() -> None:
    rows = {row.term: row for row in alignment.time_rows()}
    assert set(rows) == {term for term, _ in alignment.TIME_TERMS}
    for row in rows.values():
        for cell in (row.oslo_profile, row.cpov_profile, row.schema_profile):
            assert "missing from the profile's table" not in cell, row.term
    assert rows["org:memberDuring"].axioms == "range time:Interval"
    assert rows["time:hasEnd"].axioms == "domain time:TemporalEntity; range time:Instant"
    assert rows["org:memberDuring"].oslo_profile.startswith("`org:memberDuring` (lidVanTot)")
    assert "## Time" in alignment.render_markdown(alignment.alignment_rows())


def test_check_mode(tmp_path, capsys) -> None:
    stale = tmp_path / "alignment.md"
    stale.write_text("old", encoding="utf-8")
    assert alignment.main(["--check", "--output", str(stale)]) == 1
    assert alignment.main(["--write", "--output", str(stale)]) == 0
    assert alignment.main(["--check", "--output", str(stale)]) == 0


def test_doctests() -> None:
    assert doctest.testmod(alignment).failed == 0
