"""OWL 2 RL for the oxigraph engine, first half: the ontology compiled into rules.

The ontology is small and fixed while the data grows, so the work is split in two:

1. **Compile** (:func:`compile_rules`, here, once per ontology): the schema triples of the input
   (``rdfs:subClassOf``, ``rdfs:subPropertyOf``, domains, ranges, ``owl:inverseOf``,
   equivalences, property characteristics, restrictions, disjointness, lists) are closed with
   owlrl — a few hundred triples, about half a second, cached on disk by their hash, and
   shipped compiled for the bundled ontology (:mod:`.bundled_rules`) — and turned into rules.
   Every rule whose body is *one* triple (``?x p ?y`` or ``?x a C``) is closed at compile
   time: the consequences of its consequences are folded into its head, so one pass over the
   data derives everything these rules can (cax-sco, prp-spo1, prp-inv1/2, prp-symp, prp-dom,
   prp-rng, scm-eqc/eqp via the closed schema, cls-hv1/2, cls-int2, cls-uni, cls-svf2).
   Each becomes one ``INSERT … WHERE`` over one predicate (or one class): the cost of a pass is
   linear in the data.
2. **Run** (:mod:`governance_graph.engines.oxigraph_materialize`): the one-triple rules in one
   pass, then the join rules to a fixpoint, the consistency checks and owlrl's datatype axioms.

Not supported (logged, never silent): ``owl:hasKey``, max-cardinality rules (cls-maxc2,
cls-maxqc3/4), ``owl:oneOf`` enumerations and datatype checks of literals (dt-not-type).

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.load(b'''@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <urn:A> rdfs:subClassOf <urn:B> . <urn:x> a <urn:A> .''', format=ox.RdfFormat.TURTLE)
>>> compile_rules(extract_schema(store), cache=False).by_class["<urn:A>"]
[('?x', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', '<urn:B>')]
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from . import closure_cache

__all__ = [
    "RuleSet",
    "compile_rules",
    "extract_schema",
]

log = logging.getLogger(__name__)

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"

#: Predicates whose triples are schema (they are closed by owlrl and compiled into rules).
SCHEMA_PREDICATES = (
    tuple(_RDFS + local for local in ("subClassOf", "subPropertyOf", "domain", "range"))
    + tuple(
        _OWL + local
        for local in (
            "equivalentClass",
            "equivalentProperty",
            "inverseOf",
            "propertyChainAxiom",
            "onProperty",
            "hasValue",
            "someValuesFrom",
            "allValuesFrom",
            "intersectionOf",
            "unionOf",
            "disjointWith",
            "propertyDisjointWith",
            "complementOf",
            "hasKey",
            "members",
            "disjointUnionOf",
            "maxCardinality",
            "maxQualifiedCardinality",
            "onClass",
            "oneOf",
            "distinctMembers",
        )
    )
    + (_RDF + "first", _RDF + "rest")
)

#: Objects of ``rdf:type`` that make a triple schema.
SCHEMA_TYPES = (
    *(
        _OWL + local
        for local in (
            "Class",
            "Restriction",
            "ObjectProperty",
            "DatatypeProperty",
            "AnnotationProperty",
            "TransitiveProperty",
            "SymmetricProperty",
            "FunctionalProperty",
            "InverseFunctionalProperty",
            "IrreflexiveProperty",
            "AsymmetricProperty",
            "AllDisjointClasses",
            "AllDisjointProperties",
            "AllDifferent",
            "Ontology",
        )
    ),
    _RDFS + "Class",
    _RDF + "Property",
    _RDFS + "Datatype",
)

RULES_FORMAT = "1"
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
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSet:
        """The rule set of :meth:`to_json`'s object, already parsed."""
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


def compile_rules(schema_nt: str, *, cache: bool = True, bundled: bool = True) -> RuleSet:
    """Close ``schema_nt`` (N-Triples) with owlrl and compile it; cached on disk by its hash.
    The schemas of the bundled ontology (alone, and with the bundled data) come compiled with
    the package (:mod:`.bundled_rules`; ``bundled=False`` compiles them anyway), so a graph in
    our model is not compiled at run time.
    """
    from .bundled_rules import bundled_rules

    shipped = bundled_rules(schema_nt, RULES_FORMAT) if bundled else None
    if shipped is not None:
        return RuleSet.from_dict(shipped)
    key = hashlib.sha256((RULES_FORMAT + "\0" + _owlrl_version() + "\0" + schema_nt).encode())
    path = closure_cache.cache_file(f"rules-{key.hexdigest()}.json") if cache else None
    if path is not None:
        try:
            return RuleSet.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            pass
    rules = _compile(schema_nt)
    if path is not None:
        closure_cache.write(path, rules.to_json().encode("utf-8"))
    return rules


class _SameLabels(dict):  # type: ignore[type-arg]
    """For rdflib's N-Triples parser: every blank node label stands for itself."""

    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        return key


def _owlrl_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("owlrl")
    except PackageNotFoundError:
        return "?"


def _compile(schema_nt: str) -> RuleSet:
    from owlrl.OWLRL import OWLRL_Semantics
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS

    graph = Graph()
    if schema_nt:
        # The blank nodes keep the store's labels, so that the schema closure, loaded back
        # without renaming, is about the store's blank nodes (a restriction, a list).
        graph.parse(data=schema_nt, format="nt", bnode_context=_SameLabels())
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
    # Sorted, so that the same schema always compiles to the same text (bundled_rules.json).
    rules.schema_closure = "".join(
        sorted(
            f"{s.n3()} {p.n3()} {o.n3()} .\n"
            for s, p, o in graph
            if not isinstance(s, Literal) and isinstance(p, URIRef)
        )
    )
    for what in rules.unsupported:
        log.warning("OWL 2 RL rules: %s is not supported by the oxigraph reasoner", what)
    return rules
