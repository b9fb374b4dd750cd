"""The structure of a SPARQL query's text, for placing parameters without parsing it:
:func:`tokens` splits the text into structural tokens, :func:`matching` finds the brace that
closes a group, :func:`next_group` the next group outside parentheses.

Comments, strings and IRIs are skipped whole, variables and names are whole words (so
``?where``, ``ex:select`` or ``ex:a\\#b`` are never a keyword or a comment), and braces and
parentheses are the structure. Other characters (operators, ``.``, ``;``, ``,``, ``*``) are not
tokens.

>>> [t[1] for t in tokens('SELECT ?s { ?s <urn:p> "}" } # {')]
['SELECT', '?s', '{', '?s', '<urn:p>', '"}"', '}']
"""

from __future__ import annotations

import re

__all__ = ["Token", "matching", "next_group", "tokens"]

#: (kind, text, offset): kind is comment, string, iri, var, word or punct; words upper-cased.
Token = tuple[str, str, int]

_SCAN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<word>(?:[A-Za-z0-9_:%\-.\u00b7\u00c0-\uffff]|\\.)+)
  | (?P<punct>[{}()])
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(text: str) -> list[Token]:
    """(kind, text, offset) of each structural token, words upper-cased; comments dropped."""
    out = []
    for m in _SCAN.finditer(text):
        kind = m.lastgroup or ""
        if kind != "comment":
            out.append((kind, m.group().upper() if kind == "word" else m.group(), m.start()))
    return out


def matching(toks: list[Token], i: int) -> int | None:
    """Index of the ``}`` closing the ``{`` at ``toks[i]``; None if it is never closed."""
    depth = 0
    for j in range(i, len(toks)):
        kind, value, _ = toks[j]
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}":
            depth -= 1
            if depth == 0:
                return j
    return None


def next_group(toks: list[Token], start: int) -> tuple[int, bool] | None:
    """From ``start``, the index of the first ``{`` outside parentheses and whether a ``WHERE``
    keyword came before it; None at a ``VALUES`` keyword (a trailing clause: no WHERE group)."""
    depth = 0
    where = False
    for j in range(start, len(toks)):
        kind, value, _ = toks[j]
        if kind == "punct":
            if value == "(":
                depth += 1
            elif value == ")":
                depth -= 1
            elif value == "{" and depth <= 0:
                return j, where
        elif kind == "word" and depth <= 0:
            if value == "WHERE":
                where = True
            elif value == "VALUES":
                return None
    return None
