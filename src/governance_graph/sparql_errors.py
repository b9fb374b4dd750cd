"""Where a SPARQL query stops making sense: the column a syntax error message points at.

rdflib's parser (pyparsing) reports a failure where the last alternative that failed *began*:
``SELECT ?x WHERE { ?x ?y }`` fails "at" ``?x`` (column 19), the start of the triple, although
the offending token is the ``}`` (column 25) where an object was expected. Oxigraph reports
the furthest point its parser looked at, which is often past the offending token or the end.

:func:`furthest_failure` parses the query once more, only after it has failed, and records
how far any part of the grammar got before failing: the first character no rule could take,
which is the offending token (the usual rule of PEG parsers' error reports), or the start of
the word it is in (``FILTR(?x)`` fails at ``(``, where a prefixed name's ``:`` was expected,
but the word to point at is ``FILTR``). The re-parse runs
under the caller's parse lock (``engine.prepare_query`` holds it); the instrumentation only
notes positions and changes no result.

>>> furthest_failure("SELECT ?x WHERE { ?x ?y }")
(1, 25, 'SELECT ?x WHERE { ?x ?y }')
>>> furthest_failure("SELECT ?x WHERE {\\n  ?x ?y ?z . FILTER(?x = ) }")[:2]
(2, 26)
>>> furthest_failure("SELECT ?x WHERE {\\n  FILTR(?x) }")[:2]
(2, 3)
>>> furthest_failure("SELECT ?x WHERE { ?x ?y ?z }") is None
True
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["furthest_failure"]


def furthest_failure(text: str) -> tuple[int, int, str] | None:
    """``(line, column, line text)`` (1-based) of the first character of ``text`` that no rule
    of the SPARQL grammar could take; ``None`` if the text parses, or if rdflib rewrote it
    before parsing (``\\u`` escapes) so that positions would not match."""
    from pyparsing import ParseBaseException, ParserElement
    from rdflib.plugins.sparql.parser import Query, expandUnicodeEscapes

    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError:
        return None
    if expanded != text:
        return None
    furthest = -1
    original = ParserElement._parse

    def tracking(self: Any, instring: str, loc: int, *args: Any, **kwargs: Any) -> Any:
        nonlocal furthest
        try:
            return original(self, instring, loc, *args, **kwargs)
        except ParseBaseException as err:
            if instring is expanded and err.loc > furthest:
                furthest = err.loc
            raise

    ParserElement._parse = tracking  # type: ignore[method-assign]
    try:
        Query.parse_string(expanded, parse_all=True)
    except ParseBaseException:
        pass
    except RecursionError:
        return None
    else:
        return None
    finally:
        ParserElement._parse = original  # type: ignore[method-assign]
    if furthest < 0:
        return None
    offset = _token_start(text, min(furthest, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line_text = text[start : end if end >= 0 else len(text)]
    return text.count("\n", 0, offset) + 1, offset - start + 1, line_text


_WORD = re.compile(r"[A-Za-z0-9_\-.:]")
#: Bare words that are whole SPARQL terms (``?x a }`` fails at the ``}``, not at ``a``).
_TERMS = ("a", "true", "false")


def _token_start(text: str, offset: int) -> int:
    """``offset``, or the start of the word it falls in (``3x``: the ``3``), or of the bare word
    just before it that is no SPARQL term (``FILTR(``: the ``F``). After a variable, prefixed
    name or keyword term the failure is where it is (``?y}``, ``ex:p}``, ``a}``: the ``}``)."""
    if offset >= len(text) or offset == 0 or not _WORD.match(text[offset - 1]):
        return offset
    start = offset
    while start > 0 and _WORD.match(text[start - 1]):
        start -= 1
    if start > 0 and text[start - 1] in "?$":  # a variable is a whole token
        return offset
    word = text[start:offset]
    inside = bool(_WORD.match(text[offset]))
    bare = word[0].isalpha() and ":" not in word and word.lower() not in _TERMS
    return start if inside or bare else offset
