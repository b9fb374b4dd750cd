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

Query parameters are bound by a SPARQL 1.1 ``VALUES`` block of escaped rdflib terms put at the
start of the query's ``WHERE`` group (:func:`governance_graph.params.insert_values`); a value is
never pasted into the query text.
Queries are parsed under a lock (rdflib's SPARQL parser is not thread-safe, rdflib#1282), and
``FROM``, ``FROM NAMED`` and ``SERVICE`` are refused before evaluation: rdflib would fetch them
over HTTP or from ``file:``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from rdflib import BNode, Dataset, Graph
from rdflib.term import Node

from . import reasoning
from .errors import EngineError, QueryError, QuerySyntaxError, ValidationError
from .loading import Source, load_dataset
from .namespaces import PREFIXES
from .rdflib_algebra import tune_algebra
from .validation import ValidationReport, load_shapes, validate

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query
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
            _with_values(text, bindings or {}), source=source, allow_services=allow_services
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


# ------------------------------------------------------------------------------ queries

_PARSE_LOCK = threading.Lock()
_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix\s*:\s*(\S+)")


def prepare_query(
    text: str, *, source: str = "<query>", allow_services: Collection[str] = ()
) -> Query:
    """Parse and translate a SPARQL query (under a lock), refusing FROM and SERVICE (except to
    the endpoints of ``allow_services``, see :mod:`governance_graph.federation`).

    Errors are one line: ``<source>:line:col: syntax error at 'token' (expected …)``.

    >>> prepare_query("SELECT ?x WHERE {\\n  ?x ?y\\n}", source="q.rq")
    Traceback (most recent call last):
    ...
    governance_graph.errors.QuerySyntaxError: q.rq:3:1: syntax error at '}'

    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import prepareQuery

    with _PARSE_LOCK:
        try:
            query = prepareQuery(text)
            tune_algebra(query.algebra)
        except ParseBaseException as err:
            from .sparql_errors import furthest_failure  # the offending token, not the rule start

            lineno, col, line = furthest_failure(text) or (err.lineno, err.col, err.line)
            token = _token(line, col)
            expected = _expected(err.msg) if (lineno, col) == (err.lineno, err.col) else ""
            raise QuerySyntaxError(
                f"{source}:{lineno}:{col}: syntax error at {token}{expected}"
            ) from None
        except RecursionError:
            raise QuerySyntaxError(f"{source}: query too deeply nested to parse") from None
        except Exception as err:  # rdflib raises plain Exception for an unknown prefix, …
            raise _translation_error(text, source, err) from err
    _refuse_remote(query, source, allow_services)
    return query


def _with_values(text: str, bindings: Mapping[str, Node]) -> str:
    if not bindings:
        return text
    from .params import insert_values

    for name, term in bindings.items():
        if isinstance(term, BNode):
            raise QueryError(f"parameter {name!r}: a blank node cannot be bound in VALUES")
    return insert_values(text, {name.lstrip("?$"): term for name, term in bindings.items()})


def _token(line: str, col: int) -> str:
    rest = line[col - 1 :].strip() if line else ""
    if not rest:
        return "end of line"
    token = _TOKEN.match(rest).group(0)  # type: ignore[union-attr]
    return repr(token if len(token) <= 24 else token[:23] + "…")


_TOKEN = re.compile(r"[^\s(){}\[\],;]+|.")
#: pyparsing's "Expected SelectQuery" only says the query as a whole did not parse.
_UNINFORMATIVE = {"Query", "SelectQuery", "ConstructQuery", "DescribeQuery", "AskQuery"}


def _expected(msg: str) -> str:
    msg = msg.strip()
    if msg.lower().startswith("expected "):
        what = msg[9:].strip()
        return "" if what in _UNINFORMATIVE else f" (expected {what})"
    return f" ({msg})" if msg else ""


def _translation_error(text: str, source: str, err: Exception) -> QuerySyntaxError:
    message = str(err).strip() or type(err).__name__
    found = _UNKNOWN_PREFIX.search(message)
    if found:
        prefix = found.group(1).rstrip(":")
        where = _locate(text, re.compile(rf"(?<![\w:<-]){re.escape(prefix)}:"))
        hint = f"; declare it: PREFIX {prefix}: <{PREFIXES[prefix]}>" if prefix in PREFIXES else ""
        return QuerySyntaxError(f"{source}{where}: unknown prefix '{prefix}:'{hint}")
    return QuerySyntaxError(f"{source}: {type(err).__name__}: {message}")


def _locate(text: str, pattern: re.Pattern[str]) -> str:
    """``:line:col`` of the first match of ``pattern`` outside comments, or ``""``."""
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0] if "<" not in line else line
        match = pattern.search(code)
        if match:
            return f":{number}:{match.start() + 1}"
    return ""


def _refuse_remote(query: Query, source: str, allow_services: Collection[str] = ()) -> None:
    algebra = query.algebra
    if algebra.get("datasetClause"):
        raise QueryError(
            f"{source}: FROM / FROM NAMED are not supported here (rdflib would fetch them); "
            "use GRAPH <…> over the loaded named graphs with reasoning off"
        )
    if _contains(algebra, "ServiceGraphPattern"):
        if not allow_services:
            raise QueryError(
                f"{source}: SERVICE is not allowed in local queries "
                "(allow its endpoint with --service-allow URL)"
            )
        from .federation import ServiceRefused, check_services

        try:
            check_services(algebra, allow_services)
        except ServiceRefused as err:
            raise ServiceRefused(f"{source}: {err}") from None


def _contains(node: object, name: str, depth: int = 0) -> bool:
    if depth > 200:
        return False
    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, dict):
        return any(_contains(v, name, depth + 1) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_contains(v, name, depth + 1) for v in node)
    return False
