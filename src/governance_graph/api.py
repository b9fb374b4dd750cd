"""The Python API: :func:`load` a graph, then reason, validate and query it.

>>> import governance_graph as gg
>>> kg = gg.load()                                        # doctest: +SKIP
>>> kg.validate().conforms                                # doctest: +SKIP
True
>>> rows = kg.query("SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Post> }")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph
from rdflib.query import Result
from rdflib.term import Node

from . import paths
from .engines import REFERENCE_ENGINE, Engine, get_engine
from .loading import Source, bundled_sources
from .validation_report import ValidationReport

if TYPE_CHECKING:
    from .catalogue import StoredQuery

__all__ = ["KnowledgeGraph", "load"]

PathLike = str | os.PathLike[str]


def load(
    data: Iterable[PathLike] | None = None,
    *,
    engine: str = REFERENCE_ENGINE,
    shapes: Iterable[PathLike] | None = None,
    store_dir: PathLike | None = None,
    ontology: bool = True,
) -> KnowledgeGraph:
    """The bundled ontology with the bundled data, or with the ``data`` files instead.

    ``data`` may name folders (their ``*.ttl``; a folder without any is an error). ``shapes``
    replaces the bundled ``ontology/shapes.ttl``. ``ontology=False`` leaves the bundled
    ontology out: exactly the ``data`` files (``validate --no-ontology``). Every file is read
    and parsed now, into the engine's store where every later step reuses it, so a missing or
    broken one is a ``LoadError`` from ``load`` itself, naming the path as given. ``engine`` is
    ``"rdflib"`` (the reference), ``"oxigraph"`` or ``"auto"`` (oxigraph when installed);
    ``store_dir`` keeps the engine's store on disk (an engine without one refuses).
    """
    chosen = get_engine(engine)
    if store_dir is not None:
        chosen.use_store_dir(Path(store_dir))
    sources = bundled_sources(data)
    if not ontology:
        sources = [s for s in sources if s.role == "data"]
    shapes_files = [paths.shapes_file()] if shapes is None else [Path(p) for p in shapes]
    kg = KnowledgeGraph(sources, engine=chosen, shapes=shapes_files)
    kg.engine.parse()
    return kg


class KnowledgeGraph:
    """Ontology + data files behind an :class:`~governance_graph.engines.Engine`.

    Build one with :func:`load`, or directly from :class:`~governance_graph.loading.Source`
    objects for files outside the bundle.
    """

    def __init__(
        self, sources: Sequence[Source], *, engine: Engine, shapes: Sequence[Path] = ()
    ) -> None:
        self.sources = list(sources)
        self.shapes = list(shapes)
        self.engine = engine
        engine.load(self.sources)

    def __repr__(self) -> str:
        roles = {r: sum(s.role == r for s in self.sources) for r in ("ontology", "data")}
        return (
            f"<KnowledgeGraph {roles['ontology']} ontology + {roles['data']} data files, "
            f"engine={self.engine.name}>"
        )

    @property
    def asserted(self) -> Dataset:
        """The files as parsed: an rdflib ``Dataset`` with one named graph per file.

        The closure is keyed by the files' bytes: changes made to this Dataset do not reach it.
        """
        dataset = self.engine.dataset(inferred=False)
        assert isinstance(dataset, Dataset)
        return dataset

    def closure(self) -> Graph:
        """The OWL 2 RL closure of ontology + data (cached; raises ``InconsistencyError``).

        The graph is shared with the cache: copy it before changing it.
        """
        return self.engine.reason()

    def validate(self, *, inferred: bool = False) -> ValidationReport:
        """SHACL-validate the asserted graph (see :mod:`governance_graph.engines.rdflib_shacl`
        for why), or the closure when ``inferred``."""
        return self.engine.validate(self.shapes, inferred=inferred)

    def export(
        self, fmt: str = "ttl", *, inferred: bool = False, profile: str | None = None
    ) -> str:
        """The graph as ``fmt`` text (``ttl``, ``nt``, ``nq``, ``trig``, ``jsonld``, ``xml``),
        the same bytes on every engine: see :func:`governance_graph.exporting.export_text`."""
        from .exporting import export_text

        return export_text(self, fmt, inferred=inferred, profile=profile)

    def query(
        self,
        query: str | StoredQuery,
        params: Mapping[str, str] | None = None,
        *,
        reasoning: bool = True,
        bindings: Mapping[str, Node] | None = None,
        allow_services: Sequence[str] = (),
        lang: str | None = None,
    ) -> Result:
        """Run SPARQL text or a stored query, over the closure (``reasoning``) or the asserted data.

        ``params`` are raw strings keyed by parameter name (``{"body_iri": "ggd:vesoc"}`` for
        ``?_body_iri``), checked and converted by :func:`governance_graph.params.bind`, which
        also fills in defaults; SPARQL text gets the same treatment as a stored query. An IRI
        parameter must name a resource of the graph, and may be given by its label or part of
        its name (``{"body_iri": "RESOC Brugge"}``): see
        :func:`governance_graph.lookup.resolve_parameters`. ``bindings`` maps variable names to
        rdflib terms directly. Both are bound through a ``VALUES`` block at the start of the
        ``WHERE`` group. ``SERVICE`` is refused unless its endpoint is in ``allow_services``
        (see :mod:`governance_graph.sparql.prepare`). ``lang`` (``"en"``, ``"nl"``; ``None`` or
        ``"all"`` for every row) keeps, among SELECT rows that differ only in their text
        literals, those in that language, as ``query --lang`` does
        (:func:`governance_graph.query_output.select_language`).
        """
        from .catalogue import StoredQuery, parse_query
        from .params import bind
        from .query_output import check_language, select_language

        chosen = check_language(lang)
        stored = query if isinstance(query, StoredQuery) else parse_query(query, name="query")
        raw = dict(params or {})
        if raw:
            from .lookup import resolve_parameters

            raw = resolve_parameters(self, stored, raw, reasoning=reasoning)
        all_bindings: dict[str, Node] = dict(bind(stored, raw))
        all_bindings.update({k.lstrip("?$"): v for k, v in (bindings or {}).items()})
        source = stored.source if isinstance(query, StoredQuery) else "<query>"
        extra = {"allow_services": tuple(allow_services)} if allow_services else {}
        result = self.engine.query(
            stored.text, bindings=all_bindings, reasoning=reasoning, source=source, **extra
        )
        return select_language(result, chosen)
