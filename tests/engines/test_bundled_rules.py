"""The bundled ontology's rules ship compiled: the file is what compiling gives now, the engine
takes them from it without running owlrl, and any other schema is compiled as before."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import governance_graph
from governance_graph.engines import bundled_rules, oxigraph_rules
from tests.helpers.paths import REPO
from tests.helpers.processes import tool_check

TOOL = REPO / "tools" / "compile_rules.py"


def _no_owlrl(*_args, **_kwargs):
    raise AssertionError("owlrl ran: the rules were compiled, not taken from the package")


def test_the_shipped_rules_are_what_the_ontology_compiles_to():
    tool_check(TOOL)


@pytest.mark.parametrize("data", [[], None], ids=["ontology alone", "with the bundled data"])
def test_the_engine_takes_the_bundled_schemas_rules_from_the_package(monkeypatch, data):
    kg = governance_graph.load(data=data, engine="oxigraph")
    schema = oxigraph_rules.extract_schema(kg.engine.asserted_store())
    compiled = oxigraph_rules.compile_rules(schema, cache=False, bundled=False)
    monkeypatch.setattr(oxigraph_rules, "_compile", _no_owlrl)
    shipped = oxigraph_rules.compile_rules(schema, cache=False)
    assert shipped.to_json() == compiled.to_json()


def test_another_schema_is_compiled(monkeypatch):
    store = ox.Store()
    store.load(
        b"<urn:A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <urn:B> .",
        format=ox.RdfFormat.N_TRIPLES,
    )
    schema = oxigraph_rules.extract_schema(store)
    assert bundled_rules.bundled_rules(schema, oxigraph_rules.RULES_FORMAT) is None
    rules = oxigraph_rules.compile_rules(schema, cache=False)
    assert rules.by_class["<urn:A>"] == [
        ("?x", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<urn:B>")
    ]


@pytest.mark.parametrize(
    "text", ["", "{not json", '{"format": "1"}', '{"format": "0", "rule_sets": {}}']
)
def test_an_unreadable_or_older_file_means_compiling(monkeypatch, tmp_path, text):
    kg = governance_graph.load(data=[], engine="oxigraph")
    schema = oxigraph_rules.extract_schema(kg.engine.asserted_store())
    broken = tmp_path / "bundled_rules.json"
    broken.write_text(text)
    monkeypatch.setattr(bundled_rules, "FILE", broken)
    bundled_rules._rule_sets.cache_clear()
    try:
        assert bundled_rules.bundled_rules(schema, oxigraph_rules.RULES_FORMAT) is None
    finally:
        bundled_rules._rule_sets.cache_clear()
