"""OWL 2 RL for the oxigraph engine, second half: the compiled rules
(:mod:`governance_graph.engines.oxigraph_rules`) run over the store.

:func:`materialize` applies every one-triple rule in one pass over the asserted data, then runs
the join rules (prp-trp with a property path, prp-spo2 property chains, prp-fp/prp-ifp →
``owl:sameAs``, eq-sym/eq-trans/eq-rep-*, cls-int1, cls-svf1, cls-avf) to a fixpoint,
semi-naively: only what a round newly derived goes through the one-triple rules again. Then
owlrl's datatype disjointness axioms (:mod:`governance_graph.engines.oxigraph_datatypes`),
``x owl:sameAs x`` for every resource (eq-ref, as owlrl does), and the inconsistency checks
owlrl makes (cax-dw, cls-nothing2, cls-com, prp-irp, prp-asyp, prp-pdw, eq-diff1) plus two
values of a functional property that are different literals, compared as the rdflib engine
compares them (:func:`governance_graph.engines.inconsistencies.same_value`). Over the same
input the closure is the same set of triples as owlrl's (less the literal-subject triples both
engines drop); ``tests/engines/test_agree.py`` checks that.

>>> import pyoxigraph as ox
>>> from governance_graph.engines.oxigraph_rules import compile_rules, extract_schema
>>> store = ox.Store()
>>> store.load(b'''@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <urn:A> rdfs:subClassOf <urn:B> . <urn:x> a <urn:A> .''', format=ox.RdfFormat.TURTLE)
>>> stats = materialize(store, compile_rules(extract_schema(store), cache=False))
>>> ox.Quad(ox.NamedNode("urn:x"), RDF_TYPE, ox.NamedNode("urn:B"), INFERRED) in store
True
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .inconsistencies import same_value
from .oxigraph_datatypes import insert_datatype_axioms
from .oxigraph_rules import _OWL, _RDF, RuleSet

__all__ = [
    "INFERRED",
    "Inconsistency",
    "MaterializeStats",
    "check",
    "count_triples",
    "materialize",
    "names_blank_nodes",
]

RDF_TYPE = ox.NamedNode(_RDF + "type")
SAME_AS = ox.NamedNode(_OWL + "sameAs")

#: The graph that holds the inferences in the store (the closure is it + the default graph).
INFERRED = ox.NamedNode("https://w3id.org/governance-graph/graph/inferred")
_DELTA = ox.NamedNode("https://w3id.org/governance-graph/graph/delta")
_NEW = ox.NamedNode("https://w3id.org/governance-graph/graph/new")


@dataclass
class Inconsistency:
    """One inconsistency: owlrl's message and the IRIs involved."""

    message: str
    resources: list[str]


@dataclass
class MaterializeStats:
    """What :func:`materialize` did: rounds, triples asserted / inferred, seconds, problems."""

    asserted: int = 0
    inferred: int = 0
    rounds: int = 0
    seconds: float = 0.0
    problems: list[Inconsistency] = field(default_factory=list)

    @property
    def closure(self) -> int:
        return self.asserted + self.inferred


Progress = Callable[[str], None]
_DG = ox.DefaultGraph()


def materialize(
    store: ox.Store,
    rules: RuleSet,
    inferred: ox.NamedNode = INFERRED,
    *,
    progress: Progress | None = None,
    typed_strings: bool = False,
    bulk_dir: Path | None = None,
) -> MaterializeStats:
    """Write into the graph ``inferred`` every triple the rules derive from the default graph
    (the asserted data) that the default graph does not hold; check the result.

    The closure is then the union of the default graph and ``inferred`` (disjoint sets, so the
    union has no duplicates). Inconsistencies are returned in ``stats.problems``, not raised.
    ``typed_strings``: whether the input writes ``"…"^^xsd:string`` (see
    :mod:`governance_graph.engines.oxigraph_datatypes`, which adds owlrl's datatype
    disjointness axioms). ``bulk_dir``: for an on-disk store, a folder for the temporary files
    through which the derived triples are bulk-loaded (:func:`_derive`).
    """
    start = time.perf_counter()
    tell = progress or (lambda _msg: None)
    store.update(f"DROP SILENT GRAPH {inferred}")
    stats = MaterializeStats(asserted=count_triples(store, _DG))
    if rules.schema_closure:
        # Parsed, not loaded: loading would rename the blank nodes of the schema.
        schema = ox.parse(rules.schema_closure.encode(), format=ox.RdfFormat.N_TRIPLES)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, inferred) for t in schema)
    # Round 0: every one-triple rule over the asserted triples.
    tell("one-triple rules")
    asserted_predicates = _one_pass(store, rules, _DG, inferred, bulk_dir)
    _drop_known(store, inferred, [], predicates=asserted_predicates)
    both = [_DG, inferred]
    # Join rules to a fixpoint; what they add goes through the one-triple rules again.
    while True:
        stats.rounds += 1
        tell(f"join rules, round {stats.rounds}")
        delta = _join_round(store, rules, both)
        if not delta:
            break
        store.extend(ox.Quad(s, p, o, _DELTA) for s, p, o in delta)
        _one_pass(store, rules, _DELTA, _NEW, bulk_dir)
        _drop_known(store, _NEW, [inferred, _DELTA])
        store.update(
            f"ADD {_DELTA} TO {inferred} ; ADD {_NEW} TO {inferred} ; "
            f"DROP SILENT GRAPH {_DELTA} ; DROP SILENT GRAPH {_NEW}"
        )
        if stats.rounds > 1000:  # pragma: no cover - a fixpoint is always reached
            raise RuntimeError("OWL 2 RL rules did not reach a fixpoint")
    tell("datatype axioms")
    insert_datatype_axioms(store, inferred, typed_strings=typed_strings)
    tell("owl:sameAs reflexivity")
    # eq-ref: owlrl states x owl:sameAs x for every resource of every triple. Inferred triples
    # name no resource the asserted ones and the (already eq-ref-closed) schema do not.
    # Written for every resource, then taken out again where asserted: a NOT EXISTS per
    # resource cost as much as the insert itself (1.3 s at 1M triples).
    same = f"<{_OWL}sameAs>"
    resources = """SELECT DISTINCT ?x WHERE {
        { ?x ?p ?o } UNION { ?s ?p ?x FILTER(!isLiteral(?x)) } UNION { ?s ?x ?o } }"""
    _derive(store, [(f"?x {same} ?x", "{ " + resources + " }")], inferred, _DG, bulk_dir)
    store.update(
        f"DELETE {{ GRAPH {inferred} {{ ?x {same} ?x }} }} "
        f"WHERE {{ ?x {same} ?x GRAPH {inferred} {{ ?x {same} ?x }} }}"
    )
    tell("consistency checks")
    stats.problems = check(store, rules, both)
    stats.inferred = count_triples(store, inferred)
    stats.seconds = time.perf_counter() - start
    return stats


def count_triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> int:
    """How many triples ``graph`` of ``store`` holds."""
    result = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=graph)
    return int(next(iter(result))["n"].value)  # type: ignore[index]


def _drop_known(
    store: ox.Store,
    graph: ox.NamedNode,
    others: list[ox.NamedNode],
    *,
    predicates: set[str] | None = None,
) -> None:
    """Delete from ``graph`` what the default graph (or one of ``others``) already holds;
    ``predicates``: every predicate the default graph has, if known (the triples of ``graph``
    with another predicate are then not looked up there)."""
    only = f"VALUES ?p {{ {' '.join(sorted(predicates))} }} " if predicates is not None else ""
    store.update(
        f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
        f"WHERE {{ {only}GRAPH {graph} {{ ?s ?p ?o }} ?s ?p ?o }}"
    )
    for other in others:
        store.update(
            f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
            f"WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} GRAPH {other} {{ ?s ?p ?o }} }}"
        )


def _template(atoms: Iterable[tuple[str, str, str]]) -> str:
    return " ".join(f"{s} {p} {o} ." for s, p, o in atoms)


def _one_pass(
    store: ox.Store,
    rules: RuleSet,
    source: ox.NamedNode | ox.DefaultGraph,
    target: ox.NamedNode,
    bulk_dir: Path | None,
) -> set[str]:
    """Apply every one-triple rule to the triples of ``source``; write heads into ``target``.
    Returns the predicates of ``source`` (as SPARQL terms)."""
    rdf_type = f"<{_RDF}type>"
    present_p = _present(store, source, "?p", "?s ?p ?o")
    present_c = _present(store, source, "?c", f"?s {rdf_type} ?c")
    bodies = [(head, f"?x {p} ?y") for p, head in rules.by_property.items() if p in present_p]
    bodies += [(head, f"?x {rdf_type} {c}") for c, head in rules.by_class.items() if c in present_c]
    for pv, head in rules.by_value.items():
        p, v = pv.split(" ", 1)
        if p in present_p:
            bodies.append((head, f"?x {p} {v}"))
    _derive(store, [(_template(head), body) for head, body in bodies], target, source, bulk_dir)
    return present_p


def _derive(
    store: ox.Store,
    rules: list[tuple[str, str]],
    target: ox.NamedNode,
    source: ox.NamedNode | ox.DefaultGraph,
    bulk_dir: Path | None,
) -> None:
    """Add to ``target`` what each (template, pattern) of ``rules`` derives from ``source``.

    In memory: ``INSERT { GRAPH target { template } } WHERE { pattern }``, one update each,
    nothing through Python. On disk (``bulk_dir``) an update keeps every write in memory until
    it commits and reads the index before each triple (at 10M triples the one-triple rules
    took ten minutes and 13 GiB that way), so the store writes the CONSTRUCT answers as
    N-Triples into a file in ``bulk_dir`` and bulk-loads it: the loader sorts the triples and
    writes the index files whole. Loading renames blank nodes, so a file that names one is
    parsed (keeping the labels) and its triples are handed to the loader from Python instead.
    """
    if bulk_dir is None:
        named = isinstance(source, ox.NamedNode)
        open_, close = (f"GRAPH {source} {{", "}") if named else ("", "")
        for template, pattern in rules:
            store.update(
                f"INSERT {{ GRAPH {target} {{ {template} }} }} "
                f"WHERE {{ {open_} {pattern} {close} }}"
            )
        return
    handle, name = tempfile.mkstemp(prefix="derived-", suffix=".nt", dir=bulk_dir)
    try:
        with os.fdopen(handle, "wb") as file:
            out = _BlankWatch(file)
            for template, pattern in rules:
                answers = store.query(
                    f"CONSTRUCT {{ {template} }} WHERE {{ {pattern} }}", default_graph=source
                )
                answers.serialize(out, format=ox.RdfFormat.N_TRIPLES)
        if not os.path.getsize(name):
            return
        if not out.blank:
            store.bulk_load(path=name, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
            return
        triples = ox.parse(path=name, format=ox.RdfFormat.N_TRIPLES)
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)
    finally:
        os.unlink(name)


def names_blank_nodes(ntriples: bytes) -> bool:
    r"""Whether these N-Triples may name a blank node (a literal holding `` _:`` counts too).

    >>> names_blank_nodes(b'_:b <urn:p> <urn:o> .\n'), names_blank_nodes(b'<urn:s> <urn:p> "x" .')
    (True, False)
    """
    return ntriples.startswith(b"_:") or b"\n_:" in ntriples or b" _:" in ntriples


class _BlankWatch:
    """A binary file that notes, as N-Triples are written through it, whether they may name a
    blank node (:func:`names_blank_nodes`), so the file need not be read again to know."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.blank = False
        self._tail = b""  # the end of the last write: a "\n_:" may straddle two writes

    def write(self, data: bytes) -> int:
        if not self.blank:
            self.blank = names_blank_nodes(self._tail + data)
            self._tail = data[-2:]
        return self.file.write(data)

    def flush(self) -> None:
        self.file.flush()


def _present(
    store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, var: str, pattern: str
) -> set[str]:
    result = store.query(f"SELECT DISTINCT {var} WHERE {{ {pattern} }}", default_graph=graph)
    name = var[1:]
    return {str(row[name]) for row in result}


def _join_round(store: ox.Store, rules: RuleSet, graphs: list) -> set[tuple]:
    """Triples the join rules derive from the union of ``graphs`` that it does not hold yet."""
    same = f"<{_OWL}sameAs>"
    rdf_type = f"<{_RDF}type>"
    queries: list[str] = []
    for p in rules.transitive:
        queries.append(f"CONSTRUCT {{ ?x {p} ?z }} WHERE {{ ?x {p} ?y . ?y {p}+ ?z }}")
    for p, chain in rules.chains:
        steps = " . ".join(f"?v{i} {q} ?v{i + 1}" for i, q in enumerate(chain))
        queries.append(f"CONSTRUCT {{ ?v0 {p} ?v{len(chain)} }} WHERE {{ {steps} }}")
    for p in rules.functional:
        queries.append(
            f"CONSTRUCT {{ ?a {same} ?b }} WHERE {{ ?x {p} ?a . ?x {p} ?b "
            "FILTER(?a != ?b && !isLiteral(?a) && !isLiteral(?b)) }"
        )
    for p in rules.inverse_functional:
        queries.append(
            f"CONSTRUCT {{ ?a {same} ?b }} WHERE {{ ?a {p} ?y . ?b {p} ?y FILTER(?a != ?b) }}"
        )
    for i, parts in rules.intersections:
        body = " . ".join(f"?x {rdf_type} {c}" for c in parts)
        queries.append(f"CONSTRUCT {{ ?x {rdf_type} {i} }} WHERE {{ {body} }}")
    for r, p, c in rules.some_values:
        queries.append(
            f"CONSTRUCT {{ ?x {rdf_type} {r} }} WHERE {{ ?x {p} ?y . ?y {rdf_type} {c} }}"
        )
    for r, p, c in rules.all_values:
        queries.append(
            f"CONSTRUCT {{ ?y {rdf_type} {c} }} WHERE {{ ?x {rdf_type} {r} . ?x {p} ?y "
            "FILTER(!isLiteral(?y)) }"
        )
    # owl:sameAs between different resources: symmetric, transitive, and replaces (eq-rep-*).
    queries += [
        f"CONSTRUCT {{ ?b {same} ?a }} WHERE {{ ?a {same} ?b FILTER(?a != ?b) }}",
        f"CONSTRUCT {{ ?a {same} ?c }} WHERE {{ ?a {same} ?b . ?b {same} ?c "
        "FILTER(?a != ?b && ?b != ?c) }",
        f"CONSTRUCT {{ ?b ?p ?o }} WHERE {{ ?a {same} ?b . ?a ?p ?o FILTER(?a != ?b) }}",
        f"CONSTRUCT {{ ?s ?p ?b }} WHERE {{ ?a {same} ?b . ?s ?p ?a FILTER(?a != ?b) }}",
        f"CONSTRUCT {{ ?s ?b ?o }} WHERE {{ ?a {same} ?b . ?s ?a ?o "
        "FILTER(?a != ?b && isIRI(?b)) }",
    ]
    new: set[tuple] = set()
    for text in queries:
        for t in store.query(text, default_graph=graphs):
            if isinstance(t.subject, ox.Literal):
                continue
            if not any(ox.Quad(t.subject, t.predicate, t.object, g) in store for g in graphs):
                new.add((t.subject, t.predicate, t.object))
    return new


# ------------------------------------------------------------------------------ checking


def check(store: ox.Store, rules: RuleSet, graphs: list | None = None) -> list[Inconsistency]:
    """The inconsistencies of the closure (the union of ``graphs``; an empty list if none), in
    owlrl's words; ``resources`` are the IRIs involved."""
    union = graphs if graphs is not None else [_DG, INFERRED]
    t, same, diff = f"<{_RDF}type>", f"<{_OWL}sameAs>", f"<{_OWL}differentFrom>"
    # (pattern binding ?x and maybe ?y, message with {x} and {y}, whether ?y is an offender)
    checks: list[tuple[str, str, bool]] = [
        *(
            (
                f"?x {t} {c} , {d}",
                f"Disjoint classes {_iri(c)} and {_iri(d)} have a common individual {{x}}",
                False,
            )
            for c, d in rules.disjoint_classes
        ),
        *(
            (
                f"?x {t} {c} , {d}",
                f"{{x}} is an instance of both {_iri(c)} and its complement {_iri(d)}",
                False,
            )
            for c, d in rules.complements
        ),
        (f"?x {t} <{_OWL}Nothing>", "{x} is an instance of owl:Nothing", False),
        *(
            (f"?x {p} ?x", f"Irreflexive property {_iri(p)} used reflexively on {{x}}", False)
            for p in rules.irreflexive
        ),
        *(
            (
                f"?x {p} ?y . ?y {p} ?x",
                f"Asymmetric property {_iri(p)} used both ways between {{x}} and {{y}}",
                False,
            )
            for p in rules.asymmetric
        ),
        *(
            (
                f"?x {p} ?y . ?x {q} ?y",
                f"Disjoint properties {_iri(p)} and {_iri(q)} both link {{x}} and {{y}}",
                False,
            )
            for p, q in rules.disjoint_properties
        ),
        (
            f"?x {same} ?y . ?x {diff} ?y",
            "{x} and {y} are both owl:sameAs and owl:differentFrom",
            True,
        ),
    ]
    problems: list[Inconsistency] = []
    for pattern, message, both in checks:
        pair = "?y" in pattern
        order = "?x ?y" if pair else "?x"
        for row in store.query(
            f"SELECT {order} WHERE {{ {pattern} }} ORDER BY {order}", default_graph=union
        ):
            x, y = row["x"], row["y"] if pair else None
            problems.append(
                Inconsistency(
                    message.format(x=x.value, y=y.value if y is not None else ""),
                    _named(x) + (_named(y) if both else []),
                )
            )
    for p in rules.functional:
        problems.extend(_functional_clashes(store, p, union))
    return problems


def _functional_clashes(store: ox.Store, p: str, union: list) -> list[Inconsistency]:
    """Two literals of the functional property ``p`` on one subject that are not the same value
    (:func:`governance_graph.engines.inconsistencies.same_value`, as the rdflib engine)."""
    from .oxigraph_terms import to_rdflib

    seen: set[frozenset] = set()
    problems = []
    for row in store.query(
        f"SELECT ?x ?a ?b WHERE {{ ?x {p} ?a . ?x {p} ?b "
        "FILTER(isLiteral(?a) && isLiteral(?b) && !sameTerm(?a, ?b)) }",
        default_graph=union,
    ):
        x, a, b = row["x"], row["a"], row["b"]
        key = frozenset((x, a, b))
        if key in seen or same_value(to_rdflib(a), to_rdflib(b)):  # type: ignore[arg-type]
            continue
        seen.add(key)
        first, second = sorted((a, b), key=str)
        problems.append(
            Inconsistency(
                f"{x.value} has two values for the functional property {_iri(p)}: "
                f"{first} and {second}",
                [*_named(x), p[1:-1]],
            )
        )
    return problems


def _named(term: object) -> list[str]:
    return [term.value] if isinstance(term, ox.NamedNode) else []


def _iri(text: str) -> str:
    return text[1:-1] if text.startswith("<") else text
