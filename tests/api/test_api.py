"""The public API: gg.load(), KnowledgeGraph, and a cheap package import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

import governance_graph as gg
from governance_graph.catalogue import parse_query
from governance_graph.errors import LoadError, QueryError, ValidationError
from governance_graph.namespaces import GGG
from governance_graph.params import ParameterError

EX = "https://example.org/tiny#"
PREFIX = f"PREFIX ex: <{EX}>\n"


def test_package_import_is_cheap() -> None:
    code = (
        "import sys, governance_graph as gg; gg.__all__; "
        "print(sorted(m for m in ('rdflib', 'owlrl', 'pyshacl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve() -> None:
    for name in gg.__all__:
        assert getattr(gg, name) is not None
    with pytest.raises(AttributeError):
        gg.no_such_name  # noqa: B018


def test_load_bundled(tiny_bundle: Path) -> None:
    kg = gg.load()
    assert isinstance(kg.asserted, Dataset)
    assert GGG["data/bodies"] in {g.identifier for g in kg.asserted.graphs()}
    assert isinstance(kg.closure(), Graph)
    assert "1 ontology + 2 data files" in repr(kg)


def test_load_with_other_data(tiny_bundle: Path, core: Path) -> None:
    kg = gg.load(data=[core / "data" / "people.ttl"])
    assert {g.identifier for g in kg.asserted.graphs() if len(g)} == {
        GGG["ontology/tiny"],
        GGG["data/people"],
    }


def test_load_missing_data_file(tiny_bundle: Path, tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        gg.load(data=[tmp_path / "missing.ttl"])


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_broken_file_fails_at_load_naming_the_path_as_given(
    tiny_bundle: Path, core: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    monkeypatch.chdir(core / "data")
    with pytest.raises(LoadError) as relative:
        gg.load(data=["../bad/syntax.ttl"], engine=engine)
    # The missing '.' after line 4 is noticed where the next statement starts.
    assert str(relative.value).startswith("../bad/syntax.ttl:5:1: "), relative.value
    absolute = core / "bad" / "syntax.ttl"
    with pytest.raises(LoadError) as given:
        gg.load(data=[absolute], engine=engine)
    assert str(given.value).startswith(f"{absolute}:5:1: "), given.value


def test_a_missing_file_is_named_as_given(
    tiny_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    with pytest.raises(LoadError) as info:
        gg.load(data=["./sub/../missing.ttl"])
    assert str(info.value) == "./sub/../missing.ttl: no such file"


def test_an_empty_folder_is_an_error_not_an_empty_graph(tiny_bundle: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not Turtle\n")
    with pytest.raises(LoadError) as info:
        gg.load(data=[tmp_path])
    assert str(info.value) == f"{tmp_path}: folder has no *.ttl files"


def test_a_folder_names_its_files_as_given(
    tiny_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ok.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    (folder / "z-bad.ttl").write_text("<urn:a> <urn:b> .\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError, match=r"^\./d/z-bad\.ttl:1:"):
        gg.load(data=["./d"])


def test_inconsistency_surfaces_from_closure(tiny_bundle: Path, core: Path) -> None:
    kg = gg.load(data=[core / "data", core / "bad" / "disjoint.ttl"])
    with pytest.raises(gg.InconsistencyError, match="Disjoint classes"):
        kg.closure()
    assert kg.query("ASK { ?s ?p ?o }", reasoning=False).askAnswer is True


def test_validate_uses_bundled_shapes(tiny_bundle: Path) -> None:
    report = gg.load().validate()
    assert isinstance(report, gg.ValidationReport)
    assert not report.conforms
    assert gg.load().validate(inferred=True).passes(allow_warnings=True)  # 2 warnings remain


def test_validate_without_shapes_file(tiny_bundle: Path, tmp_path: Path) -> None:
    kg = gg.load(shapes=[tmp_path / "shapes.ttl"])
    with pytest.raises(ValidationError, match="no shapes file"):
        kg.validate()


def test_query_text_with_typed_params(tiny_bundle: Path) -> None:
    kg = gg.load()
    q = PREFIX + "SELECT ?code WHERE { ?_body_iri ex:code ?code }"
    rows = list(kg.query(q, params={"body_iri": EX + "council-a"}))
    assert [r.code for r in rows] == [Literal("A")]


def test_query_stored_query_with_default(tiny_bundle: Path) -> None:
    text = (
        "#+ summary: Label of a body\n"
        "#+ defaults:\n"
        f"#+   - body_iri: {EX}council-b\n"
        + PREFIX
        + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?label WHERE { ?_body_iri rdfs:label ?label }\n"
    )
    stored = parse_query(text, name="label")
    kg = gg.load()
    assert [r.label for r in kg.query(stored)] == [Literal("Council B", lang="en")]
    rows = kg.query(stored, {"body_iri": EX + "council-a"})
    assert {r.label for r in rows} == {
        Literal("Council A", lang="en"),
        Literal("Raad A", lang="nl"),
    }


def test_query_raw_bindings(tiny_bundle: Path) -> None:
    kg = gg.load()
    q = PREFIX + "SELECT ?body WHERE { ?body ex:chairedBy ?chair }"
    rows = list(kg.query(q, bindings={"chair": URIRef(EX + "bob")}))
    assert [r.body for r in rows] == [URIRef(EX + "council-b")]


def test_unknown_param_is_a_query_error(tiny_bundle: Path) -> None:
    with pytest.raises(QueryError):
        gg.load().query("SELECT * { ?s ?p ?o }", params={"nope": "x"})


def test_unknown_engine() -> None:
    with pytest.raises(gg.EngineError, match="choose one of"):
        gg.load(engine="nope")


# --------------------------------------------------------------------------- lang


def _label_query() -> str:
    return (
        "#+ summary: Label of a body\n"
        + PREFIX
        + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?body ?label WHERE { ?body rdfs:label ?label }\n"
    )


def test_query_lang_keeps_one_language_per_row(tiny_bundle: Path) -> None:
    kg = gg.load()
    every = {(str(r.body), str(r.label)) for r in kg.query(_label_query())}
    assert (EX + "council-a", "Raad A") in every and (EX + "council-a", "Council A") in every
    nl = sorted((str(r.body), str(r.label)) for r in kg.query(_label_query(), lang="nl"))
    # council-b has only an English label: kept, as --lang does.
    assert nl == [(EX + "council-a", "Raad A"), (EX + "council-b", "Council B")]
    assert len(list(kg.query(_label_query(), lang="all"))) == len(every)


@pytest.mark.parametrize("lang", ["fr", "english", ""])
def test_query_refuses_an_unsupported_language(tiny_bundle: Path, lang: str) -> None:
    from governance_graph.query_output import LanguageError

    with pytest.raises(LanguageError) as info:
        gg.load().query(_label_query(), lang=lang)
    assert str(info.value) == (f"unsupported language {lang!r} (lang); choose one of: en, nl, all")


def test_readme_coordinator_example_prints_each_row_once() -> None:
    """README: kg.query(coordinators, params={"scope_iri": "ggd:region-leuven"}, lang="en").

    The source profile names Cil Cuypers as coordinator of RESOC Leuven and Lode Van Loock as
    coordinator of SERR Vlaams-Brabant, each with an e-mail address."""
    from governance_graph.catalogue import Catalogue

    kg = gg.load()
    coordinators = Catalogue.bundled().get("coordinators")
    rows = [
        (str(r.name), str(r.email), str(r.body_name))
        for r in kg.query(coordinators, params={"scope_iri": "ggd:region-leuven"}, lang="en")
    ]
    assert rows == [
        ("Cil Cuypers", "cil.cuypers@vlaamsbrabant.be", "RESOC Leuven"),
        ("Lode Van Loock", "lode.vanloock@vdab.be", "SERR Vlaams-Brabant"),
    ]


# --------------------------------------------------------------------------- IRI parameters


def _body_query() -> str:
    return PREFIX + "SELECT ?code WHERE { ?_body_iri ex:code ?code }"


def test_an_iri_parameter_naming_nothing_is_an_error_with_a_suggestion(tiny_bundle: Path) -> None:
    kg = gg.load()
    with pytest.raises(ParameterError) as info:
        kg.query(_body_query(), params={"body_iri": EX + "councel-a"})
    assert str(info.value) == (
        f"parameter 'body_iri': {EX}councel-a names no resource of the graph; "
        f"did you mean {EX}council-a?"
    )
    with pytest.raises(ParameterError, match=r"names no resource of the graph$"):
        kg.query(_body_query(), params={"body_iri": "urn:nothing:like:it"})


def test_an_iri_parameter_may_be_a_label_naming_one_resource(tiny_bundle: Path) -> None:
    kg = gg.load()
    for given in ("Raad A", "council a", "  Council   A "):
        assert [r.code for r in kg.query(_body_query(), params={"body_iri": given})] == [
            Literal("A")
        ]


def test_an_ambiguous_or_unknown_label_parameter_is_an_error(tiny_bundle: Path) -> None:
    kg = gg.load()
    with pytest.raises(ParameterError) as info:
        kg.query(_body_query(), params={"body_iri": "Council"})
    assert str(info.value) == (
        f"parameter 'body_iri': 'Council' names 2 resources: {EX}council-a (Council A), "
        f"{EX}council-b (Council B); give one of their IRIs"
    )
    with pytest.raises(ParameterError) as unknown:
        kg.query(_body_query(), params={"body_iri": "Council Q"})
    assert str(unknown.value) == (
        "parameter 'body_iri': no resource has the label, name or IRI 'Council Q'; "
        "did you mean 'Council A' or 'Council B'?"
    )


def test_export_from_python(tiny_bundle: Path) -> None:
    from governance_graph.exporting import ExportError

    kg = gg.load()
    asserted = {(s, p, o) for s, p, o, _ in kg.asserted.quads()}
    assert set(Graph().parse(data=kg.export(), format="turtle")) == asserted
    dataset = Dataset()
    dataset.parse(data=kg.export("nq", inferred=True), format="nquads")
    inferred = set(dataset.graph(GGG["inferred"]))
    assert inferred and inferred == set(kg.closure()) - asserted
    with pytest.raises(ExportError, match="--profile writes one graph: use ttl, nt, jsonld, xml"):
        kg.export("trig", profile="oslo")
    with pytest.raises(ExportError, match="unknown export format 'rdf'"):
        kg.export("rdf")
