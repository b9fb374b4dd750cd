"""The W3C SHACL test suite (core + SPARQL) against the fast validator, read in place from
``$GOVERNANCE_GRAPH_SHARED/w3c-shacl-tests`` or ``<repo>/../shared/w3c-shacl-tests``.

``sh:conforms`` is SHACL's (warnings make a graph non-conforming, as the suite expects). Every
test must pass natively, without the pyshacl fallback.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import URIRef

from governance_graph.engines.oxigraph_shacl import validate_graph
from tests.helpers import w3c

TESTS = w3c.tests()

#: Tests the fast validator does not pass, with the reason (none at present).
KNOWN_FAILURES: dict[str, str] = {}


def _validate(data, shapes):
    report = validate_graph(data, shapes)
    assert not report.fallbacks, f"fell back to pyshacl: {report.fallbacks}"
    return report


@pytest.mark.skipif(not TESTS, reason=f"W3C SHACL tests not found under {w3c.suite_root()} "
                    "(set GOVERNANCE_GRAPH_SHARED to the shared folder)")
@pytest.mark.parametrize(
    ("test_id", "manifest", "entry"),
    [pytest.param(*t, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[t[0]], strict=True))
     if t[0] in KNOWN_FAILURES else t for t in TESTS] or [("none", Path(), URIRef("urn:none"))],
    ids=[t[0] for t in TESTS] or ["none"],
)
def test_w3c(test_id: str, manifest: Path, entry: URIRef) -> None:
    logging.getLogger("governance_graph.engines.oxigraph_shacl").setLevel(logging.ERROR)
    passed, why = w3c.run(manifest, entry, _validate)
    assert passed, why


@pytest.mark.skipif(not TESTS, reason="W3C SHACL tests not found")
def test_whole_suite_is_there() -> None:
    assert len(TESTS) == 120
