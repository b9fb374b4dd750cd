"""``query --with FILE|URL``: another graph beside ours, in its own named graph, in one query."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from governance_graph.cli import main

GGD = "https://w3id.org/governance-graph/id/"
WITH = "https://w3id.org/governance-graph/graph/with/"

OTHER = """\
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex:   <http://example.org/register/> .

# a made-up register that says something about one of our bodies
ex:entry-1 a org:Organization ;
    skos:prefLabel "Registered VESOC"@en ;
    skos:exactMatch <https://w3id.org/governance-graph/id/vesoc> .
"""


@pytest.fixture
def shared_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "w"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


JOIN = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?g ?entry ?ours ?name WHERE {
  GRAPH ?g { ?entry skos:exactMatch ?ours ; skos:prefLabel ?theirs }
  ?ours skos:prefLabel ?name .
  FILTER(LANG(?name) = "en")
}
ORDER BY ?entry
"""


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("reasoning", [[], ["--no-reasoning"]], ids=["closure", "asserted"])
def test_with_joins_our_graph_and_another_file(
    capsys, shared_cache, tmp_path: Path, reasoning: list[str], engine: str
) -> None:
    other = tmp_path / "register.ttl"
    other.write_text(OTHER, encoding="utf-8")
    code, out, err = run(
        capsys,
        "query",
        "-e",
        JOIN,
        "--with",
        str(other),
        "--format",
        "csv",
        "--engine",
        engine,
        *reasoning,
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][:3] == [
        "https://w3id.org/governance-graph/graph/with/register",
        "http://example.org/register/entry-1",
        GGD + "vesoc",
    ]
    assert len(rows) == 2


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_with_runs_on_the_chosen_engine_and_leaves_no_graph_behind(
    shared_cache, tmp_path: Path, engine: str
) -> None:
    import governance_graph as gg
    from governance_graph.importing import query_with

    other = tmp_path / "register.ttl"
    other.write_text(OTHER + 'ex:entry-1 ex:note [ ex:text "blank" ] .\n', encoding="utf-8")
    store = {"store_dir": tmp_path / "store"} if engine == "oxigraph" else {}
    kg = gg.load(engine=engine, **store)
    text = f"SELECT ?t WHERE {{ GRAPH <{WITH}register> {{ ?e ?p [ ?q ?t ] }} }}"
    for reasoning in (True, False):
        result = query_with(kg, text, [str(other)], reasoning=reasoning)
        assert [str(row.t) for row in result] == ["blank"]
    ask = "ASK { GRAPH ?g { <http://example.org/register/entry-1> ?p ?o } }"
    assert not kg.query(ask, reasoning=False).askAnswer
    taken = str(kg.sources[-1].graph_iri)  # refused before anything is fetched
    with pytest.raises(gg.LoadError, match="same graph name"):
        query_with(kg, text, [taken])


def test_with_keeps_the_other_graph_out_of_the_default_graph(
    capsys, shared_cache, tmp_path: Path
) -> None:
    other = tmp_path / "register.ttl"
    other.write_text(OTHER, encoding="utf-8")
    code, out, _ = run(
        capsys,
        "query",
        "-e",
        "ASK { <http://example.org/register/entry-1> ?p ?o }",
        "--with",
        str(other),
    )
    assert code == 0 and "false" in out.lower()


def test_with_a_missing_or_broken_file_is_one_line(capsys, shared_cache, tmp_path: Path) -> None:
    code, _, err = run(capsys, "query", "chairs", "--with", str(tmp_path / "nope.ttl"))
    assert code == 2 and "nope.ttl: cannot read" in err
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    code, _, err = run(capsys, "query", "chairs", "--with", str(bad))
    assert code == 2 and "bad.ttl: cannot parse as turtle" in err
    code, _, err = run(capsys, "query", "chairs", "--with", "ftp://example.org/x.ttl")
    assert code == 2 and "only files and http(s) URLs" in err


def test_with_still_refuses_from_and_service(capsys, shared_cache, tmp_path: Path) -> None:
    other = tmp_path / "register.ttl"
    other.write_text(OTHER, encoding="utf-8")
    code, _, err = run(
        capsys,
        "query",
        "-e",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "--with",
        str(other),
    )
    assert code == 2 and "SERVICE" in err
