"""The stored queries of ``queries/``: every one answers its competency question on the bundled
graph, through the project API (``governance_graph.load().query``).

The expected answers below are written by hand from the two source documents (the English
profile of the Flemish RESOC/SERR partnerships and the Dutch page on VESOC), not captured from
program output. Results are compared by value (IRIs as strings, literals by their lexical form or
as plain numbers and booleans), never by rdflib term identity, so the same expectations hold on
any SPARQL 1.1 engine; one test runs every query on pyoxigraph too, when it is installed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery

import governance_graph
from governance_graph.catalogue import Catalogue
from governance_graph.errors import GovernanceGraphError
from governance_graph.params import bind, insert_values
from governance_graph.results import pick_language

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


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _isolated_cache() -> Iterator[None]:
    """Overrides conftest's per-test cache reset: this module shares one closure (``kg``)."""
    yield


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[governance_graph.KnowledgeGraph]:
    from governance_graph.engines import rdflib_reasoning as reasoning

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVERNANCE_GRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("query-cache")))
        mp.delenv("GOVERNANCE_GRAPH_NO_CACHE", raising=False)
        reasoning.clear_memory_cache()
        graph = governance_graph.load()
        graph.closure()
        yield graph
        reasoning.clear_memory_cache()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.bundled()


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


# --------------------------------------------------------------------------- the catalogue


def test_catalogue_has_enough_documented_queries(catalogue: Catalogue) -> None:
    assert len(catalogue) >= 22
    for q in catalogue:
        assert q.summary.strip(), f"{q.name}: no summary"
        assert "\n" not in q.summary, f"{q.name}: summary is more than one line"
        assert q.description.strip(), f"{q.name}: no description"
        assert q.tags, f"{q.name}: no tags"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q.name), q.name


def test_required_queries_exist(catalogue: Catalogue) -> None:
    required = {
        "chairs", "body-composition", "advisory-attendees", "coordinators", "contact-persons",
        "person-bodies", "region-bodies", "serr-regions", "funding", "funding-opportunities",
        "bodies-by-kind", "body-counts", "resoc-partners", "history", "targets-and-results",
        "objectives", "sources-of", "secretariats", "sub-bodies", "meetings", "policy-areas",
        "instruments", "region-population", "agreements", "persons", "members",
    }  # fmt: skip
    assert required <= set(catalogue.names())
    assert len([n for n in catalogue.names() if n.startswith("neutral-")]) >= 2


def test_every_query_is_plain_sparql_11(catalogue: Catalogue) -> None:
    for q in catalogue:
        parseQuery(q.text)  # rdflib's SPARQL 1.1 grammar; raises on anything else
        assert re.search(r"^ORDER BY ", q.text, re.M), f"{q.name}: no ORDER BY"
        assert not re.search(r"\b(SERVICE|FROM)\b", q.text), q.name


def test_every_default_names_a_parameter(catalogue: Catalogue) -> None:
    for q in catalogue:
        names = {p.name for p in q.parameters}
        assert set(q.defaults) <= names, q.name
        assert set(q.enumerate) <= names, q.name
        for p in q.parameters:
            # Every parameter has a default, so every query runs without arguments.
            assert p.default is not None, f"{q.name}: parameter {p.name} has no default"
            assert f"?{p.variable}" in q.text


def test_every_query_answers_on_the_bundled_graph(kg, catalogue: Catalogue) -> None:
    for q in catalogue:
        assert len(kg.query(q)) >= 1, f"{q.name} returned no rows"


def test_one_row_per_thing_and_language(kg, catalogue: Catalogue) -> None:
    """Rows differ only by language: picking a language leaves one row per thing."""
    for q in catalogue:
        rows = [tuple(r) for r in kg.query(q)]
        text_columns = {
            c
            for row in rows
            for c, t in enumerate(row)
            if isinstance(t, Literal) and (t.language or t.datatype is None)
        }
        things = {tuple(t for c, t in enumerate(r) if c not in text_columns) for r in rows}
        for lang in ("en", "nl"):
            picked = pick_language(rows, lang)
            assert len(picked) == len(things), f"{q.name} --lang {lang}: {len(picked)} rows"


def test_order_is_deterministic(kg, catalogue: Catalogue) -> None:
    for q in catalogue:
        first = [tuple(value(t) for t in r) for r in kg.query(q)]
        assert first == [tuple(value(t) for t in r) for r in kg.query(q)], q.name


def test_queries_answer_on_the_asserted_data_too(kg, catalogue: Catalogue) -> None:
    """Only the neutral-* queries need the closure (they ask in standard terms)."""
    for q in catalogue:
        if q.name.startswith("neutral-"):
            continue
        with_closure = [tuple(value(t) for t in r) for r in kg.query(q)]
        asserted = [tuple(value(t) for t in r) for r in kg.query(q, reasoning=False)]
        assert asserted == with_closure, q.name


def test_neutral_queries_use_standard_vocabularies_only(catalogue: Catalogue) -> None:
    neutral = [q for q in catalogue if q.name.startswith("neutral-")]
    assert len(neutral) >= 2
    for q in neutral:
        assert "governance-graph/ontology" not in q.text, q.name
        assert not re.search(r"(?<![\w-])gg:", q.text), q.name


# --------------------------------------------------------------------------- injection


def test_malicious_parameter_values_are_rejected_or_harmless(kg, catalogue: Catalogue) -> None:
    with_params = [q for q in catalogue if q.parameters]
    assert with_params
    for q in with_params:
        default_rows = len(kg.query(q))
        for p in q.parameters:
            for bad in MALICIOUS:
                try:
                    result = kg.query(q, {p.name: bad})
                except GovernanceGraphError:
                    continue  # rejected with a one-line message
                # Accepted as a value: it can only narrow the answer, never widen it.
                assert len(result) <= default_rows, (q.name, p.name, bad)
                assert len(result) == 0, (q.name, p.name, bad)
            # A well-formed IRI the graph does not know is refused, naming the parameter.
            if p.kind == "iri":
                with pytest.raises(GovernanceGraphError, match=f"'{p.name}'.*names no resource"):
                    kg.query(q, {p.name: "https://example.org/unknown"})


def test_parameters_are_bound_inside_every_where_group(catalogue: Catalogue) -> None:
    """Each stored query with parameters gets its VALUES block inside its WHERE group (never as
    a trailing clause, which Virtuoso joins after projection), and the text still parses."""
    from governance_graph.params import _where_group, values_clause
    from governance_graph.sparql.prepare import prepare_query

    with_params = [q for q in catalogue if q.parameters]
    for q in with_params:
        group = _where_group(q.text)
        assert group is not None, q.name
        bound = bind(q, {})
        text = insert_values(q.text, bound)
        at = text.index(values_clause(bound))
        assert group.open < at < group.close, q.name
        assert text.count("\n") == q.text.count("\n"), q.name
        prepare_query(text, source=q.name)


def test_iri_with_angle_bracket_is_rejected(kg, catalogue: Catalogue) -> None:
    q = catalogue.get("body-composition")
    with pytest.raises(GovernanceGraphError, match="body_iri"):
        kg.query(q, {"body_iri": "https://w3id.org/governance-graph/id/vesoc> ?p ?o . ?s"})
    with pytest.raises(GovernanceGraphError, match="body_iri"):
        kg.query(q, {"body_iri": 'x" } UNION { ?s ?p ?o } #'})


# --------------------------------------------------------------------------- other engines


def test_queries_give_the_same_answers_on_oxigraph(kg, catalogue: Catalogue) -> None:
    ox = pytest.importorskip("pyoxigraph")
    store = ox.Store()
    store.load(kg.closure().serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)

    def oxi_value(term: object) -> object:
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return term.value
        datatype = term.datatype.value if term.datatype else None
        if datatype in _NUMBERS:
            return int(term.value)
        if datatype == f"{XSD}boolean":
            return term.value in ("true", "1")
        return term.value

    for q in catalogue:
        text = insert_values(q.text, bind(q, {}))
        solutions = store.query(text)
        names = [v.value for v in solutions.variables]
        theirs = Counter(tuple(oxi_value(s[n]) for n in names) for s in solutions)
        ours = Counter(tuple(value(t) for t in r) for r in kg.query(q))
        assert theirs == ours, q.name


# --------------------------------------------------------------------------- chairs


def test_chairs(kg, catalogue) -> None:
    rows = {r["body"]: r for r in run(kg, catalogue, "chairs")}
    assert set(rows) == RESOCS | SERRS | {i("vesoc"), i("vesoc-working-group")}
    # VESOC: the minister-president chairs, by virtue of office.
    vesoc = rows[i("vesoc")]
    assert "ex officio" in vesoc["selection"].lower()
    assert parts(vesoc["filled_from"], " / ") == {"Minister-President of the Flemish Government"}
    # The working group: a representative of the minister-president, unless VESOC decides
    # otherwise.
    wg = rows[i("vesoc-working-group")]
    assert "representative" in wg["selection"].lower()
    assert parts(wg["filled_from"], " / ") == {"Minister-President of the Flemish Government"}
    assert "VESOC" in wg["exception"]
    # RESOC: a representative of the local or provincial authorities.
    for body in RESOCS:
        assert "representative" in rows[body]["selection"].lower()
        assert parts(rows[body]["filled_from"], " / ") == {
            "local authorities",
            "provincial authorities",
        }
        assert rows[body]["exception"] is None
    # SERR: presided by one of the members, i.e. the social partners.
    for body in SERRS:
        assert rows[body]["selection"] == "one of the members"
        assert parts(rows[body]["filled_from"], " / ") == {"social partners"}


def test_chairs_in_dutch(kg, catalogue) -> None:
    rows = {r["body"]: r for r in run(kg, catalogue, "chairs", lang="nl")}
    assert len(rows) == 30
    assert "minister-president" in rows[i("vesoc")]["filled_from"]
    assert rows[i("vesoc-working-group")]["name"] == "VESOC-werkgroep"


def test_neutral_chairs(kg, catalogue) -> None:
    rows = run(kg, catalogue, "neutral-chairs")
    by_body: dict[str, set[tuple[object, object]]] = {}
    for r in rows:
        by_body.setdefault(r["body"], set()).add((r["method"], r["filled_from"]))
    assert by_body[i("vesoc")] == {(i("chair-ex-officio"), i("minister-president"))}
    assert by_body[i("vesoc-working-group")] == {
        (i("chair-representative-of-post"), i("minister-president"))
    }
    for body in RESOCS:
        assert by_body[body] == {
            (i("chair-representative-of-group"), i("local-authorities")),
            (i("chair-representative-of-group"), i("provincial-authorities")),
        }
    for body in SERRS:
        assert by_body[body] == {(i("chair-one-of-the-members"), body + "-seat-social-partners")}
    assert len(by_body) == 30


# --------------------------------------------------------------------------- composition


def test_body_composition_of_vesoc(kg, catalogue) -> None:
    rows = run(kg, catalogue, "body-composition")  # default: VESOC
    members = {(r["places"], r["held_by"], r["voting"]) for r in rows if r["role"] == "member"}
    # 16 members of the Flemish social partners and 4 VESOC ministers; that they vote is an
    # interpretation (the contrast with "met raadgevende stem"), in the bundled graph.
    assert members == {(16, "Flemish social partners", True), (4, "Flemish Government", True)}
    advisory = [r for r in rows if r["voting"] is False]
    # Two secretaries-general (DKB, WSE), SERV's administrator-general and deputy: 4 places.
    assert sum(r["places"] for r in advisory) == 4
    assert len(advisory) == 4
    assert {r["held_by"] for r in advisory} == {
        "Secretary-General of the Department of Chancellery and Governance",
        "Secretary-General of the Department of Work and Social Economy",
        "Administrator-General of SERV",
        "Deputy Administrator-General of SERV",
    }
    # The other ministers attend when the agenda touches their competences.
    (conditional,) = [r for r in rows if r["seat"] == i("vesoc-seat-other-ministers")]
    assert conditional["held_by"] == "Flemish Government"
    assert conditional["condition"]
    assert conditional["voting"] is None
    assert len(rows) == 7
    assert {r["constituency"] for r in rows if r["places"] == 16} == {
        "social partners (employers and employees)"
    }


def test_body_composition_of_the_working_group_and_a_resoc_and_a_serr(kg, catalogue) -> None:
    wg = run(kg, catalogue, "body-composition", {"body_iri": "ggd:vesoc-working-group"})
    assert {r["seat"] for r in wg} == {
        i("vesoc-working-group-seat-vesoc-ministers-cabinets"),
        i("vesoc-working-group-seat-work-cabinet"),
        i("vesoc-working-group-seat-other-cabinets"),
        i("vesoc-working-group-seat-social-partners"),
    }
    resoc = run(kg, catalogue, "body-composition", {"body_iri": i("resoc-brugge")})
    # Main partners: local and provincial authorities, social partners, VDAB, NGOs.
    assert {frozenset(parts(r["held_by"], " / ")) for r in resoc} == {
        frozenset({"local authorities", "provincial authorities"}),
        frozenset({"social partners"}),
        frozenset({"VDAB"}),
        frozenset({"non-governmental organisations"}),
    }
    serr = run(kg, catalogue, "body-composition", {"body_iri": "ggd:serr-gent"})
    # The profile says nothing about votes in a SERR (or a RESOC): no gg:voting.
    assert [(r["held_by"], r["voting"]) for r in serr] == [("social partners", None)]
    assert {r["voting"] for r in resoc} == {None}


def test_advisory_attendees(kg, catalogue) -> None:
    rows = run(kg, catalogue, "advisory-attendees")
    assert {(r["body"], r["post"], r["organisation"], r["places"]) for r in rows} == {
        (i("vesoc"), i("dkb-secretary-general"), i("department-chancellery-and-governance"), 1),
        (i("vesoc"), i("wse-secretary-general"), i("department-work-and-social-economy"), 1),
        (i("vesoc"), i("serv-administrator-general"), i("serv"), 1),
        (i("vesoc"), i("serv-deputy-administrator-general"), i("serv"), 1),
    }


def test_members(kg, catalogue) -> None:
    rows = run(kg, catalogue, "members")  # default: VESOC
    assert {(r["member"], r["role"]) for r in rows} == {
        (i("flemish-social-partners"), "member"),  # the 16 seats
        (i("flemish-government"), "member"),  # the 4 VESOC ministers
        (i("flemish-government"), "attendee when the agenda concerns them"),
        (i("dkb-secretary-general"), "advisory attendee (no vote)"),
        (i("wse-secretary-general"), "advisory attendee (no vote)"),
        (i("serv-administrator-general"), "advisory attendee (no vote)"),
        (i("serv-deputy-administrator-general"), "advisory attendee (no vote)"),
        (i("pieter-kerremans"), "contact person"),
        (i("helga-coppen"), "contact person"),
    }
    leuven = run(kg, catalogue, "members", {"body_iri": "ggd:resoc-leuven"})
    assert {r["member"] for r in leuven} == {
        i(m)
        for m in (
            "local-authorities",
            "provincial-authorities",
            "social-partners",
            "vdab",
            "ngos",
            "cil-cuypers",
        )
    }


def test_resoc_partners(kg, catalogue) -> None:
    rows = run(kg, catalogue, "resoc-partners")
    assert {(r["partner"], r["constituency"]) for r in rows} == {
        (i("local-authorities"), "government"),
        (i("provincial-authorities"), "government"),
        (i("social-partners"), "social partners (employers and employees)"),
        (i("vdab"), "public employment service"),
        (i("ngos"), "non-governmental organisations"),
    }


def test_secretariats(kg, catalogue) -> None:
    rows = run(kg, catalogue, "secretariats")
    # SERV runs the practical operation of VESOC and the secretariat of its working group.
    assert {(r["body"], r["secretariat"]) for r in rows} == {
        (i("vesoc"), i("serv")),
        (i("vesoc-working-group"), i("serv")),
    }


def test_sub_bodies(kg, catalogue) -> None:
    rows = run(kg, catalogue, "sub-bodies")
    assert {(r["sub"], r["parent"]) for r in rows} == {
        (i("vesoc-working-group"), i("vesoc")),
        (i("department-chancellery-and-governance"), i("flemish-administration")),
        (i("department-work-and-social-economy"), i("flemish-administration")),
        (i("cabinet-work"), i("flemish-government")),
        (i("cabinets-of-vesoc-ministers"), i("flemish-government")),
        (i("cabinets-of-other-ministers"), i("flemish-government")),
        (i("coordination-unit"), i("ministry-of-employment")),
        (i("project-developers"), i("ersvs")),
    }
    # The sub-regional employment committees were advisory committees of the National
    # Employment Service only until the 1990s: a membership with its period, not a
    # sub-organisation (test_sources_faithful.py).


def test_guidance_committee(kg, catalogue) -> None:
    rows = run(kg, catalogue, "guidance-committee")
    # Social partners, government, ministry and PES at Flemish level, plus RESOC/SERR. The
    # ministry read as the Ministry of Employment is an interpretation, in the bundled graph.
    assert {(r["committee"], r["member"]) for r in rows} == {
        (i("guidance-committee"), i(m))
        for m in (
            "flemish-social-partners",
            "flemish-government",
            "ministry-of-employment",
            "vdab",
            "resoc-serr-representatives",
        )
    }


# --------------------------------------------------------------------------- kinds and counts


def test_bodies_by_kind(kg, catalogue) -> None:
    rows = run(kg, catalogue, "bodies-by-kind")
    tripartite = {r["body"] for r in rows if r["partite"] == "tripartite body"}
    bipartite = {r["body"] for r in rows if r["partite"] == "bipartite body"}
    assert tripartite == RESOCS | {i("vesoc"), i("vesoc-working-group")}
    assert bipartite == SERRS
    assert len(rows) == 30
    assert {r["kind"] for r in rows if r["body"] in RESOCS} == {"RESOC"}
    assert {r["kind"] for r in rows if r["body"] in SERRS} == {"SERR"}


def test_body_counts(kg, catalogue) -> None:
    counts = {r["kind"]: r["bodies"] for r in run(kg, catalogue, "body-counts")}
    assert counts[i("kind-resoc")] == 15
    assert counts[i("kind-serr")] == 13
    assert counts[i("kind-tripartite-body")] == 17  # 15 RESOCs, VESOC, its working group
    assert counts[i("kind-bipartite-body")] == 13
    assert counts[i("kind-vesoc")] == 1
    assert counts[i("kind-public-employment-service")] == 1  # VDAB


# --------------------------------------------------------------------------- people


def test_coordinators(kg, catalogue) -> None:
    rows = run(kg, catalogue, "coordinators")
    assert {(r["name"], r["email"], r["body"]) for r in rows} == COORDINATOR_ROWS
    assert len(rows) == 29
    assert len({r["person"] for r in rows}) == 17


def test_coordinators_filtered_by_body_and_region(kg, catalogue) -> None:
    def pairs(scope: str) -> set[tuple[object, object]]:
        rows = run(kg, catalogue, "coordinators", {"scope_iri": scope})
        return {(r["name"], r["body"]) for r in rows}

    assert pairs("ggd:serr-vlaams-brabant") == {("Lode Van Loock", i("serr-vlaams-brabant"))}
    assert pairs("ggd:region-leuven") == {
        ("Cil Cuypers", i("resoc-leuven")),
        ("Lode Van Loock", i("serr-vlaams-brabant")),
    }
    assert pairs("ggd:region-oostende") == {
        ("Ann Vanassche", i("resoc-oostende")),
        ("Nick Vanwalleghem", i("serr-oostende-westhoek")),
    }
    # Everything in Flanders: all but BNCTO-Brussels.
    flanders = pairs("ggd:flemish-region")
    assert len(flanders) == 28
    assert ("Daevy Amerlynck", i("bncto-brussels")) not in flanders


def test_contact_persons(kg, catalogue) -> None:
    rows = run(kg, catalogue, "contact-persons")
    assert {(r["name"], r["email"], r["organisation"]) for r in rows} == CONTACTS


def test_person_bodies(kg, catalogue) -> None:
    rows = run(kg, catalogue, "person-bodies")  # default: Lode Van Loock
    assert {(r["organisation"], r["role"]) for r in rows} == {
        (i("resoc-halle-vilvoorde"), "coordinator"),
        (i("serr-vlaams-brabant"), "coordinator"),
    }
    tine = run(kg, catalogue, "person-bodies", {"person_iri": "ggd:tine-decuypere"})
    assert {r["organisation"] for r in tine} == {i("resoc-brugge"), i("serr-brugge")}
    sandra = run(kg, catalogue, "person-bodies", {"person_iri": "ggd:sandra-hellings"})
    assert [(r["organisation"], r["role"]) for r in sandra] == [
        (i("vesoc-working-group"), "contact person")
    ]


def test_persons(kg, catalogue) -> None:
    rows = {r["name"]: r for r in run(kg, catalogue, "persons")}
    expected_names = {n for n, _, _ in COORDINATORS} | {n for n, _, _ in CONTACTS}
    assert set(rows) == expected_names
    assert len(rows) == 21
    # Every line of the profile's list pairs a person with an address, Nick Vanwalleghem's
    # (coordinator@stcctoow.be) too.
    for name, email, bodies in COORDINATORS:
        assert rows[name]["email"] == email
        assert len(parts(rows[name]["roles"], "; ")) == len(bodies)
    assert parts(rows["Lode Van Loock"]["roles"], "; ") == {
        "coordinator (RESOC Halle-Vilvoorde)",
        "coordinator (SERR Vlaams-Brabant)",
    }
    assert rows["Miet Verhamme"]["email"] == "miet.verhamme@wse.vlaanderen.be"


def test_neutral_memberships(kg, catalogue) -> None:
    rows = run(kg, catalogue, "neutral-memberships")
    found = {(r["name"], r["organisation"]) for r in rows}
    expected = {(n, b) for n, _, b in COORDINATOR_ROWS} | {(n, o) for n, _, o in CONTACTS}
    assert found == expected
    assert {r["role"] for r in rows} == {"coordinator", "contact person"}


# --------------------------------------------------------------------------- regions


def test_region_bodies(kg, catalogue) -> None:
    def bodies(region: str | None = None) -> set[object]:
        params = {"region_iri": region} if region else {}
        return {r["body"] for r in run(kg, catalogue, "region-bodies", params)}

    assert bodies() == {i("resoc-leuven"), i("serr-vlaams-brabant")}  # default: Leuven
    assert bodies("ggd:region-halle-vilvoorde") == {
        i("resoc-halle-vilvoorde"),
        i("serr-vlaams-brabant"),
    }
    assert bodies("ggd:region-westhoek") == {i("resoc-westhoek"), i("serr-oostende-westhoek")}
    assert bodies("ggd:region-brugge") == {i("resoc-brugge"), i("serr-brugge")}
    assert bodies("ggd:region-brussels") == {i("bncto-brussels")}
    assert RESOCS | SERRS | {i("vesoc")} <= bodies("ggd:flemish-region")


def test_serr_regions(kg, catalogue) -> None:
    rows = run(kg, catalogue, "serr-regions")
    found: dict[object, set[object]] = {}
    for r in rows:
        found.setdefault(r["serr"], set()).add(r["region"])
        # The RESOC of the same sub-region.
        assert r["resoc"] == str(r["region"]).replace("/region-", "/resoc-")
    assert found == {
        i(s): {i(f"region-{r}") for r in regions} for s, regions in SERR_REGIONS.items()
    }
    assert len(found) == 13
    assert len(rows) == 15


def test_region_population(kg, catalogue) -> None:
    (row,) = run(kg, catalogue, "region-population")
    # Population range of a sub-region: 150,000 to 700,000; 15 sub-regions.
    assert (row["min_inhabitants"], row["max_inhabitants"]) == (150000, 700000)
    assert row["unit"] == "inhabitants"
    assert row["count"] == 15


# --------------------------------------------------------------------------- funding


def test_funding(kg, catalogue) -> None:
    rows = run(kg, catalogue, "funding")
    assert {(r["funder"], r["recipient"], r["frequency"]) for r in rows} == {
        (i("flemish-government"), i("ersvs"), "annual"),  # a yearly staffing budget
        (i("provincial-authorities"), i("ersvs"), None),  # additional funding
        (i("local-authorities"), i("ersvs"), None),
    }
    (staffing,) = [r for r in rows if r["funder"] == i("flemish-government")]
    purposes = parts(staffing["purpose"], " / ")
    assert len(purposes) == 2  # the central advisory role and the project-development staff
    assert any("advisory" in p for p in purposes)
    assert any("project" in p for p in purposes)


def test_neutral_funders(kg, catalogue) -> None:
    rows = run(kg, catalogue, "neutral-funders")
    assert {(r["funder"], r["funded"], r["frequency"]) for r in rows} == {
        (i("flemish-government"), i("ersvs"), "annual"),
        (i("provincial-authorities"), i("ersvs"), None),
        (i("local-authorities"), i("ersvs"), None),
    }


def test_funding_opportunities(kg, catalogue) -> None:
    (row,) = run(kg, catalogue, "funding-opportunities")
    # The ERSVs can apply for funding of innovative projects; no funder is named.
    assert row["open_to"] == i("ersvs")
    assert row["purpose"] == "innovative projects"


# --------------------------------------------------------------------------- history


def test_history(kg, catalogue) -> None:
    rows = {r["when"]: r for r in run(kg, catalogue, "history")}
    assert list(rows) == ["1974", "1990-1999", "1994", "1999", "2004", "2005"]
    assert rows["1974"]["resulting"] == "sub-regional employment committees"
    assert rows["1974"]["from"] is None
    assert rows["1990-1999"]["change"] == "transformed"
    assert rows["2005"]["change"] == "created"  # "established"; "replaced" is not said
    assert rows["1994"]["resulting"] == "district platforms"
    assert rows["2004"]["resulting_count"] == 0
    assert rows["2004"]["legal_act"]
    # 2005: in every sub-region a RESOC and a SERR. That they came from the committees and the
    # platforms, under the 2004 law, is an interpretation (data/interpretations.ttl), part of
    # the bundled graph.
    new = rows["2005"]
    assert parts(new["from"], ", ") == {"sub-regional employment committees", "district platforms"}
    assert parts(new["resulting"], ", ") == {"15 \u00d7 RESOC", "13 \u00d7 SERR"}
    assert new["resulting_count"] == 28
    assert new["legal_act"] == rows["2004"]["legal_act"]


# --------------------------------------------------------------------------- aims and results


def test_objectives(kg, catalogue) -> None:
    def objectives(kind: str | None = None) -> set[object]:
        params = {"kind_iri": kind} if kind else {}
        return {r["objective"] for r in run(kg, catalogue, "objectives", params)}

    serr = {
        i(f"objective-{o}")
        for o in (
            "bipartite-consultation",
            "labour-market-advice",
            "regional-advice",
            "consultation-forum",
            "two-way-information",
        )
    }
    resoc = {
        i(f"objective-{o}")
        for o in (
            "regional-pact",
            "innovative-initiatives",
            "socio-economic-advice",
            "consultative-framework",
            "regional-advice",
            "consultation-forum",
            "two-way-information",
        )
    }
    assert objectives("ggd:kind-serr") == serr
    assert objectives("ggd:kind-resoc") == resoc
    assert objectives("ggd:diversity-programme") == {i("objective-employment-equity")}
    assert objectives("ggd:vesoc-working-group") == {
        i("objective-policy-follow-up"),
        i("objective-policy-decisions"),
    }
    assert objectives("ggd:kind-tripartite-body") == resoc | {
        i("objective-vesoc-consultation"),
        i("objective-policy-follow-up"),
        i("objective-policy-decisions"),
    }
    everything = objectives()
    assert everything == serr | resoc | {
        i("objective-employment-equity"),
        i("objective-vesoc-consultation"),
        i("objective-policy-follow-up"),
        i("objective-policy-decisions"),
    }


def test_targets_and_results(kg, catalogue) -> None:
    rows = run(kg, catalogue, "targets-and-results")
    (target,) = [r for r in rows if r["type"] == "target"]
    assert (target["figure"], target["year"]) == (525, "2006")  # 2006 target: 525 plans
    results = [r for r in rows if r["type"] == "result"]
    assert len(results) == 10  # four since 2005, six in the highlight section
    # Both results give a figure they exceed: over 2,000 (plans; companies).
    assert sorted(r["figure"] for r in results if r["figure"] is not None) == [2000, 2000]
    pacts = [r for r in results if r["item"] == i("result-regional-pacts")]
    assert parts(pacts[0]["credited_to"], ", ") == {"RESOC"}


def test_instruments(kg, catalogue) -> None:
    rows = {r["instrument"]: r for r in run(kg, catalogue, "instruments")}
    advice = rows[i("instrument-formal-policy-advice")]
    assert advice["addressed_to"] == "Flemish Ministers of Employment"  # plural, as the profile
    assert parts(advice["used_by"], ", ") == {"RESOC", "SERR"}
    assert "project developers" in rows[i("instrument-hr-counselling")]["addressed_to"]
    assert len(rows) == 4


def test_policy_areas(kg, catalogue) -> None:
    counts = {r["area"]: (r["bodies"], r["broader"]) for r in run(kg, catalogue, "policy-areas")}
    # Labour market and economic policy development: the 15 RESOCs and the 13 SERRs.
    assert counts == {
        i("policy-area-labour-market"): (28, "socio-economic policy"),
        i("policy-area-economic-policy"): (28, "socio-economic policy"),
        i("policy-area-socio-economic"): (1, None),  # VESOC
    }


def test_agreements(kg, catalogue) -> None:
    rows = {r["agreement"]: r for r in run(kg, catalogue, "agreements")}
    pact = rows[i("regional-pact")]
    # A regional pact every six years, binding all undersigning partners.
    assert (pact["of"], pact["cycle_years"], pact["binding"]) == ("RESOC", 6, True)
    assert pact["parties"] is None
    protocol = rows[i("vesoc-protocol")]
    assert parts(protocol["parties"], ", ") == {"Flemish Government", "Flemish social partners"}
    assert protocol["of"] == "VESOC"
    assert set(rows) == {i("regional-pact"), i("vesoc-protocol"), i("vesoc-agreements")}


def test_meetings(kg, catalogue) -> None:
    rows = {r["series"]: r for r in run(kg, catalogue, "meetings")}
    wg = rows[i("vesoc-working-group-meetings")]
    assert (wg["body"], wg["frequency"]) == (i("vesoc-working-group"), "monthly")
    formal = rows[i("vesoc-formal-meetings")]
    informal = rows[i("vesoc-informal-meetings")]
    assert formal["concludes"] == "VESOC agreements"
    assert informal["prepares"] == "VESOC agreements"
    assert informal["more_often_than"] == formal["name"]
    assert formal["prepared_by"] == informal["prepared_by"] == "VESOC working group"


def test_programmes(kg, catalogue) -> None:
    (row,) = run(kg, catalogue, "programmes")
    assert (row["programme"], row["since"], row["frequency"]) == (
        i("diversity-programme"),
        "1999",
        "annual",
    )
    assert parts(row["target_groups"], ", ") == {
        "migrant workers",
        "disabled persons",
        "older workers",
    }


# --------------------------------------------------------------------------- provenance


def test_sources_of(kg, catalogue) -> None:
    rows = run(kg, catalogue, "sources-of")  # default: RESOC Brugge
    assert {(r["section"], r["document"], r["file"]) for r in rows} == {
        (
            i("doc-resoc-serr-profile-at-work"),
            i("doc-resoc-serr-profile"),
            "000_e9edf514ae66cc82.txt",
        ),
        (
            i("doc-resoc-serr-profile-coordinators"),
            i("doc-resoc-serr-profile"),
            "000_e9edf514ae66cc82.txt",
        ),
    }
    chair = run(kg, catalogue, "sources-of", {"resource_iri": "ggd:vesoc-chair"}, lang=None)
    assert {(r["section"], r["heading"], r["file"]) for r in chair} == {
        (i("doc-vesoc-page-plenary"), "(In)formeel VESOC-overleg", "003_e1f758f476cb149f.txt")
    }
    sandra = run(kg, catalogue, "sources-of", {"resource_iri": "ggd:sandra-hellings"}, lang=None)
    assert {r["heading"] for r in sandra} == {"Meer info"}
