"""The fast engine (``"oxigraph"``): a pyoxigraph store, the ontology compiled into rules, SPARQL
and SHACL in Rust.

Chosen by ``"auto"`` when pyoxigraph is installed. Same interface and same answers as the
reference engine (:mod:`.rdflib`); what differs is the cost (see ``benchmarks/check_speed.py``).
The store and its layout (the asserted union as default graph, the inferences in
``ggg:inferred``, the files' named graphs on demand, the closure cache, the on-disk store) are
:mod:`.oxigraph_store`'s; ``reasoning=True`` queries run on the default graph +
``ggg:inferred`` as one default graph with no named graphs, like the rdflib engine's closure.
A warm ``query`` imports neither owlrl nor pyshacl nor rdflib's SPARQL engine.

Literals: the store keeps typed literals in canonical form with primitive datatypes
(``"2"^^xsd:positiveInteger`` comes back as ``"2"^^xsd:integer``). The bundled data and
``synth`` use only terms the store keeps, so answers and closures are the same terms as the
rdflib engine's (docs/design.md, "Datatypes"). ``asserted``/``dataset()`` are parsed by rdflib
from the files' bytes, so they keep the literals exactly as written.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pyoxigraph as ox

from ..errors import QueryError, QuerySyntaxError
from ..loading import Source
from . import Engine, QueryRequest
from .oxigraph_materialize import INFERRED
from .oxigraph_store import OxigraphStore
from .oxigraph_terms import to_ox, to_rdflib, to_result

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.query import Result
    from rdflib.term import Node

    from ..validation_report import ValidationReport
    from .served import DatasetSummary, ServedStore

__all__ = ["INFERRED", "OxigraphEngine", "sparql11_group_concat", "to_ox", "to_rdflib"]

log = logging.getLogger(__name__)

_DG = ox.DefaultGraph()


class OxigraphEngine(Engine):
    """pyoxigraph store + compiled OWL 2 RL rules + (fast or pyshacl) SHACL.

    ``store_dir`` puts the store on disk (for graphs larger than memory); a store that already
    holds the same inputs is reused.
    """

    name: ClassVar[str] = "oxigraph"
    on_disk: ClassVar[bool] = True
    # pyoxigraph lets go of the GIL while it evaluates; the store is only read once materialised.
    concurrent_count: ClassVar[bool] = True
    # SHACL reads only the asserted default graph; the closure writes only ggg:inferred, and
    # the store gives each query a snapshot.
    validates_while_reasoning: ClassVar[bool] = True

    def __init__(self, store_dir: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        self._store = OxigraphStore(
            Path(store_dir) if store_dir is not None else None, tell=self._tell, stats=self.stats
        )
        self._rdflib_closure: Graph | None = None
        self._rdflib_asserted: Any = None

    @property
    def store_dir(self) -> Path | None:
        """Where the store is kept on disk (``None``: in memory); set it with
        :meth:`use_store_dir`."""
        return self._store.store_dir

    @store_dir.setter
    def store_dir(self, path: Path) -> None:
        self.use_store_dir(path)

    # ------------------------------------------------------------------ the pipeline

    def sources(self) -> Sequence[Source]:
        return list(self._store.sources)

    def load(self, sources: Sequence[Source]) -> None:
        with self._store.lock:
            self._store.reset(sources)
            self._rdflib_closure = self._rdflib_asserted = None

    def dataset(self, *, inferred: bool = False) -> Graph:
        if inferred:
            return self.reason()
        with self._store.lock:
            if self._rdflib_asserted is None:
                from ..loading import load_dataset

                self._rdflib_asserted = load_dataset(self._store.sources)
            return self._rdflib_asserted  # type: ignore[no-any-return]

    def reason(self) -> Graph:
        """The closure as an rdflib ``Graph`` (converted once; costly for millions of triples)."""
        with self._store.lock:
            if self._rdflib_closure is None:
                from rdflib import Graph

                from ..namespaces import bind_prefixes

                store = self.materialize()
                graph = bind_prefixes(Graph())
                add = graph.add
                for graph_name in (_DG, INFERRED):
                    for quad in store.quads_for_pattern(None, None, None, graph_name):
                        add(
                            (
                                to_rdflib(quad.subject),
                                to_rdflib(quad.predicate),
                                to_rdflib(quad.object),
                            )
                        )
                self._rdflib_closure = graph
            return self._rdflib_closure

    def validate(self, shapes_files: Sequence[Path], *, inferred: bool = False) -> ValidationReport:
        from ..validation_report import check_shapes_files, load_shapes

        check_shapes_files(shapes_files)
        shapes = load_shapes(shapes_files)
        fast = _fast_validator()
        if fast is not None and not inferred:
            return fast(self._store.declared_datatypes(), shapes)  # type: ignore[no-any-return]
        why = "--inferred" if inferred else "the fast SHACL validator is not available"
        _say(f"oxigraph engine: validating with pyshacl ({why})")
        from .rdflib_shacl import validate

        return validate(self.dataset(inferred=inferred), shapes)

    def evaluate(self, request: QueryRequest) -> Result:
        if not request.graphs:
            return to_result(self._run(request))
        from ..sparql.prepare import refuse_remote_text

        refuse_remote_text(request.text, request.source, allow_services=request.allow_services)
        text = sparql11_group_concat(request.text)
        with self._store.lock:
            store = self.materialize() if request.reasoning else self.asserted_store()
            names = _add_graphs(store, request.graphs)
            try:
                solutions = self.solutions(
                    text, reasoning=request.reasoning, source=request.source, named=names
                )
                return to_result(solutions)
            finally:
                for name in names:
                    store.remove_graph(name)

    def count(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        reasoning: bool = True,
        source: str = "<query>",
    ) -> int:
        """The solutions counted as pyoxigraph gives them, none turned into rdflib terms."""
        from ..sparql.prepare import bind_values

        bound = unordered(bind_values(text, bindings or {}))
        wrapped = counting(bound)
        if wrapped is not None:
            try:
                solutions = self._run(QueryRequest(wrapped, reasoning=reasoning, source=source))
                return int(next(iter(solutions))["gg_count"].value)
            except QueryError:
                pass  # reported as the query is written, below
        solutions = self._run(QueryRequest(bound, reasoning=reasoning, source=source))
        return sum(1 for _ in solutions) if isinstance(solutions, ox.QuerySolutions) else 1

    def _run(self, request: QueryRequest) -> Any:
        """pyoxigraph's results of ``request`` (without ``graphs``), checked as every query is."""
        from ..sparql.prepare import refuse_remote_text

        refuse_remote_text(request.text, request.source, allow_services=request.allow_services)
        return self.solutions(
            sparql11_group_concat(request.text), reasoning=request.reasoning, source=request.source
        )

    # ------------------------------------------------------------------ capabilities

    def use_store_dir(self, path: Path) -> None:
        self._store.reset(store_dir=Path(path))

    def parse(self) -> None:
        self.asserted_store()

    def prepare_validation(self) -> None:
        self._store.declared_datatypes()

    def validate_beside_reasoning(self, shapes_files: Sequence[Path]) -> ValidationReport:
        # The closure is one thread of writes: SHACL takes the other cores, not its core.
        from .oxigraph_shacl.side_by_side import at_most

        with at_most(max(1, (os.cpu_count() or 1) - 1)):
            return self.validate(shapes_files)

    def materialize(self) -> ox.Store:
        """The store with the closure computed (or read from the cache); checked."""
        return self._store.materialize()

    def asserted_size(self) -> int:
        return self._store.asserted_size()

    def closure_size(self) -> int:
        return self._store.closure_size()

    def write_served_dataset(self, path: Path) -> DatasetSummary:
        from ..interpretations import interpretation_triples
        from .oxigraph_served import write_from_store

        interpretations = interpretation_triples(self._store.sources)
        return write_from_store(self.materialize(), path, interpretations)

    @classmethod
    def open_served(cls, nquads: Path) -> ServedStore:
        from .oxigraph_served import OxigraphServedStore

        return OxigraphServedStore(nquads)

    # ------------------------------------------------------------------ store access

    def asserted_store(self) -> ox.Store:
        """The store with the files parsed (their union as default graph)."""
        return self._store.asserted()

    def solutions(
        self,
        text: str,
        *,
        reasoning: bool = True,
        source: str = "<query>",
        named: Sequence[ox.NamedNode] = (),
    ) -> Any:
        """Run SPARQL on the store and return pyoxigraph's own results (no conversion);
        ``named``: more named graphs of the store for this query."""
        if reasoning:
            store = self.materialize()
            options: dict[str, Any] = {"default_graph": [_DG, INFERRED], "named_graphs": [*named]}
        else:
            if re.search(r"\bGRAPH\b", text, re.IGNORECASE):
                store = self._store.with_named_graphs()
            else:
                store = self.asserted_store()
            options = {"default_graph": _DG, "named_graphs": [*self._store.graph_names(), *named]}
        try:
            return store.query(text, **options)
        except SyntaxError as err:
            # Report it as the reference engine does (file:line:col and the offending token):
            # rdflib's parser raises QuerySyntaxError here; only if it accepts the text is
            # Oxigraph's own message used.
            from ..sparql.prepare import prepare_query

            prepare_query(text, source=source)
            raise QuerySyntaxError(_query_syntax(source, err)) from None
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"{source}: evaluation failed: {type(err).__name__}: {err}") from err


def _add_graphs(store: ox.Store, graphs: Mapping[URIRef, Graph]) -> list[ox.NamedNode]:
    """Put each of ``graphs`` into its own named graph of ``store``; their names."""
    names = []
    for name, graph in graphs.items():
        target = ox.NamedNode(str(name))
        bnodes: dict = {}
        store.extend(
            ox.Quad(_ox_term(s, bnodes), _ox_term(p, bnodes), _ox_term(o, bnodes), target)
            for s, p, o in graph
        )
        names.append(target)
    return names


def _ox_term(term: Any, bnodes: dict) -> Any:
    from rdflib import BNode

    if isinstance(term, BNode):  # a fresh store blank node: rdflib's labels may not be valid
        if term not in bnodes:
            bnodes[term] = ox.BlankNode()
        return bnodes[term]
    return to_ox(term)


def _fast_validator() -> Any:
    try:
        from .oxigraph_shacl import validate_store
    except ImportError:
        return None
    return validate_store


def _say(message: str) -> None:
    log.info(message)
    if os.environ.get("GOVERNANCE_GRAPH_QUIET", "") in ("", "0"):
        print(f"governance-graph: {message}", file=sys.stderr)


_OX_QUERY_POS = re.compile(r"error at (\d+):(\d+)")


def _query_syntax(source: str, err: SyntaxError) -> str:
    message = " ".join(str(err).split())
    found = _OX_QUERY_POS.search(message)
    if found:
        rest = message[found.end() :].lstrip(": ")
        return f"{source}:{found.group(1)}:{found.group(2)}: syntax error ({rest})"
    return f"{source}: syntax error ({message})"


_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_NOT_ORDER = re.compile(r"\b(LIMIT|OFFSET|VALUES)\b|[#\"'{}<]", re.IGNORECASE)


def unordered(text: str) -> str:
    """``text`` without its final ``ORDER BY`` when nothing else follows the query's group but
    ``GROUP BY``/``HAVING``/``ORDER BY`` (no ``LIMIT``, ``OFFSET``, ``VALUES``, comment, string or
    IRI): the same solutions, as many, only not sorted, which is all a count needs (sorting
    was a third of the time of the largest stored queries at 1M). Anything else is returned as
    it is.

    >>> unordered("SELECT ?s { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?s) ?p")
    'SELECT ?s { ?s ?p ?o } GROUP BY ?s '
    >>> unordered("SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 3")
    'SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 3'
    >>> unordered("SELECT ?s { ?s ?p ?o } # ORDER BY ?s")
    'SELECT ?s { ?s ?p ?o } # ORDER BY ?s'
    """
    end = text.rfind("}") + 1
    tail = text[end:]
    found = _ORDER_BY.search(tail)
    if end == 0 or found is None or _NOT_ORDER.search(tail):
        return text
    return text[: end + found.start()]


def counting(text: str) -> str | None:
    """The ``SELECT`` query ``text`` as a query of how many solutions it has, counted by the
    store (``?gg_count``: no row reaches Python), or None for another form or ``REDUCED``
    (whose count the store may choose). The query becomes a sub-select, its prologue kept.

    >>> print(counting("PREFIX ex: <urn:> SELECT DISTINCT ?s { ?s ex:p ?o } # last"))
    PREFIX ex: <urn:> SELECT (COUNT(*) AS ?gg_count) { { SELECT DISTINCT ?s { ?s ex:p ?o } # last
    } }
    >>> counting("ASK { ?s ?p ?o }") is None
    True
    """
    from ..query_scan import tokens

    words = [t for t in tokens(text) if t[0] == "word"]
    form = next((t for t in words if t[1] in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")), None)
    if form is None or form[1] != "SELECT" or any(t[1] == "REDUCED" for t in words):
        return None
    at = form[2]
    return f"{text[:at]}SELECT (COUNT(*) AS ?gg_count) {{ {{ {text[at:]}\n}} }}"


_GROUP_CONCAT = re.compile(r"(GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?)([?$]\w+)", re.IGNORECASE)


def sparql11_group_concat(text: str) -> str:
    """``GROUP_CONCAT(?x …)`` → ``GROUP_CONCAT(STR(?x) …)``: a plain string, as SPARQL 1.1 says.

    Oxigraph keeps the language tag the values share ("a b"@en), so ``STRLANG(GROUP_CONCAT(…),
    ?lang)`` fails on it while it works on rdflib.

    >>> sparql11_group_concat('SELECT (GROUP_CONCAT(DISTINCT ?l; separator=" / ") AS ?x) {}')
    'SELECT (GROUP_CONCAT(DISTINCT STR(?l); separator=" / ") AS ?x) {}'
    """
    return _GROUP_CONCAT.sub(lambda m: f"{m.group(1)}STR({m.group(2)})", text)
