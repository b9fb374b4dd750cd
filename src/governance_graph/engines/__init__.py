"""The engines behind :class:`~governance_graph.api.KnowledgeGraph`: the :class:`Engine` interface
and the registry, the one place engine names are spelled and resolved.

An engine loads the input files, reasons (OWL 2 RL), validates (SHACL) and answers SPARQL, and
serves the dataset of ``governance-graph serve``. Engines are looked up by name so that no
caller names a class or compares names:

>>> from governance_graph.engines import get_engine
>>> get_engine("rdflib").name
'rdflib'
>>> get_engine("jena")
Traceback (most recent call last):
...
governance_graph.errors.EngineError: unknown engine 'jena'; choose one of: rdflib, oxigraph, auto

* ``"rdflib"`` (:mod:`.rdflib`): the reference, rdflib + owlrl + pyshacl;
* ``"oxigraph"`` (:mod:`.oxigraph`): a pyoxigraph store, the ontology compiled into rules
  (:mod:`.oxigraph_rules`), the fast SHACL validator (:mod:`.oxigraph_shacl`); same answers,
  imported only when asked for;
* ``"auto"``: oxigraph when pyoxigraph is installed (it is faster at every size measured by
  ``benchmarks/check_speed.py``), else rdflib.

A third engine subclasses :class:`Engine` (the abstract methods, and the capabilities whose
defaults do not fit it) and is added with :func:`register_engine`. Queries reach every engine
prepared the same way (:mod:`governance_graph.sparql.prepare`): parameters bound as terms,
``FROM``/``SERVICE`` refused before evaluation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..errors import EngineError

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.query import Result
    from rdflib.term import Node

    from ..loading import Source
    from ..validation_report import ValidationReport
    from .served import DatasetSummary, ServedStore

__all__ = [
    "DEFAULT_ENGINE",
    "REFERENCE_ENGINE",
    "Engine",
    "Progress",
    "QueryRequest",
    "engine_class",
    "engine_help",
    "engine_names",
    "get_engine",
    "names_a_particular_engine",
    "register_engine",
    "resolve_engine_name",
]

#: Called with a short text per step of a long stage (``check`` shows it).
Progress = Callable[[str], None]


@dataclass(frozen=True)
class QueryRequest:
    """One query as an engine evaluates it: ``text`` with its parameters already bound.

    ``reasoning``: over the closure (one default graph, no named graphs) or the asserted
    dataset (the union as default graph, one named graph per file). ``allow_services``: the
    endpoints a ``SERVICE`` may call. ``graphs``: other graphs beside ours for this query only,
    each in its own named graph (``query --with``). ``source`` names the query in messages.
    """

    text: str
    reasoning: bool = True
    source: str = "<query>"
    allow_services: tuple[str, ...] = ()
    graphs: Mapping[URIRef, Graph] = field(default_factory=dict)


class Engine(ABC):
    """What :class:`~governance_graph.api.KnowledgeGraph`, the commands and the server need from
    a triple store: the pipeline (:meth:`load`, :meth:`reason`, :meth:`validate`,
    :meth:`query`, :meth:`dataset`) and the capabilities callers ask for instead of testing
    for them (on-disk store, parsing now, materialising, sizes, progress, the served dataset).
    """

    name: ClassVar[str]
    #: whether :meth:`use_store_dir` can keep the store on disk (``--store-dir``)
    on_disk: ClassVar[bool] = False
    #: whether :meth:`count` may run in several threads at once on a materialised store, each
    #: query evaluated without Python's lock (``check`` then runs the stored queries side by side)
    concurrent_count: ClassVar[bool] = False
    #: whether :meth:`validate` (of the asserted graph) may run in a thread while
    #: :meth:`materialize` runs in another, once :meth:`prepare_validation` has returned
    #: (``check`` then validates beside the closure)
    validates_while_reasoning: ClassVar[bool] = False

    def __init__(self) -> None:
        #: called with a short text per step, when set (``check``'s progress display)
        self.progress: Progress | None = None
        #: timings (seconds) and counts of the last load / reasoning, for ``check`` and the bench
        self.stats: dict[str, float | int | str] = {}

    # ------------------------------------------------------------------ the pipeline

    @abstractmethod
    def load(self, sources: Sequence[Source]) -> None:
        """Take the input files (ontology + data); parsing may be deferred until needed."""

    @abstractmethod
    def sources(self) -> Sequence[Source]:
        """The input files :meth:`load` took."""

    @abstractmethod
    def dataset(self, *, inferred: bool = False) -> Graph:
        """The asserted ``Dataset`` (one named graph per file), or the closure ``Graph``."""

    @abstractmethod
    def reason(self) -> Graph:
        """The OWL 2 RL closure of all loaded files (raises ``InconsistencyError``)."""

    @abstractmethod
    def validate(self, shapes_files: Sequence[Path], *, inferred: bool = False) -> ValidationReport:
        """SHACL-validate the asserted graph, or the closure when ``inferred``."""

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        reasoning: bool = True,
        source: str = "<query>",
        allow_services: Collection[str] = (),
        graphs: Mapping[URIRef, Graph] | None = None,
    ) -> Result:
        """Run a SPARQL query over the closure (``reasoning``) or the asserted dataset.

        ``bindings`` (variable name -> rdflib term) are bound in a ``VALUES`` block at the start
        of the ``WHERE`` group. ``SERVICE`` is refused unless its endpoint is in
        ``allow_services`` (:func:`governance_graph.sparql.prepare.check_services`). ``graphs``
        (name -> rdflib ``Graph``) are added beside ours for this query only, each in its own
        named graph. See :class:`QueryRequest`.
        """
        from ..sparql.prepare import bind_values

        request = QueryRequest(
            bind_values(text, bindings or {}),
            reasoning=reasoning,
            source=source,
            allow_services=tuple(allow_services),
            graphs=dict(graphs or {}),
        )
        return self.evaluate(request)

    @abstractmethod
    def evaluate(self, request: QueryRequest) -> Result:
        """Evaluate a query whose parameters are bound (:meth:`query` does the binding)."""

    def count(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        reasoning: bool = True,
        source: str = "<query>",
    ) -> int:
        """How many solutions :meth:`query` gives (1 for ASK and graph answers), for ``check``;
        an engine that can counts without building the rows."""
        result = self.query(text, bindings=bindings, reasoning=reasoning, source=source)
        return len(result.bindings) if result.type == "SELECT" else 1

    # ------------------------------------------------------------------ capabilities

    def use_store_dir(self, path: Path) -> None:
        """Keep the engine's store on disk in ``path`` (reused for the same inputs); an engine
        without an on-disk store (:attr:`on_disk` false) refuses."""
        raise EngineError(f"engine {self.name!r} has no on-disk store (--store-dir)")

    def parse(self) -> None:
        """Parse the files now, into the store every later step reuses."""
        self.dataset(inferred=False)

    def prepare_validation(self) -> None:
        """Do now what :meth:`validate` needs of the store before it can run beside
        :meth:`materialize` (nothing, unless the engine says it validates while reasoning)."""
        return None

    def validate_beside_reasoning(self, shapes_files: Sequence[Path]) -> ValidationReport:
        """:meth:`validate` the asserted graph in a thread while :meth:`materialize` runs in
        another (an engine that validates while reasoning leaves it a core)."""
        return self.validate(shapes_files)

    def materialize(self) -> object:
        """Compute the closure now, in the engine's own store (from a cache when possible)."""
        return self.reason()

    def asserted_size(self) -> int:
        """How many triples were asserted."""
        return len(self.dataset(inferred=False))

    def closure_size(self) -> int:
        """How many triples the closure holds."""
        return len(self.reason())

    def write_served_dataset(self, path: Path) -> DatasetSummary:
        """Write the dataset ``serve`` answers from (:mod:`governance_graph.engines.served`) to
        ``path`` as N-Quads."""
        from ..interpretations import interpretation_triples
        from .served import write_served_dataset

        return write_served_dataset(self.reason(), path, interpretation_triples(self.sources()))

    @classmethod
    def open_served(cls, nquads: Path) -> ServedStore:
        """A store of this engine, in memory, holding the served dataset written to ``nquads``
        (what one query worker of ``serve`` answers from)."""
        from .rdflib import RdflibServedStore

        return RdflibServedStore(nquads)

    def _tell(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)


# ------------------------------------------------------------------------------ registry


def _rdflib() -> Engine:
    from .rdflib import RdflibEngine

    return RdflibEngine()


def _oxigraph() -> Engine:
    try:
        from .oxigraph import OxigraphEngine
    except ImportError as err:  # pragma: no cover - pyoxigraph is a dependency
        raise EngineError(f"engine 'oxigraph' needs pyoxigraph: {err}") from None
    return OxigraphEngine()


def _auto() -> Engine:
    return _ENGINES[resolve_engine_name("auto")]()


#: The engine every other gives the same answers as.
REFERENCE_ENGINE = "rdflib"
#: What ``--engine`` is when not given.
DEFAULT_ENGINE = "auto"

_ENGINES: dict[str, Callable[[], Engine]] = {
    "rdflib": _rdflib,
    "oxigraph": _oxigraph,
    "auto": _auto,
}
#: What each name is, in a few words (``--engine``'s help).
_SUMMARIES: dict[str, str] = {
    "rdflib": "reference: rdflib + owlrl + pyshacl",
    "oxigraph": "pyoxigraph, compiled OWL 2 RL rules, fast SHACL; same answers",
    "auto": "oxigraph if installed",
}


def register_engine(name: str, factory: Callable[[], Engine], *, summary: str = "") -> None:
    """Make ``factory`` available as ``get_engine(name)``; ``summary`` says what it is in a few
    words, for ``--engine``'s help."""
    _ENGINES[name] = factory
    _SUMMARIES[name] = summary


def engine_names(*, auto: bool = True) -> list[str]:
    """The names ``get_engine`` accepts: the reference ``rdflib`` first, in registration order;
    ``auto`` included unless ``auto=False`` (the engines themselves).

    >>> engine_names(), engine_names(auto=False)
    (['rdflib', 'oxigraph', 'auto'], ['rdflib', 'oxigraph'])
    """
    return [name for name in _ENGINES if auto or name != "auto"]


def engine_help() -> str:
    """What ``--engine`` offers, from the registry: each engine with its summary, then ``auto``.

    >>> print(engine_help().replace(" or ", "\\nor ").replace("; auto", ";\\nauto"))
    rdflib (reference: rdflib + owlrl + pyshacl)
    or oxigraph (pyoxigraph, compiled OWL 2 RL rules, fast SHACL; same answers);
    auto: oxigraph if installed.
    """
    shown = [
        f"{name} ({_SUMMARIES[name]})" if _SUMMARIES.get(name) else name
        for name in engine_names(auto=False)
    ]
    listed = " or ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)
    return f"{listed}; auto: {_SUMMARIES['auto']}."


def names_a_particular_engine(name: str) -> bool:
    """Whether choosing ``name`` asks for one engine's way of computing the answers rather than
    for the answers themselves: any name but the default (``auto``) and the reference engine.
    A query answered by a SPARQL endpoint (``query --endpoint``) refuses such a choice.

    >>> [name for name in engine_names() if names_a_particular_engine(name)]
    ['oxigraph']
    """
    return name not in (DEFAULT_ENGINE, REFERENCE_ENGINE)


def resolve_engine_name(name: str) -> str:
    """``"auto"`` -> the engine it picks (``"oxigraph"`` when pyoxigraph is installed, else
    ``"rdflib"``); a known name as it is; an unknown one raises :class:`EngineError`."""
    if name not in _ENGINES:
        raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(engine_names())}")
    if name != "auto":
        return name
    from importlib.util import find_spec

    return "oxigraph" if find_spec("pyoxigraph") is not None else "rdflib"


def get_engine(name: str) -> Engine:
    """A new engine called ``name``; ``EngineError`` naming the valid choices otherwise."""
    return _ENGINES[resolve_engine_name(name)]()


def engine_class(name: str) -> type[Engine]:
    """The class of the engine called ``name`` (for :meth:`Engine.open_served` in a worker)."""
    return type(get_engine(name))
