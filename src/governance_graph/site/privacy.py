"""Personal data: persons' e-mail addresses are left out of the site unless asked for.

A person (``foaf:Person`` or ``schema:Person``) may carry ``schema:email`` (or another
mailbox property). :func:`without_personal_contacts` drops those triples, and any other triple
of the person (or of a blank node hanging from it) whose value is one of those addresses. Role
mailboxes (``schema:ContactPoint``) and organisations' addresses stay.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix schema: <http://schema.org/> .
... <urn:p> a foaf:Person ; foaf:name "P" ; schema:email "p@example.org" .
... <urn:box> a schema:ContactPoint ; schema:email "box@example.org" .''', format="turtle")
>>> sorted(str(o) for o in without_personal_contacts(g).objects(None, schema_email()))
['box@example.org']
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF

from governance_graph.namespaces import CV, SCHEMA, VCARD

__all__ = ["EMAIL_PROPERTIES", "personal_emails", "persons", "without_personal_contacts"]

EMAIL_PROPERTIES = frozenset(
    {SCHEMA.email, FOAF.mbox, FOAF.mbox_sha1sum, VCARD.hasEmail, VCARD.email, CV.email}
)
PERSON_CLASSES = (FOAF.Person, SCHEMA.Person)


def schema_email() -> URIRef:
    return SCHEMA.email


def persons(*graphs: Graph) -> set[URIRef | BNode]:
    """Every subject typed as a person in any of ``graphs``."""
    found: set[URIRef | BNode] = set()
    for graph in graphs:
        for cls in PERSON_CLASSES:
            found.update(s for s in graph.subjects(RDF.type, cls) if not isinstance(s, Literal))
    return found


def _normal(value: object) -> str:
    text = str(value).strip()
    return text[len("mailto:") :].lower() if text.lower().startswith("mailto:") else text.lower()


def _owned(graph: Graph, roots: Iterable[URIRef | BNode]) -> set[URIRef | BNode]:
    """The roots and every blank node reachable from them."""
    seen: set[URIRef | BNode] = set(roots)
    stack = list(seen)
    while stack:
        node = stack.pop()
        for o in graph.objects(node, None):
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                stack.append(o)
    return seen


def personal_emails(graph: Graph, people: set[URIRef | BNode] | None = None) -> set[str]:
    """The persons' e-mail addresses (lower case, without ``mailto:``)."""
    people = persons(graph) if people is None else people
    owned = _owned(graph, people)
    return {
        _normal(o) for s in owned for p, o in graph.predicate_objects(s) if p in EMAIL_PROPERTIES
    }


def without_personal_contacts(graph: Graph, people: set[URIRef | BNode] | None = None) -> Graph:
    """A copy of ``graph`` without persons' e-mail addresses (prefixes kept)."""
    people = persons(graph) if people is None else people
    owned = _owned(graph, people)
    emails = personal_emails(graph, people)
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for s, p, o in graph:
        if s in owned and (p in EMAIL_PROPERTIES or _normal(o) in emails):
            continue
        out.add((s, p, o))
    return out
