"""End-to-end tests of the installed ``governance-graph`` console script on tiny fixtures: help,
the engine options, and `queries` and `query` (formats, parameters, errors, `--endpoint`)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from rdflib import Graph, URIRef

from tests.helpers.paths import FIXTURES
from tests.helpers.processes import error_line, run_script, serving

QUERIES = FIXTURES / "queries"
CLI_FIXTURES = FIXTURES / "cli"
TINY = CLI_FIXTURES / "tiny.ttl"
SHAPES = CLI_FIXTURES / "shapes.ttl"
GGD = "https://w3id.org/governance-graph/id/"
GOOD_QUERIES = ("any-chair", "bodies", "body-graph", "by-code", "chair-of", "seats-of-size")


@pytest.fixture(scope="session")
def good_queries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("queries")
    for name in GOOD_QUERIES:
        shutil.copy(QUERIES / f"{name}.rq", folder)
    return folder


def q(name: str) -> Path:
    return QUERIES / f"{name}.rq"


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize(
    "command",
    ["", "queries", "query", "validate", "export", "describe", "stats", "publish", "serve", "push"],
)
def test_help_with_examples(gg, command: str) -> None:
    proc = gg(*([command] if command else []), "--help")
    assert "Examples:" in proc.stdout
    assert "governance-graph" in proc.stdout


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("query", ("--data", "--engine", "--store-dir")),
        ("validate", ("--data", "--engine", "--store-dir")),
        ("check", ("--data", "--engine", "--store-dir")),
        ("export", ("--data", "--engine", "--store-dir")),
        ("describe", ("--data", "--engine", "--store-dir")),
        ("stats", ("--data", "--engine", "--store-dir")),
        ("publish", ("--data", "--engine", "--store-dir")),
        ("serve", ("--data", "--engine")),
    ],
)
def test_every_command_that_reads_the_graph_takes_the_engine_options(
    gg, command: str, options: tuple[str, ...]
) -> None:
    proc = gg(command, "--help")
    for option in options:
        assert option in proc.stdout, (command, option)
    assert "--store " not in proc.stdout  # serve's old --store is the same --engine now


@pytest.mark.parametrize("command", ["query chairs", "validate", "export", "stats", "check -q"])
def test_an_unknown_engine_is_one_line(gg, command: str) -> None:
    proc = gg(*command.split(), "--engine", "jena", code=2)
    assert error_line(proc) == "unknown engine 'jena'; choose one of: rdflib, oxigraph, auto"
    assert proc.stdout == ""


def test_store_dir_keeps_the_store_on_disk(gg, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = gg("query", "bodies-by-kind", "--format", "csv", "--store-dir", str(store))
    assert store.is_dir() and any(store.iterdir())
    again = gg("query", "bodies-by-kind", "--format", "csv", "--store-dir", str(store))
    assert again.stdout == first.stdout
    rdf = gg("query", "bodies-by-kind", "--format", "csv", "--engine", "rdflib")
    assert sorted(rdf.stdout.splitlines()) == sorted(first.stdout.splitlines())
    proc = gg("query", "chairs", "--engine", "rdflib", "--store-dir", str(store), code=2)
    assert "has no on-disk store" in error_line(proc)


def test_version(gg) -> None:
    assert "governance-graph, version" in gg("--version").stdout


# --------------------------------------------------------------------------- queries


def test_queries_lists_name_summary_parameters(gg, good_queries: Path) -> None:
    out = gg("queries", "--queries", good_queries).stdout
    lines = out.splitlines()
    assert lines[0].startswith("any-chair ")
    assert any(
        line.startswith("bodies") and "Consultation bodies with their labels" in line
        for line in lines
    )
    assert "--param body_iri (IRI, required)" in out
    assert "--param count_integer (integer, default 16)" in out
    tagged = gg("queries", "--queries", good_queries, "--tag", "chairs").stdout
    assert tagged.split()[0] == "chair-of" and "bodies" not in tagged


def test_queries_bundled_catalogue_loads(gg) -> None:
    gg("queries")


def test_queries_bad_header_is_file_and_line(gg) -> None:
    proc = gg("queries", "--queries", QUERIES, code=2)
    assert error_line(proc).endswith(
        "bad-header.rq:2: unknown header key 'sumary'; did you mean 'summary'?"
    )


# --------------------------------------------------------------------------- query: formats


def test_query_table_default_english(gg) -> None:
    out = gg("query", q("bodies"), "--data", TINY).stdout
    assert out.splitlines() == [
        "body                label",
        "------------------  --------------",
        "ggd:test-committee  Test committee",
        "ggd:test-council    Test council",
        "(2 rows)",
    ]


def test_query_lang_nl_and_all(gg) -> None:
    nl = gg("query", q("bodies"), "--data", TINY, "--lang", "nl").stdout
    assert "Testraad" in nl and "Test council" not in nl
    every = gg("query", q("bodies"), "--data", TINY, "--lang", "all").stdout
    assert "Testraad" in every and "Test council" in every and "(4 rows)" in every


def test_query_csv(gg) -> None:
    out = gg("query", q("bodies"), "--data", TINY, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["body", "label"],
        [GGD + "test-committee", "Test committee"],
        [GGD + "test-council", "Test council"],
    ]


def test_query_tsv(gg) -> None:
    out = gg("query", q("bodies"), "--data", TINY, "-f", "tsv", "--lang", "nl").stdout
    assert out.splitlines() == [
        "?body\t?label",
        f'<{GGD}test-committee>\t"Testcomité"@nl',
        f'<{GGD}test-council>\t"Testraad"@nl',
    ]


def test_query_json(gg) -> None:
    doc = json.loads(gg("query", q("bodies"), "--data", TINY, "-f", "json").stdout)
    assert doc["head"]["vars"] == ["body", "label"]
    assert doc["results"]["bindings"][1]["label"] == {
        "type": "literal",
        "value": "Test council",
        "xml:lang": "en",
    }


def test_query_markdown(gg) -> None:
    out = gg("query", q("bodies"), "--data", TINY, "-f", "md").stdout
    assert out.splitlines()[:3] == [
        "| body | label |",
        "|---|---|",
        "| ggd:test-committee | Test committee |",
    ]


@pytest.mark.parametrize(
    ("fmt", "parser"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")]
)
def test_query_construct_formats(gg, fmt: str, parser: str) -> None:
    out = gg(
        "query",
        q("body-graph"),
        "--data",
        TINY,
        "-p",
        "body_iri=ggd:test-council",
        "--no-reasoning",
        "-f",
        fmt,
    ).stdout
    graph = Graph().parse(data=out, format=parser)
    council = URIRef(GGD + "test-council")
    assert set(graph.subjects()) == {council}
    assert len(graph) == 6  # the asserted triples about it


def test_query_construct_defaults_to_turtle_and_reasoning_adds(gg) -> None:
    out = gg("query", q("body-graph"), "--data", TINY, "-p", "body_iri=ggd:test-council").stdout
    assert out.startswith("@prefix")
    assert "gg:ConsultationBody" in out  # inferred from gg:TripartiteBody


def test_query_ask(gg) -> None:
    assert gg("query", q("any-chair"), "--data", TINY).stdout.strip() == "true"
    assert (
        json.loads(gg("query", q("any-chair"), "--data", TINY, "-f", "json").stdout)["boolean"]
        is True
    )


def test_query_expression_and_no_reasoning(gg) -> None:
    text = (
        "PREFIX gg: <https://w3id.org/governance-graph/ontology#>\n"
        "SELECT ?b WHERE { ?b a gg:ConsultationBody }"
    )
    assert "(2 rows)" in gg("query", "-e", text, "--data", TINY).stdout
    assert "(0 rows)" in gg("query", "-e", text, "--data", TINY, "--no-reasoning").stdout


def test_query_table_width(gg) -> None:
    text = "SELECT ?x WHERE { BIND('abcdefghijklmnopqrstuvwxyz' AS ?x) }"
    cut = gg("query", "-e", text, "--data", TINY, "--no-reasoning", "--width", "10").stdout
    assert "abcdefghi…" in cut
    full = gg(
        "query", "-e", text, "--data", TINY, "--no-reasoning", "--width", "10", "--no-truncate"
    ).stdout
    assert "abcdefghijklmnopqrstuvwxyz" in full


# --------------------------------------------------------------------------- query: parameters


def test_query_parameters_bound(gg) -> None:
    out = gg(
        "query", q("chair-of"), "--data", TINY, "--param", "body_iri=ggd:test-council", "-f", "csv"
    ).stdout
    assert out.splitlines()[1] == f"{GGD}test-council-chair,chair of the test council"
    full_iri = gg(
        "query", q("chair-of"), "--data", TINY, "-p", f"body_iri={GGD}test-committee"
    ).stdout
    assert "(0 rows)" in full_iri


def test_query_integer_parameter_default_and_given(gg) -> None:
    assert "ggd:test-council-seat" in gg("query", q("seats-of-size"), "--data", TINY).stdout
    assert (
        "(0 rows)"
        in gg("query", q("seats-of-size"), "--data", TINY, "-p", "count_integer=3").stdout
    )


def test_query_injection_is_inert(gg) -> None:
    evil = 'TC" } UNION { ?body ?p ?o } #'
    assert "(0 rows)" in gg("query", q("by-code"), "--data", TINY, "-p", f"code={evil}").stdout
    assert "(1 row)" in gg("query", q("by-code"), "--data", TINY, "-p", "code=TC").stdout


# --------------------------------------------------------------------------- query: errors


def test_syntax_error_names_file_line_col(gg) -> None:
    message = error_line(gg("query", q("bad-syntax"), "--data", TINY, code=2))
    assert message.startswith(f"{q('bad-syntax')}:4:17: syntax error at '?y'") or message.endswith(
        "bad-syntax.rq:4:17: syntax error at '?y'"
    ), message


def test_expression_syntax_error(gg) -> None:
    message = error_line(gg("query", "-e", "SELECT ?x WHERE {\n ?x ?y }", "--data", TINY, code=2))
    assert message.startswith("<query>:2:") or ":2:" in message, message


def test_unknown_query_name_suggests(gg, good_queries: Path) -> None:
    message = error_line(gg("query", "bodis", "--queries", good_queries, code=2))
    assert message == "unknown query 'bodis'; did you mean 'bodies'?"
    far = error_line(gg("query", "zzzz", "--queries", good_queries, code=2))
    assert far == "unknown query 'zzzz'; 'governance-graph queries' lists them"


def test_missing_query_file(gg, tmp_path: Path) -> None:
    message = error_line(gg("query", tmp_path / "nope.rq", code=2))
    assert message.endswith("nope.rq: no such query file")


def test_unknown_parameter_named(gg) -> None:
    message = error_line(
        gg(
            "query",
            q("chair-of"),
            "--data",
            TINY,
            "-p",
            "body=ggd:x",
            "-p",
            "body_iri=ggd:x",
            code=2,
        )
    )
    assert message == (
        "unknown parameter 'body' (did you mean 'body_iri'?) for query 'chair-of'; "
        "valid parameters: body_iri (IRI, required)"
    )


def test_missing_parameter_named(gg) -> None:
    message = error_line(gg("query", q("chair-of"), "--data", TINY, code=2))
    assert message == "query 'chair-of' needs parameter body_iri (IRI, required)"


@pytest.mark.parametrize(
    ("query", "param", "expected"),
    [
        (
            "chair-of",
            "body_iri=https://example.org/not an iri",
            "parameter 'body_iri' expects an IRI, got 'https://example.org/not an iri': "
            "an IRI cannot contain a space",
        ),
        (  # not an IRI: a label, which no resource of the graph has
            "chair-of",
            "body_iri=not a label",
            "parameter 'body_iri': no resource has the label, name or IRI 'not a label'",
        ),
        (
            "chair-of",
            "body_iri=ggd:Test-Council",
            "parameter 'body_iri' expects an IRI, got 'ggd:Test-Council': a ggd: name is",
        ),
        (
            "seats-of-size",
            "count_integer=many",
            "parameter 'count_integer' expects an integer, got 'many': not a whole number",
        ),
    ],
)
def test_malformed_parameter_named(gg, query: str, param: str, expected: str) -> None:
    message = error_line(gg("query", q(query), "--data", TINY, "-p", param, code=2))
    assert message.startswith(expected), message


def test_param_without_equals_is_a_usage_error(gg) -> None:
    proc = gg("query", q("bodies"), "-p", "oops", code=2)
    assert "--param 'oops': expected NAME=VALUE" in proc.stderr


def test_name_and_expression_together(gg) -> None:
    proc = gg("query", q("bodies"), "-e", "ASK {}", code=2)
    assert "not both" in proc.stderr


def test_unreadable_turtle(gg) -> None:
    message = error_line(gg("query", q("bodies"), "--data", CLI_FIXTURES / "broken.ttl", code=2))
    assert "broken.ttl:3:" in message


def test_missing_data_file(gg, tmp_path: Path) -> None:
    message = error_line(gg("query", q("bodies"), "--data", tmp_path / "absent.ttl", code=2))
    assert "absent.ttl" in message


def test_format_mismatch(gg) -> None:
    message = error_line(gg("query", q("bodies"), "--data", TINY, "-f", "ttl", code=2))
    assert message.startswith(
        "format 'ttl' is for graphs (CONSTRUCT/DESCRIBE), but a SELECT query returns a table"
    )
    message = error_line(
        gg(
            "query",
            q("body-graph"),
            "--data",
            TINY,
            "-p",
            "body_iri=ggd:test-council",
            "-f",
            "csv",
            code=2,
        )
    )
    assert message.startswith(
        "format 'csv' is for SELECT/ASK results, but a CONSTRUCT query returns a graph"
    )


def test_unknown_engine(gg) -> None:
    message = error_line(gg("query", q("bodies"), "--data", TINY, "--engine", "jena", code=2))
    assert message.startswith("unknown engine 'jena'")


def test_refused_service(gg) -> None:
    message = error_line(
        gg(
            "query",
            "-e",
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "--data",
            TINY,
            code=2,
        )
    )
    assert "SERVICE" in message


def test_query_command_does_not_import_reasoner_or_validator_on_warm_cache(
    script_env: dict[str, str],
) -> None:
    args = ["query", str(q("bodies")), "--data", str(TINY)]
    warm = run_script(*args, env=script_env)
    assert warm.returncode == 0, warm.stderr
    probe = (
        "import sys\nfrom governance_graph.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('owlrl', 'pyshacl')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], env=script_env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


# --------------------------------------------------------------------------- query --endpoint


class _Endpoint(BaseHTTPRequestHandler):
    received: list[str] = []  # noqa: RUF012

    def do_POST(self) -> None:
        _Endpoint.received.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
        body = json.dumps(
            {
                "head": {"vars": ["chair"]},
                "results": {"bindings": [{"chair": {"type": "uri", "value": GGD + "x-chair"}}]},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with serving(_Endpoint) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"


def test_query_endpoint(gg, endpoint: str) -> None:
    out = gg("query", q("chair-of"), "--endpoint", endpoint, "-p", "body_iri=ggd:vesoc").stdout
    assert "ggd:x-chair" in out
    (sent,) = parse_qs(_Endpoint.received[-1])["query"]  # an HTML-form POST
    assert sent.startswith("#+ summary: The chair of one body")
    assert f"VALUES (?_body_iri) {{ (<{GGD}vesoc>) }}" in sent


def test_query_endpoint_unreachable(gg) -> None:
    message = error_line(
        gg(
            "query",
            q("bodies"),
            "--endpoint",
            "http://127.0.0.1:9/sparql",
            "--timeout",
            "5",
            code=2,
        )
    )
    assert message.startswith("http://127.0.0.1:9/sparql: cannot connect")
