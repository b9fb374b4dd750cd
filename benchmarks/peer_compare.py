"""Compare a peer's closure or SHACL results with ours (the files ``peer_tasks.py`` writes).

Closures are compared as sets of triples (blank nodes written ``_:b``, ``"x"^^xsd:string`` as
``"x"``: the same term in RDF 1.1). What differs is sorted
into kinds: explained (the tools' documented choices, listed in :data:`EXPLAINED`), ``schema``
(triples about classes and properties, :data:`SCHEMA`) or ``other``; a closure is *equal* when
nothing but explained kinds differs either way, *equal on the data* when only ``schema`` does.

>>> kind('"x" <http://www.w3.org/2002/07/owl#sameAs> "x"')
'literal subject'
>>> kind("<urn:a> <http://www.w3.org/2002/07/owl#sameAs> <urn:a>")
'reflexive owl:sameAs'
>>> kind("<urn:a> <urn:p> <urn:b>")
'other'

SHACL reports are compared as multisets of ``(focus node, path, constraint component,
severity)`` (a path other than one IRI as ``(complex)``).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from peer_tasks import WORKAROUND

OWL = "http://www.w3.org/2002/07/owl#"
W3C = (
    "<http://www.w3.org/1999/02/",
    "<http://www.w3.org/2000/01/",
    f"<{OWL}",
    "<http://www.w3.org/2001/XMLSchema#",
)

#: The kinds of difference that are explained, and why.
EXPLAINED = {
    "literal subject": "not RDF: owlrl adds them, our closure drops them (as owlrl-turbo does)",
    "reflexive owl:sameAs": "eq-ref (x owl:sameAs x for every term): owlrl and ours state it",
    "owl:Thing typing": "every resource typed owl:Thing (cls-thing applied to all): reasonable",
    "W3C vocabulary": "axiomatic triples about rdf:, rdfs:, owl:, xsd: terms",
    "workaround": "the axiom left out of reasonable's input (gg:hasChair is inverse-functional)",
}


#: Predicates of the schema (TBox) triples the ``scm-*`` rules derive: not explained, but kept
#: apart from the data's triples (``reasonable`` derives fewer of them).
SCHEMA = {
    "<http://www.w3.org/2000/01/rdf-schema#subClassOf>",
    "<http://www.w3.org/2000/01/rdf-schema#subPropertyOf>",
    "<http://www.w3.org/2000/01/rdf-schema#domain>",
    "<http://www.w3.org/2000/01/rdf-schema#range>",
    f"<{OWL}equivalentClass>",
    f"<{OWL}equivalentProperty>",
}


def kind(line: str) -> str:
    """Which kind of difference a closure line is (see :data:`EXPLAINED`), else ``other``."""
    s, p, o = _split(line)
    if s.startswith('"'):
        return "literal subject"
    if p == f"<{OWL}sameAs>" and s == o:
        return "reflexive owl:sameAs"
    if (s, p, o) == WORKAROUND:
        return "workaround"
    if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" and o == f"<{OWL}Thing>":
        return "owl:Thing typing"
    if s.startswith(W3C):
        return "W3C vocabulary"
    if p in SCHEMA:
        return "schema"
    return "other"


def _split(line: str) -> tuple[str, str, str]:
    s, rest = _term(line)
    p, rest = _term(rest.lstrip())
    return s, p, rest.strip()


def _term(text: str) -> tuple[str, str]:
    if text.startswith('"'):
        i = 1
        while text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        end = text.find(" ", i)
        return (text, "") if end < 0 else (text[:end], text[end:])
    end = text.find(" ")
    return text[:end], text[end:]


def compare_closures(ours: Path, peer: Path, *, samples: int = 5) -> dict:
    """Counts of the triples only in ours (``missing``) and only in the peer's (``extra``), by
    kind, ``equal`` and a few ``other`` lines of each side."""
    a = set(_simple(ours.read_text()).splitlines())
    b = set(_simple(peer.read_text()).splitlines())
    out: dict = {"ours": len(a), "peer": len(b)}
    for side, lines in (("missing", a - b), ("extra", b - a)):
        kinds = Counter(kind(x) for x in lines)
        out[side] = dict(sorted(kinds.items()))
        for k in ("other", "schema"):
            out[f"{side}_{k}_sample"] = sorted(x for x in lines if kind(x) == k)[:samples]
    unexplained = [out[side].get(k) for side in ("missing", "extra") for k in ("other", "schema")]
    out["equal"] = not any(unexplained)
    out["equal_on_data"] = not unexplained[0] and not unexplained[2]
    return out


def _simple(text: str) -> str:
    """``"x"^^xsd:string`` written ``"x"``: in RDF 1.1 the two are one term."""
    return text.replace('"^^<http://www.w3.org/2001/XMLSchema#string>', '"')


def compare_results(ours: Path, peer: Path, *, samples: int = 5) -> dict:
    """The results only in ours (``missing``) and only in the peer's report (``extra``)."""
    a = Counter(tuple(k) for k in json.loads(ours.read_text()))
    b = Counter(tuple(k) for k in json.loads(peer.read_text()))
    missing, extra = a - b, b - a
    return {
        "ours": sum(a.values()),
        "peer": sum(b.values()),
        "missing": sum(missing.values()),
        "extra": sum(extra.values()),
        "missing_sample": [list(k) for k in sorted(missing)][:samples],
        "extra_sample": [list(k) for k in sorted(extra)][:samples],
        "equal": not missing and not extra,
        "compared_by": "focus node, path, constraint component, severity",
    }


def verdict(comparison: dict | None) -> str:
    """A short cell for the table: ``equal``, ``equal (+N explained)`` or ``differs …``."""
    if not comparison:
        return ""
    if "compared_by" in comparison:
        if comparison["equal"]:
            return f"equal ({comparison['ours']} results)"
        return f"differs: -{comparison['missing']} +{comparison['extra']} results"
    explained = sum(
        n
        for side in ("missing", "extra")
        for k, n in comparison[side].items()
        if k not in ("other", "schema")
    )
    note = f" (±{explained} explained)" if explained else ""
    if comparison["equal"]:
        return "equal" + note
    schema = comparison["missing"].get("schema", 0), comparison["extra"].get("schema", 0)
    if comparison["equal_on_data"]:
        return f"equal on the data; schema triples -{schema[0]} +{schema[1]}{note}"
    other = comparison["missing"].get("other", 0), comparison["extra"].get("other", 0)
    return f"differs: -{other[0]} +{other[1]} data, -{schema[0]} +{schema[1]} schema triples{note}"
