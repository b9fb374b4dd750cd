"""`governance-graph release` as a user runs it, on a copy of the checkout."""

from __future__ import annotations

from pathlib import Path

from governance_graph.releases import read_releases


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*.ttl"))}


def test_release_records_and_reports(gg, checkout):
    proc = gg("release", "0.9.0", "--root", checkout, "--date", "2026-12-31", "--note", "More")
    assert "release 0.9.0 recorded (2026-12-31T00:00:00Z)" in proc.stdout
    last = read_releases(checkout)[-1]
    assert (last.version, last.notes_en) == ("0.9.0", "More")


def test_bad_input_is_one_line_and_changes_nothing(gg, checkout):
    before = _files(checkout)
    last = read_releases(checkout)[-1].version
    cases = [
        ([last], f"not greater than the last release, {last}"),
        (["2.0"], "expected MAJOR.MINOR.PATCH"),
        (["0.9.0", "--date", "5 December"], "--date '5 December': expected a date"),
        (["0.9.0", "--date", "2026-12-05T10:00"], "give a time zone"),
        (["0.9.0", "--date", "2020-01-01"], "is before the last release's"),
    ]
    for args, message in cases:
        proc = gg("release", *args, "--root", checkout, code=2)
        assert message in proc.stderr, proc.stderr
    assert _files(checkout) == before


def test_a_graph_that_does_not_conform_is_not_released(gg, checkout):
    bad = checkout / "data" / "zz-bad.ttl"
    bad.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "<https://w3id.org/governance-graph/id/nobody> a org:Membership .\n"
    )
    before = _files(checkout)
    proc = gg("release", "0.9.0", "--root", checkout, code=2)
    assert "does not conform to its shapes" in proc.stderr
    assert _files(checkout) == before


def test_a_folder_that_is_not_a_checkout_is_refused(gg, tmp_path):
    proc = gg("release", "0.9.0", "--root", tmp_path, code=2)
    assert "no data/*.ttl to release" in proc.stderr
