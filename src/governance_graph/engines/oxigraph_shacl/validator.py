"""The fast SHACL validator: each shape's constraints as a few SPARQL queries over the store.

A *domain* is a SPARQL group binding ``?this`` to a set of focus nodes without repeats:
the targets of a shape, or (for nested shapes) the value nodes of the shape that refers to
them, composed as sub-selects so that blank nodes never leave the store. Per-value components
of a shape run together in one query; counts, ``sh:hasValue``, ``sh:uniqueLang``, pair
comparisons and ``sh:closed`` get one query each. Shape-based components (``sh:node``,
``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape``) compute the set of
value nodes that fail the nested shape (again batched) and join it with the (focus, value)
pairs in Python. Everything is memoised per (shape, domain). A domain the survey found without
focus nodes (:mod:`.survey`) is evaluated without the store: its queries are built, none is run.
"""

from __future__ import annotations

import itertools
import logging
import time

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ..oxigraph_terms import to_rdflib
from . import components as C
from .components import Unsupported, named_subclasses, term
from .profile import PROFILE, Stats
from .property_paths import UnsupportedPath, sparql_path
from .report import Raw, generic_message, messages_for
from .shapes import Constraint, SHACLError, Shape, ShapesModel
from .sparql_validation import SparqlValidation

log = logging.getLogger(__name__)

__all__ = ["Validator"]


# The components compared with for every constraint, looked up once (an attribute of rdflib's
# ``SH`` namespace is looked up anew on every use).
def _components(*names: str) -> tuple[URIRef, ...]:
    return tuple(SH[f"{name}ConstraintComponent"] for name in names)


_MIN_COUNT, _MAX_COUNT, _HAS_VALUE, _UNIQUE_LANG = _components(
    "MinCount", "MaxCount", "HasValue", "UniqueLang"
)
_CLOSED, _PROPERTY, _SPARQL, _PATTERN = _components("Closed", "Property", "SPARQL", "Pattern")
_NODE, _NOT, _AND, _OR, _XONE = _components("Node", "Not", "And", "Or", "Xone")
_EQUALS, _DISJOINT, _LESS, _LESS_EQ = _components(
    "Equals", "Disjoint", "LessThan", "LessThanOrEquals"
)
_QMIN, _QMAX = _components("QualifiedMinCount", "QualifiedMaxCount")
_COUNTS = frozenset({_MIN_COUNT, _MAX_COUNT})
_PAIRS = frozenset({_EQUALS, _DISJOINT, _LESS, _LESS_EQ})
_SHAPE_BASED = frozenset({_NODE, _NOT, _AND, _OR, _XONE})
_QUALIFIED = frozenset({_QMIN, _QMAX})


class Validator(SparqlValidation):
    """Validate the data in a pyoxigraph store against a shapes model."""

    def __init__(
        self,
        store: ox.Store,
        model: ShapesModel,
        *,
        query_options: dict | None = None,
        bnodes: dict | None = None,
        literals: dict | None = None,
        shapes_graph: str | None = None,
    ) -> None:
        self.literals = literals or {}
        self.shapes_graph = shapes_graph
        self.store = store
        self.model = model
        self.g = model.graph
        self.options = query_options or {}
        self.bnodes = bnodes  # pyoxigraph blank node → original rdflib blank node
        self._evaluated: dict[tuple[Node, str], tuple[list[Raw], set]] = {}
        self._pairs: dict[tuple[Node, str], dict] = {}
        self._counts: dict[tuple[Node, str], list] = {}
        self._stack: list[Node] = []
        self._counter = itertools.count()
        self._regex_ok: dict[tuple[str, str | None], bool] = {}
        self._subclasses: dict[Node, list[URIRef] | None] = {}
        self._paths: dict[Node, str] = {}
        self._prefixes: dict[frozenset, str] = {}
        self.no_focus: frozenset[str] = frozenset()
        self._offline = 0
        self.stats = Stats()

    def learn(self, subclasses: dict, no_focus: frozenset[str]) -> None:
        """What the survey found: the subclasses of the classes the shapes name, and the
        target domains without focus nodes."""
        self._subclasses.update(subclasses)
        self.no_focus = no_focus

    # -- store access ------------------------------------------------------------------------

    def query(self, text: str, **kwargs):
        """The solutions of a query over the domain being evaluated: none, without asking the
        store, while that domain has no focus nodes."""
        if self._offline:
            return []
        return self.run(text, **kwargs)

    def run(self, text: str, **kwargs):
        """The solutions of ``text`` (with the store's prefixes) as a list."""
        started = time.perf_counter()
        try:
            result = list(self.store.query(C.PREFIXES + text, **self.options, **kwargs))
        except SyntaxError as err:
            raise Unsupported(f"query not accepted by Oxigraph: {err}") from err
        elapsed = time.perf_counter() - started
        self.stats.queries += 1
        self.stats.seconds += elapsed
        shape = self._stack[-1] if self._stack else None
        entry = self.stats.per_shape.setdefault(shape, [0, 0.0])
        entry[0] += 1
        entry[1] += elapsed
        if PROFILE:
            self.stats.slowest.append((elapsed, len(result), shape, text))
            if len(self.stats.slowest) > 200:
                self.stats.slowest.sort(key=lambda x: -x[0])
                del self.stats.slowest[50:]
        return result

    def rd(self, t) -> Node | None:
        if t is None:
            return None
        if self.literals and isinstance(t, ox.Literal) and t in self.literals:
            return self.literals[t]
        return to_rdflib(t, self.bnodes, normalize=False)

    def subclasses(self, cls: Node) -> list[URIRef] | None:
        """Every ``?s`` with ``?s rdfs:subClassOf* cls`` in the data graph (``cls`` included),
        computed once per class; ``None`` when one is not an IRI (then the path is used)."""
        if cls not in self._subclasses:
            found: list[URIRef] | None = None
            if isinstance(cls, URIRef):
                rows = self.run(f"SELECT DISTINCT ?s WHERE {{ ?s rdfs:subClassOf* {term(cls)} }}")
                found = named_subclasses(cls, [r["s"] for r in rows])
            self._subclasses[cls] = found
        return self._subclasses[cls]

    # -- domains -----------------------------------------------------------------------------

    def target_domain(self, shape: Shape) -> str:
        parts = []
        for c in shape.target_classes:
            # The subclasses as a VALUES block rather than the path: Oxigraph then starts the
            # join from the typed nodes (twice as fast at 1M triples), same nodes.
            subclasses = self.subclasses(c)
            if subclasses is None:
                parts.append(f"{{ ?this rdf:type/rdfs:subClassOf* {term(c)} }}")
            else:
                classes = " ".join(term(s) for s in subclasses)
                parts.append(f"{{ VALUES ?class {{ {classes} }} ?this rdf:type ?class }}")
        if shape.target_nodes:
            nodes = " ".join(term(n) for n in shape.target_nodes)
            parts.append("{ VALUES ?this { " + nodes + " } }")
        for p in shape.target_subjects_of:
            parts.append(f"{{ ?this {term(p)} ?o }}")
        for p in shape.target_objects_of:
            parts.append(f"{{ ?s {term(p)} ?this }}")
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"

    def path_text(self, shape: Shape) -> str:
        text = self._paths.get(shape.node)
        if text is None:
            try:
                text = sparql_path(self.g, shape.path)  # type: ignore[arg-type]
            except UnsupportedPath as err:
                raise SHACLError(str(err)) from err
            self._paths[shape.node] = text
        return text

    def values_pattern(self, shape: Shape) -> str:
        if shape.is_property:
            return f"?this {self.path_text(shape)} ?value ."
        return "BIND(?this AS ?value)"

    def value_domain(self, shape: Shape, domain: str) -> str:
        """A domain of the value nodes of ``shape`` for the focus nodes of ``domain``."""
        if not shape.is_property:
            return domain
        v = f"?f{next(self._counter)}"
        return (
            f"{{ SELECT DISTINCT ?this WHERE {{ "
            f"{{ SELECT (?this AS {v}) WHERE {{ {domain} }} }} "
            f"{v} {self.path_text(shape)} ?this }} }}"
        )

    def pairs(self, shape: Shape, domain: str) -> dict:
        """focus node → list of value nodes (pyoxigraph terms)."""
        key = (shape.node, domain)
        if key not in self._pairs:
            out: dict = {}
            if shape.is_property:
                values = self.values_pattern(shape)
                rows = self.query(f"SELECT DISTINCT ?this ?value WHERE {{ {domain} {values} }}")
                for focus in self.query(f"SELECT ?this WHERE {{ {domain} }}"):
                    out.setdefault(focus["this"], [])
                for row in rows:
                    out.setdefault(row["this"], []).append(row["value"])
            else:
                for row in self.query(f"SELECT ?this WHERE {{ {domain} }}"):
                    out[row["this"]] = [row["this"]]
            self._pairs[key] = out
        return self._pairs[key]

    # -- evaluation --------------------------------------------------------------------------

    def failing(self, shape_node: Node, domain: str) -> set:
        return self.evaluate(self.model.shape(shape_node), domain)[1]

    def evaluate(self, shape: Shape, domain: str) -> tuple[list[Raw], set]:
        """The results of ``shape`` on the focus nodes of ``domain``, and the set of focus
        nodes (pyoxigraph terms) that do not conform."""
        key = (shape.node, domain)
        if key in self._evaluated:
            return self._evaluated[key]
        if shape.deactivated:
            self._evaluated[key] = ([], set())
            return [], set()
        if shape.node in self._stack:
            raise Unsupported(f"recursive shape {shape.node}")
        self._stack.append(shape.node)
        offline = domain in self.no_focus
        self._offline += offline
        try:
            results: list[Raw] = []
            failing: set = set()
            self._value_components(shape, domain, results, failing)
            for c in shape.constraints:
                if c.component not in C.VALUE_COMPONENTS:
                    self._constraint(shape, domain, c, results, failing)
        finally:
            self._stack.pop()
            self._offline -= offline
        self._evaluated[key] = (results, failing)
        return results, failing

    def raw(
        self,
        shape: Shape,
        component: Node,
        focus,
        value=None,
        *,
        path: Node | None = None,
        generic: str = "",
        extra=(),
        bindings=None,
        source_constraint=None,
    ) -> Raw:
        return Raw(
            focus=self.rd(focus),  # type: ignore[arg-type]
            value=self.rd(value),
            path=path if path is not None else shape.path,
            shape=shape.node,
            component=component,
            severity=shape.severity,
            messages=messages_for(shape.messages, extra, bindings, generic),
            source_constraint=source_constraint,
        )

    def _value_components(self, shape: Shape, domain: str, results: list, failing: set) -> None:
        constraints = [c for c in shape.constraints if c.component in C.VALUE_COMPONENTS]
        python_side = []
        conditions = []
        chosen = []
        for c in constraints:
            if c.component == _PATTERN and not self._regex_supported(c):
                python_side.append(c)
                continue
            predicate = shape.path if shape.is_property else None
            conditions.append(
                C.value_condition(
                    c.component,
                    c.value,
                    dict(c.extra),
                    self.model.items,
                    predicate,
                    self.subclasses,
                )
            )
            chosen.append(c)
        if conditions:
            rows = self.query(C.value_query(domain, self.values_pattern(shape), conditions))
            for row in rows:
                for i, c in enumerate(chosen):
                    flag = row[f"c{i}"]
                    if flag is not None and flag.value == "true":
                        results.append(
                            self.raw(
                                shape, c.component, row["this"], row["value"], generic=_generic(c)
                            )
                        )
                        failing.add(row["this"])
        for c in python_side:
            import re

            flags = str(c.get(SH.flags) or "")
            regex = re.compile(str(c.value), _py_flags(flags))
            for focus, values in self.pairs(shape, domain).items():
                for v in values:
                    if isinstance(v, ox.BlankNode) or not regex.search(v.value):
                        results.append(self.raw(shape, c.component, focus, v, generic=_generic(c)))
                        failing.add(focus)

    def _regex_supported(self, c: Constraint) -> bool:
        flags = c.get(SH.flags)
        key = (str(c.value), str(flags) if flags is not None else None)
        if key not in self._regex_ok:
            args = C.string(key[0]) + (f", {C.string(key[1])}" if key[1] is not None else "")
            rows = self.run(f'SELECT ?r WHERE {{ BIND(REGEX("", {args}) AS ?r) }}')
            self._regex_ok[key] = bool(rows) and rows[0]["r"] is not None
        return self._regex_ok[key]

    def _constraint(
        self, shape: Shape, domain: str, c: Constraint, results: list, failing: set
    ) -> None:
        comp = c.component
        path = self.path_text(shape) if shape.is_property else None
        values = self.values_pattern(shape)
        add = lambda focus, value=None, **kw: (  # noqa: E731
            results.append(self.raw(shape, comp, focus, value, generic=_generic(c), **kw)),
            failing.add(focus),
        )
        if comp in _COUNTS:
            if not shape.is_property:
                return
            n = int(c.value)  # type: ignore[call-overload]
            low, high = (n, None) if comp == _MIN_COUNT else (None, n)
            if low == 0:
                return
            for row in self._counted(shape, domain, path, low, high):  # type: ignore[arg-type]
                add(row["this"])
        elif comp == _HAS_VALUE:
            for row in self.query(C.has_value_query(domain, path, c.value)):
                add(row["this"])
        elif comp == _UNIQUE_LANG:
            if not (
                isinstance(c.value, Literal)
                and c.value.datatype == C.XSD.boolean
                and str(c.value) == "true"
            ):
                return
            if not shape.is_property:
                return
            for row in self.query(C.unique_lang_query(domain, values)):
                add(row["this"])
        elif comp in _PAIRS:
            text = C.pair_query(comp, domain, values, c.value, node_shape=not shape.is_property)
            for row in self.query(text):
                add(row["this"], row["value"])
        elif comp == _CLOSED:
            allowed = [self.g.value(p, SH.path) for p in self.g.objects(shape.node, SH.property)]
            allowed = [a for a in allowed if isinstance(a, URIRef)]
            ignored = c.get(SH.ignoredProperties)
            if ignored is not None:
                allowed += self.model.items(ignored)
            for row in self.query(C.closed_query(domain, values, allowed)):
                add(row["this"], row["o"], path=self.rd(row["p"]))
        elif comp == _PROPERTY:
            nested = self.model.shape(c.value)
            sub_results, sub_failing = self.evaluate(nested, self.value_domain(shape, domain))
            results.extend(sub_results)
            if not sub_failing:
                return  # (the common case) no value fails: no pairs to look at
            if shape.is_property:
                for focus, vals in self.pairs(shape, domain).items():
                    if any(v in sub_failing for v in vals):
                        failing.add(focus)
            else:
                failing.update(sub_failing)
        elif comp in _SHAPE_BASED:
            vdomain = self.value_domain(shape, domain)
            members = [c.value] if comp in (_NODE, _NOT) else self.model.items(c.value)
            fails = [self.failing(m, vdomain) for m in members]
            if _none_can_fail(comp, fails):
                return
            for focus, vals in self.pairs(shape, domain).items():
                for v in vals:
                    ok = [v not in f for f in fails]
                    if comp in (_NODE, _AND):
                        bad = not all(ok)
                    elif comp == _NOT:
                        bad = ok[0]
                    elif comp == _OR:
                        bad = not any(ok)
                    else:
                        bad = sum(ok) != 1
                    if bad:
                        add(focus, v)
        elif comp in _QUALIFIED:
            self._qualified(shape, domain, c, add)
        elif comp == _SPARQL:
            self._sparql(shape, domain, c.value, results, failing)
        elif isinstance(comp, Node) and any(comp == k.node for k in self.model.components):
            self._custom(shape, domain, c, results, failing)
        else:
            raise Unsupported(f"constraint component {comp}")

    def _counted(
        self, shape: Shape, domain: str, path: str, low: int | None, high: int | None
    ) -> list:
        """The rows (focus nodes) of one count constraint of ``shape``. A shape with both a
        minimum of at least 1 and a maximum ("exactly one") has them answered by one query,
        whose rows are kept for the other."""
        bounds = _count_bounds(shape)
        if bounds is None:
            return self.query(C.count_query(domain, path, low, high))
        key = (shape.node, domain)
        rows = self._counts.get(key)
        if rows is None:
            rows = self._counts[key] = self.query(C.count_query(domain, path, *bounds))
        return [
            row
            for row in rows
            if (low is not None and int(row["n"].value) < low)
            or (high is not None and int(row["n"].value) > high)
        ]

    def _qualified(self, shape: Shape, domain: str, c: Constraint, add) -> None:
        if not shape.is_property:
            raise Unsupported("sh:qualifiedValueShape on a node shape")
        vdomain = self.value_domain(shape, domain)
        fails = self.failing(c.value, vdomain)
        siblings = []
        disjoint = c.get(SH.qualifiedValueShapesDisjoint)
        if isinstance(disjoint, Literal) and disjoint.toPython() is True:
            for parent in self.model.parents(shape.node):
                for sibling_ps in self.g.objects(parent, SH.property):
                    for q in self.g.objects(sibling_ps, SH.qualifiedValueShape):
                        if q != c.value:
                            siblings.append(self.failing(q, vdomain))
        if c.component == SH.QualifiedMinCountConstraintComponent:
            low, high = int(c.get(SH.qualifiedMinCount)), None  # type: ignore[call-overload]
        else:
            low, high = None, int(c.get(SH.qualifiedMaxCount))  # type: ignore[call-overload]
        for focus, vals in self.pairs(shape, domain).items():
            n = sum(1 for v in vals if v not in fails and all(v in s for s in siblings))
            if (low is not None and n < low) or (high is not None and n > high):
                add(focus)


def _count_bounds(shape: Shape) -> tuple[int, int] | None:
    """(minimum, maximum) of a shape with one ``sh:minCount`` of at least 1 and one
    ``sh:maxCount``, both integers; otherwise ``None``."""
    lows = [c.value for c in shape.constraints if c.component == _MIN_COUNT]
    highs = [c.value for c in shape.constraints if c.component == _MAX_COUNT]
    if len(lows) != 1 or len(highs) != 1:
        return None
    try:
        low, high = int(lows[0]), int(highs[0])  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return (low, high) if low >= 1 else None


def _none_can_fail(comp: Node, fails: list[set]) -> bool:
    """Whether no value can break the shape-based constraint ``comp`` given the sets of value
    nodes failing each member shape (so its focus/value pairs need not be read): ``sh:node`` and
    ``sh:and`` fail only a value that fails a member, ``sh:or`` only one that fails them all."""
    if comp in (_NODE, _AND):
        return not any(fails)
    if comp == _OR:
        return not all(fails)
    return False


def _py_flags(flags: str) -> int:
    import re

    out = 0
    for ch, f in (("i", re.I), ("m", re.M), ("s", re.S), ("x", re.X)):
        if ch in flags:
            out |= f
    return out


def _generic(c: Constraint) -> str:
    return generic_message(c.component, c.value)  # type: ignore[arg-type]
