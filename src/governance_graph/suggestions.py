"""Did-you-mean suggestions: only names close to what was typed, never a list of unrelated ones.

One rule for every suggestion the project makes (unknown query names, parameter names, IRIs
and labels): a candidate is suggested when difflib finds it at least :data:`CUTOFF` alike
(case ignored), and only if it is nearly as alike as the best one (within :data:`MARGIN`), so
one clear match is not followed by a tail of weaker ones.

>>> close_names("resoc-bruges", ["resoc-brugge", "resoc-brugge-chair", "resoc-gent", "vesoc"])
['resoc-brugge']
>>> close_names("bodis", ["bodies", "by-code", "chair-of"])
['bodies']
>>> close_names("bodyy", ["body-counts"])
[]
>>> print(did_you_mean(["'bodies'", "'bodies-by-kind'"]))
did you mean 'bodies' or 'bodies-by-kind'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

__all__ = ["CUTOFF", "MARGIN", "close_names", "did_you_mean"]

#: How alike (difflib ratio) a name must be to be suggested at all: 'bodis' → 'bodies' (0.73)
#: is, 'bodyy' → 'body-counts' (0.5) is not.
CUTOFF = 0.7
#: How much less alike than the best a further suggestion may be.
MARGIN = 0.1


def close_names(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``candidates`` that look like ``word`` (case ignored), closest first."""
    by_key: dict[str, str] = {}
    for c in candidates:
        by_key.setdefault(c.casefold(), c)
    key = word.casefold()
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored = []
    for candidate in by_key:
        matcher.set_seq1(candidate)
        if (
            matcher.real_quick_ratio() >= CUTOFF
            and matcher.quick_ratio() >= CUTOFF
            and (ratio := matcher.ratio()) >= CUTOFF
        ):
            scored.append((-ratio, candidate))
    scored.sort()
    if not scored:
        return []
    best = -scored[0][0]
    return [by_key[c] for r, c in scored[:n] if -r >= best - MARGIN]


def did_you_mean(names: Sequence[str]) -> str:
    """``"did you mean a or b?"`` for ``names`` (quoted as the caller wants), ``""`` for none."""
    return "did you mean " + " or ".join(names) + "?" if names else ""
