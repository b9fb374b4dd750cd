"""End-to-end tests of the installed ``governance-graph`` console script on tiny fixtures."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from rdflib import Dataset, Graph, URIRef

from tests.helpers.paths import FIXTURES
from tests.helpers.processes import console_script, error_line, run_script, serving

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


# --------------------------------------------------------------------------- validate


def test_validate_conforms(gg) -> None:
    assert gg("validate", TINY, "--shapes", SHAPES).stdout.strip() == "Conforms."


def test_validate_does_not_conform(gg) -> None:
    out = gg("validate", CLI_FIXTURES / "nonconforming.ttl", "--shapes", SHAPES, code=1).stdout
    assert out.startswith("Does not conform: 2 violations")
    assert "ggd:orphan-chair" in out and "a chair must chair a body" in out
    report = gg(
        "validate", CLI_FIXTURES / "nonconforming.ttl", "--shapes", SHAPES, "-f", "ttl", code=1
    ).stdout
    assert "sh:ValidationReport" in Graph().parse(data=report, format="turtle").serialize(
        format="turtle"
    )


def test_validate_unreadable(gg, tmp_path: Path) -> None:
    assert "broken.ttl:3:" in error_line(
        gg("validate", CLI_FIXTURES / "broken.ttl", "--shapes", SHAPES, code=2)
    )
    assert "no shapes file" in error_line(
        gg("validate", TINY, "--shapes", tmp_path / "none.ttl", code=2)
    )


# --------------------------------------------------------------------------- export


def test_export_turtle_to_stdout(gg) -> None:
    graph = Graph().parse(data=gg("export", "--data", TINY).stdout, format="turtle")
    assert (URIRef(GGD + "test-council"), None, None) in graph


def test_export_nquads_keeps_named_graphs(gg) -> None:
    ds = Dataset()
    ds.parse(data=gg("export", "--data", TINY, "-f", "nq").stdout, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/governance-graph/graph/data/tiny" in names
    assert "https://w3id.org/governance-graph/graph/ontology/governance" in names
    assert "https://w3id.org/governance-graph/graph/inferred" not in names


def test_export_inferred_trig_to_file_atomically(gg, tmp_path: Path) -> None:
    target = tmp_path / "closure.trig"
    target.write_text("old content")
    assert gg("export", "--data", TINY, "--inferred", "-f", "trig", "-o", target).stdout == ""
    ds = Dataset()
    ds.parse(target, format="trig")
    inferred = ds.graph(URIRef("https://w3id.org/governance-graph/graph/inferred"))
    assert (
        URIRef(GGD + "test-council"),
        None,
        URIRef("https://w3id.org/governance-graph/ontology#ConsultationBody"),
    ) in inferred
    assert sorted(p.name for p in tmp_path.iterdir()) == ["closure.trig"]  # no temp file left


@pytest.mark.parametrize(("fmt", "parser"), [("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_export_other_formats(gg, tmp_path: Path, fmt: str, parser: str) -> None:
    target = tmp_path / f"out.{fmt}"
    gg("export", "--data", TINY, "-f", fmt, "-o", target)
    assert len(Graph().parse(target, format=parser)) > 800


def test_export_to_missing_folder(gg, tmp_path: Path) -> None:
    message = error_line(gg("export", "--data", TINY, "-o", tmp_path / "no" / "x.ttl", code=2))
    assert "does not exist" in message


# --------------------------------------------------------------------------- describe


def test_describe_by_curie(gg) -> None:
    out = gg("describe", "ggd:test-council", "--data", TINY).stdout
    assert out.splitlines()[0] == "ggd:test-council (Test council)"
    assert '  skos:notation  "TC"' in out
    assert "  ggd:test-council-chair (chair of the test council)  gg:chairOf" in out
    assert '  ggd:doc-test-composition: "Composition" in "Test document"' in out


def test_describe_by_label_any_case(gg) -> None:
    out = gg("describe", "testraad", "--data", TINY, "--lang", "nl").stdout
    assert out.splitlines()[0] == "ggd:test-council (Testraad)"


def test_describe_ambiguous_label_lists_on_stderr_and_exits_2(gg) -> None:
    proc = gg("describe", "Council", "--data", TINY, code=2)
    assert proc.stdout == ""
    assert error_line(proc) == (
        "'Council' names 2 resources: ggd:test-committee (Council), ggd:test-council (Council); "
        "give one of their IRIs"
    )


def test_describe_unknown(gg) -> None:
    assert (
        error_line(gg("describe", "ggd:nothing-here", "--data", TINY, code=2))
        == "nothing is known about ggd:nothing-here"
    )
    assert "no resource has the label" in error_line(
        gg("describe", "no such thing", "--data", TINY, code=2)
    )


# --------------------------------------------------------------------------- stats


def test_stats(gg) -> None:
    out = gg("stats", "--data", TINY).stdout
    assert "triples asserted: " in out
    assert "ggg:data/tiny: 27" in out
    inferred = int(out.split("triples inferred: ")[1].split()[0])
    assert inferred > 0
    assert 'ggd:doc-test "Test document": 1 section, 4 citing resources' in out
    quick = gg("stats", "--data", TINY, "--no-reasoning").stdout
    assert "not computed" in quick


# --------------------------------------------------------------------------- export --profile


def test_export_profile_schema_org(gg, tmp_path: Path) -> None:
    target = tmp_path / "schema.ttl"
    gg("export", "--profile", "schema-org", "-o", target)
    graph = Graph().parse(target, format="turtle")
    grant = URIRef("http://schema.org/MonetaryGrant")
    funder = URIRef("http://schema.org/funder")
    grants = graph.subjects(predicate=None, object=grant)
    funders = {str(o) for s in grants for o in graph.objects(s, funder)}
    # the profile says who funds the ERSVs: the Flemish Government, provincial and local authorities
    assert len(funders) == 3


def test_export_profile_unknown_names_the_valid_ones(gg) -> None:
    line = error_line(gg("export", "--profile", "dcat", code=2))
    assert "dcat" in line and "oslo" in line and "cpov" in line and "schema-org" in line


def test_export_profile_refuses_dataset_formats(gg) -> None:
    proc = gg("export", "--profile", "oslo", "--format", "trig", code=2)
    assert "trig" in proc.stderr


def test_query_does_not_import_the_server_or_site(script_env: dict[str, str]) -> None:
    code = (
        "import sys\n"
        "from governance_graph.cli import main\n"
        "try:\n    main(['queries'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.startswith(('governance_graph.server', "
        "'governance_graph.site', 'starlette', 'uvicorn', 'jinja2'))]\n"
        "print(heavy)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=script_env
    )
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


# --------------------------------------------------------------------------- check

STAGE_LINE = r"^  (load|reason|validate|queries|total) +\d+\.\d\d s$"


def _stages(stderr: str) -> list[str]:
    import re

    return [m.group(1) for m in re.finditer(STAGE_LINE, stderr, re.MULTILINE)]


def test_check_the_bundled_graph_on_both_engines(gg) -> None:
    """Exit 0, a timing per stage, and the same closure-independent figures on both engines:
    the asserted triples and the rows of all the stored queries."""
    import re

    summaries = {}
    for engine in ("oxigraph", "rdflib"):
        proc = gg("check", "--engine", engine)
        assert proc.stdout == ""  # conforms: nothing to list
        assert _stages(proc.stderr) == ["load", "reason", "validate", "queries", "total"]
        assert "SHACL: conforms (no results)" in proc.stderr
        assert re.search(r"^  slowest queries: [a-z-]+ \d+\.\d\d s, ", proc.stderr, re.MULTILINE)
        line = next(x for x in proc.stderr.splitlines() if x.startswith(f"engine {engine}: "))
        asserted, rows, queries = re.search(
            r": (\d+) asserted triples, \d+ in the closure, (\d+) rows from (\d+) stored", line
        ).groups()
        summaries[engine] = (int(asserted), int(rows), int(queries))
    assert summaries["oxigraph"] == summaries["rdflib"]
    from governance_graph.catalogue import Catalogue

    assert summaries["oxigraph"][2] == len(list(Catalogue.bundled()))  # every stored query ran


def test_check_lists_the_violations_and_exits_1(gg, tmp_path: Path) -> None:
    graph = tmp_path / "bad.nt"
    gg("synth", "--triples", "2k", "--violations", "6", "-o", graph)
    truth = json.loads(Path(f"{graph}.violations.json").read_text())
    proc = gg("check", "--data", graph, "--engine", "oxigraph", code=1)
    assert proc.stdout.startswith(f"Does not conform: {len(truth)} violations")
    for violation in truth:
        local = violation["focus_node"].removeprefix(GGD)
        assert f"ggd:{local}" in proc.stdout
    assert f"SHACL: does not conform ({len(truth)} violations)" in proc.stderr


def test_check_exits_as_validate_on_warnings(gg, tmp_path: Path) -> None:
    """Warnings only: the graph does not conform (SHACL), exit 1; --allow-warnings: exit 0."""
    graph = tmp_path / "g.nt"
    gg("synth", "--triples", "1k", "-o", graph)
    shapes = tmp_path / "warn.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "<urn:x:NoSuchThing> a sh:NodeShape ; sh:targetClass org:Organization ; "
        "sh:property [ sh:path <urn:x:nowhere> ; sh:minCount 1 ; sh:severity sh:Warning ] .\n"
    )
    args = ("check", "--data", graph, "--shapes", shapes, "--engine", "oxigraph", "--quiet")
    strict = gg(*args, code=1)
    assert "SHACL: does not conform (" in strict.stderr and " warning" in strict.stderr
    allowed = gg(*args, "--allow-warnings")
    assert allowed.stdout == strict.stdout


def test_check_of_a_missing_file_is_one_line_and_exit_2(gg, tmp_path: Path) -> None:
    proc = gg("check", "--data", tmp_path / "nope.ttl", code=2)
    assert "nope.ttl" in error_line(proc) and "no such file" in error_line(proc)
    assert proc.stdout == ""


def test_check_shows_progress_on_a_terminal_only(gg, tmp_path: Path) -> None:
    if shutil.which("script") is None:
        pytest.skip("util-linux 'script' (a pseudo-terminal) is not installed")
    graph = tmp_path / "g.nt"
    gg("synth", "--triples", "1k", "-o", graph)
    command = f"{console_script()} check --data {graph} --engine oxigraph"
    env = {**os.environ, "TERM": "xterm"}
    shown = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, text=True, env=env,
        timeout=300,
    )
    assert shown.returncode == 0, shown.stdout
    assert "validate" in shown.stdout and "\x1b[" in shown.stdout  # rich's live display
    quiet = subprocess.run(
        ["script", "-qec", f"{command} --quiet", "/dev/null"], capture_output=True, text=True,
        env=env, timeout=300,
    )
    assert quiet.returncode == 0 and "\x1b[" not in quiet.stdout
    piped = gg("check", "--data", graph, "--engine", "oxigraph")  # not a terminal: no display
    assert "\x1b[" not in piped.stderr
