"""The engine interface behind :class:`~governance_graph.api.KnowledgeGraph`, and its rdflib
implementation.

An engine loads the input files, reasons (OWL 2 RL), validates (SHACL) and answers SPARQL.
Engines are looked up by name so callers never name a class:

>>> from governance_graph.engine import get_engine
>>> get_engine("rdflib").name
'rdflib'
>>> get_engine("jena")
Traceback (most recent call last):
...
governance_graph.errors.EngineError: unknown engine 'jena'; choose one of: rdflib, oxigraph, auto

``"oxigraph"`` (:mod:`governance_graph.oxigraph_engine`) is imported only when asked for;
``"auto"`` picks it when pyoxigraph is installed (it is faster at every size measured by
``bench/run.py``, with the same answers), else ``"rdflib"``.

Queries are prepared by :mod:`governance_graph.sparql.prepare`: parsed under its lock,
parameters bound as terms, ``FROM``, ``FROM NAMED`` and ``SERVICE`` refused before evaluation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from rdflib import Dataset, Graph
from rdflib.term import Node

from . import reasoning
from .errors import EngineError, QueryError, ValidationError
from .loading import Source, load_dataset
from .sparql.prepare import bind_values, prepare_query
from .validation import ValidationReport, load_shapes, validate

if TYPE_CHECKING:
    from rdflib.query import Result

__all__ = [
    "Engine",
    "RdflibEngine",
    "engine_names",
    "get_engine",
    "prepare_query",
    "register_engine",
]


@runtime_checkable
class Engine(Protocol):
    """What :class:`~governance_graph.api.KnowledgeGraph` needs from a triple store."""

    name: ClassVar[str]

    def load(self, sources: Sequence[Source]) -> None:
        """Take the input files (ontology + data); parsing may be deferred until needed."""

    def reason(self) -> Graph:
        """The OWL 2 RL closure of all loaded files (raises ``InconsistencyError``)."""

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
    ) -> Result:
        """Run a SPARQL query over the closure (``reasoning``) or the asserted dataset.

        ``SERVICE`` is refused unless its endpoint is in ``allow_services``
        (:func:`governance_graph.federation.check_services`)."""

    def dataset(self, *, inferred: bool = False) -> Graph:
        """The asserted ``Dataset`` (one named graph per file), or the closure ``Graph``."""


class RdflibEngine:
    """Reference engine: rdflib in memory, owlrl for reasoning, pyshacl for validation.

    Files are parsed lazily: a query with ``reasoning=True`` on a warm closure cache reads the
    files' bytes (for the cache key) but neither parses them nor imports owlrl or pyshacl.
    """

    name: ClassVar[str] = "rdflib"

    def __init__(self) -> None:
        self._sources: list[Source] = []
        self._asserted: Dataset | None = None
        self._lock = threading.Lock()

    def load(self, sources: Sequence[Source]) -> None:
        with self._lock:
            self._sources = list(sources)
            self._asserted = None

    def dataset(self, *, inferred: bool = False) -> Graph:
        if inferred:
            return self.reason()
        with self._lock:
            if self._asserted is None:
                self._asserted = load_dataset(self._sources)
            return self._asserted

    def reason(self) -> Graph:
        return reasoning.closure(self._sources, lambda: self.dataset(inferred=False))

    def validate(self, shapes_files: Sequence[Path], *, inferred: bool = False) -> ValidationReport:
        missing = [str(p) for p in shapes_files if not Path(p).is_file()]
        if missing:
            raise ValidationError(f"no shapes file: {', '.join(missing)}")
        if not shapes_files:
            raise ValidationError("no shapes files given")
        return validate(self.dataset(inferred=inferred), load_shapes(shapes_files))

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        reasoning: bool = True,
        source: str = "<query>",
        allow_services: Collection[str] = (),
    ) -> Result:
        prepared = prepare_query(
            bind_values(text, bindings or {}), source=source, allow_services=allow_services
        )
        graph = self.dataset(inferred=reasoning)
        try:
            result = graph.query(prepared)
            if result.type == "SELECT":
                _ = result.bindings  # rdflib evaluates lazily: surface errors here, as QueryError
        except RecursionError:
            raise QueryError(f"{source}: query too deeply nested to evaluate") from None
        except Exception as err:
            raise QueryError(f"{source}: evaluation failed: {type(err).__name__}: {err}") from err
        return result


def _oxigraph() -> Engine:
    try:
        from .oxigraph_engine import OxigraphEngine
    except ImportError as err:  # pragma: no cover - pyoxigraph is a dependency
        raise EngineError(f"engine 'oxigraph' needs pyoxigraph: {err}") from None
    return OxigraphEngine()


def resolve_engine_name(name: str) -> str:
    """``"auto"`` -> the engine it picks (``"oxigraph"`` when pyoxigraph is installed, else
    ``"rdflib"``); a known name as it is; an unknown one raises :class:`EngineError`."""
    if name not in _ENGINES:
        raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(engine_names())}")
    if name != "auto":
        return name
    from importlib.util import find_spec

    return "oxigraph" if find_spec("pyoxigraph") is not None else "rdflib"


def _auto() -> Engine:
    return _ENGINES[resolve_engine_name("auto")]()


_ENGINES: dict[str, Callable[[], Engine]] = {
    "rdflib": RdflibEngine,
    "oxigraph": _oxigraph,
    "auto": _auto,
}


def register_engine(name: str, factory: Callable[[], Engine]) -> None:
    """Make ``factory`` available as ``get_engine(name)`` (e.g. an Oxigraph engine)."""
    _ENGINES[name] = factory


def engine_names() -> list[str]:
    """The names ``get_engine`` accepts: the reference ``rdflib`` first, in registration order."""
    return list(_ENGINES)


def get_engine(name: str) -> Engine:
    """A new engine called ``name``; ``EngineError`` naming the valid choices otherwise."""
    return _ENGINES[resolve_engine_name(name)]()
