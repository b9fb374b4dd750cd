"""What a user types and gets (parameters given by label, one-line errors with suggestions,
``--lang``, ``describe``): the installed ``governance-graph`` script run in a subprocess on the
bundled graph. Expected answers are read from the source profile (``Belgium (Flanders): RESOC
and SERR``), quoted beside each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.processes import error_line

GGD = "https://w3id.org/governance-graph/id/"
BODY_COMPOSITION = ("query", "body-composition")


# --------------------------------------------------------------------------- parameters


def test_a_parameter_naming_no_resource_is_an_error_with_a_suggestion(gg) -> None:
    proc = gg(*BODY_COMPOSITION, "--param", "body_iri=ggd:resoc-bruges", code=2)
    assert proc.stdout == ""
    assert error_line(proc) == (
        "parameter 'body_iri': ggd:resoc-bruges names no resource of the graph; "
        "did you mean ggd:resoc-brugge?"
    )


def test_a_parameter_may_be_the_label_of_one_resource(gg) -> None:
    # Profile, "Partnerships at work": a RESOC's partners are the local/provincial authorities,
    # the social partners, VDAB and NGOs, so RESOC Brugge has those four seats.
    by_label = gg(*BODY_COMPOSITION, "--param", "body_iri=RESOC Brugge", "-f", "csv").stdout
    by_iri = gg(*BODY_COMPOSITION, "--param", "body_iri=ggd:resoc-brugge", "-f", "csv").stdout
    assert by_label == by_iri
    seats = sorted(line.split(",")[0] for line in by_label.splitlines()[1:])
    assert seats == [
        f"{GGD}resoc-brugge-seat-{kind}"
        for kind in ("authorities", "ngos", "social-partners", "vdab")
    ]


def test_a_label_naming_several_resources_lists_them(gg) -> None:
    # "RESOC/SERR Brugge": a RESOC and a SERR, among other things named after Brugge.
    message = error_line(gg(*BODY_COMPOSITION, "--param", "body_iri=Brugge", code=2))
    assert message.startswith("parameter 'body_iri': 'Brugge' names ")
    assert "ggd:resoc-brugge (RESOC Brugge)" in message
    assert "ggd:serr-brugge (SERR Brugge)" in message
    assert message.endswith("; give one of their IRIs")


def test_an_empty_data_folder_is_an_error(gg, tmp_path: Path) -> None:
    proc = gg("query", "chairs", "--data", tmp_path, code=2)
    assert proc.stdout == ""
    assert error_line(proc) == f"{tmp_path}: folder has no *.ttl files"


def test_a_broken_data_file_is_named_as_given(gg, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "bad.ttl").write_text("<urn:a> <urn:b> .\n")
    message = error_line(gg("query", "chairs", "--data", "../bad.ttl", cwd=tmp_path / "in", code=2))
    assert message.startswith("../bad.ttl:1:"), message


# --------------------------------------------------------------------------- --lang


@pytest.mark.parametrize("command", [("query", "chairs"), ("describe", "ggd:vesoc")])
def test_an_unsupported_language_is_refused(gg, command: tuple[str, ...]) -> None:
    proc = gg(*command, "--lang", "fr", code=2)
    assert proc.stdout == ""
    assert error_line(proc) == "unsupported language 'fr' (lang); choose one of: en, nl, all"


def test_lang_nl_keeps_one_row_per_person_and_body(gg) -> None:
    # Profile, coordinators at regional level: Cil Cuypers for RESOC Leuven and Lode Van Loock
    # for SERR Vlaams-Brabant, each with an e-mail address.
    out = gg(
        "query", "coordinators", "-p", "scope_iri=ggd:region-leuven", "--lang", "nl", "-f", "csv"
    ).stdout
    rows = [line.split(",")[1:4] for line in out.splitlines()[1:]]
    assert rows == [
        ["Cil Cuypers", "cil.cuypers@vlaamsbrabant.be", f"{GGD}resoc-leuven"],
        ["Lode Van Loock", "lode.vanloock@vdab.be", f"{GGD}serr-vlaams-brabant"],
    ]


# --------------------------------------------------------------------------- describe


def test_describe_by_part_of_a_name_shows_the_name_and_roles(gg) -> None:
    # Profile, coordinators at regional level: Tine Decuypere coordinates RESOC and SERR Brugge.
    out = gg("describe", "Decuypere").stdout
    lines = out.splitlines()
    assert lines[0] == "ggd:tine-decuypere (Tine Decuypere)"
    assert '  schema:email  "tine.decuypere@west-vlaanderen.be"' in lines
    roles = lines[lines.index("roles:") + 1 : lines.index("sources:")]
    assert roles == [
        "  coordinator of ggd:resoc-brugge (RESOC Brugge)",
        "  coordinator of ggd:serr-brugge (SERR Brugge)",
    ]
    assert "membership" not in out


def test_describe_an_organisation_lists_its_people_by_role(gg) -> None:
    out = gg("describe", "ggd:serr-brugge").stdout
    lines = out.splitlines()
    person = "  ggd:tine-decuypere (Tine Decuypere): coordinator"
    assert lines[lines.index("members:") + 1] == person
    assert "membership" not in out


def test_describe_ambiguous_text_lists_candidates_on_stderr(gg) -> None:
    proc = gg("describe", "Brugge", code=2)
    assert proc.stdout == ""
    message = error_line(proc)
    assert "ggd:resoc-brugge (RESOC Brugge)" in message
    assert "ggd:serr-brugge (SERR Brugge)" in message


def test_describe_an_unknown_iri_suggests_close_ones(gg) -> None:
    message = error_line(gg("describe", "ggd:resoc-bruges", code=2))
    assert message == "nothing is known about ggd:resoc-bruges; did you mean ggd:resoc-brugge?"


# --------------------------------------------------------------------------- small things


def test_synth_says_when_it_wrote_the_minimum(gg, tmp_path: Path) -> None:
    target = tmp_path / "g.nt"
    proc = gg("synth", "--triples", "10", "-o", target)
    written = sum(1 for _ in target.open())
    assert written == 206
    assert proc.stderr.startswith(f"{target}: 206 triples (the minimum; 10 asked for) in ")
    more = gg("synth", "--triples", "1k", "-o", target)
    assert "minimum" not in more.stderr


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("SELECT ?x WHERE { ?x ?y }", "1:25: syntax error at '}'"),
        ("SELECT ?x WHERE {\n  ?x ?y ?z . FILTER(?x = ) }", "2:26: syntax error at ')'"),
        ("SELECT ?x WHERE { ?x ?y ?z } LIMT 3", "1:30: syntax error at 'LIMT'"),
    ],
)
def test_a_sparql_syntax_error_points_at_the_offending_column(
    gg, engine: str, text: str, where: str
) -> None:
    message = error_line(gg("query", "-e", text, "--engine", engine, code=2))
    assert message.startswith(f"<-e>:{where}"), message
