"""What the stored-query tests share: the expected facts written by hand from the two source
documents, the bundled graph loaded once per test module, and rows as plain values.

Results are compared by value (IRIs as strings, literals by their lexical form or as plain
numbers and booleans), never by rdflib term identity, so the same expectations hold on any
SPARQL 1.1 engine. The fixtures ``kg`` (the bundled graph, loaded once per module) and
``catalogue`` are in ``conftest.py``.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

import governance_graph
from governance_graph.catalogue import Catalogue

ID = "https://w3id.org/governance-graph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {f"{XSD}{t}" for t in ("integer", "positiveInteger", "int", "long", "decimal")}


def i(local: str) -> str:
    """The full IRI of a data resource, as a string."""
    return ID + local


# The 15 sub-regions with a RESOC, in the profile's coordinator list (ggd: local names).
SUBREGIONS = [
    "brugge",
    "zuid-west-vlaanderen",
    "midden-west-vlaanderen",
    "westhoek",
    "oostende",
    "gent",
    "zuid-oost-vlaanderen",
    "meetjesland-leie-schelde",
    "waas-dender",
    "antwerpen",
    "kempen",
    "mechelen",
    "halle-vilvoorde",
    "leuven",
    "limburg",
]
RESOCS = {i(f"resoc-{r}") for r in SUBREGIONS}
# One SERR per sub-region, except that SERR Oostende/Westhoek and SERR Vlaams-Brabant each cover
# two sub-regions: 13 SERRs.
SERR_REGIONS = {
    **{
        f"serr-{r}": [r]
        for r in SUBREGIONS
        if r not in ("westhoek", "oostende", "halle-vilvoorde", "leuven")
    },
    "serr-oostende-westhoek": ["oostende", "westhoek"],
    "serr-vlaams-brabant": ["halle-vilvoorde", "leuven"],
}
SERRS = {i(s) for s in SERR_REGIONS}

# The profile's list of co-ordinators at regional / local level: (name, e-mail, bodies).
COORDINATORS = [
    ("Tine Decuypere", "tine.decuypere@west-vlaanderen.be", ["resoc-brugge", "serr-brugge"]),
    (
        "Alain Depreux",
        "alain.depreux@west-vlaanderen.be",
        ["resoc-zuid-west-vlaanderen", "serr-zuid-west-vlaanderen"],
    ),
    (
        "Brigitte Smessaert",
        "brigitte.smessaert@west-vlaanderen.be",
        ["resoc-midden-west-vlaanderen", "serr-midden-west-vlaanderen"],
    ),
    ("Nick Vanwalleghem", "coordinator@stcctoow.be", ["serr-oostende-westhoek"]),
    ("Sigrid Verhaeghe", "sigrid.verhaeghe@west-vlaanderen.be", ["resoc-westhoek"]),
    ("Ann Vanassche", "ann.vanassche@west-vlaanderen.be", ["resoc-oostende"]),
    ("Marjan Van Bockstaele", "marjan.van.bockstaele@skynet.be", ["resoc-gent", "serr-gent"]),
    (
        "Ignace Van der Vorst",
        "ivandervorst@streekoverlegzov.be",
        ["resoc-zuid-oost-vlaanderen", "serr-zuid-oost-vlaanderen"],
    ),
    (
        "Katrien Neyt",
        "katrien.neyt@skynet.be",
        ["resoc-meetjesland-leie-schelde", "serr-meetjesland-leie-schelde"],
    ),
    ("Kathleen Stevens", "kathleen.stevens@resocwd.be", ["resoc-waas-dender", "serr-waas-dender"]),
    (
        "Matthias De Ridder",
        "matthias.deridder@resocantwerpen.be",
        ["resoc-antwerpen", "serr-antwerpen"],
    ),
    ("Wim De Kinderen", "wim.dekinderen@resockempen.be", ["resoc-kempen", "serr-kempen"]),
    ("Bjorn Cuyt", "bjorn.cuyt@resocmechelen.be", ["resoc-mechelen", "serr-mechelen"]),
    ("Lode Van Loock", "lode.vanloock@vdab.be", ["resoc-halle-vilvoorde", "serr-vlaams-brabant"]),
    ("Cil Cuypers", "cil.cuypers@vlaamsbrabant.be", ["resoc-leuven"]),
    ("Tjeu Arits", "tjeu.arits@ersvlimburg.be", ["resoc-limburg", "serr-limburg"]),
    ("Daevy Amerlynck", "daevy.amerlynck@bncto.be", ["bncto-brussels"]),
]
COORDINATOR_ROWS = {(n, e, i(b)) for n, e, bodies in COORDINATORS for b in bodies}

# Contact persons: the VESOC page's "Meer info" and the profile's co-ordinating unit.
CONTACTS = {
    ("Pieter Kerremans", None, i("vesoc")),
    ("Helga Coppen", None, i("vesoc")),
    ("Sandra Hellings", None, i("vesoc-working-group")),
    ("Miet Verhamme", "miet.verhamme@wse.vlaanderen.be", i("coordination-unit")),
}

MALICIOUS = [
    'x" } UNION { ?s ?p ?o } #',
    "https://example.org/a>b",
    "ggd:vesoc> . ?s ?p ?o",
    "<https://example.org/x>",
    "https://example.org/x} UNION {?s ?p ?o",
    "https://example.org/x\n} UNION { ?s ?p ?o }",
    "ggd:vesoc } UNION { ?s ?p ?o",
    'x" } WHERE { ?s ?p ?o } #',
    "x' } } SELECT * WHERE { ?s ?p ?o } #",
    'x"\n} }\nVALUES (?_body_iri) { (UNDEF) }\n#',
    "https://example.org/x#}{WHERE{",
]


# --------------------------------------------------------------------------- helpers


def value(term: object) -> object:
    """A term as a plain Python value: IRI -> str, number -> int, boolean -> bool, else text."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    assert isinstance(term, Literal), term
    datatype = str(term.datatype) if term.datatype else None
    if datatype in _NUMBERS:
        return int(str(term))
    if datatype == f"{XSD}boolean":
        return str(term) in ("true", "1")
    return str(term)


def run(
    kg: governance_graph.KnowledgeGraph,
    catalogue: Catalogue,
    name: str,
    params: dict[str, str] | None = None,
    *,
    lang: str | None = "en",
    reasoning: bool = True,
) -> list[dict[str, object]]:
    """Rows of a stored query as dicts of plain values; with ``lang``, only the rows whose
    language-tagged literals are all in that language (untagged rows are kept)."""
    result = kg.query(catalogue.get(name), params or {}, reasoning=reasoning)
    names = [str(v) for v in result.vars]
    rows = []
    for row in result:
        tags = {t.language for t in row if isinstance(t, Literal) and t.language}
        if lang is not None and tags and tags != {lang}:
            continue
        rows.append(dict(zip(names, (value(t) for t in row), strict=True)))
    return rows


def parts(text: object, separator: str) -> set[str]:
    assert isinstance(text, str), text
    return {p.strip() for p in text.split(separator)}
