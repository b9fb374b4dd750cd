"""SHACL-SPARQL text: the tokeniser's variable names, and the PREFIX lines of each constraint
(read once for all the constraints that name the same ``sh:prefixes``)."""

from __future__ import annotations

import re

from rdflib import Graph

from governance_graph.engines.oxigraph_shacl import validate_graph
from governance_graph.engines.oxigraph_shacl.sparql_constraints import tokens

#: The characters of a variable name, as SPARQL-like text spells them.
NAME = re.compile(r"[A-Za-z_0-9\u00B7-\uFFFF]")


def test_a_variable_name_is_made_of_exactly_its_characters():
    for code in [*range(0xD800), *range(0xE000, 0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        ch = chr(code)
        found = tokens("?a" + ch)
        assert (found == [("var", "?a" + ch)]) == bool(NAME.fullmatch(ch)), hex(code)


SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:one> sh:declare [ sh:prefix "ex" ; sh:namespace "urn:one:"^^xsd:anyURI ] .
<urn:two> sh:declare [ sh:prefix "ex" ; sh:namespace "urn:two:"^^xsd:anyURI ] .
<urn:S> sh:targetNode <urn:x> ;
    sh:sparql [ sh:prefixes <urn:one> ; sh:message "one" ;
                sh:select "SELECT $this WHERE { $this ex:p ?o }" ] ,
              [ sh:prefixes <urn:two> ; sh:message "two" ;
                sh:select "SELECT $this WHERE { $this ex:p ?o }" ] ,
              [ sh:prefixes <urn:one> ; sh:message "one again" ;
                sh:select "SELECT $this WHERE { $this ex:q ?o }" ] .
"""


def test_each_constraint_gets_the_prefixes_it_names():
    data = Graph().parse(data="<urn:x> <urn:two:p> 1 ; <urn:one:q> 2 .", format="turtle")
    report = validate_graph(data, Graph().parse(data=SHAPES, format="turtle"))
    assert sorted(r.message for r in report.results) == ["one again", "two"]
