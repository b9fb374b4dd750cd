"""The structure of a SPARQL query's text, for placing parameters without parsing it:
:func:`tokens` splits the text into structural tokens, :func:`matching` finds the brace that
closes a group.

Comments, strings and IRIs are skipped whole, variables and names are whole words (so
``?where``, ``ex:select`` or ``ex:a\\#b`` are never a keyword or a comment), and braces and
parentheses are the structure. Other characters (operators, ``.``, ``;``, ``,``, ``*``) are not
tokens.

>>> [t[1] for t in tokens('SELECT ?s { ?s <urn:p> "}" } # {')]
['SELECT', '?s', '{', '?s', '<urn:p>', '"}"', '}']
"""

from __future__ import annotations

import re

__all__ = ["Token", "matching", "tokens"]

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
