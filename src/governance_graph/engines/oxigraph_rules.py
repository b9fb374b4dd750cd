"""OWL 2 RL reasoning on a pyoxigraph store: the ontology compiled into SPARQL updates.

The ontology is small and fixed while the data grows, so the work is split in two:

1. **Compile** (:func:`compile_rules`, once per ontology): the schema triples of the input
   (``rdfs:subClassOf``, ``rdfs:subPropertyOf``, domains, ranges, ``owl:inverseOf``,
   equivalences, property characteristics, restrictions, disjointness, lists) are closed with
   owlrl — a few hundred triples, about a second, cached on disk by their hash — and turned
   into rules. Every rule whose body is *one* triple (``?x p ?y`` or ``?x a C``) is closed at
   compile time: the consequences of its consequences are folded into its head, so one pass
   over the data derives everything these rules can (cax-sco, prp-spo1, prp-inv1/2, prp-symp,
   prp-dom, prp-rng, scm-eqc/eqp via the closed schema, cls-hv1/2, cls-int2, cls-uni,
   cls-svf2). Each becomes one ``INSERT … WHERE`` over one predicate (or one class): the cost
   of a pass is linear in the data.
2. **Join rules** whose body joins two data triples (prp-trp with a property path, prp-spo2
   property chains, prp-fp/prp-ifp → ``owl:sameAs``, eq-sym/eq-trans/eq-rep-*, cls-int1,
   cls-svf1, cls-avf) run to a fixpoint, semi-naively: only what a round newly derived goes
   through the one-triple rules again.

Then ``x owl:sameAs x`` for every resource (eq-ref, as owlrl does), and the inconsistency
checks owlrl makes (cax-dw, cls-nothing2, cls-com, prp-irp, prp-asyp, prp-pdw, eq-diff1)
plus two values of a functional property that are different literals (see
:mod:`governance_graph.reasoning`), and owlrl's datatype disjointness axioms
(:mod:`governance_graph.datatype_axioms`). Over the same input the closure is the same set of
triples as owlrl's (less the literal-subject triples both engines drop);
``tests/test_engines_agree.py`` checks that.

Not supported (logged, never silent): ``owl:hasKey``, max-cardinality rules (cls-maxc2,
cls-maxqc3/4), ``owl:oneOf`` enumerations and datatype checks of literals (dt-not-type).

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.load(b'''@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <urn:A> rdfs:subClassOf <urn:B> . <urn:x> a <urn:A> .''', format=ox.RdfFormat.TURTLE)
>>> stats = materialize(store, compile_rules(extract_schema(store), cache=False))
>>> ox.Quad(ox.NamedNode("urn:x"), RDF_TYPE, ox.NamedNode("urn:B"), INFERRED) in store
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .datatype_axioms import insert_datatype_axioms

__all__ = [
    "INFERRED",
    "RuleSet",
    "compile_rules",
    "count_triples",
    "extract_schema",
    "materialize",
]

log = logging.getLogger(__name__)

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = ox.NamedNode(_RDF + "type")
SAME_AS = ox.NamedNode(_OWL + "sameAs")

#: The graph that holds the inferences in the store (the closure is it + the default graph).
INFERRED = ox.NamedNode("https://w3id.org/governance-graph/graph/inferred")
_DELTA = ox.NamedNode("https://w3id.org/governance-graph/graph/delta")
_NEW = ox.NamedNode("https://w3id.org/governance-graph/graph/new")

#: Predicates whose triples are schema (they are closed by owlrl and compiled into rules).
SCHEMA_PREDICATES = tuple(
    _RDFS + local
    for local in ("subClassOf", "subPropertyOf", "domain", "range")
) + tuple(
    _OWL + local
    for local in (
        "equivalentClass", "equivalentProperty", "inverseOf", "propertyChainAxiom",
        "onProperty", "hasValue", "someValuesFrom", "allValuesFrom", "intersectionOf",
        "unionOf", "disjointWith", "propertyDisjointWith", "complementOf", "hasKey",
        "members", "disjointUnionOf", "maxCardinality", "maxQualifiedCardinality",
        "onClass", "oneOf", "distinctMembers",
    )
) + (_RDF + "first", _RDF + "rest")

#: Objects of ``rdf:type`` that make a triple schema.
SCHEMA_TYPES = (
    *(
        _OWL + local
        for local in (
            "Class", "Restriction", "ObjectProperty", "DatatypeProperty", "AnnotationProperty",
            "TransitiveProperty", "SymmetricProperty", "FunctionalProperty",
            "InverseFunctionalProperty", "IrreflexiveProperty", "AsymmetricProperty",
            "AllDisjointClasses", "AllDisjointProperties", "AllDifferent", "Ontology",
        )
    ),
    _RDFS + "Class",
    _RDF + "Property",
    _RDFS + "Datatype",
)

_RULES_FORMAT = "1"
_DG0 = ox.DefaultGraph()


# ------------------------------------------------------------------------------ schema


def extract_schema(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph = _DG0) -> str:
    """The schema triples of ``graph`` as sorted N-Triples text (small; keys the rule cache)."""
    preds = " ".join(f"<{p}>" for p in SCHEMA_PREDICATES)
    types = " ".join(f"<{t}>" for t in SCHEMA_TYPES)
    where = _graph_clause(graph)
    text = f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where[0]}
          {{ VALUES ?p {{ {preds} }} ?s ?p ?o }} UNION
          {{ VALUES ?o {{ {types} }} BIND(<{_RDF}type> AS ?p) ?s ?p ?o }}
        {where[1]} }}"""
    triples = store.query(text)
    lines = sorted({f"{t.subject} {t.predicate} {t.object} ." for t in triples})
    return "\n".join(lines) + ("\n" if lines else "")


def _graph_clause(graph: ox.NamedNode | ox.DefaultGraph) -> tuple[str, str]:
    if isinstance(graph, ox.NamedNode):
        return f"GRAPH {graph} {{", "}"
    return "", ""


# ------------------------------------------------------------------------------ compiling


@dataclass
class RuleSet:
    """What :func:`compile_rules` derives from a schema; all IRIs as ``<…>`` N-Triples text."""

    #: one-triple rules: predicate -> head atoms, class -> head atoms, (p, value) -> head atoms
    by_property: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    by_class: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    by_value: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    transitive: list[str] = field(default_factory=list)
    chains: list[tuple[str, list[str]]] = field(default_factory=list)
    functional: list[str] = field(default_factory=list)
    inverse_functional: list[str] = field(default_factory=list)
    intersections: list[tuple[str, list[str]]] = field(default_factory=list)
    some_values: list[tuple[str, str, str]] = field(default_factory=list)  # (R, p, C)
    all_values: list[tuple[str, str, str]] = field(default_factory=list)  # (R, p, C)
    disjoint_classes: list[tuple[str, str]] = field(default_factory=list)
    complements: list[tuple[str, str]] = field(default_factory=list)
    disjoint_properties: list[tuple[str, str]] = field(default_factory=list)
    irreflexive: list[str] = field(default_factory=list)
    asymmetric: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    #: the closed schema (N-Triples), added to the closure as is
    schema_closure: str = ""

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RuleSet:
        data = json.loads(text)
        rules = cls()
        for key, value in data.items():
            if key in ("by_property", "by_class", "by_value"):
                value = {k: [tuple(a) for a in v] for k, v in value.items()}
            elif key in ("chains", "intersections"):
                value = [(a, list(b)) for a, b in value]
            elif isinstance(value, list):
                value = [tuple(v) if isinstance(v, list) else v for v in value]
            setattr(rules, key, value)
        return rules

    def summary(self) -> str:
        return (
            f"{len(self.by_property)} property rules, {len(self.by_class)} class rules, "
            f"{len(self.by_value)} value rules, {len(self.transitive)} transitive, "
            f"{len(self.chains)} chains, {len(self.functional)}+{len(self.inverse_functional)} "
            f"(inverse) functional"
        )


def compile_rules(schema_nt: str, *, cache: bool = True) -> RuleSet:
    """Close ``schema_nt`` (N-Triples) with owlrl and compile it; cached on disk by its hash."""
    key = hashlib.sha256((_RULES_FORMAT + "\0" + _owlrl_version() + "\0" + schema_nt).encode())
    path = _rules_cache_file(key.hexdigest()) if cache else None
    if path is not None:
        try:
            return RuleSet.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            pass
    rules = _compile(schema_nt)
    if path is not None:
        _write_atomic(path, rules.to_json())
    return rules


def _owlrl_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("owlrl")
    except PackageNotFoundError:
        return "?"


def _rules_cache_file(key: str):  # type: ignore[no-untyped-def]
    if os.environ.get("GOVERNANCE_GRAPH_NO_CACHE", "") in ("1", "true", "yes"):
        return None
    from . import paths

    return paths.cache_dir() / f"rules-{key}.json"


def _write_atomic(path, text: str) -> None:  # type: ignore[no-untyped-def]
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".rules-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as err:
        log.warning("cannot write rules cache %s: %s", path, err)


def _compile(schema_nt: str) -> RuleSet:
    from owlrl.OWLRL import OWLRL_Semantics
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS

    graph = Graph()
    if schema_nt:
        graph.parse(data=schema_nt, format="nt")
    reasoner = OWLRL_Semantics(graph, False, False, False)
    reasoner.closure()

    def n3(term) -> str:  # type: ignore[no-untyped-def]
        return term.n3()

    def items(node) -> list:  # type: ignore[no-untyped-def]
        try:
            return list(Collection(graph, node))
        except Exception:
            return []

    def named(term) -> bool:  # type: ignore[no-untyped-def]
        return isinstance(term, URIRef | BNode)

    sup_class: dict[str, set[str]] = {}
    for c, d in graph.subject_objects(RDFS.subClassOf):
        if named(c) and named(d) and c != d:
            sup_class.setdefault(n3(c), set()).add(n3(d))
    sup_prop: dict[str, set[str]] = {}
    for p, q in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef) and p != q:
            sup_prop.setdefault(n3(p), set()).add(n3(q))
    inverse: dict[str, set[str]] = {}
    for p, q in graph.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            inverse.setdefault(n3(p), set()).add(n3(q))
            inverse.setdefault(n3(q), set()).add(n3(p))
    domain: dict[str, set[str]] = {}
    for p, c in graph.subject_objects(RDFS.domain):
        if isinstance(p, URIRef) and named(c):
            domain.setdefault(n3(p), set()).add(n3(c))
    range_: dict[str, set[str]] = {}
    for p, c in graph.subject_objects(RDFS.range):
        if isinstance(p, URIRef) and named(c):
            range_.setdefault(n3(p), set()).add(n3(c))

    def typed(kind) -> list[str]:  # type: ignore[no-untyped-def]
        return sorted(n3(p) for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef))

    symmetric = set(typed(OWL.SymmetricProperty))
    rules = RuleSet()
    rules.transitive = typed(OWL.TransitiveProperty)
    rules.functional = typed(OWL.FunctionalProperty)
    rules.inverse_functional = typed(OWL.InverseFunctionalProperty)
    rules.irreflexive = typed(OWL.IrreflexiveProperty)
    rules.asymmetric = typed(OWL.AsymmetricProperty)

    # restrictions
    hv_by_class: dict[str, list[tuple[str, str]]] = {}  # R -> [(p, v)]
    hv_by_prop: dict[tuple[str, str], set[str]] = {}  # (p, v) -> {R}
    svf_thing: dict[str, set[str]] = {}  # p -> {R}   (cls-svf2)
    for r in set(graph.subjects(OWL.onProperty, None)):
        prop = graph.value(r, OWL.onProperty)
        if not isinstance(prop, URIRef):
            continue
        for v in graph.objects(r, OWL.hasValue):
            hv_by_class.setdefault(n3(r), []).append((n3(prop), n3(v)))
            hv_by_prop.setdefault((n3(prop), n3(v)), set()).add(n3(r))
        for c in graph.objects(r, OWL.someValuesFrom):
            if c == OWL.Thing:
                svf_thing.setdefault(n3(prop), set()).add(n3(r))
            else:
                rules.some_values.append((n3(r), n3(prop), n3(c)))
        for c in graph.objects(r, OWL.allValuesFrom):
            rules.all_values.append((n3(r), n3(prop), n3(c)))
        for kind in (OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.cardinality):
            if graph.value(r, kind) is not None:
                rules.unsupported.append(f"{kind.n3()} on {n3(r)}")
    union_of: dict[str, set[str]] = {}  # member class -> {union class}
    for u, lst in graph.subject_objects(OWL.unionOf):
        for c in items(lst):
            union_of.setdefault(n3(c), set()).add(n3(u))
    int_parts: dict[str, list[str]] = {}
    for i, lst in graph.subject_objects(OWL.intersectionOf):
        parts = [n3(c) for c in items(lst)]
        if parts:
            int_parts[n3(i)] = parts
            rules.intersections.append((n3(i), parts))
    for p, lst in graph.subject_objects(OWL.propertyChainAxiom):
        chain = [n3(c) for c in items(lst)]
        if chain and all(c.startswith("<") for c in chain):
            rules.chains.append((n3(p), chain))
        else:
            rules.unsupported.append(f"property chain of {n3(p)} with inverse steps")
    for c, d in graph.subject_objects(OWL.disjointWith):
        if named(c) and named(d):
            rules.disjoint_classes.append(tuple(sorted((n3(c), n3(d)))))  # type: ignore[arg-type]
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [n3(c) for c in items(graph.value(node, OWL.members))]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                rules.disjoint_classes.append(tuple(sorted((a, b))))  # type: ignore[arg-type]
    rules.disjoint_classes = sorted(set(rules.disjoint_classes))
    rules.complements = sorted(
        (n3(c), n3(d)) for c, d in graph.subject_objects(OWL.complementOf) if named(d)
    )
    pdw = {
        tuple(sorted((n3(p), n3(q)))) for p, q in graph.subject_objects(OWL.propertyDisjointWith)
    }
    for node in graph.subjects(RDF.type, OWL.AllDisjointProperties):
        members = [n3(c) for c in items(graph.value(node, OWL.members))]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pdw.add(tuple(sorted((a, b))))
    rules.disjoint_properties = sorted(pdw)  # type: ignore[arg-type]
    if any(True for _ in graph.subjects(OWL.hasKey, None)):
        rules.unsupported.append("owl:hasKey (prp-key)")
    if any(True for _ in graph.subjects(OWL.oneOf, None)):
        rules.unsupported.append("owl:oneOf")

    # One-triple rules, closed at compile time. An atom is (s, p, o) where s/o are "?x", "?y"
    # or an N-Triples constant; a type atom has p == rdf:type.
    rdf_type = n3(RDF.type)

    def expand(start: tuple[str, str, str]) -> list[tuple[str, str, str]]:
        seen = {start}
        todo = [start]
        while todo:
            s, p, o = todo.pop()
            out: list[tuple[str, str, str]] = []
            if p == rdf_type:
                out += [(s, p, d) for d in sup_class.get(o, ())]
                out += [(s, q, v) for q, v in hv_by_class.get(o, ())]
                out += [(s, p, c) for c in int_parts.get(o, ())]
                out += [(s, p, u) for u in union_of.get(o, ())]
            else:
                out += [(s, q, o) for q in sup_prop.get(p, ())]
                out += [(o, q, s) for q in inverse.get(p, ())]
                if p in symmetric:
                    out.append((o, p, s))
                out += [(s, rdf_type, c) for c in domain.get(p, ())]
                out += [(o, rdf_type, c) for c in range_.get(p, ())]
                out += [(s, rdf_type, r) for r in svf_thing.get(p, ())]
                if not o.startswith("?"):
                    out += [(s, rdf_type, r) for r in hv_by_prop.get((p, o), ())]
            for atom in out:
                if atom not in seen:
                    seen.add(atom)
                    todo.append(atom)
        seen.discard(start)
        return sorted(seen)

    properties = set(sup_prop) | set(inverse) | symmetric | set(domain) | set(range_)
    properties |= set(svf_thing)
    for p in sorted(properties):
        head = expand(("?x", p, "?y"))
        if head:
            rules.by_property[p] = head
    classes = set(sup_class) | set(hv_by_class) | set(int_parts) | set(union_of)
    for c in sorted(classes):
        if c.startswith("_:"):
            continue  # a blank class is only reached through the rules that name it
        head = expand(("?x", rdf_type, c))
        if head:
            rules.by_class[c] = head
    for (p, v), _ in sorted(hv_by_prop.items()):
        head = expand(("?x", p, v))
        if head:
            rules.by_value[f"{p} {v}"] = head
    # Blank classes (restrictions) reached from data: their types come through the atoms above.
    rules.schema_closure = "".join(
        f"{s.n3()} {p.n3()} {o.n3()} .\n"
        for s, p, o in graph
        if not isinstance(s, Literal) and isinstance(p, URIRef)
    )
    for what in rules.unsupported:
        log.warning("OWL 2 RL rules: %s is not supported by the oxigraph reasoner", what)
    return rules


# ------------------------------------------------------------------------------ running


@dataclass
class Inconsistency:
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
) -> MaterializeStats:
    """Write into the graph ``inferred`` every triple the rules derive from the default graph
    (the asserted data) that the default graph does not hold; check the result.

    The closure is then the union of the default graph and ``inferred`` (disjoint sets, so the
    union has no duplicates). Inconsistencies are returned in ``stats.problems``, not raised.
    ``typed_strings``: whether the input writes ``"…"^^xsd:string`` (see
    :mod:`governance_graph.datatype_axioms`, which adds owlrl's datatype disjointness axioms).
    """
    start = time.perf_counter()
    tell = progress or (lambda _msg: None)
    store.update(f"DROP SILENT GRAPH {inferred}")
    stats = MaterializeStats(asserted=count_triples(store, _DG))
    if rules.schema_closure:
        store.load(rules.schema_closure.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=inferred)
    # Round 0: every one-triple rule over the asserted triples.
    tell("one-triple rules")
    _one_pass(store, rules, source=_DG, target=inferred)
    _drop_known(store, inferred, [])
    both = [_DG, inferred]
    # Join rules to a fixpoint; what they add goes through the one-triple rules again.
    while True:
        stats.rounds += 1
        tell(f"join rules, round {stats.rounds}")
        delta = _join_round(store, rules, both)
        if not delta:
            break
        store.extend(ox.Quad(s, p, o, _DELTA) for s, p, o in delta)
        _one_pass(store, rules, source=_DELTA, target=_NEW)
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
    same = f"<{_OWL}sameAs>"
    store.update(
        f"""INSERT {{ GRAPH {inferred} {{ ?x {same} ?x }} }}
        WHERE {{ {{ SELECT DISTINCT ?x WHERE {{
            {{ ?x ?p ?o }} UNION {{ ?s ?p ?x FILTER(!isLiteral(?x)) }} UNION {{ ?s ?x ?o }}
        }} }} FILTER NOT EXISTS {{ ?x {same} ?x }} }}"""
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


def _drop_known(store: ox.Store, graph: ox.NamedNode, others: list[ox.NamedNode]) -> None:
    """Delete from ``graph`` what the default graph (or one of ``others``) already holds."""
    store.update(
        f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
        f"WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} ?s ?p ?o }}"
    )
    for other in others:
        store.update(
            f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
            f"WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} GRAPH {other} {{ ?s ?p ?o }} }}"
        )


def _template(atoms: Iterable[tuple[str, str, str]]) -> str:
    return " ".join(f"{s} {p} {o} ." for s, p, o in atoms)


def _one_pass(
    store: ox.Store, rules: RuleSet, *, source: ox.NamedNode | ox.DefaultGraph, target: ox.NamedNode
) -> None:
    """Apply every one-triple rule to the triples of ``source``; write heads into ``target``."""
    rdf_type = f"<{_RDF}type>"
    present_p = _present(store, source, "?p", "?s ?p ?o")
    present_c = _present(store, source, "?c", f"?s {rdf_type} ?c")
    open_, close = (f"GRAPH {source} {{", "}") if isinstance(source, ox.NamedNode) else ("", "")
    for p, head in rules.by_property.items():
        if p in present_p:
            store.update(
                f"INSERT {{ GRAPH {target} {{ {_template(head)} }} }} "
                f"WHERE {{ {open_} ?x {p} ?y {close} }}"
            )
    for c, head in rules.by_class.items():
        if c in present_c:
            store.update(
                f"INSERT {{ GRAPH {target} {{ {_template(head)} }} }} "
                f"WHERE {{ {open_} ?x {rdf_type} {c} {close} }}"
            )
    for pv, head in rules.by_value.items():
        p, v = pv.split(" ", 1)
        if p in present_p:
            store.update(
                f"INSERT {{ GRAPH {target} {{ {_template(head)} }} }} "
                f"WHERE {{ {open_} ?x {p} {v} {close} }}"
            )


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
    """The inconsistencies of the closure (the union of ``graphs``; an empty list if none)."""
    union = graphs if graphs is not None else [_DG, INFERRED]
    rdf_type = f"<{_RDF}type>"
    problems: list[Inconsistency] = []

    def rows(text: str) -> list:
        return list(store.query(text, default_graph=union))

    for c, d in rules.disjoint_classes:
        for row in rows(f"SELECT ?x WHERE {{ ?x {rdf_type} {c} , {d} }} ORDER BY ?x"):
            x = row["x"]
            problems.append(
                Inconsistency(
                    f"Disjoint classes {_iri(c)} and {_iri(d)} have a common individual {x.value}",
                    [x.value] if isinstance(x, ox.NamedNode) else [],
                )
            )
    for c, d in rules.complements:
        for row in rows(f"SELECT ?x WHERE {{ ?x {rdf_type} {c} , {d} }} ORDER BY ?x"):
            x = row["x"]
            problems.append(
                Inconsistency(
                    f"{x.value} is an instance of both {_iri(c)} and its complement {_iri(d)}",
                    [x.value] if isinstance(x, ox.NamedNode) else [],
                )
            )
    nothing = f"<{_OWL}Nothing>"
    for row in rows(f"SELECT ?x WHERE {{ ?x {rdf_type} {nothing} }} ORDER BY ?x"):
        x = row["x"]
        problems.append(Inconsistency(f"{x.value} is an instance of owl:Nothing", [x.value]))
    for p in rules.irreflexive:
        for row in rows(f"SELECT ?x WHERE {{ ?x {p} ?x }} ORDER BY ?x"):
            problems.append(
                Inconsistency(
                    f"Irreflexive property {_iri(p)} used reflexively on {row['x'].value}",
                    [row["x"].value],
                )
            )
    for p in rules.asymmetric:
        for row in rows(
            f"SELECT ?x ?y WHERE {{ ?x {p} ?y . ?y {p} ?x }} ORDER BY ?x ?y"
        ):
            problems.append(
                Inconsistency(
                    f"Asymmetric property {_iri(p)} used both ways between "
                    f"{row['x'].value} and {row['y'].value}",
                    [row["x"].value],
                )
            )
    for p, q in rules.disjoint_properties:
        for row in rows(
            f"SELECT ?x ?y WHERE {{ ?x {p} ?y . ?x {q} ?y }} ORDER BY ?x ?y"
        ):
            problems.append(
                Inconsistency(
                    f"Disjoint properties {_iri(p)} and {_iri(q)} both link "
                    f"{row['x'].value} and {row['y'].value}",
                    [row["x"].value],
                )
            )
    same, diff = f"<{_OWL}sameAs>", f"<{_OWL}differentFrom>"
    for row in rows(
        f"SELECT ?x ?y WHERE {{ ?x {same} ?y . ?x {diff} ?y }} ORDER BY ?x ?y"
    ):
        problems.append(
            Inconsistency(
                f"{row['x'].value} and {row['y'].value} are both owl:sameAs and owl:differentFrom",
                [row["x"].value, row["y"].value],
            )
        )
    for p in rules.functional:
        seen: set[frozenset] = set()
        for row in rows(
            f"SELECT ?x ?a ?b WHERE {{ ?x {p} ?a . ?x {p} ?b "
            "FILTER(isLiteral(?a) && isLiteral(?b) && !sameTerm(?a, ?b)) }"
        ):
            x, a, b = row["x"], row["a"], row["b"]
            key = frozenset((x, a, b))
            if key in seen or _same_value(a, b):
                continue
            seen.add(key)
            first, second = sorted((a, b), key=str)
            problems.append(
                Inconsistency(
                    f"{x.value} has two values for the functional property {_iri(p)}: "
                    f"{first} and {second}",
                    ([x.value] if isinstance(x, ox.NamedNode) else []) + [p[1:-1]],
                )
            )
    return problems


def _same_value(a: ox.Literal, b: ox.Literal) -> bool:
    if a.language or b.language:
        return a == b
    from rdflib import Literal, URIRef

    la = Literal(a.value, datatype=URIRef(a.datatype.value))
    lb = Literal(b.value, datatype=URIRef(b.datatype.value))
    try:
        return la.eq(lb) if la.value is not None and lb.value is not None else la == lb
    except Exception:
        return False


def _iri(text: str) -> str:
    return text[1:-1] if text.startswith("<") else text
