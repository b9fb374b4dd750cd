"""The standard-vocabulary contract, part two: a client that knows only W3C ORG, FOAF,
schema.org, SKOS, PROV and DCTERMS finds every fact of both source documents after an
OWL 2 RL closure of ontology/ + data/. This part: coordinators, contacts, secretariats,
funding, history, objectives and provenance.

Nothing of governance_graph is imported: the client is plain rdflib + owlrl over the Turtle
files (the ``closure`` fixture in conftest.py), and every query below uses only standard
terms (no gg: term anywhere). The expected answers are written by hand from the source
documents.
"""

from __future__ import annotations

from .standard_client import rows, values

# ---------------------------------------------------------------------------------------------
# Coordinators and contacts
# ---------------------------------------------------------------------------------------------


def test_lode_van_loock_is_one_person_coordinating_two_bodies(closure):
    assert rows(
        closure,
        """
        SELECT ?body ?email WHERE {
          ?person a schema:Person ; schema:name "Lode Van Loock" ; schema:email ?email ;
                  org:hasMembership ?m .
          ?m org:role/skos:prefLabel "coordinator"@en ; org:organization ?body .
        }""",
    ) == {
        ("resoc-halle-vilvoorde", "lode.vanloock@vdab.be"),
        ("serr-vlaams-brabant", "lode.vanloock@vdab.be"),
    }


def test_every_listed_coordinator(closure):
    people = values(
        closure,
        """
        SELECT ?name WHERE {
          ?m a org:Membership ; org:role/skos:prefLabel "coordinator"@en ;
             org:member/foaf:name ?name .
        }""",
    )
    assert people == {
        "Tine Decuypere",
        "Alain Depreux",
        "Brigitte Smessaert",
        "Nick Vanwalleghem",
        "Sigrid Verhaeghe",
        "Ann Vanassche",
        "Marjan Van Bockstaele",
        "Ignace Van der Vorst",
        "Katrien Neyt",
        "Kathleen Stevens",
        "Matthias De Ridder",
        "Wim De Kinderen",
        "Bjorn Cuyt",
        "Lode Van Loock",
        "Cil Cuypers",
        "Tjeu Arits",
        "Daevy Amerlynck",
    }


def test_nick_vanwalleghem_has_the_address_the_profile_pairs_with_him(closure):
    assert values(
        closure,
        """
        SELECT ?email WHERE { ?p foaf:name "Nick Vanwalleghem" ; schema:email ?email }""",
    ) == {"coordinator@stcctoow.be"}


def test_role_mailbox_of_serr_oostende_westhoek(closure):
    # An interpretation (data/interpretations.ttl): the address read as the SERR's mailbox too.
    assert values(
        closure,
        """
        SELECT ?email WHERE {
          <https://w3id.org/governance-graph/id/serr-oostende-westhoek>
            schema:contactPoint/schema:email ?email
        }""",
    ) == {"coordinator@stcctoow.be"}


def test_contact_persons(closure):
    assert rows(
        closure,
        """
        SELECT ?name ?body WHERE {
          ?m org:role/skos:prefLabel "contact person"@en ; org:member/foaf:name ?name ;
             org:organization/skos:prefLabel ?body . FILTER(lang(?body) = "en")
        }""",
    ) == {
        ("Pieter Kerremans", "VESOC"),
        ("Helga Coppen", "VESOC"),
        ("Sandra Hellings", "VESOC working group"),
        ("Miet Verhamme", "co-ordinating unit of the regional partnerships"),
    }


def test_coordinating_unit_sits_in_the_ministry_with_its_website(closure):
    assert rows(
        closure,
        """
        SELECT ?email ?site WHERE {
          ?unit org:subOrganizationOf ?ministry .
          ?m org:organization ?unit ; org:member/schema:email ?email .
          ?ministry schema:url ?site .
        }""",
    ) == {("miet.verhamme@wse.vlaanderen.be", "http://www.vlaanderen.be/werk")}


# ---------------------------------------------------------------------------------------------
# Secretariats, meetings, agreements
# ---------------------------------------------------------------------------------------------


def test_serv_runs_both_secretariats(closure):
    assert values(
        closure,
        """
        SELECT ?body WHERE {
          ?b org:linkedTo ?serv . ?serv skos:prefLabel "SERV"@en .
          ?b skos:prefLabel ?body . FILTER(lang(?body) = "en")
        }""",
    ) == {"VESOC", "VESOC working group"}


def test_meeting_series(closure):
    assert rows(
        closure,
        """
        SELECT ?series ?organiser ?freq WHERE {
          ?s a schema:EventSeries ; skos:prefLabel ?series ;
             schema:organizer/skos:prefLabel ?organiser .
          OPTIONAL { ?s schema:repeatFrequency/skos:prefLabel ?freq . FILTER(lang(?freq) = "en") }
          FILTER(lang(?series) = "en" && lang(?organiser) = "en")
        }""",
    ) == {
        ("formal VESOC consultation", "VESOC", None),
        ("informal VESOC consultation", "VESOC", None),
        ("meetings of the VESOC working group", "VESOC working group", "monthly"),
    }


def test_vesoc_protocol_parties(closure):
    assert values(
        closure,
        """
        SELECT ?party WHERE {
          ?p a prov:Entity ; skos:prefLabel "VESOC protocol"@en ;
             dcterms:relation/skos:prefLabel ?party .
          FILTER(lang(?party) = "en")
        }""",
    ) >= {"Flemish Government", "Flemish social partners"}


def test_serv_annual_report(closure):
    assert values(
        closure,
        """
        SELECT ?publisher WHERE { ?r a foaf:Document ; skos:prefLabel "SERV annual report"@en ;
                                     dcterms:publisher/skos:prefLabel ?publisher }""",
    ) == {"SERV"}


# ---------------------------------------------------------------------------------------------
# Funding
# ---------------------------------------------------------------------------------------------


def test_who_funds_the_ersvs(closure):
    assert rows(
        closure,
        """
        SELECT ?funder ?freq WHERE {
          ?grant a schema:MonetaryGrant ; schema:funder/skos:prefLabel ?funder ;
                 schema:fundedItem/skos:altLabel "ERSV"@en .
          OPTIONAL { ?grant schema:repeatFrequency/skos:prefLabel ?freq .
                     FILTER(lang(?freq) = "en") }
          FILTER(lang(?funder) = "en")
        }""",
    ) == {
        ("Flemish Government", "annual"),
        ("provincial authorities", None),
        ("local authorities", None),
    }


def test_ersvs_are_ngo_legal_bodies_that_may_apply_for_project_funding(closure):
    assert values(
        closure,
        """
        SELECT ?form WHERE { ?e skos:altLabel "ERSV"@en ; dcterms:type/skos:prefLabel ?form .
                             FILTER(lang(?form) = "en") }""",
    ) == {"legal body with non-governmental (NGO) status"}
    assert values(
        closure,
        """
        SELECT ?purpose WHERE { ?o dcterms:audience/skos:altLabel "ERSV"@en ;
                                   dcterms:subject/skos:prefLabel ?purpose .
                                   FILTER(lang(?purpose) = "en") }
    """,
    ) == {"innovative projects"}


# ---------------------------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------------------------


def test_timeline(closure):
    years = values(closure, "SELECT ?year WHERE { ?e a org:ChangeEvent ; dcterms:date ?year }")
    assert {int(str(y)[:4]) for y in years} == {1974, 1994, 1999, 2004, 2005}
    assert rows(
        closure,
        """
        SELECT ?start ?end WHERE { ?e a prov:Activity ; dcterms:temporal ?p .
                                   ?p dcat:startDate ?start ; dcat:endDate ?end }""",
    ) == {(1990, 1999)}


def test_earlier_structures_of_the_2005_event_an_interpretation(closure):
    # The profile does not say the 2005 structures replaced or came from the district platforms;
    # data/interpretations.ttl reads them as the event's original organisations.
    assert rows(
        closure,
        """
        SELECT (COUNT(DISTINCT ?new) AS ?n) WHERE {
          ?e a org:ChangeEvent ; dcterms:date ?y ; org:resultingOrganization ?new ;
             org:originalOrganization/skos:prefLabel "district platforms"@en .
        }""",
    ) == {(28,)}


def test_employment_committees_started_under_the_national_employment_service(closure):
    # Advisory committees of the National Employment Service from 1974 until the 1990s: an
    # org:Membership with the period it held, not a timeless sub-organisation.
    assert rows(
        closure,
        """
        SELECT ?parent ?start WHERE {
          ?m org:member/skos:prefLabel "sub-regional employment committees"@en ;
             org:organization/skos:prefLabel ?parent ;
             org:memberDuring/dcat:startDate ?start . FILTER(lang(?parent) = "en") }""",
    ) == {("National Employment Service", 1974)}
    assert (
        values(
            closure,
            """
        SELECT ?parent WHERE {
          ?p org:hasSubOrganization/skos:prefLabel "sub-regional employment committees"@en ;
             skos:prefLabel ?parent }""",
        )
        == set()
    )


TIME = "PREFIX time: <http://www.w3.org/2006/time#>\n"


def test_the_employment_committees_tie_is_found_in_w3c_time(closure):
    # ORG's org:memberDuring to a W3C Time interval: it begins in 1974 and ends at an instant
    # without a date of its own that lies inside the 1990s (1990 to 1999): "in the 1990s".
    assert rows(
        closure,
        TIME
        + """
        SELECT ?parent ?begin ?from ?to WHERE {
          ?m a org:Membership ;
             org:member/skos:prefLabel "sub-regional employment committees"@en ;
             org:organization/skos:prefLabel ?parent ;
             org:memberDuring ?period .
          ?period a time:Interval ; time:hasBeginning/time:inXSDgYear ?begin ; time:hasEnd ?end .
          ?end a time:Instant .
          FILTER NOT EXISTS { ?end time:inXSDgYear|time:inXSDDate ?date }
          ?decade time:inside ?end ;
                  time:hasBeginning/time:inXSDgYear ?from ;
                  time:hasEnd/time:inXSDgYear ?to .
          FILTER(lang(?parent) = "en") }""",
    ) == {("National Employment Service", 1974, 1990, 1999)}


def test_only_periods_the_sources_give_are_recorded(closure):
    # One membership has a period; the coordinators' and contact persons' have none, since
    # neither document dates them. Every org:memberDuring is a time:Interval (ORG's range).
    assert values(
        closure, "SELECT ?m WHERE { ?m a org:Membership ; org:memberDuring ?period }"
    ) == {"membership-subregional-employment-committees-national-employment-service"}
    untyped = "SELECT ?p WHERE { ?m org:memberDuring ?p FILTER NOT EXISTS { ?p a time:Interval } }"
    assert values(closure, TIME + untyped) == set()


def test_every_period_and_instant_cites_a_document(closure):
    uncited = values(
        closure,
        TIME
        + """
        SELECT ?x WHERE {
          ?x a time:TemporalEntity .
          FILTER(STRSTARTS(STR(?x), "https://w3id.org/governance-graph/id/"))
          FILTER NOT EXISTS { ?x dcterms:source/dcterms:isPartOf/dcterms:title ?title }
        }""",
    )
    assert uncited == set()
    assert len(values(closure, TIME + "SELECT ?x WHERE { ?x a time:Instant }")) == 5


# ---------------------------------------------------------------------------------------------
# Objectives, results, targets, instruments, policy areas
# ---------------------------------------------------------------------------------------------


def test_resoc_objectives(closure):
    objectives = values(
        closure,
        """
        SELECT ?o WHERE { ?o a skos:Concept ; skos:inScheme/skos:prefLabel "objectives"@en ;
                             dcterms:relation/skos:prefLabel "RESOC"@en }""",
    )
    assert len(objectives) == 7  # 4 of the RESOCs' own, 3 of the partnerships as a whole


def test_serr_objectives(closure):
    assert (
        len(
            values(
                closure,
                """
        SELECT ?o WHERE { ?o skos:inScheme/skos:prefLabel "objectives"@en ;
                             dcterms:relation/skos:prefLabel "SERR"@en }""",
            )
        )
        == 5
    )


def test_target_and_figures(closure):
    assert rows(
        closure,
        """
        SELECT ?value ?year WHERE { ?t skos:inScheme/skos:prefLabel "targets"@en ;
                                       schema:value ?value ; dcterms:date ?year }""",
    ) == {(525, 2006)}
    # "Over 2,000" is an exclusive bound, which no standard term says (schema:minValue is
    # inclusive): a neutral client finds no minimum, rather than a wrong one.
    assert (
        values(
            closure,
            'SELECT ?min WHERE { ?r skos:inScheme/skos:prefLabel "results"@en ; '
            "schema:minValue ?min }",
        )
        == set()
    )
    assert (
        len(values(closure, 'SELECT ?r WHERE { ?r skos:inScheme/skos:prefLabel "results"@en }'))
        == 10
    )


def test_policy_areas_of_a_resoc(closure):
    assert values(
        closure,
        """
        SELECT ?area WHERE {
          <https://w3id.org/governance-graph/id/resoc-antwerpen> dcterms:subject ?a .
          ?a skos:inScheme/skos:prefLabel "policy areas"@en ; skos:prefLabel ?area .
          FILTER(lang(?area) = "en") }""",
    ) == {"labour market", "economic policy development"}


def test_formal_advice_goes_to_the_minister_of_employment(closure):
    assert values(
        closure,
        """
        SELECT ?to WHERE {
          ?i skos:inScheme/skos:prefLabel "policy instruments"@en ;
             skos:prefLabel "formal policy advice on employment measures"@en ;
             dcterms:audience/skos:prefLabel ?to . FILTER(lang(?to) = "en") }""",
    ) == {"Flemish Ministers of Employment"}


def test_diversity_programme_target_groups(closure):
    assert values(
        closure,
        """
        SELECT ?g WHERE {
          ?p a prov:Activity ;
             prov:wasAssociatedWith/skos:prefLabel "sub-regional employment committees"@en ;
             dcterms:audience/skos:prefLabel ?g . FILTER(lang(?g) = "en") }""",
    ) == {"migrant workers", "disabled persons", "older workers"}


# ---------------------------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------------------------


def test_every_organisation_post_membership_and_event_cites_a_document(closure):
    uncited = values(
        closure,
        """
        SELECT ?x WHERE {
          { ?x a org:Organization } UNION { ?x a org:Post } UNION { ?x a org:Membership }
          UNION { ?x a org:ChangeEvent } UNION { ?x a schema:MonetaryGrant }
          UNION { ?x a foaf:Person }
          FILTER(STRSTARTS(STR(?x), "https://w3id.org/governance-graph/id/"))
          FILTER NOT EXISTS { ?x dcterms:source/dcterms:isPartOf/dcterms:title ?title }
        }""",
    )
    assert uncited == set()


def test_both_documents_are_described(closure):
    assert rows(
        closure,
        """
        SELECT ?id ?lang WHERE {
          ?d a foaf:Document ; dcterms:identifier ?id ; dcterms:language ?lang ;
             dcterms:title ?t . FILTER(STRENDS(?id, ".txt")) }""",
    ) == {
        ("000_e9edf514ae66cc82.txt", "http://id.loc.gov/vocabulary/iso639-1/en"),
        ("003_e1f758f476cb149f.txt", "http://id.loc.gov/vocabulary/iso639-1/nl"),
    }
