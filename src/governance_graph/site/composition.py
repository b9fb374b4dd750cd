"""What a body is made of, and what a person does: structured summaries of the graph.

Pages show them as tables and :mod:`.diagrams` draws them; both read the same
:class:`Composition`. Links may be stated from either end (``gg:chairOf`` or ``gg:hasChair``),
so both directions are followed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import ORG
from rdflib.term import Node

from governance_graph.namespaces import GG, SCHEMA

from .context import SiteGraph

__all__ = ["Composition", "Role", "Seat", "composition", "is_body", "roles_of"]


@dataclass
class Seat:
    iri: URIRef
    role: Node | None
    constituency: Node | None
    count: int | None
    holders: list[Node] = field(default_factory=list)
    filled_by: list[Node] = field(default_factory=list)
    voting: bool | None = None


@dataclass
class Role:
    """A membership: ``member`` has ``role`` in ``organization``."""

    membership: URIRef
    member: Node | None
    organization: Node | None
    role: Node | None


@dataclass
class Composition:
    body: URIRef
    chairs: list[URIRef] = field(default_factory=list)
    chair_selection: dict[URIRef, list[Node]] = field(default_factory=dict)
    chair_filled_by: dict[URIRef, list[Node]] = field(default_factory=dict)
    seats: list[Seat] = field(default_factory=list)
    other_posts: list[URIRef] = field(default_factory=list)
    members: list[Role] = field(default_factory=list)
    secretariat: list[Node] = field(default_factory=list)
    sub_bodies: list[Node] = field(default_factory=list)
    parents: list[Node] = field(default_factory=list)
    regions: list[Node] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.chairs
            or self.seats
            or self.other_posts
            or self.members
            or self.secretariat
            or self.sub_bodies
            or self.parents
        )


def _both(sg: SiteGraph, node: URIRef, forward: URIRef, inverse: URIRef) -> list[Node]:
    """Objects of ``node forward ?x`` and subjects of ``?x inverse node``, sorted, deduplicated."""
    found = set(sg.graph.objects(node, forward)) | set(sg.graph.subjects(inverse, node))
    return sorted(found, key=str)


def is_body(sg: SiteGraph, node: Node) -> bool:
    """True for organisations (any ``org:Organization``)."""
    return sg.is_a(node, ORG.Organization)


def composition(sg: SiteGraph, body: URIRef) -> Composition:
    """Chair(s), seats, other posts, members, secretariat, sub-bodies of ``body``."""
    g = sg.graph
    c = Composition(body)
    c.chairs = [x for x in _both(sg, body, GG.hasChair, GG.chairOf) if isinstance(x, URIRef)]
    for chair in c.chairs:
        c.chair_selection[chair] = sorted(g.objects(chair, GG.chairSelection), key=str)
        c.chair_filled_by[chair] = sorted(
            {
                *g.objects(chair, GG.exOfficioPost),
                *g.objects(chair, GG.representativeOf),
                *g.objects(chair, GG.chosenFromSeat),
            },
            key=str,
        )
    for seat in _both(sg, body, GG.hasSeat, GG.seatIn):
        if not isinstance(seat, URIRef):
            continue
        count = g.value(seat, GG.seatCount)
        voting = g.value(seat, GG.voting)
        c.seats.append(
            Seat(
                iri=seat,
                role=g.value(seat, ORG.role),
                constituency=g.value(seat, GG.constituency),
                count=int(count) if isinstance(count, Literal) and str(count).isdigit() else None,
                holders=sorted(g.objects(seat, GG.seatHolderGroup), key=str),
                filled_by=sorted(g.objects(seat, GG.filledByPost), key=str),
                voting=bool(voting.toPython()) if isinstance(voting, Literal) else None,
            )
        )
    c.seats.sort(key=lambda s: (str(s.role), sg.label(s.iri)))
    known = set(c.chairs) | {s.iri for s in c.seats}
    c.other_posts = [
        p
        for p in _both(sg, body, ORG.hasPost, ORG.postIn)
        if isinstance(p, URIRef) and p not in known
    ]
    for m in sorted(set(g.subjects(ORG.organization, body)), key=str):
        if isinstance(m, URIRef):
            c.members.append(Role(m, g.value(m, ORG.member), body, g.value(m, ORG.role)))
    c.secretariat = _both(sg, body, GG.secretariat, GG.secretariatOf)
    c.sub_bodies = _both(sg, body, ORG.hasSubOrganization, ORG.subOrganizationOf)
    c.parents = _both(sg, body, ORG.subOrganizationOf, ORG.hasSubOrganization)
    from rdflib.namespace import DCTERMS

    c.regions = sorted(g.objects(body, DCTERMS.spatial), key=str)
    return c


def roles_of(sg: SiteGraph, person: Node) -> list[Role]:
    """The memberships of ``person`` (organisation and role), sorted by organisation."""
    g = sg.graph
    out = [
        Role(m, person, g.value(m, ORG.organization), g.value(m, ORG.role))
        for m in set(g.subjects(ORG.member, person))
        if isinstance(m, URIRef)
    ]
    return sorted(
        out, key=lambda r: (sg.label(r.organization) if r.organization else "", str(r.membership))
    )


def contact_points(sg: SiteGraph, body: Node) -> list[Node]:
    return sorted(sg.graph.objects(body, SCHEMA.contactPoint), key=str)
