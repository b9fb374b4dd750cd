"""The W3C SHACL test suite (core + SPARQL) against the fast validator, and its core part
against the reference (pyshacl, ``engines.rdflib_shacl.validate``), read in place from
``$GOVERNANCE_GRAPH_SHARED/w3c-shacl-tests`` or ``<repo>/../shared/w3c-shacl-tests``.

``sh:conforms`` is SHACL's (warnings make a graph non-conforming, as the suite expects). Every
test must pass natively on the fast validator, without the pyshacl fallback.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import URIRef

from governance_graph.engines.oxigraph_shacl import validate_graph
from governance_graph.engines.rdflib_shacl import validate
from tests.helpers import w3c

#: Tests the fast validator does not pass, with the reason (none at present).
KNOWN_FAILURES: dict[str, str] = {}

#: Core tests that pyshacl, through the project's validate(), does not pass, with the reason.
PYSHACL_KNOWN_FAILURES: dict[str, str] = {
    # pyshacl 0.40 reads sh:uniqueLang "1"^^xsd:boolean as true; the spec only activates the
    # constraint for the literal true (a pyshacl deviation).
    "core/property/uniqueLang-002": 'pyshacl 0.40 activates sh:uniqueLang for "1"^^xsd:boolean',
}


def _validate(data, shapes):
    report = validate_graph(data, shapes)
    assert not report.fallbacks, f"fell back to pyshacl: {report.fallbacks}"
    return report


@w3c.requires_suite
@pytest.mark.parametrize(("manifest", "entry"), w3c.params(KNOWN_FAILURES))
def test_w3c(manifest: Path, entry: URIRef) -> None:
    logging.getLogger("governance_graph.engines.oxigraph_shacl").setLevel(logging.ERROR)
    passed, why = w3c.run(manifest, entry, _validate)
    assert passed, why


@w3c.requires_suite
def test_whole_suite_is_there() -> None:
    assert len(w3c.tests()) == 120


@w3c.requires_suite
@pytest.mark.parametrize(("manifest", "entry"), w3c.params(PYSHACL_KNOWN_FAILURES, under="core/"))
def test_w3c_core_on_pyshacl(manifest: Path, entry: URIRef) -> None:
    """The reference validator on the core tests, the test graphs parsed as rdflib parses any
    data (literal normalisation on)."""
    passed, why = w3c.run(manifest, entry, validate, as_written=False)
    assert passed, why
