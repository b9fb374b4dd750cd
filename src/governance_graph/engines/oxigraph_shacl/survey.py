"""What the data holds that decides which queries are worth running, learnt before the shapes run
and shared by the validators of every thread.

* The subclasses of every IRI class the shapes name (``sh:targetClass``, ``sh:class``, implicit
  class targets): one query for all of them, where each validator would ask once per class.
* The target domains without any focus node (a target class without instances, as many classes
  of an ontology are in a given data set): one ``LIMIT 1`` query per distinct domain. A shape on
  such a domain is still evaluated, so its queries are built and a shape the fast path cannot
  express (or an ill-formed one) is reported as before, but none of them goes to the store: over
  no focus nodes they have no solutions. Only a query Oxigraph itself would refuse to parse goes
  unnoticed there; its shape would have gone to the pyshacl fallback, which finds no focus node
  either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .components import Unsupported, named_subclasses, term
from .shapes import Shape, ShapesModel
from .validator import Validator

__all__ = ["Survey", "named_classes", "survey"]

_CLASS = SH.ClassConstraintComponent


@dataclass(frozen=True)
class Survey:
    """The subclasses of each named class (``None``: not all of them are IRIs, the path is used)
    and the target domains (SPARQL text) that have no focus node."""

    subclasses: dict[Node, list[URIRef] | None] = field(default_factory=dict)
    no_focus: frozenset[str] = frozenset()


def named_classes(model: ShapesModel) -> list[URIRef]:
    """The IRI classes of the shapes' class targets and ``sh:class`` constraints, sorted."""
    found: set[URIRef] = set()
    for shape in model.shapes:
        found.update(c for c in shape.target_classes if isinstance(c, URIRef))
        found.update(
            c.value
            for c in shape.constraints
            if c.component == _CLASS and isinstance(c.value, URIRef)
        )
    return sorted(found)


def survey(model: ShapesModel, shapes: Iterable[Shape], validator: Validator) -> Survey:
    """Survey the store of ``validator`` for ``shapes`` (the targeted shapes to evaluate), and
    tell ``validator`` what it found."""
    # A query Oxigraph refuses (Unsupported) only means that less is known: the shapes'
    # evaluation then asks, or fails, as it would without a survey.
    subclasses: dict[Node, list[URIRef] | None] = {}
    classes = named_classes(model)
    if classes:
        listed = " ".join(term(c) for c in classes)
        text = f"SELECT DISTINCT ?c ?s WHERE {{ VALUES ?c {{ {listed} }} ?s rdfs:subClassOf* ?c }}"
        try:
            rows = validator.run(text)
        except Unsupported:
            rows = None
        if rows is not None:
            found: dict[str, list] = {}
            for row in rows:
                found.setdefault(row["c"].value, []).append(row["s"])
            subclasses = {c: named_subclasses(c, found.get(str(c), [])) for c in classes}
    validator.learn(subclasses, frozenset())
    seen: set[str] = set()
    no_focus: set[str] = set()
    for shape in shapes:
        try:
            domain = validator.target_domain(shape)
            if domain in seen:
                continue
            seen.add(domain)
            if not validator.run(f"SELECT ?this WHERE {{ {domain} }} LIMIT 1"):
                no_focus.add(domain)
        except Unsupported:
            continue
    result = Survey(subclasses, frozenset(no_focus))
    validator.learn(result.subclasses, result.no_focus)
    return result
