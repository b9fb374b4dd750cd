"""The same graph is written as the same bytes: every ``export`` format, asserted and inferred,
in processes with different string hash seeds and on both engines; and ``writers.serialize`` on
a dataset with blank nodes and named graphs, whose labels rdflib would otherwise draw at random.

rdflib lists subjects, values and named graphs in the order of Python sets, which changes with
``PYTHONHASHSEED``; each export here runs in its own process with its own seed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml")
RUNS = {
    "rdflib-seed-1": ("rdflib", "1"),
    "rdflib-seed-2": ("rdflib", "2"),
    "oxigraph-seed-3": ("oxigraph", "3"),
}

EXPORT_ALL = f"""
import sys
from governance_graph.cli import main
out, engine = sys.argv[1:3]
for fmt in {FORMATS!r}:
    for inferred in (False, True):
        args = ["export", "--engine", engine, "--format", fmt, "-o", f"{{out}}/{{fmt}}-{{inferred}}"]
        try:
            main(args + (["--inferred"] if inferred else []))
        except SystemExit as exc:
            assert not exc.code, (args, exc.code)
"""  # noqa: E501

SERIALIZE_ALL = """
import sys
from rdflib import BNode, Dataset, Literal, URIRef
from governance_graph.writers import RDF_FORMATS, serialize
ex = "http://example.org/"
ds = Dataset()
for g in ("b", "a", "c"):
    graph = ds.graph(URIRef(ex + "graph/" + g))
    shared = BNode()
    for i in range(12):
        node = BNode()
        graph.add((URIRef(ex + f"s{i % 4}"), URIRef(ex + f"p{i % 3}"), node))
        graph.add((node, URIRef(ex + "value"), Literal(i)))
        graph.add((node, URIRef("urn:other:name"), Literal(f"n{i}", lang="en" if i % 2 else "nl")))
        graph.add((node, URIRef(ex + "shared"), shared))
    graph.add((shared, URIRef(ex + "in"), Literal(g)))
ds.add((URIRef(ex + "d"), URIRef(ex + "p0"), Literal("default graph")))
for fmt in RDF_FORMATS:
    sys.stdout.write(f"==== {fmt}\\n" + serialize(ds, fmt))
"""


EX = "http://example.org/"


def _run(code: str, seed: str, *args: str, env: dict[str, str]) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**env, "PYTHONHASHSEED": seed},
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    env = dict(os.environ, GOVERNANCE_GRAPH_CACHE_DIR=str(tmp_path_factory.mktemp("cache")))
    env.pop("GOVERNANCE_GRAPH_DEBUG", None)
    folders = {}
    for name, (engine, seed) in RUNS.items():
        folder = tmp_path_factory.mktemp(name)
        _run(EXPORT_ALL, seed, str(folder), engine, env=env)
        folders[name] = folder
    return folders


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "inferred"])
def test_export_is_the_same_bytes_in_every_process(exports, fmt: str, inferred: bool) -> None:  # type: ignore[no-untyped-def]
    first, second = (exports[n] / f"{fmt}-{inferred}" for n in ("rdflib-seed-1", "rdflib-seed-2"))
    assert first.stat().st_size > 10_000
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "inferred"])
def test_export_is_the_same_bytes_on_both_engines(exports, fmt: str, inferred: bool) -> None:  # type: ignore[no-untyped-def]
    rdflib_file, oxigraph_file = (
        exports[n] / f"{fmt}-{inferred}" for n in ("rdflib-seed-2", "oxigraph-seed-3")
    )
    assert rdflib_file.read_bytes() == oxigraph_file.read_bytes()


def test_blank_nodes_and_named_graphs_are_the_same_bytes_in_every_process() -> None:
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.compare import isomorphic

    env = dict(os.environ)
    texts = [_run(SERIALIZE_ALL, seed, env=env) for seed in ("1", "2", "3")]
    assert texts[0] == texts[1] == texts[2]
    parts = dict(part.split("\n", 1) for part in texts[0].split("==== ")[1:])
    assert sorted(parts) == ["jsonld", "nq", "nt", "trig", "ttl", "xml"]
    for fmt, parser in (("trig", "trig"), ("nq", "nquads")):
        dataset = Dataset()
        dataset.parse(data=parts[fmt], format=parser)
        assert len(list(dataset.quads((None, None, None, None)))) == 3 * (12 * 4 + 1) + 1, fmt
        graph_a = dataset.graph(URIRef(EX + "graph/a"))
        (shared,) = graph_a.subjects(URIRef(EX + "in"), Literal("a"))
        assert len(set(graph_a.subjects(URIRef(EX + "shared"), shared))) == 12, fmt
    union = Graph().parse(data=parts["nt"], format="nt")
    assert len(union) == 3 * (12 * 4 + 1) + 1
    for fmt, parser in (("ttl", "turtle"), ("xml", "xml"), ("jsonld", "json-ld")):
        assert isomorphic(union, Graph().parse(data=parts[fmt], format=parser)), fmt
