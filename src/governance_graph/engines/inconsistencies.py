"""How both reasoners judge and word an inconsistent closure.

* :func:`same_value`: whether two literals that a functional property gives one subject are the
  same value (then it is no inconsistency) or two (then it is). The one comparison both engines
  use, on rdflib terms: the oxigraph reasoner converts its terms first.
* :func:`compact_iris`: the IRIs of a message as prefixed names, and :func:`offending_iris`:
  the IRIs of the messages that name the offending resources (not datatypes or classes of the
  W3C vocabularies), for :class:`~governance_graph.errors.InconsistencyError`.

>>> from rdflib import Literal, XSD
>>> same_value(Literal("1", datatype=XSD.integer), Literal("1.0", datatype=XSD.decimal))
True
>>> same_value(Literal("1", datatype=XSD.integer), Literal("true", datatype=XSD.boolean))
False
>>> compact_iris("https://w3id.org/governance-graph/id/vesoc has two chairs")
'ggd:vesoc has two chairs'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..namespaces import compact

__all__ = ["compact_iris", "offending_iris", "same_value"]

_W3C_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_IRI = re.compile(r"(?:https?|urn|file):[^\s,()'\"<>]+")


def same_value(a: Literal, b: Literal) -> bool:
    """Whether ``a`` and ``b`` are the same value: the same term, or, without language tags,
    equal Python values of the same kind (a boolean is never a number; an ill-typed literal,
    which has no value, is only equal to itself)."""
    if a == b:
        return True
    if a.language or b.language:
        return False
    va, vb = a.toPython(), b.toPython()
    if (
        isinstance(va, Literal)
        or isinstance(vb, Literal)
        or isinstance(va, bool) != isinstance(vb, bool)
    ):
        return False
    try:
        return bool(va == vb)
    except Exception:  # incomparable Python values
        return False


def compact_iris(message: str) -> str:
    """``message`` with its IRIs written as prefixed names where a prefix is known."""
    return _IRI.sub(lambda m: compact(URIRef(m.group(0))), message)


def offending_iris(messages: Iterable[str]) -> set[str]:
    """The IRIs the messages name, less those of the RDF, RDFS, OWL and XSD vocabularies."""
    return {
        iri for m in messages for iri in _IRI.findall(m) if not iri.startswith(_W3C_VOCABULARIES)
    }
