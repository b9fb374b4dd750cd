"""The rdflib engine's reasoning: the OWL 2 RL closure of ontology + data with owlrl, checked,
cleaned, cached in memory and on disk.

The closure is computed over the *union* of the asserted files (named graphs do not matter to
OWL), then:

* **checked**: owlrl does not raise on an inconsistency, it records it (``error_messages`` on
  the closure object, also written into the graph as ``err:ErrorMessage`` blank nodes). Those,
  plus ``owl:sameAs`` between two different literals (a functional or max-cardinality-1
  property given two values, which owlrl does not report), raise
  :class:`~governance_graph.errors.InconsistencyError`.
* **cleaned**: triples that are not RDF (literal subjects such as ``"x" owl:sameAs "x"`` and
  ``"x" rdf:type xsd:string``, non-IRI predicates) and owlrl's error nodes are dropped.

Cache: per process in memory, and on disk as ``closure-<key>.pickle``
(:mod:`governance_graph.engines.closure_cache`: where, keyed how, written atomically, pruned).
A pickle of the rdflib ``Graph`` loads about 7x faster than N-Triples (see
``benchmarks/query_speed.py``); only files the user owns and nobody else can write are
unpickled. A warm cache imports neither owlrl nor pyshacl.

>>> from governance_graph.loading import bundled_sources, load_dataset
>>> sources = bundled_sources()                               # doctest: +SKIP
>>> g = closure(sources, lambda: load_dataset(sources))       # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from ..errors import InconsistencyError
from ..loading import Source
from ..namespaces import bind_prefixes, compact
from . import closure_cache
from .closure_cache import cache_key
from .inconsistencies import compact_iris, offending_iris, same_value

__all__ = [
    "cache_key",
    "clear_memory_cache",
    "closure",
    "compute_closure",
    "unintended_merges",
]

log = logging.getLogger(__name__)

#: owlrl's vocabulary for the inconsistency messages it writes into the graph.
_ERR_NS = "http://www.daml.org/2002/03/agents/agent-ont#"
_ERR_MESSAGE = URIRef(_ERR_NS + "ErrorMessage")

_MEMORY_LIMIT = 4
_memory: OrderedDict[str, Graph] = OrderedDict()
_lock = threading.RLock()


def closure(sources: Sequence[Source], asserted: Callable[[], Graph]) -> Graph:
    """The checked, cleaned OWL 2 RL closure of ``sources``, from a cache when possible.

    ``asserted`` is called (to parse the files) only on a cache miss. The returned graph is
    shared with the cache: do not modify it. Raises ``InconsistencyError``.
    """
    key = cache_key(sources)
    with _lock:
        graph = _memory.get(key)
        if graph is not None:
            _memory.move_to_end(key)
            return graph
        graph = _read_disk(key)
        if graph is None:
            graph = compute_closure(asserted())
            _write_disk(key, graph)
        _memory[key] = graph
        while len(_memory) > _MEMORY_LIMIT:
            _memory.popitem(last=False)
        return graph


def compute_closure(asserted: Graph) -> Graph:
    """Run owlrl over (a copy of) the union of ``asserted``; check and clean the result.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ...   @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <http://example.org/> .
    ...   ex:A owl:disjointWith ex:B . ex:x a ex:A, ex:B .''', format="turtle")
    >>> compute_closure(g)
    Traceback (most recent call last):
    ...
    governance_graph.errors.InconsistencyError: inconsistent ontology + data (1 problem): ...
    """
    from owlrl.OWLRL import OWLRL_Semantics  # heavy: import only on a cache miss

    graph = Graph()
    bind_prefixes(graph)
    for triple in asserted.triples((None, None, None)):
        graph.add(triple)
    # Called directly rather than via owlrl.DeductiveClosure, which switches rdflib's global
    # literal conversions back and forth; no axiomatic triples (they are noise for queries).
    reasoner = OWLRL_Semantics(graph, False, False, False)
    reasoner.closure()
    problems, resources = _inconsistencies(graph, reasoner.error_messages)
    if problems:
        raise InconsistencyError(problems, resources)
    _clean(graph)
    return graph


def clear_memory_cache() -> None:
    """Forget the closures held in this process (the disk cache stays)."""
    with _lock:
        _memory.clear()


def unintended_merges(graph: Graph) -> list[tuple[URIRef, URIRef]]:
    """Pairs of different IRIs the closure made ``owl:sameAs`` (e.g. through ``org:member``,
    which is functional). Not an inconsistency in OWL, but almost always a data error."""
    pairs = {
        tuple(sorted((s, o)))
        for s, o in graph.subject_objects(OWL.sameAs)
        if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o
    }
    return sorted(pairs)  # type: ignore[arg-type]


def _inconsistencies(graph: Graph, messages: Iterable[str]) -> tuple[list[str], list[str]]:
    messages = list(messages)
    problems = [compact_iris(m) for m in messages]
    resources = offending_iris(messages)
    for clash, subjects in _literal_clashes(graph):
        problems.append(clash)
        resources.update(str(s) for s in subjects)
    return problems, sorted(resources)


def _literal_clashes(graph: Graph) -> list[tuple[str, list[URIRef]]]:
    """``owl:sameAs`` between literals of different values, explained by the property."""
    functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
    seen: set[frozenset[Literal]] = set()
    clashes: list[tuple[str, list[URIRef]]] = []
    for a, b in graph.subject_objects(OWL.sameAs):
        if not (isinstance(a, Literal) and isinstance(b, Literal)) or same_value(a, b):
            continue
        pair = frozenset((a, b))
        if pair in seen:
            continue
        seen.add(pair)
        first, second = sorted((a, b), key=lambda lit: lit.n3())
        found = False
        for prop in sorted(functional):
            for subject in sorted(
                set(graph.subjects(prop, first)) & set(graph.subjects(prop, second))
            ):
                found = True
                clashes.append(
                    (
                        f"{compact(subject)} has two values for the functional property "
                        f"{compact(prop)}: {first.n3()} and {second.n3()}",
                        [subject, prop] if isinstance(subject, URIRef) else [prop],
                    )
                )
        if not found:
            clashes.append(
                (f"different literals {first.n3()} and {second.n3()} made owl:sameAs", [])
            )
    return clashes


def _clean(graph: Graph) -> None:
    """Drop what is not RDF (literal subjects, non-IRI predicates) and owlrl's error nodes."""
    junk = [(s, p, o) for s, p, o in graph if isinstance(s, Literal) or not isinstance(p, URIRef)]
    for node in list(graph.subjects(RDF.type, _ERR_MESSAGE)):
        junk.extend(graph.triples((node, None, None)))
    for triple in junk:
        graph.remove(triple)


def _cache_file(key: str) -> Path | None:
    return closure_cache.cache_file(f"closure-{key}.pickle")


def _read_disk(key: str) -> Graph | None:
    path = _cache_file(key)
    if path is None:
        return None
    try:
        if not _trusted(path):
            return None
    except OSError:
        return None
    data = closure_cache.read(path)
    if data is None:
        return None
    try:
        graph = pickle.loads(data)
    except Exception as err:  # a truncated or foreign file: recompute and overwrite
        log.warning("ignoring unreadable closure cache %s: %s", path, err)
        return None
    return graph if isinstance(graph, Graph) else None


def _trusted(path: Path) -> bool:
    """Unpickle only files this user owns and nobody else may write (a shared
    ``GOVERNANCE_GRAPH_CACHE_DIR`` must not let another user run code in this process)."""
    if not hasattr(os, "getuid"):
        return True
    info = path.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        log.warning("ignoring closure cache %s: not owned by you or writable by others", path)
        return False
    return True


def _write_disk(key: str, graph: Graph) -> None:
    path = _cache_file(key)
    if path is not None:
        data = pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL)
        closure_cache.write(path, data, prune_pattern="closure-*.pickle")
