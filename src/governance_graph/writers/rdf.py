"""RDF graphs and datasets as text, the same bytes for the same graph: :func:`serialize`.

rdflib's writers list subjects, values and named graphs in the order its in-memory store gives
them: the order of Python sets of terms, which changes with the string hash seed of each process
(``PYTHONHASHSEED``), and the order the graph was filled in, which differs between engines. So
:func:`serialize` copies the graph into a store that gives every triple and named graph sorted
(:func:`~governance_graph.writers.terms.term_key`), names blank nodes after their place in the
graph (rdflib's canonical labels) rather than after a random number, binds generated prefixes
in sorted order, and sorts what rdflib still writes in set order: N-Triples and N-Quads lines,
and the arrays of JSON-LD (``@list`` arrays keep their order). The result depends only on the
triples (and graph names) and on the prefixes asked for.

>>> from rdflib import Graph, Literal, URIRef
>>> from governance_graph.namespaces import bind_prefixes
>>> g = bind_prefixes(Graph())
>>> _ = g.add((URIRef("https://w3id.org/governance-graph/id/vesoc"),
...            URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("VESOC")))
>>> print(serialize(g, "ttl"), end="")
@prefix ggd: <https://w3id.org/governance-graph/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<BLANKLINE>
ggd:vesoc skos:prefLabel "VESOC" .
<BLANKLINE>
>>> print(serialize(g, "jsonld"))
{
  "@context": {
    "ggd": "https://w3id.org/governance-graph/id/",
    "skos": "http://www.w3.org/2004/02/skos/core#"
  },
  "@id": "ggd:vesoc",
  "skos:prefLabel": "VESOC"
}
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Generator, Iterable, Mapping
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph
from rdflib.term import Node

from governance_graph.namespaces import PREFIXES as _PINNED

from .terms import term_key

__all__ = ["DATASET_FORMATS", "RDF_FORMATS", "serialize"]

#: Our format names -> rdflib's.
RDF_FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}
#: The formats that keep named graphs.
DATASET_FORMATS = ("nq", "trig")

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node | None]
_PINNED_PREFIXES = {prefix: str(ns) for prefix, ns in _PINNED.items()}
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_FOLD = "\x00"  # between a predicate and a graph name while blank nodes are labelled


def serialize(
    data: Graph | Iterable[Triple],
    fmt: str,
    *,
    prefixes: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
) -> str:
    """``data`` in ``fmt`` (a key of :data:`RDF_FORMATS`), the same text for the same triples.

    ``data`` is a graph, a dataset or triples. ``nq`` and ``trig`` keep a dataset's named
    graphs (a graph goes in the default graph); the other formats write the union of them.
    ``prefixes`` are the prefixes to write with: by default those bound on the graph, or the
    pinned ones of :mod:`governance_graph.namespaces` for bare triples. Pass them when the
    bindings of ``data`` may differ from run to run (an engine's graph). The JSON-LD
    ``@context`` is ``context`` as given, or else the prefixes (of these) the graph uses.
    """
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; expected one of {sorted(RDF_FORMATS)}")
    bound = _prefixes(data, prefixes)
    found = _quads(data)
    quads = _canonical(found)
    lines_only = fmt in ("nt", "nq")  # sorted line by line afterwards: any order will do
    out: Graph
    if fmt == "nt" and quads is found and isinstance(data, Graph) and not data.context_aware:
        out = data  # no blank node to rename, and N-Triples has no prefixes: no copy needed
    elif fmt in DATASET_FORMATS:
        out = Dataset() if lines_only else _SortedDataset()
        _bind(out, bound)
        for s, p, o, name in quads if lines_only else sorted(quads, key=_quad_key):
            out.graph(name or DATASET_DEFAULT_GRAPH_ID).add((s, p, o))  # type: ignore[attr-defined]
    else:
        out = Graph(store="SimpleMemory") if lines_only else _SortedGraph(store="SimpleMemory")
        _bind(out, bound)
        out.addN((s, p, o, out) for s, p, o, _ in quads)
    if fmt == "jsonld":
        used = context if context is not None else _used(quads, bound)
        text = out.serialize(format="json-ld", context=dict(used), indent=2, sort_keys=True)
        return json.dumps(
            _sorted_json(json.loads(text)), indent=2, sort_keys=True, ensure_ascii=False
        )
    if lines_only:
        lines = out.serialize(format=RDF_FORMATS[fmt]).splitlines()
        return "".join(line + "\n" for line in sorted(line for line in lines if line.strip()))
    _bind_generated(out, {q[1] for q in quads}, strict=fmt == "xml")
    return out.serialize(format=RDF_FORMATS[fmt])


# --------------------------------------------------------------------------- ordered stores


class _SortedGraph(Graph):
    """A graph that gives its triples sorted, whatever the pattern (rdflib's RDF/XML, Turtle and
    JSON-LD writers take subjects and values in the order the graph gives them)."""

    def triples(self, triple):  # type: ignore[no-untyped-def,override]
        yield from sorted(super().triples(triple), key=_triple_key)


class _SortedDataset(Dataset):
    """A dataset that gives its named graphs by name (the default graph first), each a
    :class:`_SortedGraph`."""

    def get_context(self, identifier, quoted=False, base=None):  # type: ignore[no-untyped-def]
        return _SortedGraph(
            store=self.store,
            identifier=identifier,
            namespace_manager=self.namespace_manager,
            base=base,
        )

    def contexts(self, triple=None) -> Generator[Graph, None, None]:  # type: ignore[no-untyped-def,override]
        found = {g.identifier: g for g in ConjunctiveGraph.contexts(self, triple)}
        yield from (found[name] for name in sorted(found, key=_graph_key))

    graphs = contexts  # type: ignore[assignment]


def _triple_key(triple: tuple[Any, ...]) -> tuple[Any, ...]:
    s, p, o = triple
    return (term_key(s), term_key(p), term_key(o))


def _graph_key(name: Node | None) -> tuple[Any, ...]:
    default = name is None or name == DATASET_DEFAULT_GRAPH_ID
    return (not default, term_key(name) if not default else ())


def _quad_key(quad: Quad) -> tuple[Any, ...]:
    return (_graph_key(quad[3]), _triple_key(quad[:3]))


# --------------------------------------------------------------------------- input


def _quads(data: Graph | Iterable[Triple]) -> list[Quad]:
    """Every quad of ``data`` (``None``: the default graph), without repeats."""
    if isinstance(data, Graph) and data.context_aware:
        found: set[Quad] = set()
        for s, p, o, c in data.quads((None, None, None, None)):  # type: ignore[attr-defined]
            name = c.identifier if isinstance(c, Graph) else c
            found.add((s, p, o, None if name == DATASET_DEFAULT_GRAPH_ID else name))
        return list(found)
    if isinstance(data, Graph):  # a graph holds no triple twice
        return [(s, p, o, None) for s, p, o in data]
    return list({(s, p, o, None) for s, p, o in data})


def _canonical(quads: list[Quad]) -> list[Quad]:
    """``quads`` with blank nodes named by rdflib's canonical labelling (a hash of where each
    occurs), so that their labels and hence the order of everything are the same every run.
    Graph names are folded into the predicates while labelling, so a blank node's label also
    says which graphs it occurs in."""
    if not any(isinstance(t, BNode) for quad in quads for t in quad[:3]):
        return quads
    names = {str(q[3]): q[3] for q in quads if q[3] is not None}
    folded = Graph()
    for s, p, o, name in quads:
        if name is not None:
            p = URIRef(f"{p}{_FOLD}{name}")
        folded.add((s, p, o))  # type: ignore[arg-type]
    out: list[Quad] = []
    for s, p, o in to_canonical_graph(folded):
        predicate, _, name = str(p).partition(_FOLD)
        out.append((s, URIRef(predicate), o, names[name] if name else None))
    return out


# --------------------------------------------------------------------------- prefixes


def _prefixes(data: object, prefixes: Mapping[str, str] | None) -> dict[str, str]:
    if prefixes is not None:
        return dict(prefixes)
    if isinstance(data, Graph):
        return {p: str(ns) for p, ns in data.namespaces() if p and str(ns) != _XML_NS}
    return dict(_PINNED_PREFIXES)


def _bind(graph: Graph, prefixes: Mapping[str, str]) -> None:
    for prefix, ns in prefixes.items():
        graph.bind(prefix, ns, override=True, replace=True)


def _used(quads: Iterable[Quad], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose namespace begins an IRI or a datatype of ``quads``."""
    iris = set()
    for quad in quads:
        for term in quad[:3]:
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal) and term.datatype is not None:
                iris.add(str(term.datatype))
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def _bind_generated(graph: Graph, predicates: Iterable[Node], *, strict: bool) -> None:
    """Give a prefix (``ns1``, ``ns2``…) to every predicate namespace without one, in sorted
    order: rdflib's writers would number them in the order they meet them. RDF/XML splits an
    IRI where an XML name can begin (``strict``), Turtle and TriG anywhere a prefixed name can."""
    manager = graph.namespace_manager
    for predicate in sorted(predicates, key=term_key):
        with contextlib.suppress(Exception):  # an IRI no prefix fits: the writer reports it
            if strict:
                manager.compute_qname_strict(str(predicate))
            else:
                manager.compute_qname(str(predicate))


# --------------------------------------------------------------------------- JSON-LD


def _sorted_json(value: Any) -> Any:
    """JSON-LD with every unordered array sorted (``@list`` arrays keep their order)."""
    if isinstance(value, dict):
        return {
            key: [_sorted_json(v) for v in item] if key == "@list" else _sorted_json(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return sorted((_sorted_json(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value
