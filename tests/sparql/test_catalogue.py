"""Stored-query catalogue: grlc headers, parameter discovery, lookup with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance_graph.catalogue import (
    Catalogue,
    QueryFileError,
    UnknownQueryError,
    load_query,
    parse_query,
)
from governance_graph.errors import GovernanceGraphError
from tests.helpers.paths import FIXTURES

QUERY_FIXTURES = FIXTURES / "queries"


def header(*lines: str, body: str = "SELECT * WHERE { ?s ?p ?o }") -> str:
    return "\n".join(f"#+ {line}" if line else "#+" for line in lines) + "\n" + body


# --------------------------------------------------------------------------- headers


def test_fixture_header_fields() -> None:
    q = load_query(QUERY_FIXTURES / "bodies.rq")
    assert q.name == "bodies"
    assert q.path == QUERY_FIXTURES / "bodies.rq"
    assert q.summary == "Consultation bodies with their labels"
    assert q.description == (
        "Every consultation body and its preferred label.\n"
        "Labels come in every language; the renderer picks one (--lang)."
    )
    assert q.tags == ["bodies", "labels"]
    assert q.parameters == []
    assert q.text.startswith("#+ summary:")


def test_folded_plain_description_and_flow_list() -> None:
    q = load_query(QUERY_FIXTURES / "chair-of.rq")
    assert q.description == "The chair post of the body given as body_iri, with its label."
    assert q.tags == ["chairs"]


def test_defaults_and_enumerate() -> None:
    q = load_query(QUERY_FIXTURES / "seats-of-size.rq")
    assert q.defaults == {"count_integer": "16"}
    assert q.enumerate == ["count_integer"]
    (p,) = q.parameters
    assert (p.name, p.kind, p.default, p.required) == ("count_integer", "integer", "16", False)


def test_folded_block_scalar_and_quotes() -> None:
    q = parse_query(
        header(
            "summary: 'It''s quoted'  # trailing comment",
            "description: >",
            "  one",
            "  two",
            "",
            "  three",
            "tags: [a, b c]",
        ),
        name="q",
    )
    assert q.summary == "It's quoted"
    assert q.description == "one two\nthree"
    assert q.tags == ["a", "b c"]


def test_double_quoted_escapes_and_values_stay_strings() -> None:
    q = parse_query(header('summary: "tab\\there: \\"x\\""'), name="q")
    assert q.summary == 'tab\there: "x"'
    q2 = parse_query(
        header("defaults:", "  - flag: no", body="SELECT * { ?s ?p ?_flag }"),
        name="q2",
    )
    assert q2.defaults == {"flag": "no"}  # YAML would have made this False


def test_grlc_keys_are_kept_as_extra() -> None:
    q = parse_query(header("summary: s", "method: GET", "pagination: 100"), name="q")
    assert q.extra == {"method": "GET", "pagination": "100"}


def test_no_header_at_all() -> None:
    q = parse_query("ASK {}", name="bare")
    assert (q.summary, q.description, q.tags, q.defaults, q.parameters) == ("", "", [], {}, [])


@pytest.mark.parametrize(
    ("lines", "line", "needle"),
    [
        (["summary: a", "sumary: b"], 2, "unknown header key 'sumary'; did you mean 'summary'?"),
        (["summary: a", "summary: b"], 2, "duplicate key 'summary' (first on line 1)"),
        (["summary: a", "  - x", "tags:", "   nonsense"], 4, "expected a list item"),
        (["tags: 'unterminated"], 1, "unterminated or malformed single-quoted string"),
        (['summary: "bad \\q escape"'], 1, "double-quoted"),
        (["just some words"], 1, "expected 'key: value'"),
        (["summary: s", " description: d"], 2, "unexpected indentation"),
        (["tags: [a, b"], 1, "unterminated flow list"),
        (["summary:", "  - a"], 1, "'summary' must be text"),
        (["tags: one"], 1, "'tags' must be a list"),
        (["defaults:", "  - plain"], 1, "'defaults' items must be 'name: value'"),
        (["defaults:", "  - nothere: 1"], 1, "default for unknown parameter 'nothere'"),
        (["enumerate:", "  - nothere"], 1, "enumerate names unknown parameter 'nothere'"),
        (["summary: &anchor x"], 1, "unsupported YAML syntax"),
        (["summary: 'a'", "  more"], 1, "a quoted value must fit on one line"),
    ],
)
def test_malformed_header_names_file_and_line(lines: list[str], line: int, needle: str) -> None:
    with pytest.raises(QueryFileError) as info:
        parse_query(header(*lines), name="q", path=Path("queries/q.rq"))
    message = str(info.value)
    assert message.startswith(f"queries/q.rq:{line}: "), message
    assert needle in message
    assert "\n" not in message


def test_bad_default_value_is_reported_with_its_line() -> None:
    text = header(
        "summary: s", "defaults:", "  - n_integer: seven", body="SELECT * { ?s ?p ?_n_integer }"
    )
    with pytest.raises(
        QueryFileError, match=r"^<q>:2: bad default: parameter 'n_integer' expects an integer"
    ):
        parse_query(text, name="q")


def test_bad_header_fixture_file() -> None:
    with pytest.raises(QueryFileError, match=r"bad-header\.rq:2: unknown header key 'sumary'"):
        load_query(QUERY_FIXTURES / "bad-header.rq")


def test_errors_are_governance_graph_errors() -> None:
    assert issubclass(QueryFileError, GovernanceGraphError)
    assert issubclass(UnknownQueryError, GovernanceGraphError)


# --------------------------------------------------------------------------- parameters


def test_parameters_found_in_query_text_not_in_comments_strings_or_iris() -> None:
    q = load_query(QUERY_FIXTURES / "chair-of.rq")
    assert [p.name for p in q.parameters] == ["body_iri"]
    assert q.parameters[0].variable == "_body_iri"
    assert q.parameters[0].required


def test_parameter_kinds_and_order_of_first_use() -> None:
    q = parse_query(
        """SELECT * WHERE {
          ?s <urn:p> ?_label_nl , ?_when_date , $_n_integer , ?_thing_iri .
          ?s <urn:p> ?_free_text , ?_label_nl .
          ?s <urn:q#?_inside_iri> "?_inside_string" , '''?_long
          string''' . # ?_in_comment
          ?s ?_p ?__double .
        }""",
        name="q",
    )
    got = [(p.name, p.kind, p.lang) for p in q.parameters]
    assert got == [
        ("label_nl", "lang", "nl"),
        ("when_date", "date", None),
        ("n_integer", "integer", None),
        ("thing_iri", "iri", None),
        ("free_text", "literal", None),
        ("p", "literal", None),
    ]


def test_parameter_lookup() -> None:
    q = load_query(QUERY_FIXTURES / "chair-of.rq")
    assert q.parameter("body_iri").kind == "iri"
    with pytest.raises(KeyError):
        q.parameter("nope")


# --------------------------------------------------------------------------- catalogue


def test_catalogue_from_dir_skips_nothing_and_fails_on_bad_header() -> None:
    with pytest.raises(QueryFileError, match=r"bad-header\.rq:2"):
        Catalogue.from_dir(QUERY_FIXTURES)


@pytest.fixture()
def good_dir(tmp_path: Path) -> Path:
    for name in ("bodies", "chair-of", "by-code", "seats-of-size", "body-graph", "any-chair"):
        (tmp_path / f"{name}.rq").write_text((QUERY_FIXTURES / f"{name}.rq").read_text())
    (tmp_path / "notes.txt").write_text("not a query")
    return tmp_path


def test_catalogue_names_get_iter(good_dir: Path) -> None:
    cat = Catalogue.from_dir(good_dir)
    assert cat.names() == [
        "any-chair",
        "bodies",
        "body-graph",
        "by-code",
        "chair-of",
        "seats-of-size",
    ]
    assert len(cat) == 6
    assert "bodies" in cat
    assert cat.get("bodies").summary.startswith("Consultation bodies")
    assert [q.name for q in cat] == cat.names()


def test_unknown_name_suggests_closest(good_dir: Path) -> None:
    cat = Catalogue.from_dir(good_dir)
    with pytest.raises(UnknownQueryError, match=r"unknown query 'bodis'; did you mean 'bodies'"):
        cat.get("bodis")
    with pytest.raises(UnknownQueryError, match=r"did you mean 'chair-of'"):
        cat.get("chair")
    # only close names: 'by-code' (difflib ratio 0.5) is not suggested for 'bodis'
    with pytest.raises(UnknownQueryError) as close:
        cat.get("bodis")
    assert str(close.value) == "unknown query 'bodis'; did you mean 'bodies'?"
    # nothing close: no list of unrelated names, but where to find them
    with pytest.raises(UnknownQueryError) as far:
        cat.get("zzzzzzzz")
    assert str(far.value) == "unknown query 'zzzzzzzz'; 'governance-graph queries' lists them"
    with pytest.raises(UnknownQueryError, match="the catalogue is empty"):
        Catalogue().get("x")


def test_resolve_name_or_file(good_dir: Path, tmp_path: Path) -> None:
    cat = Catalogue.from_dir(good_dir)
    assert cat.resolve("bodies").path == good_dir / "bodies.rq"
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    (elsewhere / "mine.rq").write_text("#+ summary: mine\nASK {}")
    assert cat.resolve(str(elsewhere / "mine.rq")).summary == "mine"
    assert cat.resolve(elsewhere / "mine.rq").name == "mine"
    with pytest.raises(QueryFileError, match="no such query file"):
        cat.resolve("missing.rq")


def test_load_query_unreadable(tmp_path: Path) -> None:
    (tmp_path / "latin1.rq").write_bytes(b"# caf\xe9\nASK {}")
    with pytest.raises(QueryFileError, match=r"latin1\.rq: not UTF-8"):
        load_query(tmp_path / "latin1.rq")
    with pytest.raises(QueryFileError, match="cannot read"):
        load_query(tmp_path)
    with pytest.raises(QueryFileError, match="not a directory"):
        Catalogue.from_dir(tmp_path / "latin1.rq")


def test_duplicate_names_rejected() -> None:
    q = parse_query("ASK {}", name="a")
    with pytest.raises(QueryFileError, match="duplicate query name 'a'"):
        Catalogue([q, q])


def test_bundled_catalogue_parses() -> None:
    """Every query of the project's own queries/ folder has a well-formed header."""
    cat = Catalogue.bundled()
    for q in cat:
        assert q.summary, f"{q.source}: no '#+ summary:'"


# --------------------------------------------------------------------------- the bundled queries


BUNDLED = Catalogue.bundled()
NOWHERE = {"iri": "ggd:no-such-resource", "integer": "-987654321", "date": "1066-10-14"}


def _bogus(p) -> str:  # type: ignore[no-untyped-def]
    return NOWHERE.get(p.kind, "no such value \u2603")


@pytest.mark.parametrize("stored", list(BUNDLED), ids=BUNDLED.names())
def test_bundled_query_parses_with_values_bound(stored) -> None:  # type: ignore[no-untyped-def]
    from rdflib.plugins.sparql import prepareQuery

    from governance_graph.params import bind, insert_values

    raw = {p.name: _bogus(p) for p in stored.parameters}
    prepareQuery(insert_values(stored.text, bind(stored, raw)))


PARAMETRISED = [q for q in BUNDLED if q.parameters]


@pytest.mark.parametrize("stored", PARAMETRISED, ids=[q.name for q in PARAMETRISED])
def test_bundled_parameters_are_in_scope(stored) -> None:  # type: ignore[no-untyped-def]
    """A trailing VALUES only restricts a variable in scope at the top of the query (not one
    used only in FILTER/BIND, or hidden in an unprojected sub-select or an ungrouped
    aggregate). A value that matches nothing must then give no rows."""
    from governance_graph.params import to_term

    kg = _bundled_graph()
    for p in stored.parameters:
        raw = {other.name: other.default for other in stored.parameters if other.default}
        del raw[p.name]
        # bound as a term: kg.query refuses a raw IRI parameter that names nothing in the graph
        bogus = {p.variable: to_term(p, _bogus(p))}
        rows = list(kg.query(stored, raw, reasoning=True, bindings=bogus))
        if p.kind == "date":
            # A date is compared, not matched (a tie with no stated period holds on any
            # date): in scope, it changes the answer.
            default = list(kg.query(stored, {**raw, p.name: p.default}, reasoning=True))
            assert rows != default, f"{stored.source}: parameter {p.name} changes nothing"
            continue
        assert rows == [] or rows == [(None,)] * len(rows), (
            f"{stored.source}: parameter {p.name} does not restrict the answer "
            "(is ?_{p.name} used only in FILTER/BIND or a sub-select that does not project it?)"
        )


_KG: list[object] = []


def _bundled_graph():  # type: ignore[no-untyped-def]
    if not _KG:
        import governance_graph as gg

        _KG.append(gg.load())
    return _KG[0]
