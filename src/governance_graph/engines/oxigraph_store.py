"""The oxigraph engine's store: opened in memory or on disk, the files parsed into it, the
closure materialised in it, and what of that an on-disk store remembers.

Layout (in memory, or on disk with ``store_dir``):

* the **default graph**: the asserted union of all files, without duplicates (what SHACL
  validates, and what ``reasoning=False`` queries see as their default graph);
* ``ggg:inferred``: every OWL 2 RL inference (:mod:`.oxigraph_rules`,
  :mod:`.oxigraph_materialize`) that is not asserted. The closure is the default graph +
  ``ggg:inferred`` (disjoint, so no duplicates);
* one named graph per input file, ``ggg:<role>/<stem>``, parsed only when a ``reasoning=False``
  query needs them (``GRAPH ?g``).

The inferences are cached on disk as N-Triples (``closure-<key>.oxigraph.nt`` beside the rdflib
pickles, :mod:`.closure_cache`), which pyoxigraph parses in milliseconds for the bundled graph.
An on-disk store remembers which inputs it holds (``governance-graph-store.json``) and is
reused as is.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InconsistencyError, LoadError
from ..loading import Source
from . import closure_cache
from .oxigraph_materialize import INFERRED, count_triples, names_blank_nodes

__all__ = ["STORE_FORMAT", "OxigraphStore"]

_DG = ox.DefaultGraph()
#: Bump when the store layout or the rules change, to invalidate cached closures and stores.
STORE_FORMAT = "3"
_MARKER = "governance-graph-store.json"
#: Closures larger than this are not written to the disk cache (the store itself is the cache).
_CACHE_LIMIT_BYTES = 256 * 1024 * 1024


class OxigraphStore:
    """The pyoxigraph store of one engine over one set of input files.

    ``tell`` is called with a short text per step; ``stats`` receives timings and counts.
    Every method holds the (reentrant) ``lock``.
    """

    def __init__(
        self,
        store_dir: Path | None,
        *,
        tell: Callable[[str], None],
        stats: dict[str, float | int | str],
    ) -> None:
        self.store_dir = store_dir
        self.sources: list[Source] = []
        self.lock = threading.RLock()
        self._tell = tell
        self._stats = stats
        self._store: ox.Store | None = None
        self._has_asserted = self._has_named = self._has_closure = self._declared = False
        self._sizes: dict[str, int] = {}

    def reset(self, sources: Sequence[Source] | None = None, store_dir: Path | None = None) -> None:
        """Forget the store (and take other ``sources`` or another ``store_dir``)."""
        with self.lock:
            if sources is not None:
                self.sources = list(sources)
            if store_dir is not None:
                self.store_dir = store_dir
            self._store = None
            self._has_asserted = self._has_named = self._has_closure = self._declared = False
            self._sizes = {}

    # ------------------------------------------------------------------ what callers ask for

    def asserted(self) -> ox.Store:
        """The store with the files parsed (their union as default graph)."""
        with self.lock:
            store = self._open()
            if not self._has_asserted:
                started = time.perf_counter()
                self._parse_all(store, named=False)
                self._has_asserted = True
                self._stats["load_seconds"] = time.perf_counter() - started
                self._write_marker()
            return store

    def with_named_graphs(self) -> ox.Store:
        """:meth:`asserted`, and every file again in its own named graph (for ``GRAPH ?g``)."""
        with self.lock:
            store = self.asserted()
            if not self._has_named:
                self._parse_all(store, named=True)
                self._has_named = True
                self._write_marker()
            return store

    def graph_names(self) -> list[ox.NamedNode]:
        """The named graphs of the files."""
        return [ox.NamedNode(str(s.graph_iri)) for s in self.sources]

    def materialize(self) -> ox.Store:
        """The store with ``ggg:inferred`` computed (or read from the cache); checked."""
        with self.lock:
            store = self._open()
            if self._has_closure:
                return store
            started = time.perf_counter()
            cached = self._read_cache()
            if cached is not None:
                self.asserted()
                self._tell("reading cached closure")
                store.load(cached, format=ox.RdfFormat.N_TRIPLES, to_graph=INFERRED)
                self._stats["closure_cache"] = "hit"
            else:
                self._reason(self.asserted())
                self._stats["closure_cache"] = "miss"
            self._has_closure = True
            self._write_marker()
            self._stats["closure_seconds"] = time.perf_counter() - started
            return store

    def declared_datatypes(self) -> ox.Store:
        """:meth:`asserted`, with the datatypes the store collapses into ``xsd:integer``
        recorded for the fast SHACL validator (:func:`declare_datatypes`). Once recorded, no
        lock is taken: validation then runs beside a closure being computed."""
        store = self._store
        if self._declared and store is not None:
            return store
        with self.lock:
            store = self.asserted()
            if not self._declared:
                for source in self.sources:
                    declare_datatypes(store, source.content, _format(source), str(source.graph_iri))
                self._declared = True
            return store

    def asserted_size(self) -> int:
        """How many triples are asserted (as the reasoning counted them, if it ran)."""
        with self.lock:
            store = self.asserted()
            if "asserted" not in self._sizes:
                self._sizes["asserted"] = count_triples(store, _DG)
            return self._sizes["asserted"]

    def closure_size(self) -> int:
        """How many triples the closure holds (as the reasoning counted them, if it ran)."""
        with self.lock:
            store = self.materialize()
            if "closure" not in self._sizes:
                self._sizes["closure"] = self.asserted_size() + count_triples(store, INFERRED)
            return self._sizes["closure"]

    # ------------------------------------------------------------------ internals

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
                self._stats["closure_cache"] = "store"
        else:
            self._store.clear()
        return self._store

    def _key(self) -> str:
        return f"{closure_cache.cache_key(self.sources)}-{STORE_FORMAT}-{ox.__version__}"

    def _parse_all(self, store: ox.Store, *, named: bool) -> None:
        """Parse every file into the default graph (their union, without duplicates), or each
        into its own named graph."""
        seen: dict[str, Source] = {}
        for source in self.sources:
            iri = str(source.graph_iri)
            if iri in seen:
                raise LoadError(
                    f"{source.name}: same named graph <{iri}> as {seen[iri].name} "
                    "(two files with one stem)"
                )
            seen[iri] = source
            self._tell(f"parsing {source.name}")
            content = (
                source.content[3:] if source.content[:3] == b"\xef\xbb\xbf" else source.content
            )
            loader = store.bulk_load if self.store_dir is not None else store.load
            try:
                loader(
                    content,
                    format=_format(source),
                    base_iri=iri,
                    to_graph=ox.NamedNode(iri) if named else _DG,
                )
            except SyntaxError as err:
                # The same message as the reference engine (loading.py's file:line:col); only
                # if rdflib reads the file is Oxigraph's own message used.
                from ..loading import load_dataset

                load_dataset([source])
                raise LoadError(_load_syntax(source.name, err)) from None
            except UnicodeDecodeError as err:
                raise LoadError(f"{source.name}: not UTF-8 ({err.reason})") from None

    def _reason(self, store: ox.Store) -> None:
        from .inconsistencies import compact_iris
        from .oxigraph_datatypes import writes_typed_strings
        from .oxigraph_materialize import materialize
        from .oxigraph_rules import compile_rules, extract_schema

        started = time.perf_counter()
        self._tell("compiling the ontology")
        rules = compile_rules(extract_schema(store))
        self._stats["compile_seconds"] = time.perf_counter() - started
        typed = writes_typed_strings(source.content for source in self.sources)
        stats = materialize(
            store,
            rules,
            INFERRED,
            progress=self._tell,
            typed_strings=typed,
            bulk_dir=self.store_dir,
        )
        self._stats.update(
            asserted=stats.asserted,
            closure=stats.closure,
            inferred=stats.inferred,
            rounds=stats.rounds,
            rules_seconds=stats.seconds,
        )
        if stats.problems:
            store.update(f"DROP SILENT GRAPH {INFERRED}")
            raise InconsistencyError(
                [compact_iris(p.message) for p in stats.problems],
                sorted({r for p in stats.problems for r in p.resources}),
            )
        self._sizes.update(asserted=stats.asserted, closure=stats.closure)
        self._write_cache(store)

    # -- closure cache (N-Triples) and on-disk store marker

    def _cache_file(self) -> Path | None:
        if self.store_dir is not None:
            return None  # the store itself is the cache
        return closure_cache.cache_file(f"closure-{self._key()}.oxigraph.nt")

    def _read_cache(self) -> bytes | None:
        path = self._cache_file()
        data = closure_cache.read(path) if path is not None else None
        return data if data is not None and (data.endswith(b"\n") or not data) else None

    def _write_cache(self, store: ox.Store) -> None:
        path = self._cache_file()
        if path is None:
            return
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=INFERRED)
        # Not a closure that names blank nodes: the files' blank nodes get new labels each
        # time they are loaded, so the cached triples would be about blank nodes of no store.
        if data is None or len(data) > _CACHE_LIMIT_BYTES or names_blank_nodes(data):
            return
        closure_cache.write(path, data, prune_pattern="closure-*.oxigraph.nt")

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


def _format(source: Source) -> ox.RdfFormat:
    return ox.RdfFormat.N_TRIPLES if source.path.suffix == ".nt" else ox.RdfFormat.TURTLE


_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Local names of the xsd integer types Oxigraph stores as xsd:integer (a cheap first test).
_INTEGER_TYPES = tuple(n.encode() for n in ("Integer", "long", "int", "short", "byte", "unsigned"))


def declare_datatypes(store: ox.Store, content: bytes, fmt: Any, base_iri: str) -> None:
    """Record the datatypes the store collapses into ``xsd:integer`` (``xsd:positiveInteger``…)
    in the SHACL validator's side graph, so ``sh:datatype`` sees what the file wrote.

    Only files that name such a datatype are read again, and of an N-Triples file only the
    lines that do.
    """
    if not any(name in content for name in _INTEGER_TYPES):
        return  # the common case: no import, no second read
    try:
        from .oxigraph_shacl import COLLAPSED_DATATYPES, declared_datatype_quads
    except ImportError:
        return
    locals_ = sorted({d.removeprefix(_XSD) for d in COLLAPSED_DATATYPES if d.startswith(_XSD)})
    if not locals_:
        return
    if fmt == ox.RdfFormat.N_TRIPLES:
        content = _lines_ending_with(content, [f"^^<{_XSD}{n}>".encode() for n in locals_])
    quads = ox.parse(content, format=fmt, base_iri=base_iri)
    store.extend(declared_datatype_quads(quads))


def _lines_ending_with(content: bytes, endings: list[bytes]) -> bytes:
    """The lines of the N-Triples ``content`` whose object is typed with one of ``endings``
    (``…^^<datatype> .``), in file order: each found with ``bytes.find``, which is much faster
    over a large file than a multi-line regular expression, as such lines are few."""
    spans = set()
    for ending in endings:
        at = content.find(ending)
        while at >= 0:
            start = content.rfind(b"\n", 0, at) + 1
            end = content.find(b"\n", at)
            end = len(content) if end < 0 else end
            if content[at + len(ending) : end].strip() == b".":
                spans.add((start, end))
            at = content.find(ending, end)
    return b"\n".join(content[a:b] for a, b in sorted(spans)) + b"\n"


_OX_LOAD_POS = re.compile(r"line (\d+) between columns (\d+)")
_OX_LOAD_POS2 = re.compile(r"(?:at|on) line (\d+)(?:,? column (\d+))?")


def _load_syntax(name: str, err: SyntaxError) -> str:
    message = " ".join(str(err).split())
    found = _OX_LOAD_POS.search(message) or _OX_LOAD_POS2.search(message)
    if found:
        col = found.group(2) or "1"
        rest = message[found.end() :].lstrip(": ")
        return f"{name}:{found.group(1)}:{col}: {rest or message}"
    return f"{name}: {message}"
