"""The template (templates/, mappings/lookups/) is what its script writes, byte for byte; it
ingests back into what the bundled graph says; export --template writes the same workbook for
the graph or a selection of its bodies, labels that look like formulas as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from governance_graph import paths
from governance_graph.ingest.columns import ORDER
from governance_graph.ingest.lookups import SCHEMES, Lookup
from governance_graph.ingest.template import workbook_bytes, write_templates

from .conftest import requires_morph_kgc


def test_the_committed_templates_are_what_the_script_writes(tmp_path: Path) -> None:
    written = write_templates(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {
        "templates/bodies.xlsx",
        "templates/csv/README.md",
        *(f"templates/csv/{s.name}.csv" for s in ORDER),
        *(f"mappings/lookups/{name}.csv" for name in SCHEMES),
    }
    for path in written:
        committed = paths.bundled_root() / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is not what python -m governance_graph.ingest.template --write writes"
        )


def test_the_workbook_has_a_readme_and_one_sheet_per_kind() -> None:
    import openpyxl

    book = openpyxl.load_workbook(paths.templates_dir() / "bodies.xlsx")
    assert book.sheetnames == ["README", *(s.name for s in ORDER)]
    readme = [c for row in book["README"].iter_rows(values_only=True) for c in row if c]
    for sheet in ORDER:
        assert f"sheet {sheet.name} / blad {sheet.nl}" in readme
        for column in sheet.columns:
            assert column.header in readme and column.help_en in readme and column.help_nl in readme
    assert "tripartite body" in readme and "tripartiet orgaan" in readme
    assert "advisory attendee (no vote)" in readme
    assert "a representative of a kind of organisation" in readme
    header = [c.value for c in book["seats"][1]]
    assert header[:3] == ["id", "body / orgaan", "name in English / naam in het Engels"]
    assert [c.value for c in book["bodies"][2]][:5] == [
        "serr-brugge",
        "SERR Brugge",
        "SERR Brugge",
        "SERR",
        "Bruges (sub-region)",
    ]


@requires_morph_kgc
@pytest.mark.parametrize("template", ["bodies.xlsx", "csv"])
def test_the_template_ingests_into_what_the_graph_says(gg, tmp_path: Path, template: str) -> None:
    out = tmp_path / "out.ttl"
    done = gg("ingest", paths.templates_dir() / template, "-o", out)
    assert "51 triples, conform" in done.stderr
    bundled = Graph()
    for path in paths.data_files():
        bundled.parse(path)
    assert [t for t in Graph().parse(out) if t not in bundled] == []


def test_export_writes_the_workbook_for_a_selection(gg, tmp_path: Path) -> None:
    import openpyxl

    workbook = tmp_path / "vesoc.xlsx"
    done = gg(
        "export", "--template", workbook, "--body", "ggd:vesoc", "--body", "VESOC working group"
    )
    assert done.stderr == (
        f"{workbook}: rows written: bodies 2, seats 11, chairs 2, people 3, memberships 3, "
        "funding 0, sources 4\n"
    )
    book = openpyxl.load_workbook(workbook)
    assert [r[0] for r in book["bodies"].iter_rows(min_row=2, values_only=True)] == [
        "vesoc",
        "vesoc-working-group",
    ]
    seat = next(
        r
        for r in book["seats"].iter_rows(min_row=2, values_only=True)
        if r[0] == "vesoc-seat-social-partners"
    )
    assert seat[1:9] == (
        "VESOC",
        "16 seats of the Flemish social partners in VESOC",
        "16 zetels van de Vlaamse sociale partners in het VESOC",
        "member",
        "social partners (employers and employees)",
        16,
        "yes",
        "Flemish social partners",
    )
    again = tmp_path / "again.xlsx"
    gg("export", "--template", again, "--body", "ggd:vesoc", "--body", "ggd:vesoc-working-group")
    assert again.read_bytes() == workbook.read_bytes()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--body", "ggd:vesoc"], "Error: --body goes with --template FILE.xlsx"),
        (
            ["--template", "w.xlsx", "-o", "x.ttl"],
            "Error: --template writes a workbook: it does not go with --format, --inferred, "
            "--profile or -o",
        ),
        (
            ["--template", "w.xlsx", "--format", "nt"],
            "Error: --template writes a workbook: it does not go with --format, --inferred, "
            "--profile or -o",
        ),
        (
            ["--template", "w.csv"],
            "Error: --template writes an Excel workbook: w.csv does not end in .xlsx",
        ),
    ],
)
def test_what_does_not_go_with_template(gg, tmp_path: Path, args: list[str], line: str) -> None:
    done = gg("export", *args, code=2, cwd=tmp_path)
    assert done.stderr.splitlines()[-1] == line
    assert list(tmp_path.iterdir()) == []


def test_a_label_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    import openpyxl

    from governance_graph.ingest.checks import Problems
    from governance_graph.ingest.workbook import read_tables

    lookups = {name: Lookup.bundled(name) for name in SCHEMES}
    rows = {
        "bodies": [{"id": "x", "name_en": '=HYPERLINK("https://example.org")', "name_nl": "-x"}]
    }
    path = tmp_path / "w.xlsx"
    path.write_bytes(workbook_bytes(rows, lookups))
    cells = openpyxl.load_workbook(path)["bodies"][2]
    assert [(c.value, c.data_type) for c in cells[1:3]] == [
        ('=HYPERLINK("https://example.org")', "s"),
        ("-x", "s"),
    ]
    problems = Problems()
    read = read_tables(path, "w.xlsx", problems)
    assert read["bodies"].records[0].cells["name_en"] == '=HYPERLINK("https://example.org")'
    assert problems.lines == []
