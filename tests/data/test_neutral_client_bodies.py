"""The standard-vocabulary contract, part one: a client that knows only W3C ORG, FOAF,
schema.org, SKOS, PROV and DCTERMS finds every fact of both source documents after an
OWL 2 RL closure of ontology/ + data/. This part: bodies, their kinds, chairs, seats and members.

Nothing of governance_graph is imported: the client is plain rdflib + owlrl over the Turtle
files (the ``closure`` fixture in conftest.py), and every query below uses only standard
terms (no gg: term anywhere). The expected answers are written by hand from the source
documents.
"""

from __future__ import annotations

from .standard_client import rows, values

# ---------------------------------------------------------------------------------------------
# Bodies and their kinds
# ---------------------------------------------------------------------------------------------


def test_fifteen_resocs_and_thirteen_serrs(closure):
    counts = rows(
        closure,
        """
        SELECT ?kind (COUNT(DISTINCT ?body) AS ?n) WHERE {
          ?body a org:Organization ; org:classification ?concept .
          ?concept skos:prefLabel ?kind . FILTER(?kind IN ("RESOC"@en, "SERR"@en))
        } GROUP BY ?kind""",
    )
    assert counts == {("RESOC", 15), ("SERR", 13)}


def test_kinds_are_tripartite_or_bipartite(closure):
    answer = rows(
        closure,
        """
        SELECT ?label ?broader WHERE {
          ?body org:classification ?kind ; skos:prefLabel ?label .
          ?kind skos:broader/skos:prefLabel ?broader . FILTER(lang(?broader) = "en")
          FILTER(?label IN ("VESOC"@en, "VESOC working group"@en, "SERR Gent"@en, "RESOC Gent"@en))
        }""",
    )
    assert answer == {
        ("VESOC", "tripartite body"),
        ("VESOC working group", "tripartite body"),
        ("RESOC Gent", "tripartite body"),
        ("SERR Gent", "bipartite body"),
    }


def test_serr_vlaams_brabant_covers_two_subregions(closure):
    assert values(
        closure,
        """
        SELECT ?region WHERE {
          <https://w3id.org/governance-graph/id/serr-vlaams-brabant> dcterms:spatial ?region
        }
    """,
    ) == {"region-halle-vilvoorde", "region-leuven"}


def test_subregion_population_range(closure):
    assert rows(
        closure,
        """
        SELECT ?min ?max WHERE {
          ?set skos:member ?region ; schema:additionalProperty ?range .
          ?range schema:minValue ?min ; schema:maxValue ?max .
        }""",
    ) == {(150000, 700000)}


def test_bodies_have_no_time_limit_since_2005(closure):
    assert rows(
        closure,
        """
        SELECT (COUNT(DISTINCT ?body) AS ?n) ?start WHERE {
          ?body dcterms:temporal ?period . ?period dcat:startDate ?start .
          FILTER NOT EXISTS { ?period dcat:endDate ?end }
        } GROUP BY ?start""",
    ) == {(28, 2005)}


def test_bodies_since_2005_in_w3c_time(closure):
    # The same period in W3C Time: an interval whose beginning is an instant in 2005, with no
    # end (no time limit), which the closure makes a time:Interval and a time:TemporalEntity.
    assert rows(
        closure,
        """
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT (COUNT(DISTINCT ?body) AS ?n) ?start WHERE {
          ?body a org:Organization ; dcterms:temporal ?period .
          ?period a time:Interval , time:TemporalEntity ;
                  time:hasBeginning ?begin .
          ?begin a time:Instant ; time:inXSDgYear ?start .
          FILTER NOT EXISTS { ?period time:hasEnd ?end }
        } GROUP BY ?start""",
    ) == {(28, 2005)}


# ---------------------------------------------------------------------------------------------
# Chairs
# ---------------------------------------------------------------------------------------------


def test_vesoc_is_chaired_ex_officio_by_the_minister_president(closure):
    answer = rows(
        closure,
        """
        SELECT ?how ?post WHERE {
          ?chair a org:Post ; org:postIn ?vesoc ; org:role/skos:prefLabel "chair"@en ;
                 dcterms:type/skos:prefLabel ?how ; dcterms:relation ?postIri .
          ?vesoc skos:prefLabel "VESOC"@en .
          ?postIri a org:Post ; org:role/skos:prefLabel ?post .
          FILTER(lang(?how) = "en" && lang(?post) = "en")
        }""",
    )
    assert answer == {("ex officio, by the holder of a named post", "minister-president")}


def test_working_group_chair_represents_the_minister_president_unless_vesoc_decides(closure):
    answer = rows(
        closure,
        """
        SELECT ?how ?post ?exception WHERE {
          ?chair org:postIn/skos:prefLabel "VESOC working group"@en ;
                 org:role/skos:prefLabel "chair"@en ;
                 dcterms:type/skos:prefLabel ?how ; dcterms:relation/org:role/skos:prefLabel ?post ;
                 skos:note ?exception .
          FILTER(lang(?how) = "en" && lang(?post) = "en" && lang(?exception) = "en")
        }""",
    )
    assert len(answer) == 1
    how, post, exception = answer.pop()
    assert (how, post) == ("a representative of the holder of a named post", "minister-president")
    assert "VESOC" in exception


def test_resoc_chair_represents_local_or_provincial_authorities(closure):
    assert values(
        closure,
        """
        SELECT ?group WHERE {
          ?chair org:postIn <https://w3id.org/governance-graph/id/resoc-kempen> ;
                 org:role/skos:prefLabel "chair"@en ; dcterms:relation ?g .
          ?g a foaf:Group ; skos:prefLabel ?group . FILTER(lang(?group) = "en")
        }""",
    ) == {"local authorities", "provincial authorities"}


def test_serr_chair_is_one_of_the_members(closure):
    answer = rows(
        closure,
        """
        SELECT ?how ?seatBody WHERE {
          ?chair org:postIn <https://w3id.org/governance-graph/id/serr-limburg> ;
                 org:role/skos:prefLabel "chair"@en ; dcterms:type/skos:prefLabel ?how ;
                 dcterms:relation ?seat .
          ?seat a org:Post ; org:postIn ?seatBody ; org:role/skos:prefLabel "member"@en .
          FILTER(lang(?how) = "en")
        }""",
    )
    assert answer == {("one of the members", "serr-limburg")}


# ---------------------------------------------------------------------------------------------
# Seats and members
# ---------------------------------------------------------------------------------------------


def test_vesoc_voting_composition(closure):
    assert rows(
        closure,
        """
        SELECT ?group ?count WHERE {
          ?seat org:postIn <https://w3id.org/governance-graph/id/vesoc> ;
                org:role/skos:prefLabel "member"@en ; schema:value ?count ;
                dcterms:relation/skos:prefLabel ?group . FILTER(lang(?group) = "en")
        }""",
    ) == {("Flemish social partners", 16), ("Flemish Government", 4)}


def test_vesoc_advisory_attendees(closure):
    assert values(
        closure,
        """
        SELECT ?post WHERE {
          ?seat org:postIn <https://w3id.org/governance-graph/id/vesoc> ;
                org:role/skos:prefLabel "advisory attendee (no vote)"@en ;
                dcterms:relation ?p .
          ?p a org:Post ; skos:prefLabel ?post . FILTER(lang(?post) = "en")
        }""",
    ) == {
        "Secretary-General of the Department of Chancellery and Governance",
        "Secretary-General of the Department of Work and Social Economy",
        "Administrator-General of SERV",
        "Deputy Administrator-General of SERV",
    }


def test_other_ministers_attend_when_the_agenda_concerns_them(closure):
    notes = values(
        closure,
        """
        SELECT ?note WHERE {
          ?seat org:postIn <https://w3id.org/governance-graph/id/vesoc> ;
                org:role/skos:prefLabel "attendee when the agenda concerns them"@en ;
                dcterms:relation/skos:prefLabel "Flemish Government"@en ; skos:note ?note .
          FILTER(lang(?note) = "en")
        }""",
    )
    assert len(notes) == 1 and "competences" in notes.pop()


def test_working_group_members(closure):
    assert values(
        closure,
        """
        SELECT ?group WHERE {
          ?seat org:postIn/skos:prefLabel "VESOC working group"@en ;
                dcterms:relation/skos:prefLabel ?group . FILTER(lang(?group) = "en")
          FILTER NOT EXISTS { ?seat org:role/skos:prefLabel "chair"@en }
        }""",
    ) == {
        "cabinets of the VESOC ministers",
        "cabinet of the minister for Work",
        "cabinets of the other ministers concerned by the agenda",
        "Flemish social partners",
    }


def test_resoc_partners(closure):
    assert values(
        closure,
        """
        SELECT ?partner WHERE {
          ?seat org:postIn <https://w3id.org/governance-graph/id/resoc-leuven> ;
                org:role/skos:prefLabel "member"@en ;
                dcterms:relation/skos:prefLabel ?partner . FILTER(lang(?partner) = "en")
        }""",
    ) == {
        "local authorities",
        "provincial authorities",
        "social partners",
        "VDAB",
        "non-governmental organisations",
    }


def test_guidance_committee_members(closure):
    assert values(
        closure,
        """
        SELECT ?member WHERE {
          ?m a org:Membership ;
             org:organization/skos:prefLabel "guidance committee of the regional partnerships"@en ;
             org:member/skos:prefLabel ?member . FILTER(lang(?member) = "en")
        }""",
    ) == {
        "Flemish social partners",
        "Flemish Government",
        "Flemish Ministry of Employment",
        "VDAB",
        "representatives of the RESOCs and SERRs",
    }
