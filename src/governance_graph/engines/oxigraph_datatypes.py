"""The datatype axioms owlrl adds to a closure, for the oxigraph reasoner.

owlrl's closure states ``D owl:disjointWith E`` for every pair of OWL 2 RL top-level datatypes
(``xsd:boolean``, ``xsd:decimal``, ``xsd:string``…) that the graph *uses*: a literal of that
datatype, or of one it subsumes (``xsd:integer`` uses ``xsd:decimal``), or a resource typed with
it. These triples depend on the data, not on the schema, so the compiled rules
(:mod:`governance_graph.engines.oxigraph_rules`) cannot know them; :func:`insert_datatype_axioms`
adds them after the rules have run, from one scan of the asserted literals.

One thing the store cannot tell: Oxigraph keeps ``"x"^^xsd:string`` and ``"x"`` as the same
term, where owlrl counts only the former as a use of ``xsd:string``. The caller says whether the
input writes ``xsd:string`` explicitly (:func:`writes_typed_strings` on the files' bytes).

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.load(b'<urn:a> <urn:p> true , 2 .', format=ox.RdfFormat.TURTLE)
>>> added = insert_datatype_axioms(store, ox.NamedNode("urn:inferred"), typed_strings=False)
>>> [(s.value.split("#")[1], o.value.split("#")[1]) for s, _, o in added]
[('boolean', 'decimal')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

__all__ = ["insert_datatype_axioms", "used_datatypes", "writes_typed_strings"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DISJOINT = ox.NamedNode("http://www.w3.org/2002/07/owl#disjointWith")
_DG = ox.DefaultGraph()

#: ``"…"^^xsd:string`` or ``^^<…XMLSchema#string>`` in Turtle or N-Triples bytes.
_TYPED_STRING = re.compile(
    rb"\^\^\s*(?:<http://www\.w3\.org/2001/XMLSchema#string>|[A-Za-z][\w.-]*:string\b|:string\b)"
)


def writes_typed_strings(contents: Iterable[bytes]) -> bool:
    """Whether any of these Turtle/N-Triples texts types a literal ``xsd:string`` explicitly.

    >>> writes_typed_strings([b'<a:s> <a:p> "x"^^xsd:string .'])
    True
    >>> writes_typed_strings([b'<a:s> <a:p> "x"@en , "y" .'])
    False
    """
    return any(_TYPED_STRING.search(content) for content in contents)


def used_datatypes(store: ox.Store, *, typed_strings: bool) -> set[str]:
    """The OWL 2 RL datatypes the default graph uses, as owlrl counts them (IRIs as text)."""
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

    known = {str(d) for d in OWL_RL_Datatypes}
    found: set[str] = set()
    literals = store.query(
        "SELECT DISTINCT (DATATYPE(?o) AS ?d) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }",
        default_graph=_DG,
    )
    for row in literals:
        datatype = row["d"].value  # type: ignore[index]
        if datatype == f"{_RDF}langString":
            continue  # rdflib gives language-tagged literals no datatype
        if datatype == f"{_XSD}string" and not typed_strings:
            continue  # a plain literal: rdflib gives it no datatype either
        found.add(datatype)
    values = " ".join(f"<{d}>" for d in sorted(known))
    typed = store.query(
        f"SELECT DISTINCT ?c WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }}", default_graph=_DG
    )
    found.update(row["c"].value for row in typed)  # type: ignore[index]
    used = {d for d in found if d in known}
    supers = {str(k): {str(v) for v in vs} for k, vs in OWL_Datatype_Subsumptions.items()}
    for datatype in list(used):
        used |= supers.get(datatype, set())
    return used


def insert_datatype_axioms(
    store: ox.Store, graph: ox.NamedNode, *, typed_strings: bool
) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]]:
    """Add to ``graph`` owlrl's disjointness triples between the datatypes the default graph
    uses (those the default graph does not hold already); return what was added."""
    from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness

    used = used_datatypes(store, typed_strings=typed_strings)
    added = []
    for left, _, right in OWLRL_Datatypes_Disjointness:
        if str(left) in used and str(right) in used:
            triple = (ox.NamedNode(str(left)), _DISJOINT, ox.NamedNode(str(right)))
            if ox.Quad(*triple, _DG) not in store:
                added.append(triple)
    store.extend(ox.Quad(*t, graph) for t in added)
    return added
