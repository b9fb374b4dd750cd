"""OWL 2 RL closure: inferences, cleaning, inconsistency detection and the two caches."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, RDF

from governance_graph.engines import closure_cache
from governance_graph.engines import rdflib_reasoning as reasoning
from governance_graph.errors import InconsistencyError
from governance_graph.loading import Source, load_dataset

EX = "https://example.org/tiny#"


def _sources(core: Path, *data: Path) -> list[Source]:
    files = list(data) or sorted((core / "data").glob("*.ttl"))
    return [Source.read(core / "ontology" / "tiny.ttl", "ontology")] + [
        Source.read(f, "data") for f in files
    ]


def _closure(sources: list[Source]) -> Graph:
    return reasoning.closure(sources, lambda: load_dataset(sources))


def _forbid_reasoner(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(_graph: Graph) -> Graph:
        raise AssertionError("owlrl was run although the closure is cached")

    monkeypatch.setattr(reasoning, "compute_closure", boom)


def test_closure_infers_subclass_and_range(core: Path) -> None:
    g = _closure(_sources(core))
    assert (URIRef(EX + "council-a"), RDF.type, ORG.Organization) in g
    assert (URIRef(EX + "bob"), RDF.type, URIRef(EX + "Person")) in g


def test_closure_is_plain_rdf(core: Path) -> None:
    g = _closure(_sources(core))
    assert not [t for t in g if isinstance(t[0], Literal)], "literal subjects left in"
    assert all(isinstance(p, URIRef) for p in g.predicates())
    assert not list(g.triples((None, RDF.type, URIRef(reasoning._ERR_NS + "ErrorMessage"))))


def test_literal_subjects_filtered_from_owlrl_output(core: Path) -> None:
    # owlrl itself adds e.g. "A" owl:sameAs "A": prove they existed and were dropped.
    from owlrl.OWLRL import OWLRL_Semantics

    raw = Graph()
    for t in load_dataset(_sources(core)).triples((None, None, None)):
        raw.add(t)
    OWLRL_Semantics(raw, False, False, False).closure()
    assert (Literal("A"), OWL.sameAs, Literal("A")) in raw
    cleaned = reasoning.compute_closure(load_dataset(_sources(core)))
    assert (Literal("A"), OWL.sameAs, Literal("A")) not in cleaned


def test_disjoint_classes_are_inconsistent(core: Path) -> None:
    sources = _sources(core, core / "data" / "people.ttl", core / "bad" / "disjoint.ttl")
    with pytest.raises(InconsistencyError) as info:
        _closure(sources)
    err = info.value
    assert EX + "ann" in err.resources
    assert any("Disjoint classes" in p for p in err.problems)
    assert "\n" not in str(err)


def test_functional_property_clash_is_inconsistent(core: Path) -> None:
    sources = _sources(core, core / "data" / "bodies.ttl", core / "bad" / "functional.ttl")
    with pytest.raises(InconsistencyError) as info:
        _closure(sources)
    assert EX + "council-a" in info.value.resources
    assert any('"A" and "A2"' in p for p in info.value.problems)


def test_inconsistent_closure_is_not_cached(core: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _sources(core, core / "bad" / "functional.ttl", core / "data" / "bodies.ttl")
    with pytest.raises(InconsistencyError):
        _closure(sources)
    assert not list(Path(os.environ["GOVERNANCE_GRAPH_CACHE_DIR"]).glob("closure-*"))


def test_merge_through_functional_object_property(core: Path) -> None:
    g = _closure(_sources(core, core / "data" / "people.ttl", core / "bad" / "merge.ttl"))
    assert reasoning.unintended_merges(g) == [(URIRef(EX + "ann"), URIRef(EX + "bob"))]
    assert reasoning.unintended_merges(_closure(_sources(core))) == []


def test_memory_cache_returns_the_same_graph(core: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _sources(core)
    first = _closure(sources)
    _forbid_reasoner(monkeypatch)
    assert _closure(sources) is first


def test_disk_cache_reused_across_processes(core: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _sources(core)
    first = _closure(sources)
    assert len(list(Path(os.environ["GOVERNANCE_GRAPH_CACHE_DIR"]).glob("closure-*.pickle"))) == 1
    reasoning.clear_memory_cache()  # as if in a new process
    _forbid_reasoner(monkeypatch)
    second = _closure(sources)
    assert second is not first
    assert set(second) == set(first)


def test_changed_bytes_invalidate_the_cache(core: Path, tmp_path: Path) -> None:
    data = tmp_path / "bodies.ttl"
    shutil.copy(core / "data" / "bodies.ttl", data)
    before = _closure(_sources(core, data))
    data.write_text(
        data.read_text()
        + "\n<https://example.org/tiny#council-z> a <https://example.org/tiny#Council> .\n"
    )
    after = _closure(_sources(core, data))
    z = URIRef(EX + "council-z")
    assert (z, RDF.type, ORG.Organization) in after
    assert (z, RDF.type, ORG.Organization) not in before
    assert reasoning.cache_key(_sources(core, data)) != reasoning.cache_key(_sources(core))


def test_no_cache_env_disables_disk(core: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVERNANCE_GRAPH_NO_CACHE", "1")
    _closure(_sources(core))
    assert not list(Path(os.environ["GOVERNANCE_GRAPH_CACHE_DIR"]).glob("closure-*"))


def test_corrupt_cache_file_is_recomputed(core: Path) -> None:
    sources = _sources(core)
    key = reasoning.cache_key(sources)
    cache = Path(os.environ["GOVERNANCE_GRAPH_CACHE_DIR"])
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"closure-{key}.pickle").write_bytes(b"not a pickle")
    g = _closure(sources)
    assert (URIRef(EX + "council-a"), RDF.type, ORG.Organization) in g


def test_old_cache_files_are_pruned(core: Path, tmp_path: Path) -> None:
    cache = Path(os.environ["GOVERNANCE_GRAPH_CACHE_DIR"])
    cache.mkdir(parents=True, exist_ok=True)
    for i in range(closure_cache.DISK_LIMIT + 3):
        old = cache / f"closure-old{i}.pickle"
        old.write_bytes(b"")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    _closure(_sources(core))
    assert len(list(cache.glob("closure-*.pickle"))) == closure_cache.DISK_LIMIT


def test_warm_cache_imports_neither_owlrl_nor_pyshacl(core: Path) -> None:
    sources = _sources(core)
    _closure(sources)
    files = ", ".join(repr(str(s.path)) for s in sources)
    script = f"""
import sys
from governance_graph.engines import rdflib_reasoning as reasoning
from governance_graph.loading import Source, load_dataset
paths = [{files}]
sources = [Source.read(paths[0], "ontology")] + [Source.read(p, "data") for p in paths[1:]]
g = reasoning.closure(sources, lambda: load_dataset(sources))
assert len(g) > 0
print(sorted(m for m in ("owlrl", "pyshacl") if m in sys.modules))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=os.environ
    )
    assert out.stdout.strip() == "[]", out.stderr


def test_bnodes_survive_the_disk_cache(tmp_path: Path, core: Path) -> None:
    data = tmp_path / "bnode.ttl"
    data.write_text("<urn:s> <urn:p> [ <urn:q> 1 ] .\n")
    first = _closure(_sources(core, data))
    reasoning.clear_memory_cache()
    second = _closure(_sources(core, data))
    (node,) = second.objects(URIRef("urn:s"), URIRef("urn:p"))
    assert isinstance(node, BNode)
    assert len(first) == len(second)


def test_cache_file_writable_by_others_is_ignored(
    core: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(core)
    _closure(sources)
    (cached,) = Path(os.environ["GOVERNANCE_GRAPH_CACHE_DIR"]).glob("closure-*.pickle")
    cached.chmod(0o666)
    reasoning.clear_memory_cache()
    calls: list[int] = []
    real = reasoning.compute_closure
    monkeypatch.setattr(reasoning, "compute_closure", lambda g: calls.append(1) or real(g))
    _closure(sources)
    assert calls == [1]
