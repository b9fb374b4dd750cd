"""SHACL-SPARQL in the fast validator: ``sh:sparql`` constraints and constraint components
whose validators are written in SPARQL (``sh:ask``, ``sh:select``).

A mixin of :class:`~.validator.Validator`: the methods use its store, its query runner, its
term conversion and its result builder (``self.query``, ``self.rd``, ``self.raw``).
A SELECT is run once over the whole domain when the rewrite is exact (see
:mod:`.sparql_constraints`), otherwise once per focus node.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .components import Unsupported, term
from .shapes import Constraint, SHACLError, Shape
from .sparql_constraints import ask_body, prefixes, prepare, rewrite_vars

__all__ = ["SparqlValidation"]

_THIS = ox.Variable("this")


class SparqlValidation:
    """The SHACL-SPARQL methods of the validator."""

    def _run_select(
        self,
        shape: Shape,
        domain: str,
        select: str,
        prefix_text: str,
        parameters: dict | None = None,
    ) -> list[tuple]:
        """(focus, row) pairs of a SHACL-SPARQL SELECT, batched when that is exact."""
        path = self.path_text(shape) if shape.is_property else None
        q = prepare(
            select,
            prefix_text,
            path=path,
            shape=shape.node,
            parameters=parameters,
            shapes_graph=self.shapes_graph,
        )
        out = []
        if q.batched:
            for row in self.query(q.with_domain(domain)):
                out.append((row["this"], row))
        else:
            for focus_row in self.query(f"SELECT ?this WHERE {{ {domain} }}"):
                focus = focus_row["this"]
                if isinstance(focus, ox.BlankNode):
                    rows = self.query(q.text, substitutions={_THIS: focus})
                else:
                    rows = self.query(q.for_focus(str(focus)))
                for row in rows:
                    out.append((focus, row))
        return out, q

    def _prefix_text(self, node: Node) -> str:
        """The ``PREFIX`` lines of a constraint or validator: read from the shapes once for all
        the nodes that name the same ``sh:prefixes``."""
        key = frozenset(self.model.objects(node, SH.prefixes))
        text = self._prefixes.get(key)
        if text is None:
            text = self._prefixes[key] = prefixes(self.g, node)
        return text

    def _bindings(self, row, variables) -> dict:
        out = {}
        for name in variables:
            try:
                val = row[name]
            except (KeyError, IndexError, TypeError):
                continue
            if val is not None:
                out[name] = self.rd(val)
        return out

    def _sparql(self, shape: Shape, domain: str, cnode: Node, results: list, failing: set) -> None:
        g = self.g
        if any(str(v) in ("true", "1") for v in g.objects(cnode, SH.deactivated)):
            return
        select = g.value(cnode, SH.select)
        if select is None:
            raise SHACLError(f"sh:sparql constraint {cnode} has no sh:select")
        extra = tuple(m for m in g.objects(cnode, SH.message) if isinstance(m, Literal))
        rows, q = self._run_select(shape, domain, str(select), self._prefix_text(cnode))
        self._sparql_rows(
            shape, rows, q, SH.SPARQLConstraintComponent, extra, cnode, {}, results, failing
        )

    def _sparql_rows(
        self, shape, rows, q, component, extra, source_constraint, params, results, failing
    ):
        seen = set()
        variables = list(q.projected) if q.projected is not None else None
        for focus, row in rows:
            if _bound(row, "failure"):
                raise SHACLError(f"SPARQL constraint {source_constraint} reported a failure")
            path_t = _get(row, "path")
            value_t = _get(row, "value")
            if value_t is None and not shape.is_property:
                value_t = focus
            names = variables if variables is not None else _row_vars(row)
            bindings = self._bindings(row, names)
            bindings.setdefault("this", self.rd(focus))
            if value_t is not None:
                bindings["value"] = self.rd(value_t)
            bindings.update(params)
            msg_extra = extra
            if _bound(row, "message"):
                msg_extra = (*extra, Literal(row["message"].value))
            key = (focus, path_t, value_t, tuple(sorted((k, str(v)) for k, v in bindings.items())))
            if key in seen:
                continue
            seen.add(key)
            results.append(
                self.raw(
                    shape,
                    component,
                    focus,
                    value_t,
                    path=self.rd(path_t) if path_t is not None else None,
                    extra=msg_extra,
                    bindings=bindings,
                    source_constraint=source_constraint,
                    generic="SPARQL constraint violated",
                )
            )
            failing.add(focus)

    def _custom(
        self, shape: Shape, domain: str, c: Constraint, results: list, failing: set
    ) -> None:
        g = self.g
        comp = c.component
        kinds = (
            (SH.propertyValidator, SH.validator)
            if shape.is_property
            else (SH.nodeValidator, SH.validator)
        )
        validator = next((v for k in kinds for v in g.objects(comp, k)), None)
        if validator is None:
            raise Unsupported(
                f"constraint component {comp} has no validator for this kind of shape"
            )
        params = {str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]: v for p, v in c.extra}
        rd_params = {k: v for k, v in params.items()}
        extra = tuple(
            m for m in g.objects(validator, SH.message) if isinstance(m, Literal)
        ) or tuple(m for m in g.objects(comp, SH.message) if isinstance(m, Literal))
        prefix_text = self._prefix_text(validator)
        ask = g.value(validator, SH.ask)
        select = g.value(validator, SH.select)
        if ask is not None:
            body = ask_body(str(ask))
            mapping = {"this": "?this", "value": "?value"}
            mapping.update({k: term(v) for k, v in params.items()})
            if shape.is_property:
                mapping["PATH"] = self.path_text(shape)
            if isinstance(shape.node, URIRef):
                mapping["currentShape"] = term(shape.node)
            body = rewrite_vars(body, mapping)
            values = self.values_pattern(shape)
            text = (
                prefix_text + f"SELECT DISTINCT ?this ?value WHERE {{ {domain} {values} "
                f"FILTER NOT EXISTS {body} }}"
            )
            for row in self.query(text):
                bindings = {
                    "this": self.rd(row["this"]),
                    "value": self.rd(row["value"]),
                    **rd_params,
                }
                results.append(
                    self.raw(
                        shape,
                        comp,
                        row["this"],
                        row["value"],
                        extra=extra,
                        bindings=bindings,
                        generic=f"{comp} violated",
                    )
                )
                failing.add(row["this"])
        elif select is not None:
            rows, q = self._run_select(shape, domain, str(select), prefix_text, parameters=params)
            self._sparql_rows(shape, rows, q, comp, extra, None, rd_params, results, failing)
        else:
            raise Unsupported(f"validator {validator} has neither sh:ask nor sh:select")


def _get(row, name):
    try:
        return row[name]
    except (KeyError, IndexError, TypeError):
        return None


def _bound(row, name) -> bool:
    return _get(row, name) is not None


def _row_vars(row) -> list[str]:
    # not `k in row`: a pyoxigraph QuerySolution iterates over its values, not its variables
    return [k.value for k in row.keys()] if hasattr(row, "keys") else []  # noqa: SIM118
