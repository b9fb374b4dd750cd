"""Graphviz diagrams (SVG): each body's composition, the RESOC/SERR regions with their
coordinators, the funding flow and the history timeline, in English and Dutch.

Nodes link to their pages (relative to ``diagrams/``), so an SVG opened on its own is
navigable; pages embed the SVGs with ``<img>`` and give the same facts as tables. Rendering
needs the ``graphviz`` Python package and Graphviz's ``dot`` program (Debian package
``graphviz``); without them :func:`missing` says which is missing and how to get it,
:func:`render_all` returns no files, and the pages are built without figures.
"""

from __future__ import annotations

import logging
import shutil
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, SKOS
from rdflib.term import Node

from governance_graph.namespaces import GG, GGD, SCHEMA

from . import iris
from .composition import composition

if TYPE_CHECKING:  # pragma: no cover
    import graphviz

    from .context import SiteGraph

__all__ = [
    "OVERVIEW_DIAGRAMS",
    "available",
    "body_diagram_file",
    "body_graph",
    "funding_graph",
    "missing",
    "overview_file",
    "regions_graph",
    "render_all",
    "timeline_graph",
]

log = logging.getLogger(__name__)

DIR = "diagrams"
OVERVIEW_DIAGRAMS = ("regions", "funding", "timeline")
_FONT = "Helvetica"


def missing() -> str | None:
    """What is missing to draw the diagrams and how to get it, as one line; None when the
    ``graphviz`` Python package and Graphviz's ``dot`` program are both there."""
    try:
        import graphviz  # noqa: F401

        package = True
    except ImportError:
        package = False
    program = shutil.which("dot") is not None
    if package and program:
        return None
    if program:
        return (
            "the 'graphviz' Python package is not installed: diagrams skipped; "
            "install it with `pip install graphviz`"
        )
    if package:
        return (
            "Graphviz's `dot` program is not on PATH: diagrams skipped; "
            "install it with `apt install graphviz` (https://graphviz.org/download/)"
        )
    return (
        "the 'graphviz' Python package is not installed and Graphviz's `dot` program is not on "
        "PATH: diagrams skipped; install them with `pip install graphviz` and "
        "`apt install graphviz` (https://graphviz.org/download/)"
    )


def available() -> bool:
    """True when the ``graphviz`` package and the ``dot`` program are both there."""
    return missing() is None


def body_diagram_file(path: str, lang: str) -> str:
    """``diagrams/body-<name>.<lang>.svg`` for the body whose pages are at ``path``."""
    return f"{DIR}/body-{path.replace('/', '-')}.{lang}.svg"


def overview_file(name: str, lang: str) -> str:
    return f"{DIR}/{name}.{lang}.svg"


def _wrap(text: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


class _Drawer:
    def __init__(self, sg: SiteGraph, lang: str, title: str) -> None:
        import graphviz

        self.sg = sg
        self.lang = lang
        self.g = graphviz.Digraph(
            graph_attr={
                "rankdir": "LR",
                "fontname": _FONT,
                "label": title,
                "labelloc": "t",
                "fontsize": "16",
                "bgcolor": "white",
            },
            node_attr={"fontname": _FONT, "fontsize": "11", "shape": "box", "style": "rounded"},
            edge_attr={"fontname": _FONT, "fontsize": "9", "color": "#555555"},
        )
        self.seen: set[str] = set()
        self.edges: set[tuple[str, str, str]] = set()

    def node_id(self, node: Node) -> str:
        return "n" + str(abs(hash(str(node))))

    def node(self, node: Node, text: str | None = None, **attrs: str) -> str:
        nid = self.node_id(node)
        if nid in self.seen:
            return nid
        self.seen.add(nid)
        label = _wrap(text if text is not None else self.sg.label(node, self.lang))
        path = self.sg.resources.get(node) if isinstance(node, URIRef) else None
        if path is not None:
            attrs.setdefault("URL", iris.relative(f"{DIR}/x.svg", iris.page_file(path, self.lang)))
            attrs.setdefault("tooltip", str(node))
        self.g.node(nid, label, **attrs)
        return nid

    def edge(self, a: str, b: str, label: str = "", **attrs: str) -> None:
        if (a, b, label) in self.edges:
            return
        self.edges.add((a, b, label))
        self.g.edge(a, b, label=_wrap(label, 20) if label else "", **attrs)

    def label(self, node: Node | None) -> str:
        return self.sg.label(node, self.lang) if node is not None else ""


def body_graph(sg: SiteGraph, body: URIRef, lang: str) -> graphviz.Digraph:
    """Composition of ``body``: chair and how it is filled, seats with counts, attendees,
    members and coordinators, secretariat and sub-bodies."""
    from .i18n import text_for

    c = composition(sg, body)
    d = _Drawer(sg, lang, sg.label(body, lang))
    b = d.node(body, penwidth="2", style="rounded,bold,filled", fillcolor="#dbe8f7")
    for chair in c.chairs:
        how = ", ".join(d.label(x) for x in c.chair_selection.get(chair, []))
        ch = d.node(
            chair,
            d.label(chair) + (f"\n({how})" if how else ""),
            style="rounded,filled",
            fillcolor="#fde9c8",
        )
        d.edge(ch, b, d.label(ORG_ROLE_CHAIR))
        for filler in c.chair_filled_by.get(chair, []):
            d.edge(d.node(filler, shape="ellipse"), ch, "")
    for seat in c.seats:
        who = ", ".join(d.label(h) for h in [*seat.holders, *seat.filled_by]) or d.label(
            seat.constituency
        )
        count = f" \u00d7{seat.count}" if seat.count else ""
        role = str(seat.role or "")
        style = (
            "rounded,dashed"
            if role.endswith("advisory-attendee")
            else ("rounded,dotted" if role.endswith("conditional-attendee") else "rounded")
        )
        s = d.node(seat.iri, f"{who}{count}", style=style)
        d.edge(s, b, d.label(seat.role))
    for post in c.other_posts:
        d.edge(d.node(post), b, "")
    for m in c.members:
        if m.member is not None:
            d.edge(d.node(m.member, shape="ellipse"), b, d.label(m.role))
    for x in c.secretariat:
        d.edge(b, d.node(x), d.label(GG.secretariat))
    part_of = text_for(lang)["part_of"]
    for x in c.sub_bodies:
        d.edge(d.node(x), b, part_of)
    for x in c.parents:
        d.edge(b, d.node(x), part_of)
    return d.g


ORG_ROLE_CHAIR = GGD["role-chair"]


def regions_graph(sg: SiteGraph, lang: str) -> graphviz.Digraph:
    """The RESOC/SERR sub-regions, the bodies covering each, and their coordinators."""
    from .i18n import text_for

    d = _Drawer(sg, lang, text_for(lang)["regions_overview"])
    regions: list[Node] = []
    for rs in sg.instances(GG.RegionSet):
        regions += sorted(sg.graph.objects(rs, SKOS.member), key=lambda r: sg.label(r, lang))
    for region in regions:
        r = d.node(region, shape="box", style="filled", fillcolor="#e3f1df")
        for body in sorted(sg.graph.subjects(DCTERMS.spatial, region), key=str):
            if not (sg.is_a(body, GG.RESOC) or sg.is_a(body, GG.SERR)):
                continue
            bn = d.node(body, style="rounded,filled", fillcolor="#dbe8f7")
            d.edge(bn, r, "")
            for m in sg.graph.subjects(ORG.organization, body):
                if str(sg.graph.value(m, ORG.role) or "").endswith("role-coordinator"):
                    person = sg.graph.value(m, ORG.member)
                    if person is not None:
                        d.edge(d.node(person, shape="ellipse"), bn, "")
    return d.g


def funding_graph(sg: SiteGraph, lang: str) -> graphviz.Digraph:
    """Funders -> funding links (purpose, frequency) -> recipients; opportunities dashed."""
    from .i18n import text_for

    d = _Drawer(sg, lang, text_for(lang)["funding_flow"])
    for link in sg.instances(GG.FundingLink):
        purposes = ", ".join(
            d.label(p) for p in sorted(sg.graph.objects(link, GG.fundingPurpose), key=str)
        )
        freq = sg.graph.value(link, GG.frequency)
        text = purposes + (f" ({d.label(freq)})" if freq is not None else "")
        ln = d.node(link, text or None, shape="note")
        for funder in sg.graph.objects(link, SCHEMA.funder):
            d.edge(d.node(funder, style="rounded,filled", fillcolor="#fde9c8"), ln, "")
        for recipient in sg.graph.objects(link, GG.recipient):
            d.edge(ln, d.node(recipient, style="rounded,filled", fillcolor="#dbe8f7"), "")
    for opp in sg.instances(GG.FundingOpportunity):
        on = d.node(opp, shape="note", style="dashed")
        for target in sg.graph.objects(opp, GG.opportunityFor):
            d.edge(
                on, d.node(target, style="rounded,filled", fillcolor="#dbe8f7"), "", style="dashed"
            )
    return d.g


def _year(sg: SiteGraph, event: Node) -> tuple[int, str]:
    date = sg.graph.value(event, DCTERMS.date)
    if isinstance(date, Literal):
        return int(str(date)[:4]), str(date)[:4]
    period = sg.graph.value(event, DCTERMS.temporal)
    if period is not None:
        start = sg.graph.value(period, DCAT.startDate)
        end = sg.graph.value(period, DCAT.endDate)
        if start is not None:
            return int(str(start)[:4]), f"{str(start)[:4]}\u2013{str(end)[:4] if end else ''}"
    return 9999, "?"


def timeline_graph(sg: SiteGraph, lang: str) -> graphviz.Digraph:
    """Change events in time order, with the organisations they created or changed."""
    from .i18n import text_for

    d = _Drawer(sg, lang, text_for(lang)["timeline"])
    d.g.graph_attr["rankdir"] = "TB"
    events = sorted(sg.instances(ORG.ChangeEvent), key=lambda e: (_year(sg, e), str(e)))
    previous = None
    for event in events:
        _, when = _year(sg, event)
        en = d.node(event, f"{when}\n{d.label(event)}", style="rounded,filled", fillcolor="#fde9c8")
        if previous is not None:
            d.edge(previous, en, "", penwidth="2")
        previous = en
        results = sorted(sg.graph.objects(event, ORG.resultingOrganization), key=str)
        if len(results) <= 3:
            for org in results:
                d.edge(en, d.node(org), "", style="dashed")
    return d.g


def _svg(graph: graphviz.Digraph) -> bytes:
    return graph.pipe(format="svg", engine="dot")


def render_all(sg: SiteGraph, out: Path, bodies: list[URIRef]) -> list[str]:
    """Write every diagram in every language under ``out/diagrams``; return the site files."""
    why_not = missing()
    if why_not is not None:
        log.warning("%s", why_not)
        return []
    jobs: list[tuple[str, graphviz.Digraph]] = []
    for lang in iris.LANGS:
        jobs.append((overview_file("regions", lang), regions_graph(sg, lang)))
        jobs.append((overview_file("funding", lang), funding_graph(sg, lang)))
        jobs.append((overview_file("timeline", lang), timeline_graph(sg, lang)))
        for body in bodies:
            path = sg.resources.get(body)
            if path is not None:
                jobs.append((body_diagram_file(path, lang), body_graph(sg, body, lang)))
    (out / DIR).mkdir(parents=True, exist_ok=True)

    def run(job: tuple[str, graphviz.Digraph]) -> str:
        name, graph = job
        (out / name).write_bytes(_svg(graph))
        return name

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(run, jobs))
