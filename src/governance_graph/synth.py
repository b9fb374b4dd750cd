"""A deterministic synthetic governance graph in our own model, from 1k to 10M triples.

The graph is shaped like ``data/``: sub-regions, each with a RESOC (tripartite: a chair filled by
a representative of the local and provincial authorities, four voting seats, one of them with a
count of places, and an advisory seat) and a SERR (bipartite: a chair chosen from the social
partners' seat), coordinators (persons with an e-mail address and one ``org:Membership`` per
body), a funding link, and the events that created both bodies; every resource cites a
section of a synthetic source document. It uses the bundled ontology's concept schemes
(roles, constituencies, body kinds, chair-selection methods, change kinds), so it is checked
by ``ontology/shapes.ttl`` as is and conforms (``tests/pipeline/test_synth.py``).

Output is N-Triples (also valid Turtle), written in a fixed order: the same arguments give a
byte-identical file. ``violations=K`` breaks K resources in known ways, spread over
:data:`VIOLATION_KINDS` and over the graph, each giving exactly one SHACL result, and returns
their ground truth (focus node, node shape, path, constraint component), which
:func:`write` saves beside the file as ``<file>.violations.json``.

>>> text, truth = generate(1000, seed=1, violations=3)
>>> text.count("\\n") >= 1000, len(truth)
(True, 3)
>>> generate(1000, seed=1)[0] == generate(1000, seed=1)[0]
True
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["VIOLATION_KINDS", "Violation", "generate", "parse_size", "write"]

GG = "https://w3id.org/governance-graph/ontology#"
GGD = "https://w3id.org/governance-graph/id/"
GGSH = "https://w3id.org/governance-graph/shapes#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"

#: Kinds of injected SHACL violation: kind -> (node shape, path, constraint component).
VIOLATION_KINDS: dict[str, tuple[str, str | None, str]] = {
    "person-without-source": ("PersonShape", "dcterms:source", "MinCountConstraintComponent"),
    "person-bad-email": ("PersonShape", "schema:email", "PatternConstraintComponent"),
    "membership-without-role": ("MembershipShape", "org:role", "MinCountConstraintComponent"),
    "event-without-kind": ("ChangeEventShape", "gg:changeKind", "MinCountConstraintComponent"),
    "funding-two-sources": ("FundingLinkShape", "dcterms:source", "MaxCountConstraintComponent"),
    "cites-a-document": ("CitedSourceShape", None, "ClassConstraintComponent"),
    "advisory-seat-voting": ("SeatShape", None, "SPARQLConstraintComponent"),
    "body-bad-email": ("OrganizationShape", "schema:email", "PatternConstraintComponent"),
}

_TRIPLES_PER_REGION = 141  # about: regions = triples / this


@dataclass(frozen=True)
class Violation:
    """One injected violation: what pyshacl reports for it (IRIs in full)."""

    kind: str
    focus_node: str
    node_shape: str
    path: str | None
    component: str


def parse_size(text: str) -> int:
    """``"1k"`` → 1000, ``"2.5M"`` → 2500000, ``"100000"`` → 100000.

    >>> parse_size("1M"), parse_size("10k"), parse_size("250")
    (1000000, 10000, 250)
    """
    t = text.strip().lower().replace("_", "")
    factor = 1
    if t and t[-1] in "kmg":
        factor = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[t[-1]]
        t = t[:-1]
    value = int(float(t) * factor)
    if value <= 0:
        raise ValueError(f"not a positive size: {text!r}")
    return value


def generate(triples: int, *, seed: int = 0, violations: int = 0) -> tuple[str, list[Violation]]:
    """The graph as N-Triples text (at least ``triples`` lines) and the injected violations."""
    lines: list[str] = []
    truth = list(_generate(triples, seed, violations, lines.append))
    return "".join(lines), truth


def write(
    path: str | Path, triples: int, *, seed: int = 0, violations: int = 0
) -> tuple[int, list[Violation]]:
    """Write the graph to ``path`` (and ``<path>.violations.json`` when ``violations``).

    Returns the number of triples written and the violations.
    """
    target = Path(path)
    count = 0
    with target.open("w", encoding="utf-8", newline="\n") as out:
        buffer: list[str] = []

        def emit(line: str) -> None:
            buffer.append(line)
            if len(buffer) >= 50_000:
                out.write("".join(buffer))
                buffer.clear()

        truth = list(_generate(triples, seed, violations, emit))
        out.write("".join(buffer))
    with target.open("rb") as f:
        count = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    truth_file = Path(f"{target}.violations.json")
    if violations:
        truth_file.write_text(
            json.dumps([asdict(v) for v in truth], indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    return count, truth


# ------------------------------------------------------------------------------ generator


def _generate(triples: int, seed: int, violations: int, emit) -> Iterator[Violation]:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    regions = max(1, round(triples / _TRIPLES_PER_REGION))
    # Which (kind, region) pairs are broken: spread evenly, the same for the same arguments.
    kinds = list(VIOLATION_KINDS)
    capacity = regions * len(kinds)
    if violations > capacity:
        raise ValueError(f"at most {capacity} violations fit in {triples} triples")
    broken: dict[tuple[str, int], int] = {}
    for k, kind in enumerate(kinds):  # round-robin over the kinds, random regions for each
        count = violations // len(kinds) + (1 if k < violations % len(kinds) else 0)
        for region in rng.sample(range(regions), count):
            broken[(kind, region)] = len(broken)

    def iri(local: str) -> str:
        return f"<{GGD}{local}>"

    written = [0]

    def t(s: str, p: str, o: str) -> None:
        written[0] += 1
        emit(f"{s} {p} {o} .\n")

    def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        if lang:
            return f'"{escaped}"@{lang}'
        if datatype:
            return f'"{escaped}"^^<{datatype}>'
        return f'"{escaped}"'

    a = f"<{RDF_TYPE}>"
    pref = f"<{SKOS}prefLabel>"
    source = f"<{DCT}source>"

    def labels(s: str, en: str, nl: str) -> None:
        t(s, pref, lit(en, "en"))
        t(s, pref, lit(nl, "nl"))

    # -- header: source document and sections, actor groups, purposes
    doc = iri("doc-synthetic")
    t(doc, a, f"<{GG}SourceDocument>")
    t(doc, f"<{DCT}title>", lit("Synthetic governance graph", "en"))
    t(doc, f"<{DCT}identifier>", lit(f"synthetic-{triples}-{seed}.nt"))
    sections = [iri(f"doc-synthetic-section-{n}") for n in range(1, 6)]
    for n, sec in enumerate(sections, start=1):
        t(sec, a, f"<{GG}SourceSection>")
        t(sec, f"<{DCT}isPartOf>", doc)
        t(sec, f"<{DCT}title>", lit(f"Section {n}", "en"))
        t(sec, f"<{GG}bySourceOrder>", lit(str(n), datatype=XSD + "integer"))
    groups = {
        "local-authorities": ("local authorities", "lokale besturen"),
        "provincial-authorities": ("provincial authorities", "provinciebesturen"),
        "social-partners": ("social partners", "sociale partners"),
        "public-employment-service": ("public employment service", "openbare arbeidsbemiddeling"),
        "ngos": ("NGOs", "ngo's"),
        "regional-government": ("regional government", "regionale overheid"),
    }
    for key, (en, nl) in groups.items():
        g = iri(f"synth-{key}")
        t(g, a, f"<{GG}ActorGroup>")
        labels(g, en, nl)
        t(g, source, sections[0])
    scheme = iri("synth-funding-purposes")
    t(scheme, a, f"<{SKOS}ConceptScheme>")
    labels(scheme, "funding purposes", "financieringsdoelen")
    t(scheme, source, sections[0])
    purposes = []
    for key, (en, nl) in {
        "staffing": ("staffing", "personeel"),
        "projects": ("projects", "projecten"),
        "operations": ("operations", "werking"),
    }.items():
        c = iri(f"synth-purpose-{key}")
        purposes.append(c)
        t(c, a, f"<{SKOS}Concept>")
        t(c, f"<{SKOS}inScheme>", scheme)
        labels(c, en, nl)
        t(c, source, sections[0])

    role = f"<{ORG}role>"
    seat_in = f"<{GG}seatIn>"
    constituency = f"<{GG}constituency>"
    holder = f"<{GG}seatHolderGroup>"
    voting = f"<{GG}voting>"
    true, false = lit("true", datatype=XSD + "boolean"), lit("false", datatype=XSD + "boolean")
    first = ["An", "Bart", "Chris", "Dirk", "Els", "Fien", "Geert", "Hilde", "Ilse", "Jan"]
    last = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"]
    seats_resoc = [
        (
            "authorities",
            "the local and provincial authorities",
            "de lokale en provinciale besturen",
            "government",
            ["local-authorities", "provincial-authorities"],
        ),
        (
            "social-partners",
            "the social partners",
            "de sociale partners",
            "social-partners",
            ["social-partners"],
        ),
        (
            "pes",
            "the public employment service",
            "de openbare arbeidsbemiddeling",
            "public-employment-service",
            ["public-employment-service"],
        ),
        ("ngos", "the NGOs", "de ngo's", "civil-society", ["ngos"]),
    ]

    def bad(kind: str, region: int) -> bool:
        return (kind, region) in broken

    def report(kind: str, focus: str) -> Violation:
        shape, path, component = VIOLATION_KINDS[kind]
        return Violation(kind, focus[1:-1], GGSH + shape, path, SH + component)

    r = -1
    while r + 1 < regions or written[0] < triples:
        r += 1
        sec = sections[1 + r % 4]
        name = f"Region {r:06d}"
        region = iri(f"synth-region-{r:06d}")
        t(region, a, f"<{GG}Region>")
        labels(region, name, f"Regio {r:06d}")
        t(region, source, sections[0])
        bodies = {}
        for kind in ("resoc", "serr"):
            label = f"{kind.upper()} {name}"
            body = iri(f"synth-{kind}-{r:06d}")
            bodies[kind] = body
            t(body, a, f"<{GG}{kind.upper()}>")
            labels(body, label, label)
            t(body, f"<{ORG}classification>", iri(f"kind-{kind}"))
            t(body, f"<{DCT}spatial>", region)
            t(body, source, sections[0])
            t(body, source, sec)
            if kind == "resoc" and bad("body-bad-email", r):
                t(body, f"<{SCHEMA}email>", lit(f"secretariat at resoc {r}"))
                yield report("body-bad-email", body)
            chair = iri(f"synth-{kind}-{r:06d}-chair")
            t(chair, a, f"<{GG}Chair>")
            labels(chair, f"chair of {label}", f"voorzitter van {label}")
            t(chair, f"<{GG}chairOf>", body)
            t(chair, role, iri("role-chair"))
            t(chair, source, sec)
            if kind == "resoc":
                t(chair, f"<{GG}chairSelection>", iri("chair-representative-of-group"))
                t(chair, f"<{GG}representativeOf>", iri("synth-local-authorities"))
                t(chair, f"<{GG}representativeOf>", iri("synth-provincial-authorities"))
                for key, en, nl, const, holders in seats_resoc:
                    seat = iri(f"synth-resoc-{r:06d}-seat-{key}")
                    t(seat, a, f"<{GG}Seat>")
                    labels(seat, f"seat of {en} in {label}", f"zetel van {nl} in {label}")
                    t(seat, seat_in, body)
                    t(seat, role, iri("role-member"))
                    t(seat, constituency, iri(f"constituency-{const}"))
                    for h in holders:
                        t(seat, holder, iri(f"synth-{h}"))
                    t(seat, voting, true)
                    if key == "social-partners":
                        count = str(4 + 2 * rng.randrange(8))
                        t(seat, f"<{GG}seatCount>", lit(count, datatype=XSD + "integer"))
                    t(seat, source, sec)
                seat = iri(f"synth-resoc-{r:06d}-seat-advisory")
                t(seat, a, f"<{GG}Seat>")
                labels(seat, f"advisory seat in {label}", f"raadgevende zetel in {label}")
                t(seat, seat_in, body)
                t(seat, role, iri("role-advisory-attendee"))
                t(seat, constituency, iri("constituency-administration"))
                t(seat, holder, iri("synth-regional-government"))
                if bad("advisory-seat-voting", r):
                    t(seat, voting, true)
                    yield report("advisory-seat-voting", seat)
                else:
                    t(seat, voting, false)
                t(seat, source, sec)
            else:
                seat = iri(f"synth-serr-{r:06d}-seat-social-partners")
                t(chair, f"<{GG}chairSelection>", iri("chair-one-of-the-members"))
                t(chair, f"<{GG}chosenFromSeat>", seat)
                t(seat, a, f"<{GG}Seat>")
                labels(
                    seat,
                    f"seat of the social partners in {label}",
                    f"zetel van de sociale partners in {label}",
                )
                t(seat, seat_in, body)
                t(seat, role, iri("role-member"))
                t(seat, constituency, iri("constituency-social-partners"))
                t(seat, holder, iri("synth-social-partners"))
                t(seat, voting, true)
                t(seat, source, sec)
        # coordinators: two persons, each with a membership in both bodies
        for n in range(2):
            given, family = rng.choice(first), rng.choice(last)
            person = iri(f"synth-person-{r:06d}-{n}")
            t(person, a, f"<{FOAF}Person>")
            t(person, f"<{FOAF}name>", lit(f"{given} {family} {r}-{n}"))
            email = f"{given}.{family}.{r}.{n}@region-{r}.example.org".lower()
            if n == 0 and bad("person-bad-email", r):
                t(person, f"<{SCHEMA}email>", lit(email.replace("@", " at ")))
                yield report("person-bad-email", person)
            else:
                t(person, f"<{SCHEMA}email>", lit(email))
            if n == 1 and bad("person-without-source", r):
                yield report("person-without-source", person)
            else:
                t(person, source, sections[4])
            if n == 1 and bad("cites-a-document", r):
                wrong = iri(f"synth-not-a-section-{r:06d}")
                t(person, source, wrong)
                yield report("cites-a-document", wrong)
            for kind, body in bodies.items():
                m = iri(f"synth-membership-{r:06d}-{n}-{kind}")
                t(m, a, f"<{ORG}Membership>")
                t(m, f"<{ORG}member>", person)
                t(m, f"<{ORG}organization>", body)
                if n == 0 and kind == "serr" and bad("membership-without-role", r):
                    yield report("membership-without-role", m)
                else:
                    t(m, role, iri("role-coordinator"))
                t(m, source, sections[4])
        # funding
        f = iri(f"synth-funding-{r:06d}")
        t(f, a, f"<{GG}FundingLink>")
        labels(f, f"funding of RESOC {name}", f"financiering van RESOC {name}")
        t(f, f"<{SCHEMA}funder>", iri("synth-regional-government"))
        t(f, f"<{GG}recipient>", bodies["resoc"])
        t(f, f"<{GG}fundingPurpose>", purposes[r % len(purposes)])
        t(f, source, sections[3])
        if bad("funding-two-sources", r):
            t(f, source, sections[2])
            yield report("funding-two-sources", f)
        # history
        year = str(1990 + rng.randrange(30))
        for kind, body in bodies.items():
            e = iri(f"synth-event-{r:06d}-{kind}-created")
            t(e, a, f"<{ORG}ChangeEvent>")
            labels(e, f"{kind.upper()} {name} set up", f"oprichting van {kind.upper()} {name}")
            if kind == "serr" and bad("event-without-kind", r):
                yield report("event-without-kind", e)
            else:
                t(e, f"<{GG}changeKind>", iri("change-created"))
            t(e, f"<{DCT}date>", lit(year, datatype=XSD + "gYear"))
            t(e, f"<{ORG}resultingOrganization>", body)
            t(e, source, sections[2])
