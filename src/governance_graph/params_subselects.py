"""Parameters bound inside the sub-selects that can take them, as well as at the top.

SPARQL evaluates a sub-select on its own, before it is joined with the group around it, so a
parameter bound by the ``VALUES`` block at the start of the query's ``WHERE`` group
(:func:`governance_graph.params.insert_values`) restricts a sub-select's rows only after the
sub-select has computed all of them: a grouped sub-select of ``body-composition`` aggregates the
seats of every body and then keeps one body's. Engines do not push the join down themselves
(Oxigraph, rdflib and Virtuoso 7 all evaluate the sub-select whole).

:func:`subselect_places` finds the sub-selects where binding the parameter as well gives the
same answers, and where: each sub-select, and every sub-select it is nested in,

* projects the parameter as a plain variable (not ``*``, not ``(… AS ?_x)``), so it is the same
  variable all the way up (SPARQL's bottom-up scoping);
* has no ``LIMIT`` or ``OFFSET``, which would pick other rows once fewer come in;
* binds it in every row: it is a term of a triple pattern, a ``GRAPH`` name, or a projected
  variable of a sub-select that itself qualifies, at the top level of its ``WHERE`` group (not
  in ``OPTIONAL``, ``UNION``, ``MINUS``, ``FILTER`` or ``BIND``);
* is not inside parentheses (``EXISTS { … }``) or a ``SERVICE``.

Then every row of each of these sub-selects has the parameter bound, the rows of the query
keep only those with the parameter's value (the top-level ``VALUES``), and keeping only those
rows inside first changes nothing: joins, left joins, unions, ``MINUS``, ``DISTINCT``, ordering
and grouping (a projected variable of a grouped sub-select is one of its keys) each commute
with keeping the rows of one value of a variable every row binds.

>>> q = '''SELECT ?n WHERE { { SELECT ?_b (COUNT(?s) AS ?n) WHERE { ?s <urn:in> ?_b }
...   GROUP BY ?_b } }'''
>>> [(q[at:at + 6], names) for at, names, _wrap in subselect_places(q, {"_b"})]
[('{ ?s <', ('_b',))]
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .query_scan import Token, matching, next_group, tokens

__all__ = ["subselect_places"]

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
#: Words before a ``{`` that make the group it opens not a plain part of the enclosing group.
_NOT_JOINED = {"OPTIONAL", "MINUS", "UNION", "EXISTS", "SERVICE", "GRAPH", "SILENT"}


@dataclass
class _SubSelect:
    select: int  # token index of SELECT
    open: int  # token index of the "{" of its WHERE group
    close: int  # token index of the matching "}"
    projected: set[str]
    limited: bool


def subselect_places(
    text: str, names: Collection[str]
) -> list[tuple[int, tuple[str, ...], int | None]]:
    """Where the ``VALUES`` block of the parameters ``names`` (without ``?``) may go as well:
    (offset of the ``{`` of a sub-select's ``WHERE`` group, the names bound there, and when that
    group is a lone sub-select to wrap, the offset of its closing ``}``; else None), in the
    order of the text."""
    toks = tokens(text)
    form = next((i for i, t in enumerate(toks) if t[0] == "word" and t[1] in _FORMS), None)
    # A CONSTRUCT's first group is its template, a DESCRIBE may have none: left as they are.
    if form is None or toks[form][1] not in ("SELECT", "ASK") or not names:
        return []
    places: dict[int, list[str]] = {}
    wraps: dict[int, int | None] = {}
    for name in names:
        var = "?" + name
        for sub in _qualifying(toks, form, var):
            places.setdefault(sub.open, []).append(name)
            nxt = toks[sub.open + 1] if sub.open + 1 < sub.close else None
            lone = nxt is not None and nxt[0] == "word" and nxt[1] == "SELECT"
            wraps[sub.open] = toks[sub.close][2] if lone else None
    return [(toks[at][2], tuple(sorted(found)), wraps[at]) for at, found in sorted(places.items())]


def _qualifying(toks: list[Token], form: int, var: str) -> list[_SubSelect]:
    """The sub-selects of the query whose every row binds ``var`` and where binding it first
    is safe (see the module's documentation)."""
    start = _group_open(toks, form + 1)
    end = matching(toks, start) if start is not None else None
    if start is None or end is None:
        return []
    out: list[_SubSelect] = []
    for sub in _children(toks, start, end):
        _descend(toks, sub, var, out)
    return out


def _descend(toks: list[Token], sub: _SubSelect, var: str, out: list[_SubSelect]) -> bool:
    """Whether every row of ``sub`` binds ``var`` and it may be bound first; if so, ``sub`` and
    the qualifying sub-selects inside it are added to ``out``."""
    if var not in sub.projected or sub.limited:
        return False
    found: list[_SubSelect] = []
    bound = _binds_at_top(toks, sub.open, sub.close, var)
    for child in _children(toks, sub.open, sub.close):
        if _descend(toks, child, var, found) and _joined(toks, child, sub.open):
            bound = True
    if bound:
        out.append(sub)
        out.extend(found)
    return bound


def _group_open(toks: list[Token], start: int) -> int | None:
    """The first ``{`` outside parentheses from ``start`` (the ``WHERE`` group of a query form)."""
    found = next_group(toks, start)
    return found[0] if found is not None else None


def _children(toks: list[Token], open_: int, close: int) -> list[_SubSelect]:
    """The sub-selects directly inside the group ``open_``..``close`` (at any brace depth, but
    not inside another sub-select, parentheses, ``EXISTS`` or a ``SERVICE``)."""
    out = []
    j = open_ + 1
    parens = 0
    while j < close:
        kind, value, _ = toks[j]
        if kind == "punct" and value == "(":
            parens += 1
        elif kind == "punct" and value == ")":
            parens -= 1
        elif kind == "word" and value in ("SERVICE", "EXISTS"):
            # skip the group whole: another endpoint's, or one evaluated per row
            group = _group_open(toks, j + 1)
            j = (matching(toks, group) or close) if group is not None else close
        elif kind == "word" and value == "SELECT" and parens == 0:
            sub = _subselect(toks, j)
            if sub is None:
                return out
            out.append(sub)
            j = sub.close
        j += 1
    return out


def _subselect(toks: list[Token], select: int) -> _SubSelect | None:
    """The sub-select whose ``SELECT`` is ``toks[select]``: its group, projection and whether
    a ``LIMIT``/``OFFSET`` follows the group before the sub-select's own ``}``."""
    open_ = _group_open(toks, select + 1)
    if open_ is None:
        return None
    close = matching(toks, open_)
    if close is None:
        return None
    projected = set()
    parens = 0
    for kind, value, _ in toks[select + 1 : open_]:
        if kind == "punct":
            parens += {"(": 1, ")": -1}.get(value, 0)
        elif kind == "var" and parens == 0:
            projected.add("?" + value[1:])
    limited = False
    for kind, value, _ in toks[close + 1 :]:
        if kind == "punct" and value in "{}":
            break
        if kind == "word" and value in ("LIMIT", "OFFSET"):
            limited = True
    return _SubSelect(select, open_, close, projected, limited)


def _binds_at_top(toks: list[Token], open_: int, close: int, var: str) -> bool:
    """Whether ``var`` is a term of a triple pattern or a ``GRAPH`` name at the top level of the
    group ``open_``..``close`` (brace depth one, outside parentheses, not after ``VALUES``)."""
    depth = parens = 0
    previous = ""
    for kind, value, _ in toks[open_ : close + 1]:
        if kind == "punct":
            depth += {"{": 1, "}": -1}.get(value, 0)
            parens += {"(": 1, ")": -1}.get(value, 0)
        elif (
            kind == "var" and depth == 1 and parens == 0 and previous != "VALUES"
        ) and "?" + value[1:] == var:
            return True
        previous = value if kind == "word" else ""
    return False


def _joined(toks: list[Token], sub: _SubSelect, group_open: int) -> bool:
    """Whether the sub-select ``sub`` is a plain part of the group opened at ``group_open``: its
    ``{ SELECT … }`` is at brace depth two of that group, after no ``OPTIONAL``/``MINUS``/``GRAPH``
    …, and no ``UNION`` follows it."""
    brace = sub.select - 1
    if brace <= group_open or toks[brace][:2] != ("punct", "{"):
        return False
    depth = 0
    for kind, value, _ in toks[group_open:brace]:
        if kind == "punct":
            depth += {"{": 1, "}": -1}.get(value, 0)
    if depth != 1:
        return False
    before = toks[brace - 1]
    if before[0] == "word" and before[1] in _NOT_JOINED:
        return False
    end = matching(toks, brace)
    after = toks[end + 1] if end is not None and end + 1 < len(toks) else None
    return not (after is not None and after[0] == "word" and after[1] == "UNION")
