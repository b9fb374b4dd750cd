"""The coded columns' values: one lookup table per concept scheme of the model, in
``mappings/lookups/<name>.csv``, which the mapping joins to turn a label into a concept (and,
for body kinds, a class). The checks accept any label of a concept, English, Dutch or other,
case and spacing ignored, and write its English label, the join key.

The tables are written from the ontology's concept schemes (``ontology/schemes.ttl``) by
``python -m governance_graph.ingest.template --write``, so they change with the schemes.

>>> kinds = Lookup.bundled("body-kinds")
>>> kinds.find("  Tripartiet   orgaan").label
'tripartite body'
>>> kinds.find("tripartiet") is None
True
>>> kinds.suggest("tripartiet")
['tripartiet orgaan', 'tripartite body']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from governance_graph import paths
from governance_graph.namespaces import GG, GGD
from governance_graph.suggestions import close_names

from .columns import fold

__all__ = ["NOUNS", "SCHEMES", "Code", "Lookup", "lookup_tables"]

ORG_ORGANIZATION = URIRef("http://www.w3.org/ns/org#Organization")
FREQUENCY = URIRef("http://publications.europa.eu/resource/authority/frequency")

#: lookup name -> the concept scheme it lists.
SCHEMES = {
    "body-kinds": GGD["body-kinds"],
    "chair-selection-methods": GGD["chair-selection-methods"],
    "constituencies": GGD["constituencies"],
    "frequencies": FREQUENCY,
    "roles": GGD["roles"],
    "seat-roles": GGD["roles"],
}
#: The roles a seat may have (``ggsh:SeatShape``).
SEAT_ROLES = (GGD["role-member"], GGD["role-advisory-attendee"], GGD["role-conditional-attendee"])
#: What one value of each lookup is called in messages.
NOUNS = {
    "body-kinds": "body kind",
    "chair-selection-methods": "way of filling a chair",
    "constituencies": "constituency",
    "frequencies": "frequency",
    "roles": "role",
    "seat-roles": "seat role",
}
FIELDS = ("label", "label_nl", "other_labels", "concept", "class")


@dataclass(frozen=True)
class Code:
    """One concept: its English label (the join key), Dutch label, other labels, IRI, and
    for a body kind the class a body of that kind gets."""

    label: str
    label_nl: str
    other_labels: tuple[str, ...]
    concept: str
    cls: str = ""

    def names(self) -> list[str]:
        return [n for n in (self.label, self.label_nl, *self.other_labels) if n]


class Lookup:
    """The values of one coded column."""

    def __init__(self, name: str, codes: Iterable[Code]) -> None:
        self.name = name
        self.noun = NOUNS.get(name, name)
        self.codes = list(codes)
        self._by_name: dict[str, Code] = {}
        for code in self.codes:
            for n in code.names():
                self._by_name.setdefault(fold(n), code)
        self._by_concept = {c.concept: c for c in self.codes}

    @classmethod
    def read(cls, path: Path) -> Lookup:
        with path.open(encoding="utf-8", newline="") as handle:
            codes = [
                Code(
                    row["label"],
                    row.get("label_nl", ""),
                    tuple(x.strip() for x in row.get("other_labels", "").split(";") if x.strip()),
                    row["concept"],
                    row.get("class", "") or "",
                )
                for row in csv.DictReader(handle)
            ]
        return cls(path.stem, codes)

    @classmethod
    def bundled(cls, name: str) -> Lookup:
        return cls.read(paths.mappings_dir() / "lookups" / f"{name}.csv")

    def find(self, text: str) -> Code | None:
        """The concept ``text`` names, or None."""
        return self._by_name.get(fold(text))

    def suggest(self, text: str) -> list[str]:
        return close_names(text, [n for c in self.codes for n in c.names()])

    def of(self, concept: str) -> Code | None:
        """The code of a concept IRI, or None."""
        return self._by_concept.get(concept)


# --------------------------------------------------------------------------- writing


def _label(graph: Graph, concept: URIRef, lang: str) -> str:
    for value in sorted(graph.objects(concept, SKOS.prefLabel), key=str):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


def _body_class(graph: Graph, concept: URIRef) -> str:
    """The class of a body of this kind: the class the kind (or a broader kind) names with
    rdfs:seeAlso, else org:Organization."""
    seen: set[URIRef] = set()
    todo = [concept]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        classes = sorted(
            str(c)
            for c in graph.objects(current, RDFS.seeAlso)
            if str(c).startswith(str(GG)) and (c, RDF.type, OWL.Class) in graph
        )
        if classes:
            return classes[0]
        todo += sorted(o for o in graph.objects(current, SKOS.broader) if isinstance(o, URIRef))
    return str(ORG_ORGANIZATION)


def lookup_tables(graph: Graph) -> dict[str, str]:
    """Every lookup table as CSV text, written from the concept schemes of ``graph`` (the
    ontology): one row per concept, sorted by English label."""
    tables = {}
    for name, scheme in SCHEMES.items():
        concepts = sorted(
            {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}
        )
        if name == "seat-roles":
            concepts = [c for c in concepts if c in SEAT_ROLES]
        rows = []
        for concept in concepts:
            others = sorted({str(v) for v in graph.objects(concept, SKOS.altLabel)})
            rows.append(
                {
                    "label": _label(graph, concept, "en"),
                    "label_nl": _label(graph, concept, "nl"),
                    "other_labels": "; ".join(others),
                    "concept": str(concept),
                    "class": _body_class(graph, concept) if name == "body-kinds" else "",
                }
            )
        rows.sort(key=lambda r: (r["label"].casefold(), r["concept"]))
        fields = FIELDS if name == "body-kinds" else FIELDS[:-1]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        tables[name] = out.getvalue()
    return tables
