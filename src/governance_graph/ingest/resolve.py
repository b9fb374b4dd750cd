"""What a cell that names something means: a row of the workbook or a resource of the graph.

A reference is written as a name (any ``skos:prefLabel``, ``foaf:name``, ``skos:altLabel`` or
``rdfs:label``, in any language; for the workbook's rows, their names and ids), as an IRI or
prefixed name (``ggd:vesoc``), or as the bare id of a ``ggd:`` IRI (``vesoc``); case and
spacing do not count. A name of the workbook wins over the same name in the graph. Failing
those, words that occur in the name of exactly one thing that fits name it (``Brugge`` for the
region "subregio Brugge"). Nothing that fits is an error that suggests close names; several
that fit are an error listing them.

:class:`Names` is built once per ingest (and per export, which writes references the same
way back: :meth:`Names.label` gives a name that :meth:`Names.find` maps back to the IRI).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from governance_graph.lookup import PREFIX_LINES, expand
from governance_graph.namespaces import GGD, compact
from governance_graph.suggestions import close_names, did_you_mean

from .checks import CellError
from .columns import fold

__all__ = ["NOUNS", "TARGETS", "Entry", "Names"]

#: What a column's target accepts: kinds of entry.
TARGETS = {
    "organisation": ("organisation",),
    "agent": ("agent",),
    "holder": ("agent", "post"),
    "post": ("post",),
    "seat": ("seat",),
    "region": ("region",),
    "person": ("person", "agent"),
    "purpose": ("purpose",),
    "source": ("section",),
}
#: How a message names what a target is, and where it was looked for.
NOUNS = {
    "organisation": ("body", "in sheet bodies or in the graph"),
    "agent": ("organisation, group or person", "in sheets bodies and people or in the graph"),
    "holder": ("group, organisation or post", "in sheet bodies or in the graph"),
    "post": ("post", "in the graph"),
    "seat": ("seat of this body", "in sheet seats or in the graph"),
    "region": ("region", "in the graph"),
    "person": ("person", "in sheet people or in the graph"),
    "purpose": ("funding purpose", "in the graph"),
    "source": ("source", "in sheet sources or in the graph"),
}
#: The classes of the graph whose instances a reference may name, and the kinds they give.
_CLASSES = {
    "org:Organization": ("organisation", "agent"),
    "foaf:Agent": ("agent",),
    "foaf:Person": ("person", "agent"),
    "foaf:Group": ("agent",),
    "org:Post": ("post",),
    "gg:Seat": ("seat", "post"),
    "gg:Region": ("region",),
    "gg:SourceSection": ("section",),
}
_GRAPH_QUERY = (
    PREFIX_LINES
    + """
SELECT DISTINCT ?s ?class ?name ?preferred ?body WHERE {
  {
    VALUES ?class { CLASSES }
    ?s a/rdfs:subClassOf* ?class .
  } UNION {
    ?s skos:inScheme ggd:funding-purposes .
    BIND("purpose" AS ?class)
  }
  OPTIONAL {
    { ?s skos:prefLabel|foaf:name ?name BIND(true AS ?preferred) }
    UNION { ?s skos:altLabel|rdfs:label ?name BIND(false AS ?preferred) }
  }
  OPTIONAL { ?s gg:seatIn|org:postIn ?body }
}
""".replace("CLASSES", " ".join(_CLASSES))
)


@dataclass
class Entry:
    """Something a reference may name: its IRI, kinds, names (preferred first) and, for a row
    of the workbook, where it is; for a seat, its body."""

    iri: str
    kinds: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    where: str | None = None
    body: str | None = None


class Names:
    """The workbook's rows and the graph's resources, by IRI, by name and by kind. What a
    text names is remembered until something of a kind it may name is added."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self._by_name: dict[str, dict[str, None]] = {}
        self._by_kind: dict[str, dict[str, None]] = {}
        self._seats: dict[tuple[str, str], dict[str, None]] = {}
        self._found: dict[str, dict[tuple[str, str | None, bool], str | CellError]] = {}

    def add(
        self,
        iri: str,
        kinds: tuple[str, ...] | set[str],
        names: list[str],
        *,
        where: str | None = None,
        body: str | None = None,
    ) -> Entry:
        entry = self.entries.get(iri)
        if entry is None:
            entry = self.entries[iri] = Entry(iri)
        for kind in set(kinds) - entry.kinds:
            self._by_kind.setdefault(kind, {})[iri] = None
            for target, accepted in TARGETS.items():
                if kind in accepted:
                    self._found.pop(target, None)
        entry.kinds |= set(kinds)
        if where is not None:
            entry.where = where
        if body is not None:
            entry.body = body
        for name in names:
            if name and name not in entry.names:
                entry.names.append(name)
                self._by_name.setdefault(fold(name), {})[iri] = None
                if entry.body is not None:
                    self._seats.setdefault((entry.body, fold(name)), {})[iri] = None
        return entry

    def read_graph(self, kg) -> None:  # type: ignore[no-untyped-def]
        """Add the graph's organisations, people, posts, seats, regions, sections and funding
        purposes (asserted data with the ontology's subclasses)."""
        rows = kg.query(_GRAPH_QUERY, reasoning=False)
        found: dict[str, tuple[set[str], list[tuple[bool, str, str]], str | None]] = {}
        for s, cls, name, preferred, body in rows:
            kinds, names, _ = found.setdefault(str(s), (set(), [], None))
            kinds.update(_CLASSES.get(compact(cls), (str(cls),)))
            if name is not None:
                lang = getattr(name, "language", None) or ""
                names.append((not bool(preferred), {"en": "0", "": "1"}.get(lang, "2"), str(name)))
            if body is not None:
                found[str(s)] = (kinds, names, str(body))
        for iri in sorted(found):
            kinds, names, body = found[iri]
            ordered = [n for _, _, n in sorted(set(names))]
            self.add(iri, kinds, ordered, body=body)

    # ------------------------------------------------------------------ finding

    def find(self, text: str, target: str, *, body: str | None = None, words: bool = True) -> str:
        """The IRI ``text`` names, of a kind ``target`` accepts (a seat: of ``body``); with
        ``words``, also part of one name. Raises :class:`CellError` saying what is missing or
        ambiguous."""
        known = self._found.setdefault(target, {})
        key = (fold(text), body, words)
        if key not in known:
            try:
                known[key] = self._find(text, target, body, words)
            except CellError as err:
                known[key] = err
        found = known[key]
        if isinstance(found, CellError):
            raise CellError(str(found))
        return found

    def _find(self, text: str, target: str, body: str | None, words: bool) -> str:
        kinds = TARGETS[target]
        named = self._seats.get((body, fold(text))) if body and "seat" in kinds else None
        fits = [i for i in named or self._by_name.get(fold(text), {}) if self._fits(i, kinds, body)]
        if fits:
            return self._one(text, target, fits)
        iri = expand(text)
        if iri is None and str(GGD) + text.strip() in self.entries:
            iri = URIRef(str(GGD) + text.strip())
        noun, looked = NOUNS[target]
        if iri is not None:
            entry = self.entries.get(str(iri))
            if entry is not None and self._fits(str(iri), kinds, body):
                return str(iri)
            if entry is None:
                raise CellError(f"no {noun} {compact(iri)} {looked}")
            raise CellError(f"{compact(iri)} is not a {noun}")
        candidates = {i: None for k in kinds for i in self._by_kind.get(k, {})}
        candidates = {i: None for i in candidates if self._fits(i, kinds, body)}
        part = fold(text).split() if words else []
        parts = [
            i
            for i in candidates
            if part and any(_has_words(n, part) for n in self.entries[i].names)
        ]
        if len(parts) == 1:
            return parts[0]
        names = [n for i in candidates for n in self.entries[i].names]
        hint = did_you_mean([f"'{n}'" for n in close_names(text, names)])
        raise CellError(f"no {noun} '{text}' {looked}" + (f" ({hint})" if hint else ""))

    def _fits(self, iri: str, kinds: tuple[str, ...], body: str | None) -> bool:
        entry = self.entries[iri]
        if not entry.kinds.intersection(kinds):
            return False
        return body is None or "seat" not in kinds or entry.body == body

    def _one(self, text: str, target: str, fits: list[str]) -> str:
        if target == "person":  # a person before any other agent of that name
            people = [i for i in fits if "person" in self.entries[i].kinds]
            fits = people or fits
        rows = [i for i in fits if self.entries[i].where is not None]
        fits = rows or fits
        if len(fits) == 1:
            return fits[0]
        listed = ", ".join(
            f"{compact_iri(i)}" + (f" ({self.entries[i].where})" if self.entries[i].where else "")
            for i in fits[:8]
        )
        raise CellError(f"'{text}' names several: {listed}; write the one you mean as ggd:<id>")

    def label(self, iri: str, target: str, *, body: str | None = None) -> str:
        """A name that :meth:`find` maps back to ``iri`` (its preferred names first), else
        its prefixed name."""
        entry = self.entries.get(iri)
        for name in entry.names if entry else []:
            try:
                if self.find(name, target, body=body) == iri:
                    return name
            except CellError:
                continue
        return compact_iri(iri)


def compact_iri(iri: str) -> str:
    return compact(URIRef(iri))


def _has_words(name: str, words: list[str]) -> bool:
    """Whether ``words`` occur one after the other, as whole words, in ``name``."""
    have = fold(name).split()
    return any(have[i : i + len(words)] == words for i in range(len(have) - len(words) + 1))
