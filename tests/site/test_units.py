"""Unit tests of the small site modules: IRIs, privacy, describe, formats, rewrite rules."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG

from governance_graph.namespaces import GG, GGD, SCHEMA
from governance_graph.site import iris
from governance_graph.site.privacy import without_personal_contacts
from governance_graph.site.rdf_files import CONTEXT, script_json, serialize
from governance_graph.site.rewrite import htaccess, nginx
from tests.site.site_helpers import EMAIL, ROLE_MAILBOX


def test_site_paths():
    assert iris.site_path(GGD["resoc-brugge"]) == "id/resoc-brugge"
    assert iris.site_path(GG.Chair) == "ontology/Chair"
    assert iris.site_path(URIRef(iris.BASE + "ontology")) == "ontology"
    assert iris.site_path(ORG.Post) is None
    assert iris.site_path(URIRef(iris.BASE + "id/../etc")) is None
    assert iris.page_file("id/x") == "id/x.html"
    assert iris.page_file("id/x", "nl") == "id/x.nl.html"
    assert iris.page_file("id/x", ext="ttl") == "id/x.ttl"
    assert iris.relative("id/a.html", "index.html") == "../index.html"
    assert iris.relative("index.html", "id/a.html") == "id/a.html"


def test_privacy_filter_keeps_role_mailboxes():
    g = Graph().parse(
        data=f"""
        @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix schema: <http://schema.org/> .
        @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
        <urn:p> a foaf:Person ; foaf:name "P" ; schema:email "{EMAIL}" ;
            vcard:hasEmail <mailto:{EMAIL}> ; schema:contactPoint [ schema:email "{EMAIL}" ] .
        <urn:box> a schema:ContactPoint ; schema:email "{ROLE_MAILBOX}" .
        <urn:org> schema:email "info@example.org" .""",
        format="turtle",
    )
    out = without_personal_contacts(g)
    text = out.serialize(format="nt")
    assert EMAIL not in text
    assert ROLE_MAILBOX in text and "info@example.org" in text
    assert (URIRef("urn:p"), URIRef("http://xmlns.com/foaf/0.1/name"), Literal("P")) in out


def test_describe_has_cbd_incoming_and_citations(kg):
    from governance_graph.site import describe

    g = describe(kg, GGD.vesoc)
    assert (GGD.vesoc, DCTERMS.source, GGD["doc-vesoc-page-introduction"]) in g
    assert (GGD["vesoc-chair"], GG.chairOf, GGD.vesoc) in g  # incoming
    assert (GGD["vesoc-chair"], DCTERMS.source, GGD["doc-vesoc-page-plenary"]) in g  # its citation
    assert (GGD["doc-vesoc-page-plenary"], DCTERMS.isPartOf, GGD["doc-vesoc-page"]) in g
    assert (GGD["doc-vesoc-page"], None, None) in g  # the document's title/labels
    assert len(describe(kg, GGD["no-such-thing"])) == 0


def test_describe_leaves_out_personal_email_unless_asked(kg):
    from governance_graph.site import describe

    person = GGD["tine-decuypere"]
    assert (person, SCHEMA.email, None) not in describe(kg, person)
    assert (person, SCHEMA.email, Literal(EMAIL)) in describe(
        kg, person, include_personal_contacts=True
    )
    box = GGD["serr-oostende-westhoek-coordinator-mailbox"]
    assert (box, SCHEMA.email, Literal(ROLE_MAILBOX)) in describe(kg, box)


def test_formats_round_trip(kg):
    from governance_graph.site import describe

    g = describe(kg, GGD["resoc-brugge"])
    for ext, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        back = Graph().parse(data=serialize(g, ext), format=fmt)
        assert isomorphic(g, back), ext
    assert CONTEXT["ggd"] == str(GGD)
    assert "</script>" not in script_json('{"a": "</script><b>"}')


def test_rewrite_rules_negotiate_every_format():
    apache = htaccess("https://example.org/gg/")
    assert "RewriteBase /gg/" in apache
    for ext in ("ttl", "jsonld", "nt", "nl.html", "html"):
        assert f"$1.{ext} [R=303,L]" in apache
    conf = nginx("https://example.org/gg/")
    assert "location /gg/" in conf and "return 303 $gg_target" in conf
    assert "text/turtle" in conf and "application/ld\\+json" in conf


def test_rewrite_rules_send_the_terms_to_the_ontology_page_and_only_those():
    apache = htaccess("https://example.org/gg/", {"seatIn", "Chair"})
    assert "RewriteRule ^ontology/(Chair|seatIn)$ ontology.html#$1 [R=303,NE,L]" in apache
    assert "RewriteRule ^ontology/(Chair|seatIn)$ ontology.nl.html#$1 [R=303,NE,L]" in apache
    assert "^ontology/(" not in htaccess("https://example.org/gg/")  # no terms, no rule
    conf = nginx("https://example.org/gg/", ["Chair"])
    assert "location ~ ^/gg/ontology/(?<gg_term>Chair)$ {" in conf
    assert "return 303 /gg/ontology$gg_html_suffix#$gg_term;" in conf
    with pytest.raises(ValueError, match="'a b' is not a plain name"):
        htaccess("https://example.org/gg/", ["a b"])
