"""Every format the project writes, each written in one place, for the command line, the
server and the published site alike.

==========================  ==============================================================
module                      writes
==========================  ==============================================================
:mod:`.terms`               one term: for people (``ggd:vesoc``), N-Triples, JSON, XML
:mod:`.tables`              SELECT rows and ASK answers: table, md, csv, tsv, json, xml
:mod:`.rdf`                 graphs and datasets: ttl, nt, nq, trig, jsonld, xml (RDF/XML),
                            the same bytes for the same graph in every process and engine
:mod:`.answers`             an :class:`Answer` (rows, boolean or triples) in any of these
==========================  ==============================================================

Choosing a format (``--format``, content negotiation, file extensions) is the caller's job;
these modules only write.

>>> from rdflib import Graph
>>> g = Graph().parse(data="<urn:a> <urn:p> <urn:o> .", format="turtle")
>>> print(serialize(g, "nt"), end="")
<urn:a> <urn:p> <urn:o> .
"""

from .answers import GRAPH_FORMATS, GRAPH_KINDS, Answer, FormatError, write_answer
from .rdf import DATASET_FORMATS, RDF_FORMATS, serialize
from .tables import TABLE_FORMATS, write_boolean, write_rows
from .terms import PREFIXES, compact, json_term, nt_term, term_key, xml_term

__all__ = [
    "DATASET_FORMATS",
    "GRAPH_FORMATS",
    "GRAPH_KINDS",
    "PREFIXES",
    "RDF_FORMATS",
    "TABLE_FORMATS",
    "Answer",
    "FormatError",
    "compact",
    "json_term",
    "nt_term",
    "serialize",
    "term_key",
    "write_answer",
    "write_boolean",
    "write_rows",
    "xml_term",
]
