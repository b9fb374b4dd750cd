"""rdflib's SPARQL algebra, corrected where rdflib evaluates it wrongly or slowly.

:func:`tune_algebra` is applied to every translated query the rdflib engine runs (the CLI, the
Python API and the endpoint's rdflib store):

* :func:`tune_joins` sets which joins are evaluated lazily (speed);
* :func:`fix_grouped_aggregates` makes a ``GROUP BY`` over no solutions give no rows. rdflib
  7.x gives one row with nothing bound (RDFLib/rdflib#3382), and an ``OPTIONAL`` joined to that
  row then matches everything: a stored query over a graph without agreements listed every
  class of the ontology. SPARQL 1.1 (section 18.5, Group) gives one row only for an aggregate
  without ``GROUP BY``, and that case keeps rdflib's own evaluation.

:func:`fix_constant_filters` is applied to the parse tree before translation: rdflib drops a
``FILTER`` whose expression is a constant with a false effective boolean value
(``FILTER(false)``, ``FILTER(0)``, ``FILTER("")``) because it tests the constant's Python truth
when it gathers the filters, so such a filter kept every row where SPARQL keeps none.

>>> from rdflib import Graph
>>> from rdflib.plugins.sparql import prepareQuery
>>> q = prepareQuery("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <urn:p> ?o } GROUP BY ?s")
>>> len(Graph().query(q))
1
>>> tune_algebra(q.algebra)
>>> len(Graph().query(q))
0
>>> len(Graph().query("SELECT (COUNT(?o) AS ?n) WHERE { ?s <urn:p> ?o }"))
1
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from typing import Any

__all__ = ["fix_constant_filters", "fix_grouped_aggregates", "tune_algebra", "tune_joins"]

#: The name our grouped aggregates get in the algebra; only :func:`_eval_grouped` evaluates it.
GROUPED = "GroupedAggregateJoin"


def fix_constant_filters(node: object) -> None:
    """In a parse tree (``parseQuery``), make each ``FILTER`` on a constant with a false effective
    boolean value an expression rdflib keeps: ``false && true``, which is false as well.

    >>> from rdflib import Graph
    >>> from rdflib.plugins.sparql.algebra import translateQuery
    >>> from rdflib.plugins.sparql.parser import parseQuery
    >>> g = Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="nt")
    >>> tree = parseQuery("SELECT ?s WHERE { ?s ?p ?o FILTER(false) }")
    >>> len(g.query(translateQuery(tree)))
    1
    >>> tree = parseQuery("SELECT ?s WHERE { ?s ?p ?o FILTER(false) }")
    >>> fix_constant_filters(tree)
    >>> len(g.query(translateQuery(tree)))
    0
    """
    from pyparsing import ParseResults
    from rdflib import Literal
    from rdflib.plugins.sparql import operators
    from rdflib.plugins.sparql.parserutils import CompValue, Expr

    def constant(expr: object) -> object:
        while isinstance(expr, CompValue):
            if expr.name == "literal" and [k for k in expr if expr[k] is not None] == ["string"]:
                return expr["string"]
            if [k for k in expr if expr[k] is not None] != ["expr"]:
                return None
            expr = expr["expr"]
        return expr

    def walk(item: object) -> None:
        if isinstance(item, CompValue):
            if item.name == "Filter":
                value = constant(item.get("expr"))
                if isinstance(value, Literal) and not value:
                    item["expr"] = Expr(
                        "ConditionalAndExpression",
                        operators.ConditionalAndExpression,
                        expr=value,
                        other=[Literal(True)],
                    )
            for child in list(item.values()):
                walk(child)
        elif isinstance(item, list | tuple | ParseResults):
            for child in item:
                walk(child)

    walk(node)


def tune_algebra(algebra: object) -> None:
    """Apply every correction of this module to ``algebra`` (in place)."""
    tune_joins(algebra)
    fix_grouped_aggregates(algebra)


def tune_joins(node: object) -> None:
    """Set the ``lazy`` flag of each ``Join`` in rdflib's algebra where rdflib gets it wrong.

    A lazy join evaluates its right side once per left row, with that row's bindings pushed in;
    otherwise the right side is evaluated unbound and materialised. rdflib makes lazy only the
    joins with no join below them, and this corrects it both ways:

    * a right side that is a basic graph pattern is always joined lazily: evaluating a BGP
      under the left row's bindings is exactly the join. Without it, a stored query's
      ``VALUES`` block at the start of its group (:mod:`governance_graph.params`) adds a join
      level, and ``?org skos:prefLabel ?n . ?r skos:prefLabel ?l`` became the cross product of
      all labels (60 s instead of 0.1 s);
    * a right side holding a sub-select is never joined lazily: a sub-select is evaluated on its
      own (bottom-up) by the spec, and with bindings pushed in, rdflib's ``GROUP BY`` over no
      rows gives one empty row instead of none.
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        right = node.get("p2") if node.name == "Join" else None
        if isinstance(right, CompValue):
            if _has_subselect(right):
                node["lazy"] = False
            elif right.name == "BGP":
                node["lazy"] = True
        for value in node.values():
            tune_joins(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            tune_joins(value)


def _has_subselect(node: object) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ToMultiSet" and getattr(node.get("p"), "name", None) != "values":
            return True
        return any(_has_subselect(v) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_has_subselect(v) for v in node)
    return False


def fix_grouped_aggregates(node: object) -> None:
    """Rename each ``AggregateJoin`` with an explicit ``GROUP BY`` to :data:`GROUPED`, which
    :func:`_eval_grouped` evaluates (registered in rdflib's ``CUSTOM_EVALS``, it handles no
    other node, so other rdflib users in the process are unaffected)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        group = node.get("p") if node.name == "AggregateJoin" else None
        if isinstance(group, CompValue) and group.get("expr") is not None:
            _register()
            node.name = GROUPED
        for value in node.values():
            fix_grouped_aggregates(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            fix_grouped_aggregates(value)


def _eval_grouped(ctx: Any, part: Any) -> Iterator[Any]:
    """rdflib's ``evalAggregateJoin`` for explicit groups, without the row for no groups."""
    if part.name != GROUPED:
        raise NotImplementedError
    return _grouped_rows(ctx, part)


def _grouped_rows(ctx: Any, part: Any) -> Iterator[Any]:
    from rdflib.plugins.sparql.aggregates import Aggregator
    from rdflib.plugins.sparql.evaluate import evalPart
    from rdflib.plugins.sparql.evalutils import _eval
    from rdflib.plugins.sparql.sparql import FrozenBindings

    groups: dict[tuple[Any, ...], Aggregator] = collections.defaultdict(
        lambda: Aggregator(aggregations=part.A)
    )
    for row in evalPart(ctx, part.p):
        groups[tuple(_eval(e, row, False) for e in part.p.expr)].update(row)
    for aggregator in groups.values():
        yield FrozenBindings(ctx, aggregator.get_bindings())


def _register() -> None:
    from rdflib.plugins.sparql import CUSTOM_EVALS

    CUSTOM_EVALS.setdefault("governance-graph-grouped-aggregate", _eval_grouped)
