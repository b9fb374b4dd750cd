"""The fast engine: a pyoxigraph store, the ontology compiled into rules, SPARQL in Rust.

Registered as ``"oxigraph"`` (and chosen by ``"auto"`` when pyoxigraph is installed). Same
interface and same answers as :class:`~governance_graph.engine.RdflibEngine`; what differs is
the cost (see ``bench/run.py``).

Layout of the store (in memory, or on disk with ``store_dir``):

* the **default graph**: the asserted union of all files, without duplicates (what SHACL
  validates, and what ``reasoning=False`` queries see as their default graph);
* ``ggg:inferred``: every OWL 2 RL inference (:mod:`governance_graph.rules`) that is not
  asserted. ``reasoning=True`` queries run on the default graph + ``ggg:inferred`` (disjoint, so
  no duplicates) as one default graph with no named graphs, like the rdflib engine's closure;
* one named graph per input file, ``ggg:<role>/<stem>``, parsed only when a ``reasoning=False``
  query needs them (``GRAPH ?g``).

The inferences are cached on disk as N-Triples (``closure-<key>.oxigraph.nt`` beside the rdflib
pickles, same key), which pyoxigraph parses in milliseconds for the bundled graph: a warm
``query`` imports neither owlrl nor pyshacl nor rdflib's SPARQL engine. An on-disk store
remembers which inputs it holds (``governance-graph-store.json``) and is reused as is.

Literals: the store keeps typed literals in canonical form with primitive datatypes
(``"2"^^xsd:positiveInteger`` comes back as ``"2"^^xsd:integer``). The bundled data and
``synth`` use only terms the store keeps, so answers and closures are the same terms as the
rdflib engine's (docs/design.md, "Datatypes"). ``asserted``/``dataset()`` are parsed by rdflib
from the files' bytes, so they keep the literals exactly as written.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pyoxigraph as ox

from . import rules as _rules
from .errors import InconsistencyError, LoadError, QueryError, QuerySyntaxError, ValidationError
from .loading import Source

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

    from .validation import ValidationReport

__all__ = ["INFERRED", "OxigraphEngine", "to_ox", "to_rdflib"]

log = logging.getLogger(__name__)

INFERRED = _rules.INFERRED
_DG = ox.DefaultGraph()
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: Bump when the store layout or the rules change, to invalidate cached closures and stores.
STORE_FORMAT = "3"
_MARKER = "governance-graph-store.json"
#: Closures larger than this are not written to the disk cache (the store itself is the cache).
_CACHE_LIMIT_BYTES = 256 * 1024 * 1024

Progress = Callable[[str], None]


class OxigraphEngine:
    """pyoxigraph store + compiled OWL 2 RL rules + (fast or pyshacl) SHACL.

    ``store_dir`` puts the store on disk (for graphs larger than memory); a store that already
    holds the same inputs is reused. ``progress`` is called with a short text per step.
    """

    name: ClassVar[str] = "oxigraph"

    def __init__(self, store_dir: str | os.PathLike[str] | None = None) -> None:
        self.store_dir = Path(store_dir) if store_dir is not None else None
        self._sources: list[Source] = []
        self._store: ox.Store | None = None
        self._has_asserted = False
        self._has_named = False
        self._has_closure = False
        self._declared = False
        self._rdflib_closure: Graph | None = None
        self._rdflib_asserted: Any = None
        self._lock = threading.RLock()
        self.progress: Progress | None = None
        #: timings (seconds) and counts of the last load / reasoning, for ``check`` and the bench
        self.stats: dict[str, float | int | str] = {}

    # ------------------------------------------------------------------ Engine interface

    def load(self, sources: Sequence[Source]) -> None:
        with self._lock:
            self._sources = list(sources)
            self._store = None
            self._has_asserted = self._has_named = self._has_closure = self._declared = False
            self._rdflib_closure = self._rdflib_asserted = None

    def dataset(self, *, inferred: bool = False) -> Graph:
        if inferred:
            return self.reason()
        with self._lock:
            if self._rdflib_asserted is None:
                from .loading import load_dataset

                self._rdflib_asserted = load_dataset(self._sources)
            return self._rdflib_asserted  # type: ignore[no-any-return]

    def reason(self) -> Graph:
        """The closure as an rdflib ``Graph`` (converted once; costly for millions of triples)."""
        with self._lock:
            if self._rdflib_closure is None:
                from rdflib import Graph

                from .namespaces import bind_prefixes

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
        from .validation import load_shapes, validate

        missing = [str(p) for p in shapes_files if not Path(p).is_file()]
        if missing:
            raise ValidationError(f"no shapes file: {', '.join(missing)}")
        if not shapes_files:
            raise ValidationError("no shapes files given")
        shapes = load_shapes(shapes_files)
        fast = _fast_validator()
        if fast is not None and not inferred:
            store = self.asserted_store()
            with self._lock:
                if not self._declared:
                    for source in self._sources:
                        fmt = (
                            ox.RdfFormat.N_TRIPLES
                            if source.path.suffix == ".nt"
                            else ox.RdfFormat.TURTLE
                        )
                        _declare_datatypes(store, source.content, fmt, str(source.graph_iri))
                    self._declared = True
            return fast(store, shapes)  # type: ignore[no-any-return]
        why = "--inferred" if inferred else "governance_graph.shacl is not available"
        _say(f"oxigraph engine: validating with pyshacl ({why})")
        return validate(self.dataset(inferred=inferred), shapes)

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        reasoning: bool = True,
        source: str = "<query>",
        allow_services: Sequence[str] = (),
    ) -> Result:
        from .sparql.prepare import bind_values, refuse_remote_text

        full = bind_values(text, bindings or {})
        refuse_remote_text(full, source, allow_services=allow_services)
        return to_result(
            self.solutions(sparql11_group_concat(full), reasoning=reasoning, source=source)
        )

    # ------------------------------------------------------------------ store access

    def solutions(self, text: str, *, reasoning: bool = True, source: str = "<query>") -> Any:
        """Run SPARQL on the store and return pyoxigraph's own results (no conversion)."""
        if reasoning:
            store = self.materialize()
            options: dict[str, Any] = {"default_graph": [_DG, INFERRED], "named_graphs": []}
        else:
            store = self.asserted_store()
            if not self._has_named and re.search(r"\bGRAPH\b", text, re.IGNORECASE):
                self._load_named(store)
            options = {"default_graph": _DG, "named_graphs": self._graph_names()}
        try:
            return store.query(text, **options)
        except SyntaxError as err:
            # Report it as the reference engine does (file:line:col and the offending token):
            # rdflib's parser raises QuerySyntaxError here; only if it accepts the text is
            # Oxigraph's own message used.
            from .sparql.prepare import prepare_query

            prepare_query(text, source=source)
            raise QuerySyntaxError(_query_syntax(source, err)) from None
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"{source}: evaluation failed: {type(err).__name__}: {err}") from err

    def asserted_store(self) -> ox.Store:
        """The store with the files parsed (named graphs + their union as default graph)."""
        with self._lock:
            store = self._open()
            if not self._has_asserted:
                self._load_asserted(store)
            return store

    def materialize(self) -> ox.Store:
        """The store with ``ggg:closure`` computed (or read from the cache); checked."""
        with self._lock:
            store = self._open()
            if self._has_closure:
                return store
            started = time.perf_counter()
            cached = self._read_cache()
            if cached is not None:
                self.asserted_store()
                self._tell("reading cached closure")
                store.load(cached, format=ox.RdfFormat.N_TRIPLES, to_graph=INFERRED)
                self.stats["closure_cache"] = "hit"
            else:
                self._reason(self.asserted_store())
                self.stats["closure_cache"] = "miss"
            self._has_closure = True
            self._write_marker()
            self.stats["closure_seconds"] = time.perf_counter() - started
            return store

    def closure_size(self) -> int:
        store = self.materialize()
        return _rules.count_triples(store, _DG) + _rules.count_triples(store, INFERRED)

    def asserted_size(self) -> int:
        return _rules.count_triples(self.asserted_store(), _DG)

    # ------------------------------------------------------------------ internals

    def _tell(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def _graph_names(self) -> list[ox.NamedNode]:
        return [ox.NamedNode(str(s.graph_iri)) for s in self._sources]

    def _open(self) -> ox.Store:
        if self._store is not None:
            return self._store
        if self.store_dir is None:
            self._store = ox.Store()
            return self._store
        self.store_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._store = ox.Store(str(self.store_dir))
        except OSError as err:
            raise LoadError(f"{self.store_dir}: cannot open the store: {err}") from None
        marker = self._read_marker()
        if marker.get("key") == self._key():
            self._has_asserted = bool(marker.get("asserted"))
            self._has_named = bool(marker.get("named"))
            self._has_closure = bool(marker.get("closure"))
            if self._has_closure:
                self.stats["closure_cache"] = "store"
        else:
            self._store.clear()
        return self._store

    def _key(self) -> str:
        from .reasoning import cache_key

        return f"{cache_key(self._sources)}-{STORE_FORMAT}-{ox.__version__}"

    def _load_asserted(self, store: ox.Store) -> None:
        """Parse every file into the default graph (their union, without duplicates)."""
        started = time.perf_counter()
        self._parse_all(store, named=False)
        self._has_asserted = True
        self.stats["load_seconds"] = time.perf_counter() - started
        self._write_marker()

    def _load_named(self, store: ox.Store) -> None:
        """Parse every file again, each into its own named graph (for ``GRAPH ?g``)."""
        self._parse_all(store, named=True)
        self._has_named = True
        self._write_marker()

    def _parse_all(self, store: ox.Store, *, named: bool) -> None:
        seen: dict[str, Source] = {}
        for source in self._sources:
            iri = str(source.graph_iri)
            if iri in seen:
                raise LoadError(
                    f"{source.name}: same named graph <{iri}> as {seen[iri].name} "
                    "(two files with one stem)"
                )
            seen[iri] = source
            self._tell(f"parsing {source.name}")
            fmt = ox.RdfFormat.N_TRIPLES if source.path.suffix == ".nt" else ox.RdfFormat.TURTLE
            content = (
                source.content[3:] if source.content[:3] == b"\xef\xbb\xbf" else source.content
            )
            loader = store.bulk_load if self.store_dir is not None else store.load
            try:
                loader(
                    content, format=fmt, base_iri=iri, to_graph=ox.NamedNode(iri) if named else _DG
                )
            except SyntaxError as err:
                # The same message as the reference engine (loading.py's file:line:col); only
                # if rdflib reads the file is Oxigraph's own message used.
                from .loading import load_dataset

                load_dataset([source])
                raise LoadError(_load_syntax(source.name, err)) from None
            except UnicodeDecodeError as err:
                raise LoadError(f"{source.name}: not UTF-8 ({err.reason})") from None

    def _reason(self, store: ox.Store) -> None:
        started = time.perf_counter()
        self._tell("compiling the ontology")
        schema = _rules.extract_schema(store)
        rules = _rules.compile_rules(schema)
        self.stats["compile_seconds"] = time.perf_counter() - started
        from .datatype_axioms import writes_typed_strings

        typed_strings = writes_typed_strings(source.content for source in self._sources)
        stats = _rules.materialize(
            store, rules, INFERRED, progress=self.progress, typed_strings=typed_strings
        )
        self.stats.update(
            asserted=stats.asserted,
            closure=stats.closure,
            inferred=stats.inferred,
            rounds=stats.rounds,
            rules_seconds=stats.seconds,
        )
        if stats.problems:
            store.update(f"DROP SILENT GRAPH {INFERRED}")
            from .reasoning import _compact_iris

            raise InconsistencyError(
                [_compact_iris(p.message) for p in stats.problems],
                sorted({r for p in stats.problems for r in p.resources}),
            )
        self._write_cache(store)

    # -- closure cache (N-Triples) and on-disk store marker

    def _cache_file(self) -> Path | None:
        from .reasoning import _disk_enabled

        if not _disk_enabled() or self.store_dir is not None:
            return None
        from . import paths

        return paths.cache_dir() / f"closure-{self._key()}.oxigraph.nt"

    def _read_cache(self) -> bytes | None:
        path = self._cache_file()
        if path is None:
            return None
        try:
            data = path.read_bytes()
            os.utime(path)
        except OSError:
            return None
        return data if data.endswith(b"\n") or not data else None

    def _write_cache(self, store: ox.Store) -> None:
        path = self._cache_file()
        if path is None:
            return
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=INFERRED)
        if data is None or len(data) > _CACHE_LIMIT_BYTES:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".closure-", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _prune(path.parent, keep=path)
        except OSError as err:
            log.warning("cannot write closure cache %s: %s", path, err)

    def _read_marker(self) -> dict[str, Any]:
        assert self.store_dir is not None
        try:
            return json.loads((self.store_dir / _MARKER).read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return {}

    def _write_marker(self) -> None:
        if self.store_dir is None:
            return
        if self._store is not None:
            self._store.flush()
        marker = {
            "key": self._key(),
            "asserted": self._has_asserted,
            "named": self._has_named,
            "closure": self._has_closure,
        }
        (self.store_dir / _MARKER).write_text(json.dumps(marker), encoding="utf-8")


_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Local names of the xsd integer types Oxigraph stores as xsd:integer (a cheap first test).
_INTEGER_TYPES = tuple(n.encode() for n in ("Integer", "long", "int", "short", "byte", "unsigned"))


def _declare_datatypes(store: ox.Store, content: bytes, fmt: Any, base_iri: str) -> None:
    """Record the datatypes the store collapses into ``xsd:integer`` (``xsd:positiveInteger``…)
    in the SHACL validator's side graph, so ``sh:datatype`` sees what the file wrote.

    Only files that name such a datatype are read again, and of an N-Triples file only the
    lines that do.
    """
    if not any(name in content for name in _INTEGER_TYPES):
        return  # the common case: no import, no second read
    try:
        from .shacl import _COLLAPSED, declared_datatype_quads
    except ImportError:
        return
    locals_ = sorted({d.removeprefix(_XSD) for d in _COLLAPSED if d.startswith(_XSD)})
    if not locals_:
        return
    if fmt == ox.RdfFormat.N_TRIPLES:
        pattern = re.compile(
            rb"^[^\n]*\^\^<"
            + re.escape(_XSD.encode())
            + rb"(?:"
            + b"|".join(re.escape(n.encode()) for n in locals_)
            + rb")>[ \t]*\.[ \t]*\r?$",
            re.MULTILINE,
        )
        content = b"\n".join(pattern.findall(content)) + b"\n"
    quads = ox.parse(content, format=fmt, base_iri=base_iri)
    store.extend(declared_datatype_quads(quads))


def _prune(folder: Path, *, keep: Path, limit: int = 8) -> None:
    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    files = sorted(folder.glob("closure-*.oxigraph.nt"), key=mtime, reverse=True)
    for old in files[limit:]:
        if old != keep:
            old.unlink(missing_ok=True)


def _fast_validator() -> Callable[..., Any] | None:
    try:
        from .shacl import validate_store
    except ImportError:
        return None
    return validate_store  # type: ignore[no-any-return]


def _say(message: str) -> None:
    log.info(message)
    if os.environ.get("GOVERNANCE_GRAPH_QUIET", "") in ("", "0"):
        print(f"governance-graph: {message}", file=sys.stderr)


# ------------------------------------------------------------------------------ errors

_OX_QUERY_POS = re.compile(r"error at (\d+):(\d+)")
_OX_LOAD_POS = re.compile(r"line (\d+) between columns (\d+)")
_OX_LOAD_POS2 = re.compile(r"(?:at|on) line (\d+)(?:,? column (\d+))?")


def _query_syntax(source: str, err: SyntaxError) -> str:
    message = " ".join(str(err).split())
    found = _OX_QUERY_POS.search(message)
    if found:
        rest = message[found.end() :].lstrip(": ")
        return f"{source}:{found.group(1)}:{found.group(2)}: syntax error ({rest})"
    return f"{source}: syntax error ({message})"


def _load_syntax(name: str, err: SyntaxError) -> str:
    message = " ".join(str(err).split())
    found = _OX_LOAD_POS.search(message) or _OX_LOAD_POS2.search(message)
    if found:
        col = found.group(2) or "1"
        rest = message[found.end() :].lstrip(": ")
        return f"{name}:{found.group(1)}:{col}: {rest or message}"
    return f"{name}: {message}"


# ------------------------------------------------------------------------------ queries

_GROUP_CONCAT = re.compile(r"(GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?)([?$]\w+)", re.IGNORECASE)


def sparql11_group_concat(text: str) -> str:
    """``GROUP_CONCAT(?x …)`` → ``GROUP_CONCAT(STR(?x) …)``: a plain string, as SPARQL 1.1 says.

    Oxigraph keeps the language tag the values share ("a b"@en), so ``STRLANG(GROUP_CONCAT(…),
    ?lang)`` fails on it while it works on rdflib.

    >>> sparql11_group_concat('SELECT (GROUP_CONCAT(DISTINCT ?l; separator=" / ") AS ?x) {}')
    'SELECT (GROUP_CONCAT(DISTINCT STR(?l); separator=" / ") AS ?x) {}'
    """
    return _GROUP_CONCAT.sub(lambda m: f"{m.group(1)}STR({m.group(2)})", text)


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals become plain literals)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot convert {term!r}")


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def to_result(solutions: Any) -> Result:
    """pyoxigraph query results as an rdflib ``Result`` (what ``results.render`` takes)."""
    from rdflib.query import Result

    if isinstance(solutions, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(solutions)
        return result
    if isinstance(solutions, ox.QueryTriples):
        from rdflib import Graph

        from .namespaces import bind_prefixes

        result = Result("CONSTRUCT")
        graph = bind_prefixes(Graph())
        for t in solutions:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        result.graph = graph
        return result
    from rdflib.term import Variable

    result = Result("SELECT")
    names = [v.value for v in solutions.variables]
    result.vars = [Variable(n) for n in names]
    variables = list(zip(names, result.vars, strict=True))
    rows = []
    for solution in solutions:
        row = {}
        for name, var in variables:
            term = solution[name]
            if term is not None:
                row[var] = to_rdflib(term)
        rows.append(row)
    result.bindings = rows
    return result
