"""The tools the peer benchmark compares, and how each one runs in its own child process.

    python benchmarks/peer_tasks.py TOOL DATA.nt OUT

A child loads its inputs, times the one call that does the work (the closure, or the SHACL
validation), notes its peak RSS right after it, then writes what it found: ``OUT.json``
(seconds, peak RSS, counts) and, for a reasoner, ``OUT.nt`` (the closure, one triple a line,
every blank node written ``_:b``: tools name blank nodes differently), for a validator
``OUT.results.json`` (one ``[focus, path, component, severity]`` per result, see
:func:`result_key`). ``peers.py`` starts the children and compares what they wrote.

The inputs are the same for every tool: for reasoning the ontology (``ontology/*.ttl`` but the
shapes) and the data; for SHACL the same asserted graph ``check`` validates (ontology + data,
not the closure: on a closure ``sh:class`` can never fail) and ``ontology/shapes.ttl``. Only
``reasonable`` gets a different ontology: see :data:`WORKAROUND`.
"""

from __future__ import annotations

import json
import os
import re
import resource
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

#: The axiom left out of the ontology given to ``reasonable`` (0.4): its inverse-functional
#: rule concludes ``owl:sameAs`` between every two subjects of the property, whatever their
#: values, so with it every body would be the same as every other.
WORKAROUND = (
    "<https://w3id.org/governance-graph/ontology#hasChair>",
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    "<http://www.w3.org/2002/07/owl#InverseFunctionalProperty>",
)

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Tool:
    """One tool: ``stage`` is ``reason`` or ``validate``; ``module`` tells whether it is
    installed, ``pip`` how to install it; ``ours`` marks this project's own engine."""

    name: str
    stage: str
    module: str
    pip: str
    note: str = ""
    ours: bool = False


TOOLS = (
    Tool("ours", "reason", "pyoxigraph", "pyoxigraph", ours=True),
    Tool(
        "reasonable",
        "reason",
        "reasonable",
        "reasonable",
        "given the ontology without gg:hasChair a owl:InverseFunctionalProperty",
    ),
    Tool("owlrl-turbo", "reason", "owlrl_turbo", "owlrl-turbo"),
    Tool("owlrl", "reason", "owlrl", "owlrl", "the reference engine's reasoner"),
    Tool("ours", "validate", "pyoxigraph", "pyoxigraph", ours=True),
    Tool("pyrudof", "validate", "pyrudof", "pyrudof"),
    Tool("pyshacl-turbo", "validate", "pyshacl_turbo", "pyshacl-turbo"),
    Tool("pyshacl", "validate", "pyshacl", "pyshacl", "the reference engine's validator"),
)


def task_name(tool: Tool) -> str:
    """The name a child is started with: ``ours-reason``, ``pyrudof``…"""
    return f"ours-{tool.stage}" if tool.ours else tool.name


def peak_rss() -> int:
    """This process's peak resident set so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def ontology_files() -> list[Path]:
    from governance_graph import paths

    return paths.ontology_files()


def shapes_file() -> Path:
    from governance_graph import paths

    return paths.shapes_file()


# ----------------------------------------------------------------------------- reasoners


def reason_ours(data: Path) -> tuple[Callable[[], object], Callable[[object], Iterable]]:
    from governance_graph.api import load

    kg = load(data=[data], engine="oxigraph")
    kg.engine.parse()
    return kg.engine.materialize, lambda _: kg.engine.reason()


def reason_reasonable(data: Path) -> tuple[Callable[[], object], Callable[[object], Iterable]]:
    import tempfile

    import reasonable
    from rdflib import Graph

    ontology = Graph()
    for f in ontology_files():
        ontology.parse(f)
    dropped = [t for t in ontology if tuple(x.n3() for x in t) == WORKAROUND]
    for triple in dropped:
        ontology.remove(triple)
    folder = Path(tempfile.mkdtemp(prefix="gg-peer-"))
    ontology.serialize(folder / "ontology.ttl", format="turtle")
    (folder / "data.ttl").symlink_to(data.resolve())  # N-Triples is Turtle; it reads .ttl only
    reasoner = reasonable.PyReasoner()
    reasoner.load_file(str(folder / "ontology.ttl"))
    reasoner.load_file(str(folder / "data.ttl"))
    return reasoner.reason, lambda out: out  # type: ignore[return-value]


def reason_owlrl_turbo(data: Path) -> tuple[Callable[[], object], Callable[[object], Iterable]]:
    from owlrl_turbo import expand
    from rdflib_turbo import Dataset

    dataset = Dataset()
    for f in ontology_files():
        dataset.parse(str(f), format="turtle")
    dataset.parse(str(data), format="nt")
    return lambda: expand(dataset, inference="owlrl"), lambda out: out.to_rdflib()  # type: ignore[attr-defined]


def reason_owlrl(data: Path) -> tuple[Callable[[], object], Callable[[object], Iterable]]:
    from owlrl import DeductiveClosure, OWLRL_Semantics
    from rdflib import Graph

    graph = Graph()
    for f in ontology_files():
        graph.parse(f)
    graph.parse(data, format="nt")

    def run() -> Graph:
        DeductiveClosure(OWLRL_Semantics, axiomatic_triples=False).expand(graph)
        return graph

    return run, lambda out: out  # type: ignore[return-value]


def triples_of(found: Iterable) -> Iterable[tuple]:
    """Triples from a Graph, a Dataset (every quad) or a list of triples."""
    from rdflib import Dataset

    if isinstance(found, Dataset):
        return (q[:3] for q in found.quads((None, None, None, None)))
    return found


def line(triple: tuple) -> str:
    from rdflib import BNode

    return " ".join("_:b" if isinstance(t, BNode) else t.n3() for t in triple)


# ----------------------------------------------------------------------------- validators


def asserted_graph(data: Path):  # type: ignore[no-untyped-def]
    from rdflib import Graph

    graph = Graph()
    for f in ontology_files():
        graph.parse(f)
    graph.parse(data, format="nt")
    return graph


def validate_ours(data: Path) -> tuple[Callable[[], object], Callable[[object], Iterable]]:
    from governance_graph.api import load

    kg = load(data=[data], engine="oxigraph")
    kg.engine.parse()
    keys = lambda report: [  # noqa: E731
        result_key(r.focus_node.n3(), r.path, str(r.constraint_component), str(r.severity))
        for r in report.results
    ]
    return kg.validate, keys


def validate_pyrudof(data: Path) -> tuple[Callable[[], object], Callable[[object], Iterable]]:
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    for f in ontology_files():
        rudof.read_data(str(f), pyrudof.RDFFormat.Turtle)
    rudof.read_data(str(data), pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(str(shapes_file()), pyrudof.ShaclFormat.Turtle)

    def term(text: str) -> str:
        return f"<{text}>" if re.match(r"^[a-z][a-z0-9+.-]*:", text) else text

    def keys(report) -> list:  # type: ignore[no-untyped-def]
        out = []
        for e in report.violations:
            path = e.path
            simple = path and re.match(r"^<?([a-z][a-z0-9+.-]*:[^\s<>^|()*+?!]*)>?$", path)
            if simple:
                from rdflib import URIRef

                from governance_graph.namespaces import compact

                path = compact(URIRef(simple.group(1)))
            severity = e.severity if ":" in e.severity else SH + e.severity
            out.append(result_key(term(e.focus_node), path, e.constraint_component, severity))
        return out

    return rudof.validate_shacl, keys


def _pyshacl_like(validate: Callable, data: Path):  # type: ignore[no-untyped-def]
    from rdflib import Graph

    graph = asserted_graph(data)
    shapes = Graph().parse(shapes_file())

    def run():  # type: ignore[no-untyped-def]
        return validate(
            graph,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_infos=False,
            allow_warnings=False,
            advanced=False,
        )[1]

    return run, report_keys


def validate_pyshacl_turbo(data: Path):  # type: ignore[no-untyped-def]
    import pyshacl_turbo

    return _pyshacl_like(pyshacl_turbo.validate, data)


def validate_pyshacl(data: Path):  # type: ignore[no-untyped-def]
    import logging

    import pyshacl

    logging.getLogger("pyshacl").setLevel(logging.ERROR)
    return _pyshacl_like(pyshacl.validate, data)


def report_keys(report) -> list:  # type: ignore[no-untyped-def]
    """The results of a SHACL report graph."""
    from rdflib import RDF, URIRef

    from governance_graph.validation_report import render_path

    sh = lambda local: URIRef(SH + local)  # noqa: E731
    out = []
    for r in report.subjects(RDF.type, sh("ValidationResult")):
        path = report.value(r, sh("resultPath"))
        out.append(
            result_key(
                report.value(r, sh("focusNode")).n3(),
                None if path is None else render_path(report, path),
                str(report.value(r, sh("sourceConstraintComponent"))),
                str(report.value(r, sh("resultSeverity"))),
            )
        )
    return out


def result_key(focus: str, path: str | None, component: str, severity: str) -> list:
    """What two reports are compared by: a simple path as written (``gg:hasSeat``), any other
    path as ``(complex)`` (tools render ``sh:alternativePath`` and inverse paths differently)."""
    if path is not None and re.search(r"[\s/^|()*+?!\[]", path):
        path = "(complex)"
    return [focus, path or "", component, severity]


RUNNERS = {
    "ours-reason": reason_ours,
    "reasonable": reason_reasonable,
    "owlrl-turbo": reason_owlrl_turbo,
    "owlrl": reason_owlrl,
    "ours-validate": validate_ours,
    "pyrudof": validate_pyrudof,
    "pyshacl-turbo": validate_pyshacl_turbo,
    "pyshacl": validate_pyshacl,
}


def main(argv: list[str]) -> int:
    name, data, out = argv[0], Path(argv[1]), Path(argv[2])
    os.environ["GOVERNANCE_GRAPH_NO_CACHE"] = "1"
    os.environ["GOVERNANCE_GRAPH_QUIET"] = "1"
    started = time.perf_counter()
    run, collect = RUNNERS[name](data)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    found = run()
    seconds = time.perf_counter() - started
    summary = {"load": loaded, "seconds": seconds, "peak_rss": peak_rss()}
    if name.endswith("-reason") or name in ("reasonable", "owlrl-turbo", "owlrl"):
        lines = {line(t) for t in triples_of(collect(found))}
        Path(f"{out}.nt").write_text("".join(sorted(x + "\n" for x in lines)))
        summary["closure"] = len(lines)
    else:
        keys = sorted(collect(found))
        Path(f"{out}.results.json").write_text(json.dumps(keys))
        summary["results"] = len(keys)
    Path(f"{out}.json").write_text(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
