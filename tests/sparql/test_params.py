"""Typed parameters: conversion, checks with named errors, and binding that cannot inject."""

from __future__ import annotations

import random

import pytest
from rdflib import Graph, Literal, URIRef

from governance_graph.catalogue import load_query, parse_query
from governance_graph.errors import GovernanceGraphError
from governance_graph.params import (
    ParameterError,
    append_values,
    bind,
    insert_values,
    parameter_from_variable,
    to_term,
    values_clause,
)
from tests.helpers.paths import FIXTURES

QUERY_FIXTURES = FIXTURES / "queries"
GGD = "https://w3id.org/governance-graph/id/"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

TINY = """
@prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:code "A" ; ex:label "Alpha"@en , "Alfa"@nl ; ex:size 3 ; ex:since "2004-01-01"^^xsd:date .
ex:b ex:code "B" ; ex:label "Beta"@en ; ex:size 5 .
ex:c ex:code "C" ; ex:secret "do not leak" .
"""

NASTY = [
    'x" } UNION { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    'x"\n} UNION { ?s ?p ?o }\n#',
    'A"^^<urn:x> . ?s ?p ?o . #',
    '"""',
    'ends with a quote"',
    "ends with a backslash\\",
    '\\" } UNION { ?s ?p ?o } #',
    "}",
    "} } } VALUES ?s { <urn:ex:c> }",
    "line\r\nbreak\ttab",
    "# comment",
    "?s",
    "<urn:ex:c>",
    "\u00e9\u4e2d\U0001f600",
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(data=TINY, format="turtle")


def kinds(*variables: str):
    return [parameter_from_variable(v) for v in variables]


# --------------------------------------------------------------------------- conversion


def test_kinds_from_variable_names() -> None:
    got = [
        (p.name, p.kind, p.lang)
        for p in kinds("_a_iri", "_b_integer", "_c_date", "_d_en", "_e", "_iri", "_x_id")
    ]
    assert got == [
        ("a_iri", "iri", None),
        ("b_integer", "integer", None),
        ("c_date", "date", None),
        ("d_en", "lang", "en"),
        ("e", "literal", None),
        ("iri", "iri", None),  # a name that is a type word has that type
        ("x_id", "lang", "id"),  # two letters are always a language tag (documented)
    ]


def test_to_term_each_kind() -> None:
    iri, integer, date, en, plain = kinds("_a_iri", "_b_integer", "_c_date", "_d_en", "_e")
    assert to_term(iri, " https://example.org/x ") == URIRef("https://example.org/x")
    assert to_term(iri, "urn:isbn:123") == URIRef("urn:isbn:123")
    assert to_term(iri, "ggd:resoc-brugge") == URIRef(GGD + "resoc-brugge")
    assert to_term(integer, " -0042 ") == Literal(-42)
    assert to_term(integer, "-0042").datatype == XSD_INTEGER
    assert str(to_term(integer, "+7")) == "7"
    assert to_term(date, "2004-02-29") == Literal("2004-02-29", datatype=XSD_DATE)
    assert to_term(en, " spaced ") == Literal(" spaced ", lang="en")
    assert to_term(plain, "x") == Literal("x")


@pytest.mark.parametrize(
    ("variable", "value", "needle"),
    [
        ("_body_iri", "https://example.org/a b", "an IRI cannot contain a space"),
        ("_body_iri", "https://example.org/<x>", "cannot contain '<'"),
        ("_body_iri", 'https://example.org/"', "cannot contain '\"'"),
        ("_body_iri", "https://example.org/{x}", "cannot contain '{'"),
        ("_body_iri", "https://example.org/a|b", "cannot contain '|'"),
        ("_body_iri", "https://example.org/a^b", "cannot contain '^'"),
        ("_body_iri", "https://example.org/a`b", "cannot contain '`'"),
        ("_body_iri", "https://example.org/a\\b", "cannot contain '\\\\'"),
        ("_body_iri", "https://example.org/a\nb", "a control character"),
        (
            "_body_iri",
            "resoc-brugge",
            "needs a scheme such as https: or the ggd: prefix (did you mean ggd:resoc-brugge?)",
        ),
        ("_body_iri", "", "needs a scheme"),
        ("_body_iri", "ggd:Not Valid", "a ggd: name is lowercase letters"),
        ("_body_iri", "ggd:", "a ggd: name is lowercase letters"),
        ("_n_integer", "3.5", "not a whole number"),
        ("_n_integer", "three", "not a whole number"),
        ("_n_integer", "", "not a whole number"),
        ("_n_integer", "1e3", "not a whole number"),
        ("_from_date", "2004/01/01", "use the ISO form YYYY-MM-DD"),
        ("_from_date", "2004-1-1", "use the ISO form YYYY-MM-DD"),
        ("_from_date", "2004-13-01", "month must be in 1..12"),
        ("_from_date", "2003-02-29", "day is out of range"),
        ("_from_date", "2004-01-01T00:00:00", "use the ISO form"),
        ("_label_nl", "bell\x07", "contains a control character"),
    ],
)
def test_malformed_values_name_the_parameter(variable: str, value: str, needle: str) -> None:
    (p,) = kinds(variable)
    with pytest.raises(ParameterError) as info:
        to_term(p, value)
    message = str(info.value)
    assert message.startswith(f"parameter '{p.name}' expects ")
    assert needle in message
    assert "\n" not in message


def test_non_string_value_rejected() -> None:
    (p,) = kinds("_n_integer")
    with pytest.raises(ParameterError, match="must be given as a string, got int"):
        to_term(p, 3)  # type: ignore[arg-type]


def test_parameter_error_is_a_governance_graph_error() -> None:
    assert issubclass(ParameterError, GovernanceGraphError)


# --------------------------------------------------------------------------- bind


def test_bind_required_and_defaults() -> None:
    q = load_query(QUERY_FIXTURES / "seats-of-size.rq")
    assert bind(q, {}) == {"_count_integer": Literal(16)}
    assert bind(q, {"count_integer": "2"}) == {"_count_integer": Literal(2)}
    chair = load_query(QUERY_FIXTURES / "chair-of.rq")
    assert bind(chair, {"body_iri": "ggd:vesoc"}) == {"_body_iri": URIRef(GGD + "vesoc")}


def test_bind_missing_required() -> None:
    q = load_query(QUERY_FIXTURES / "chair-of.rq")
    with pytest.raises(
        ParameterError, match=r"query 'chair-of' needs parameter body_iri \(IRI, required\)"
    ):
        bind(q, {})


def test_bind_unknown_names_it_and_lists_valid() -> None:
    q = load_query(QUERY_FIXTURES / "chair-of.rq")
    with pytest.raises(ParameterError) as info:
        bind(q, {"body": "ggd:vesoc", "body_iri": "ggd:vesoc"})
    message = str(info.value)
    assert "unknown parameter 'body'" in message
    assert "did you mean 'body_iri'?" in message
    assert "valid parameters: body_iri (IRI, required)" in message
    with pytest.raises(
        ParameterError,
        match="unknown parameters 'x', 'y' for query 'bodies'; valid parameters: none",
    ):
        bind(load_query(QUERY_FIXTURES / "bodies.rq"), {"x": "1", "y": "2"})


def test_bind_malformed_value() -> None:
    q = load_query(QUERY_FIXTURES / "seats-of-size.rq")
    with pytest.raises(
        ParameterError, match="parameter 'count_integer' expects an integer, got 'many'"
    ):
        bind(q, {"count_integer": "many"})


# --------------------------------------------------------------------------- VALUES clause


def test_values_clause_text() -> None:
    assert values_clause({}) == ""
    assert (
        values_clause({"_a_iri": URIRef("urn:x"), "_b": Literal("q")})
        == 'VALUES (?_a_iri ?_b) { (<urn:x> "q") }'
    )
    with pytest.raises(ParameterError, match="not a SPARQL variable name"):
        values_clause({"a b": Literal("x")})


def test_values_survive_a_trailing_comment(graph: Graph) -> None:
    text = "SELECT ?s WHERE { ?s <urn:ex:code> ?_code } # trailing comment, no newline"
    q = parse_query(text, name="q")
    full = insert_values(text, bind(q, {"code": "B"}))
    assert [str(r.s) for r in graph.query(full)] == ["urn:ex:b"]
    assert insert_values(text, {}) == text
    assert append_values(text, bind(q, {"code": "B"})) == full  # the former name


def run(graph: Graph, text: str, raw: dict[str, str]) -> list[tuple]:
    q = parse_query(text, name="q")
    return sorted(
        tuple(str(t) for t in row) for row in graph.query(insert_values(text, bind(q, raw)))
    )


def test_values_with_order_by_and_limit(graph: Graph) -> None:
    text = """PREFIX ex: <urn:ex:>
    SELECT ?s ?size WHERE { ?s ex:size ?size ; ex:label ?_label_en }
    ORDER BY DESC(?size)
    LIMIT 5
    OFFSET 0"""
    assert run(graph, text, {"label_en": "Beta"}) == [("urn:ex:b", "5")]


def test_each_kind_restricts_the_answer(graph: Graph) -> None:
    assert run(graph, "SELECT ?s { ?s <urn:ex:size> ?_n_integer }", {"n_integer": "03"}) == [
        ("urn:ex:a",)
    ]
    assert run(graph, "SELECT ?s { ?s <urn:ex:since> ?_d_date }", {"d_date": "2004-01-01"}) == [
        ("urn:ex:a",)
    ]
    assert run(graph, "SELECT ?l { ?_s_iri <urn:ex:label> ?l }", {"s_iri": "urn:ex:b"}) == [
        ("Beta",)
    ]
    assert run(graph, "SELECT ?s { ?s <urn:ex:label> ?_l_nl }", {"l_nl": "Alfa"}) == [("urn:ex:a",)]
    assert run(graph, "SELECT ?s { ?s <urn:ex:label> ?_l_nl }", {"l_nl": "Alpha"}) == []


@pytest.mark.parametrize("evil", NASTY)
def test_injection_cannot_widen_the_answer_rdflib(graph: Graph, evil: str) -> None:
    text = "PREFIX ex: <urn:ex:>\nSELECT ?s ?p ?o WHERE { ?s ex:code ?_code . ?s ?p ?o }"
    assert run(graph, text, {"code": evil}) == []
    assert len(run(graph, text, {"code": "A"})) == 5  # the honest answer, for contrast


@pytest.mark.parametrize("evil", NASTY)
def test_bound_value_round_trips_exactly(graph: Graph, evil: str) -> None:
    """The term the engine sees is exactly the string given, for plain and tagged literals."""
    for variable in ("_v", "_v_en"):
        q = parse_query(f"SELECT ?{variable} {{}}", name="q")
        (p,) = q.parameters
        try:
            bindings = bind(q, {p.name: evil})
        except ParameterError:  # control characters other than tab/newline are refused
            continue
        (row,) = list(Graph().query(insert_values(q.text, bindings)))
        assert row[0] == bindings[variable]
        assert str(row[0]) == evil


def test_random_strings_round_trip() -> None:
    rng = random.Random(20240101)
    alphabet = [*"ab \"'\\{}#<>?$.;:\n\t\r^@_-", "\u00e9", "\u4e2d", "\U0001f600"]
    q = parse_query("SELECT ?_v {}", name="q")
    for _ in range(300):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        bindings = bind(q, {"v": value})
        (row,) = list(Graph().query(insert_values(q.text, bindings)))
        assert str(row[0]) == value, repr(value)


@pytest.mark.parametrize("evil", NASTY)
def test_injection_cannot_widen_the_answer_oxigraph(evil: str) -> None:
    """The same VALUES text is safe on another SPARQL 1.1 engine."""
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(TINY.encode(), pyoxigraph.RdfFormat.TURTLE)
    text = (
        "PREFIX ex: <urn:ex:>\n"
        "SELECT ?s ?p ?o WHERE { ?s ex:code ?_code . ?s ?p ?o } ORDER BY ?s LIMIT 100"
    )
    q = parse_query(text, name="q")
    assert list(store.query(insert_values(text, bind(q, {"code": evil})))) == []
    assert len(list(store.query(insert_values(text, bind(q, {"code": "A"}))))) == 5
    echo = parse_query("SELECT ?_v {}", name="echo")
    (row,) = list(store.query(insert_values(echo.text, bind(echo, {"v": evil}))))
    assert row[0].value == evil


# --------------------------------------------------------------------------- where VALUES goes

X = {"_x_iri": URIRef("urn:ex:a")}
CLAUSE = "VALUES (?_x_iri) { (<urn:ex:a>) }"

PLACEMENTS = [
    # (query, the text with the clause at its place)
    (
        "SELECT ?l WHERE { ?_x_iri <urn:p> ?l }",
        f"SELECT ?l WHERE {{ {CLAUSE} ?_x_iri <urn:p> ?l }}",
    ),
    ("select ?l { ?_x_iri <urn:p> ?l }", f"select ?l {{ {CLAUSE} ?_x_iri <urn:p> ?l }}"),
    (
        "SELECT ?l WHERE { ?_x_iri <urn:p> ?l } ORDER BY ?l LIMIT 2 OFFSET 1",
        f"SELECT ?l WHERE {{ {CLAUSE} ?_x_iri <urn:p> ?l }} ORDER BY ?l LIMIT 2 OFFSET 1",
    ),
    (
        "SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?_x_iri ?p ?o }",
        f"SELECT (EXISTS {{ ?a ?b ?c }} AS ?e) WHERE {{ {CLAUSE} ?_x_iri ?p ?o }}",
    ),
    (
        "PREFIX where: <urn:where#>\n# WHERE { in a comment\n"
        'SELECT ?where WHERE { ?_x_iri where:p "WHERE { }" }',
        "PREFIX where: <urn:where#>\n# WHERE { in a comment\n"
        f'SELECT ?where WHERE {{ {CLAUSE} ?_x_iri where:p "WHERE {{ }}" }}',
    ),
    (
        "SELECT * WHERE { SELECT ?o WHERE { ?_x_iri ?p ?o } LIMIT 1 }",
        f"SELECT * WHERE {{ {CLAUSE} {{ SELECT ?o WHERE {{ ?_x_iri ?p ?o }} LIMIT 1 }} }}",
    ),
    (
        "SELECT * WHERE { ?s ?p ?o { SELECT ?s WHERE { ?s ?q ?_x_iri } } }",
        f"SELECT * WHERE {{ {CLAUSE} ?s ?p ?o {{ SELECT ?s WHERE {{ ?s ?q ?_x_iri }} }} }}",
    ),
    ("ASK { ?_x_iri ?p ?o }", f"ASK {{ {CLAUSE} ?_x_iri ?p ?o }}"),
    (
        "DESCRIBE ?_x_iri WHERE { ?_x_iri ?p ?o }",
        f"DESCRIBE ?_x_iri WHERE {{ {CLAUSE} ?_x_iri ?p ?o }}",
    ),
    ("DESCRIBE ?_x_iri", f"DESCRIBE ?_x_iri\n{CLAUSE}\n"),
    (
        "CONSTRUCT { ?_x_iri <urn:q> '}{' } WHERE { ?_x_iri ?p ?o }",
        f"CONSTRUCT {{ ?_x_iri <urn:q> '}}{{' }} WHERE {{ {CLAUSE} ?_x_iri ?p ?o }}",
    ),
    (
        "CONSTRUCT {\n ?_x_iri <urn:q> ?o # }\n}\nFROM <urn:g> { ?_x_iri ?p ?o }",
        f"CONSTRUCT {{\n ?_x_iri <urn:q> ?o # }}\n}}\nFROM <urn:g> {{ {CLAUSE} ?_x_iri ?p ?o }}",
    ),
    (
        "CONSTRUCT WHERE { ?_x_iri ?p ?o }",
        f"CONSTRUCT {{ ?_x_iri ?p ?o }} WHERE {{ {CLAUSE} ?_x_iri ?p ?o }}",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PLACEMENTS)
def test_values_go_at_the_start_of_the_where_group(text: str, expected: str) -> None:
    assert insert_values(text, X) == expected


def test_inserting_values_keeps_line_numbers() -> None:
    text = "PREFIX ex: <urn:ex:>\nSELECT ?s WHERE {\n  ?s ex:code ?_code .\n  ?s ex:size\n}\n"
    q = parse_query(text, name="q")
    full = insert_values(text, bind(q, {"code": 'a"\nb'}))
    assert full.count("\n") == text.count("\n")
    from governance_graph.errors import QuerySyntaxError
    from governance_graph.sparql.prepare import prepare_query

    with pytest.raises(QuerySyntaxError) as plain:
        prepare_query(text, source="q.rq")
    with pytest.raises(QuerySyntaxError) as bound:
        prepare_query(full, source="q.rq")
    # the offending token is the '}' on line 5, where the object of ex:size should be
    assert str(bound.value).split(":")[:3] == str(plain.value).split(":")[:3] == ["q.rq", "5", "1"]


ENGINE_CASES = [
    # A parameter only in FILTER or BIND was unbound with a trailing VALUES clause.
    ("SELECT ?s WHERE { ?s <urn:ex:code> ?c FILTER(?c = ?_code) }", {"code": "B"}, [("urn:ex:b",)]),
    (
        "SELECT ?s ?l WHERE { ?s <urn:ex:code> ?_code BIND(CONCAT(?_code, '!') AS ?l) }",
        {"code": "A"},
        [("urn:ex:a", "A!")],
    ),
    # Aggregates count the restricted group, not the whole graph.
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:ex:code> ?_code }", {"code": "C"}, [("1",)]),
    # A sub-select is joined with the parameter.
    (
        "SELECT ?s WHERE { { SELECT ?s ?_code WHERE { ?s <urn:ex:code> ?_code } } }",
        {"code": "B"},
        [("urn:ex:b",)],
    ),
    (
        "SELECT ?s WHERE { SELECT ?s ?_code WHERE { ?s <urn:ex:code> ?_code }"
        " ORDER BY ?s LIMIT 5 }",
        {"code": "A"},
        [("urn:ex:a",)],
    ),
    # ... which must project it: inside, an unprojected ?_code is another variable (by the spec).
    (
        "SELECT ?s WHERE { SELECT ?s WHERE { ?s <urn:ex:code> ?_code } ORDER BY ?s LIMIT 1 }",
        {"code": "B"},
        [("urn:ex:a",)],
    ),
    # GROUP BY in a sub-select over no rows: no group, not one empty row (rdflib got this wrong
    # when it pushed the parameter into the sub-select; see rdflib_algebra.tune_joins).
    (
        "SELECT ?s ?n WHERE { SELECT ?s ?_code (COUNT(*) AS ?n) "
        "WHERE { ?s <urn:ex:code> ?_code } GROUP BY ?s ?_code }",
        {"code": "nothing"},
        [],
    ),
    # OPTIONAL sees the parameter: only ex:a has a Dutch label.
    (
        "SELECT ?s ?l WHERE { ?s <urn:ex:code> ?c"
        " OPTIONAL { ?s <urn:ex:label> ?l FILTER(LANG(?l) = ?_lang) } }",
        {"lang": "nl"},
        [("urn:ex:a", "Alfa"), ("urn:ex:b",), ("urn:ex:c",)],
    ),
    # Comments and strings with braces and WHERE do not move the block.
    (
        "# SELECT * WHERE { ?s ?p ?o }\nSELECT ?s WHERE { # } WHERE {\n"
        '  ?s <urn:ex:code> ?_code . FILTER(?_code != "} WHERE { ?s ?p ?o") }\n# }',
        {"code": "A"},
        [("urn:ex:a",)],
    ),
]


def _rows(result) -> list[tuple]:
    return sorted(tuple(str(t) for t in row if t is not None) for row in result)


@pytest.mark.parametrize(("text", "raw", "expected"), ENGINE_CASES)
def test_parameters_are_bound_in_the_whole_group(graph: Graph, text, raw, expected) -> None:
    q = parse_query(text, name="q")
    full = insert_values(text, bind(q, raw))
    from governance_graph.sparql.prepare import prepare_query

    assert _rows(graph.query(prepare_query(full))) == expected  # rdflib, as the engine runs it
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(TINY.encode(), pyoxigraph.RdfFormat.TURTLE)
    oxi = sorted(tuple(t.value for t in row if t is not None) for row in store.query(full))
    assert oxi == expected


def test_construct_with_a_parameter(graph: Graph) -> None:
    for text in (
        "CONSTRUCT { ?s <urn:ex:found> ?_code } WHERE { ?s <urn:ex:code> ?_code }",
        "CONSTRUCT WHERE { ?s <urn:ex:code> ?_code }",
    ):
        q = parse_query(text, name="q")
        result = graph.query(insert_values(text, bind(q, {"code": "B"})))
        assert [str(t[0]) for t in result] == ["urn:ex:b"], text


SHAPES = [text for text, _, _ in ENGINE_CASES] + [
    "CONSTRUCT { ?s <urn:ex:found> ?_code } WHERE { ?s <urn:ex:code> ?_code }",
    "CONSTRUCT WHERE { ?s <urn:ex:code> ?_code }",
    "ASK { ?s <urn:ex:code> ?_code }",
    "SELECT * WHERE { SELECT ?s ?_code WHERE { ?s <urn:ex:code> ?_code } LIMIT 9 }",
]


@pytest.mark.parametrize("text", SHAPES)
@pytest.mark.parametrize("evil", NASTY)
def test_the_place_of_the_block_does_not_depend_on_the_value(text: str, evil: str) -> None:
    """Whatever the value, the query around the block is the same text, and the answer never
    widens (nothing in the tiny graph has a nasty code)."""
    q = parse_query(text, name="q")
    raw = {p.name: evil for p in q.parameters}
    try:
        evil_bound = bind(q, raw)
    except ParameterError:  # control characters are refused
        return
    honest = bind(q, {p.name: "A" for p in q.parameters})
    with_evil = insert_values(text, evil_bound)
    with_honest = insert_values(text, honest)
    assert with_evil.replace(values_clause(evil_bound), "@") == with_honest.replace(
        values_clause(honest), "@"
    )
    graph = Graph().parse(data=TINY, format="turtle")
    result = graph.query(with_evil)
    if result.type == "ASK":
        assert result.askAnswer is False
    elif result.type == "CONSTRUCT":
        assert len(result.graph) == 0
    elif "COUNT(*) AS ?n) WHERE" not in text and "OPTIONAL" not in text and "LIMIT 1" not in text:
        assert list(result) == []
