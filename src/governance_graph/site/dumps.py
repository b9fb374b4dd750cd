"""The downloadable dumps of the graph, and their SHA-256 checksums.

``dumps/`` holds the asserted graph (ontology + data) and the inferred graph (OWL 2 RL
closure) in Turtle and gzipped N-Triples, the asserted graph as TriG with one named graph per
source document and as JSON-LD (with the published ``context.jsonld`` inline), and the ontology
and the SHACL shapes on their own; ``dumps/SHA256SUMS`` lists every file's checksum. Persons'
e-mail addresses are left out unless the site is built with them (:class:`SiteGraph`). Every
dump is written by :func:`governance_graph.writers.serialize`, so the same graph gives the same
bytes (and checksums) on every build and engine.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS

from governance_graph.namespaces import GGG, bind_prefixes

from ..interpretations import INTERPRETATIONS_GRAPH, interpretation_triples
from .context import SiteGraph
from .rdf_files import serialize

__all__ = ["DIR", "Dump", "source_graph_iri", "trig_dataset", "write_dumps"]

DIR = "dumps"
ONTOLOGY_GRAPH = GGG["ontology"]
UNCITED_GRAPH = GGG["source/uncited"]


@dataclass(frozen=True)
class Dump:
    """One dump file: ``file`` relative to the site root, what it is, and its size/checksum."""

    file: str
    title_en: str
    title_nl: str
    media_type: str
    file_type: str  # EU file-type authority code
    size: int
    sha256: str
    compressed: bool = False


def source_graph_iri(document: URIRef) -> URIRef:
    """``ggg:source/<document name>``: the named graph of one source document's facts."""
    return GGG["source/" + str(document).rstrip("/").rsplit("/", 1)[-1]]


def trig_dataset(sg: SiteGraph) -> Dataset:
    """The asserted graph split by source document: each data triple goes to the graph of every
    document its subject cites (or, for uncited subjects, that the resources linking to it
    cite); ontology triples go to ``ggg:ontology``; the statements of the interpretations file
    to ``ggg:data/interpretations`` and to no document's graph; the rest to
    ``ggg:source/uncited``. The default graph says which document each named graph comes
    from."""
    ds = Dataset()
    bind_prefixes(ds)
    ontology = sg.ontology
    docs_cache: dict[object, set[URIRef]] = {}

    def docs(node: object) -> set[URIRef]:
        if node not in docs_cache:
            found = sg.documents_of(node)  # type: ignore[arg-type]
            if not found:
                for referrer in sg.graph.subjects(None, node):  # type: ignore[arg-type]
                    found |= sg.documents_of(referrer)
            docs_cache[node] = found
        return docs_cache[node]

    graphs: dict[URIRef, Graph] = {}

    def graph(name: URIRef) -> Graph:
        if name not in graphs:
            graphs[name] = ds.graph(name)
        return graphs[name]

    apart = interpretation_triples(sg.kg.sources)
    for triple in sg.graph:
        if triple in ontology:
            graph(ONTOLOGY_GRAPH).add(triple)
            continue
        if triple in apart:
            graph(INTERPRETATIONS_GRAPH).add(triple)
            continue
        targets = docs(triple[0])
        if not targets:
            graph(UNCITED_GRAPH).add(triple)
        for doc in targets:
            graph(source_graph_iri(doc)).add(triple)
            ds.add((source_graph_iri(doc), DCTERMS.source, doc))
    return ds


def _gzip(text: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as f:
        f.write(text.encode("utf-8"))
    return buffer.getvalue()


def write_dumps(sg: SiteGraph, out: Path) -> list[Dump]:
    """Write every dump under ``out/dumps`` and ``SHA256SUMS``; return their descriptions."""
    folder = out / DIR
    folder.mkdir(parents=True, exist_ok=True)
    shapes = bind_prefixes(Graph())
    for path in sg.kg.shapes:
        if Path(path).is_file():
            shapes.parse(path, format="turtle")
    specs: list[tuple[str, str, str, str, str, bytes, bool]] = []

    def add(
        name: str, en: str, nl: str, media: str, ftype: str, data: bytes, gz: bool = False
    ) -> None:
        specs.append((name, en, nl, media, ftype, data, gz))

    asserted = sg.graph
    add(
        "governance-graph.ttl",
        "Asserted graph (ontology and data), Turtle",
        "Geassereerde graaf (ontologie en data), Turtle",
        "text/turtle",
        "RDF_TURTLE",
        serialize(asserted, "ttl").encode(),
    )
    add(
        "governance-graph.nt.gz",
        "Asserted graph (ontology and data), N-Triples, gzipped",
        "Geassereerde graaf (ontologie en data), N-Triples, gzip",
        "application/n-triples",
        "RDF_N_TRIPLES",
        _gzip(serialize(asserted, "nt")),
        True,
    )
    add(
        "governance-graph.trig",
        "Asserted graph, TriG, one named graph per source document",
        "Geassereerde graaf, TriG, één benoemde graaf per brondocument",
        "application/trig",
        "RDF_TRIG",
        serialize(trig_dataset(sg), "trig").encode(),
    )
    add(
        "governance-graph.jsonld",
        "Asserted graph (ontology and data), JSON-LD",
        "Geassereerde graaf (ontologie en data), JSON-LD",
        "application/ld+json",
        "JSON_LD",
        serialize(asserted, "jsonld").encode(),
    )
    inferred = sg.closure
    add(
        "governance-graph-inferred.ttl",
        "Inferred graph (OWL 2 RL closure), Turtle",
        "Afgeleide graaf (OWL 2 RL-afsluiting), Turtle",
        "text/turtle",
        "RDF_TURTLE",
        serialize(inferred, "ttl").encode(),
    )
    add(
        "governance-graph-inferred.nt.gz",
        "Inferred graph (OWL 2 RL closure), N-Triples, gzipped",
        "Afgeleide graaf (OWL 2 RL-afsluiting), N-Triples, gzip",
        "application/n-triples",
        "RDF_N_TRIPLES",
        _gzip(serialize(inferred, "nt")),
        True,
    )
    add(
        "ontology.ttl",
        "Ontology alone, Turtle",
        "Enkel de ontologie, Turtle",
        "text/turtle",
        "RDF_TURTLE",
        serialize(sg.ontology, "ttl").encode(),
    )
    add(
        "shapes.ttl",
        "SHACL shapes alone, Turtle",
        "Enkel de SHACL-vormen, Turtle",
        "text/turtle",
        "RDF_TURTLE",
        serialize(shapes, "ttl").encode(),
    )
    dumps = []
    sums = []
    for name, en, nl, media, ftype, data, gz in specs:
        (folder / name).write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        sums.append(f"{digest}  {name}\n")
        dumps.append(Dump(f"{DIR}/{name}", en, nl, media, ftype, len(data), digest, gz))
    (folder / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")
    return dumps
