"""``export`` gives the same triples whichever engine filled the graph, datatypes included.

End to end through the installed console script: the N-Triples of the closure are the same
bytes (the line formats are written sorted), and every other format parses back into the same
triples (blank nodes up to renaming), on the bundled graph and on a synthetic one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from governance_graph import synth
from tests.helpers.processes import run_script

FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}
_DERIVED_INTEGERS = tuple(
    f'"^^<http://www.w3.org/2001/XMLSchema#{name}>'
    for name in ("positiveInteger", "nonNegativeInteger", "unsignedInt", "int", "short")
)


@pytest.fixture(scope="module")
def export(script_env: dict[str, str]):  # type: ignore[no-untyped-def]
    done: dict[tuple[str, ...], str] = {}

    def run(*args: str) -> str:
        if args not in done:
            proc = run_script("export", *args, env=script_env, timeout=600)
            assert proc.returncode == 0, proc.stderr
            done[args] = proc.stdout
        return done[args]

    return run


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "synth.nt"
    synth.write(path, 2500, seed=7, violations=0)
    return path


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_closure_as_n_triples_is_the_same_bytes_on_both_engines(export, synthetic, which) -> None:  # type: ignore[no-untyped-def]
    data = () if which == "bundled" else ("--data", str(synthetic))
    rdflib_nt = export("--inferred", "--format", "nt", "--engine", "rdflib", *data)
    oxigraph_nt = export("--inferred", "--format", "nt", "--engine", "oxigraph", *data)
    assert rdflib_nt.count("\n") > 1000
    assert oxigraph_nt == rdflib_nt
    # The seat counts keep the datatype the data gives them; nothing is turned into another.
    assert not any(name in oxigraph_nt for name in _DERIVED_INTEGERS)
    assert '"16"^^<http://www.w3.org/2001/XMLSchema#integer>' in rdflib_nt or which != "bundled"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "inferred"])
def test_every_format_gives_the_same_triples_on_both_engines(export, fmt, inferred) -> None:  # type: ignore[no-untyped-def]
    flags = ("--inferred",) if inferred else ()
    graphs = []
    for engine in ("rdflib", "oxigraph"):
        text = export(*flags, "--format", fmt, "--engine", engine)
        if fmt in ("nq", "trig"):
            dataset = Dataset()
            dataset.parse(data=text, format=FORMATS[fmt])
            graphs.append({str(g.identifier): g for g in dataset.graphs() if len(g)})
        else:
            graphs.append({"": Graph().parse(data=text, format=FORMATS[fmt])})
    rdflib_graphs, oxigraph_graphs = graphs
    assert sorted(rdflib_graphs) == sorted(oxigraph_graphs)
    for name, graph in rdflib_graphs.items():
        assert len(graph) > 0
        assert isomorphic(graph, oxigraph_graphs[name]), name


def test_every_literal_of_the_bundled_graph_is_one_the_store_keeps() -> None:
    """Written into a pyoxigraph store and read back, each typed literal of ontology/ and data/
    is the same term: no derived datatype, no non-canonical lexical form (docs/design.md)."""
    import pyoxigraph as ox
    from rdflib import Literal

    from governance_graph import paths

    root = paths.bundled_root()
    files = sorted((root / "data").glob("*.ttl")) + sorted((root / "ontology").glob("*.ttl"))
    changed = []
    for path in files:
        graph = Graph().parse(path, format="turtle")
        for literal in {o for o in graph.objects() if isinstance(o, Literal) and o.datatype}:
            stored = ox.Store()
            stored.add(
                ox.Quad(
                    ox.NamedNode("urn:s"),
                    ox.NamedNode("urn:p"),
                    ox.Literal(str(literal), datatype=ox.NamedNode(literal.datatype)),
                )
            )
            back = next(iter(stored)).object
            if (back.value, back.datatype.value) != (str(literal), str(literal.datatype)):
                changed.append(f"{path.name}: {literal.n3()} -> {back}")
    assert files and changed == []
