"""The event stream as ``publish`` writes it: the pages and the root node, what a member holds,
the append-only rule across releases, and pages that never change."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from governance_graph.site.build import RESERVED
from governance_graph.site.ldes import (
    DCAT_VERSION,
    LDES,
    TIMESTAMP_PATH,
    TREE,
    StreamError,
    page_url,
    stream_iri,
    view_url,
)
from governance_graph.site.ldes_members import fingerprint, stream_resources
from governance_graph.site.ldes_pages import CONTEXT_FILE

from .conftest import BASE, CHANGED, GONE, WITH_BLANK_NODES
from .streams import files, members, pages, statements, write


@pytest.fixture(scope="module")
def first(graphs, checkouts, tmp_path_factory):
    """Release A's stream, 100 members a page."""
    out = tmp_path_factory.mktemp("first")
    summary = write(graphs["a"], out, checkouts["a"].release, page_size=100)
    return out, summary


@pytest.fixture(scope="module")
def second(first, graphs, checkouts, tmp_path_factory):
    """Release B's stream, continued from A's."""
    out = tmp_path_factory.mktemp("second")
    summary = write(graphs["b"], out, checkouts["b"].release, previous=first[0], page_size=100)
    return out, summary


def test_first_release_has_a_member_per_resource_on_pages_of_at_most_n(first, graphs):
    out, summary = first
    resources = stream_resources(graphs["a"], reserved=RESERVED)
    assert summary.members == summary.new_versions == len(resources) > 400
    assert summary.new_deletes == 0
    assert summary.pages == summary.new_pages == -(-len(resources) // 100)
    found = members(out)
    assert sorted(m.resource for m in found) == [iri for iri, _ in resources]
    assert [len(list(Graph().parse(p).objects(None, TREE.member))) for p in pages(out)] == [100] * (
        summary.pages - 1
    ) + [len(resources) - 100 * (summary.pages - 1)]


def test_a_member_holds_the_statements_about_its_resource(first, graphs):
    out, _ = first
    sg = graphs["a"]
    found = {m.resource: m for m in members(out)}
    for iri, member in found.items():
        assert isomorphic(member.graph, statements(sg, iri)), iri
    page = Graph().parse(pages(out)[0])
    member = sorted(page.objects(stream_iri(BASE), TREE.member))[0]
    assert str(member).startswith(f"{BASE}ldes/0.3.0/id/")
    assert page.value(member, TIMESTAMP_PATH) == Literal(
        "2026-12-06T00:00:00Z", datatype=XSD.dateTime
    )
    assert (URIRef(page_url(BASE, 1, "ttl")), LDES.immutable, Literal(True)) in page


def test_blank_nodes_travel_with_their_member(first, graphs):
    """A resource whose statements reach blank nodes gets them in its member, nested as they
    are; a release that keeps them as they were gives it no new member (blank nodes compared as
    a graph, not by label)."""
    out, _ = first
    sg = graphs["a"]
    by_resource = {m.resource: m for m in members(out)}
    with_blanks = [
        iri for iri in by_resource if any(isinstance(t[2], BNode) for t in statements(sg, iri))
    ]
    assert WITH_BLANK_NODES in with_blanks
    for iri in with_blanks:
        assert isomorphic(by_resource[iri].graph, statements(sg, iri)), iri
    assert len(by_resource[WITH_BLANK_NODES].graph) == 4


def test_the_root_node_relates_every_page_by_its_time(first, checkouts):
    out, summary = first
    root = Graph().parse(out / "ldes.ttl")
    stream, view = stream_iri(BASE), URIRef(view_url(BASE))
    assert (stream, RDF.type, LDES.EventStream) in root
    assert root.value(stream, TREE.view) == view
    assert root.value(stream, LDES.timestampPath) == TIMESTAMP_PATH
    assert root.value(stream, DCAT_VERSION) == Literal("0.3.0")
    assert not list(root.objects(stream, TREE.member))
    moment = Literal("2026-12-06T00:00:00Z", datatype=XSD.dateTime)
    relations = list(root.objects(view, TREE.relation))
    assert len(relations) == 2 * summary.pages
    nodes = {}
    for relation in relations:
        assert root.value(relation, TREE.path) == TIMESTAMP_PATH
        assert root.value(relation, TREE.value) == moment
        nodes.setdefault(root.value(relation, TREE.node), set()).add(root.value(relation, RDF.type))
    assert set(nodes) == {URIRef(page_url(BASE, n, "ttl")) for n in range(1, summary.pages + 1)}
    assert all(
        kinds == {TREE.GreaterThanOrEqualToRelation, TREE.LessThanOrEqualToRelation}
        for kinds in nodes.values()
    )


def test_json_ld_documents_say_what_the_turtle_ones_say(first):
    out, _ = first
    ldes_context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    for ttl in [out / "ldes.ttl", *pages(out)]:
        jsonld = ttl.with_suffix(".jsonld")
        document = json.loads(jsonld.read_text(encoding="utf-8"))
        context = document["@context"]
        assert isinstance(context, dict)  # inline, never a URL
        assert all(context[term] == value for term, value in ldes_context.items())
        from_json = Graph()
        for s, p, o in Graph().parse(jsonld, format="json-ld"):
            from_json.add(tuple(_as_turtle(t) for t in (s, p, o)))
        assert isomorphic(from_json, Graph().parse(ttl, format="turtle")), ttl.name


def _as_turtle(term):
    """A JSON-LD document's IRIs of stream documents, as the Turtle ones name them."""
    text = str(term)
    if isinstance(term, URIRef) and text.startswith(BASE) and ".jsonld" in text:
        return URIRef(text.replace(".jsonld", ".ttl"))
    return term


def test_a_new_release_adds_exactly_its_changes(first, second):
    (_, a), (out_b, b) = first, second
    assert (b.new_versions, b.new_deletes, b.new_pages) == (2, 1, 1)
    assert b.members == a.members + 3 and b.pages == a.pages + 1
    new = [m for m in members(out_b) if m.page == f"page-{b.pages}.ttl"]
    assert {m.resource for m in new if not m.deleted} == CHANGED
    assert [m.resource for m in new if m.deleted] == [GONE]
    assert all(str(m.iri).startswith(f"{BASE}ldes/0.4.0/") for m in new)
    deleted = next(m for m in new if m.deleted)
    assert len(deleted.graph) == 1  # a as:Delete, and nothing else


def test_pages_once_written_never_change(first, second, graphs, checkouts, tmp_path):
    (out_a, _), (out_b, _) = first, second
    before = files(out_a)
    after = files(out_b)
    written = {name for name in before if name.startswith("ldes/")}
    assert written and all(after[name] == before[name] for name in written)
    assert after["ldes.ttl"] != before["ldes.ttl"]  # the root node names the new page
    # and again, from B's stream, with nothing new: every byte as it was
    again = tmp_path / "again"
    summary = write(graphs["b"], again, checkouts["b"].release, previous=out_b)
    assert summary.new_members == 0
    assert files(again) == after


def test_a_release_without_changes_adds_nothing(first, graphs, tmp_path):
    import datetime as dt

    from governance_graph.releases import Release

    out_a, a = first
    later = Release(dt.datetime(2027, 1, 1, tzinfo=dt.UTC), "0.3.1")
    summary = write(graphs["a"], tmp_path, later, previous=out_a, page_size=100)
    assert (summary.new_members, summary.new_pages, summary.members) == (0, 0, a.members)
    root = Graph().parse(tmp_path / "ldes.ttl")
    assert root.value(stream_iri(BASE), DCAT_VERSION) == Literal("0.3.1")
    assert {k: v for k, v in files(tmp_path).items() if k.startswith("ldes/")} == {
        k: v for k, v in files(out_a).items() if k.startswith("ldes/")
    }


def test_the_same_release_with_another_graph_is_refused(first, graphs, checkouts, tmp_path):
    out_a, _ = first
    with pytest.raises(StreamError) as err:
        write(graphs["b"], tmp_path, checkouts["a"].release, previous=out_a)
    assert str(err.value) == (
        "the graph changed since release 0.3.0 was published: record a new release with "
        "`governance-graph release VERSION`"
    )


def test_many_changes_fill_several_pages(first, graphs, checkouts, tmp_path):
    """Release B's three changes on pages of two members: two new pages, of two and one."""
    out_a, a = first
    summary = write(graphs["b"], tmp_path, checkouts["b"].release, previous=out_a, page_size=2)
    assert summary.new_pages == 2 and summary.pages == a.pages + 2
    sizes = [len(list(Graph().parse(p).objects(None, TREE.member))) for p in pages(tmp_path)]
    assert sizes[-2:] == [2, 1]


def test_fingerprints_compare_graphs_not_blank_node_labels():
    one = Graph().parse(data="<urn:r> <urn:p> [ <urn:q> 1 ; <urn:s> [ <urn:t> 2 ] ] .")
    two = Graph().parse(data="<urn:r> <urn:p> [ <urn:s> [ <urn:t> 2 ] ; <urn:q> 1 ] .")
    three = Graph().parse(data="<urn:r> <urn:p> [ <urn:q> 1 ; <urn:s> [ <urn:t> 3 ] ] .")
    assert fingerprint(one) == fingerprint(two) != fingerprint(three)


def test_no_release_no_stream_and_one_warning(tmp_path):
    import governance_graph as gg
    from governance_graph.site.build import PublishOptions, publish
    from tests.helpers.paths import FIXTURES

    report = publish(
        gg.load(data=[FIXTURES / "core" / "data"]),
        tmp_path / "site",
        PublishOptions(diagrams=False),
    )
    assert report.stream is None
    assert not (tmp_path / "site" / "ldes.ttl").exists()
    assert not (tmp_path / "site" / "ldes").exists()
    assert [w for w in report.warnings if "release" in w] == [
        "no release recorded: no event stream (record one with `governance-graph release VERSION`)"
    ]


def test_without_a_release_the_previous_stream_is_kept_as_it_was(first, graphs, tmp_path):
    out_a, a = first
    summary = write(graphs["b"], tmp_path, None, previous=out_a)
    assert summary is not None and (summary.members, summary.new_members) == (a.members, 0)
    assert files(tmp_path) == files(out_a)
