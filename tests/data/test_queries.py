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
from rdflib import Literal
from rdflib.plugins.sparql.parser import parseQuery

from governance_graph.catalogue import Catalogue
from governance_graph.errors import GovernanceGraphError
from governance_graph.params import bind, insert_values
from governance_graph.query_output import pick_language

from .stored_answers import _NUMBERS, MALICIOUS, XSD, value


@pytest.fixture(autouse=True)
def _isolated_cache() -> Iterator[None]:
    """Overrides conftest's per-test cache reset: this module shares one closure (``kg``)."""
    yield


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
