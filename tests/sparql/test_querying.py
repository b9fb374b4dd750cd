"""governance_graph.querying: the choice ``query`` makes, as a library function: which query
(a stored name, a file, text), and where it runs (an endpoint, ``with_graphs`` beside ours,
our graph), with the options that cannot go together refused before anything is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from governance_graph.catalogue import Catalogue, parse_query
from governance_graph.querying import QueryOptionsError, find_query, run_query, stored_queries
from governance_graph.sparql_endpoint_client import EndpointError
from tests.helpers.paths import FIXTURES

QUERIES = FIXTURES / "queries"
EX = "https://example.org/tiny#"
COUNCILS = f"SELECT ?c WHERE {{ ?c a <{EX}Council> }} ORDER BY ?c"
UNREACHABLE = "http://127.0.0.1:9/sparql"


def test_find_query_by_name_file_folder_or_text(tmp_path: Path) -> None:
    assert find_query("chairs").name == "chairs"
    assert find_query(str(QUERIES / "by-code.rq")).name == "by-code"
    (tmp_path / "chair-of.rq").write_bytes((QUERIES / "chair-of.rq").read_bytes())
    assert find_query("chair-of", queries_dir=tmp_path).source.endswith("chair-of.rq")
    assert find_query(expression="ASK {}").text == "ASK {}"
    federated = {q.name for q in stored_queries()} - {q.name for q in Catalogue.bundled()}
    assert federated and all(find_query(name).name == name for name in federated)
    for name, expression in ((None, None), ("chairs", "ASK {}")):
        with pytest.raises(QueryOptionsError, match="not both"):
            find_query(name, expression=expression)


@pytest.mark.parametrize(
    "options",
    [
        {"data": ["mine.ttl"]},
        {"reasoning": False},
        {"store_dir": "store"},
        {"engine": "oxigraph"},
        {"with_graphs": ["other.ttl"]},
    ],
)
def test_an_endpoint_refuses_the_options_of_our_own_graph(options: dict) -> None:
    with pytest.raises(QueryOptionsError, match="drop --"):
        run_query("chairs", endpoint=UNREACHABLE, **options)


@pytest.mark.parametrize("engine", ["auto", "rdflib"])
def test_an_endpoint_takes_the_default_or_the_reference_engine(engine: str) -> None:
    with pytest.raises(EndpointError, match="cannot connect"):
        run_query("chairs", endpoint=UNREACHABLE, engine=engine, timeout=5)


def test_options_are_checked_before_the_query_is_looked_up() -> None:
    with pytest.raises(QueryOptionsError):
        run_query("no-such-query", endpoint=UNREACHABLE, data=["mine.ttl"])


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_locally_as_the_knowledge_graph_answers(core: Path, tmp_path: Path, engine: str) -> None:
    import governance_graph as gg

    data = [core / "data"]
    by_code = tmp_path / "by-code.rq"
    by_code.write_text(f"SELECT ?c WHERE {{ ?c <{EX}code> ?_code }}\n", encoding="utf-8")
    kg = gg.load(data=data, engine=engine)
    expected = [
        row.c for row in kg.query(parse_query(by_code.read_text(), name="by-code"), {"code": "A"})
    ]
    assert expected == [URIRef(EX + "council-a")]
    answer = run_query(str(by_code), {"code": "A"}, data=data, engine=engine)
    assert [row.c for row in answer] == expected
    asserted = run_query(expression=COUNCILS, data=data, engine=engine, reasoning=False)
    assert [row.c for row in asserted] == [URIRef(EX + "council-a"), URIRef(EX + "council-b")]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_with_graphs_beside_ours(core: Path, tmp_path: Path, engine: str) -> None:
    other = tmp_path / "register.ttl"
    other.write_text(f'<{EX}council-a> <{EX}registered> "yes" .\n', encoding="utf-8")
    text = (
        "SELECT ?c ?g WHERE { GRAPH ?g { ?c <" + EX + "registered> ?r } ?c a <" + EX + "Council> }"
    )
    answer = run_query(
        expression=text, with_graphs=[str(other)], data=[core / "data"], engine=engine
    )
    rows = [(str(row.c), str(row.g)) for row in answer]
    assert rows == [(EX + "council-a", "https://w3id.org/governance-graph/graph/with/register")]
