"""What SHACL validation gives, whichever engine validates: :class:`ValidationReport` of
:class:`ValidationResult`, the shapes as parsed (:func:`load_shapes`), SHACL paths as text
(:func:`render_path`), and one order of results (:func:`result_order`: by focus node, most
severe first).

* ``conforms`` is SHACL's: the data conforms only when there are no results at all, of any
  severity (``sh:Warning`` and ``sh:Info`` included), in the report object and in the report
  graph's ``sh:conforms`` alike. Whether warnings should fail a run is the caller's choice:
  :meth:`ValidationReport.passes` with ``allow_warnings=True`` (the command line's
  ``--allow-warnings``, as pyshacl names it) accepts a report that has only warnings and infos.
* What is validated, and why the asserted graph rather than the closure, is said where it is
  done: :mod:`governance_graph.engines.rdflib_shacl` (pyshacl) and
  :mod:`governance_graph.engines.oxigraph_shacl` (the fast validator).

>>> from rdflib import Graph, URIRef
>>> warning = ValidationResult(URIRef("urn:x"), "<urn:p>", None, URIRef("urn:S"), None,
...                            SH.Warning, "Less than 1 values")
>>> report = ValidationReport(False, (warning,), Graph())
>>> print(report.text())
Does not conform: 1 warning
<BLANKLINE>
<urn:x>
  Warning: <urn:p> - Less than 1 values
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from . import parsed_shapes
from .errors import ValidationError
from .loading import Source, parse_turtle
from .namespaces import bind_prefixes, compact

__all__ = [
    "SEVERITY_ORDER",
    "ValidationReport",
    "ValidationResult",
    "check_shapes_files",
    "load_shapes",
    "node_shape",
    "parse_shapes",
    "render_path",
    "result_order",
]

#: The severities, most severe first (any other, custom ones included, comes after them).
SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
#: The severities ``allow_warnings`` accepts (any other, custom ones included, fails).
_ACCEPTABLE = frozenset({SH.Warning, SH.Info})


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``. ``path`` is a readable SHACL path (``^org:memberOf``,
    ``gg:a/gg:b``) or ``None``; ``message`` joins the ``sh:resultMessage`` values;
    ``node_shape`` is the named shape that holds ``source_shape`` when that is a blank
    property shape (``sh:property [ … ]``), else ``source_shape`` itself."""

    focus_node: Node
    path: str | None
    value: Node | None
    source_shape: Node
    constraint_component: Node | None
    severity: Node
    message: str
    node_shape: Node | None = None

    @property
    def severity_name(self) -> str:
        """``Violation``, ``Warning`` or ``Info``."""
        return compact(self.severity).removeprefix("sh:")

    def line(self) -> str:
        """One line: severity, path, value, message, shape."""
        parts = [f"{self.severity_name}:"]
        if self.path:
            parts.append(self.path)
        if self.value is not None:
            parts.append(f"= {compact(self.value)}")
        parts.append(f"- {self.message}" if self.message else "")
        shape = compact(self.node_shape) if isinstance(self.node_shape, URIRef) else None
        component = compact(self.constraint_component) if self.constraint_component else None
        tail = ", ".join(x for x in (shape, component) if x)
        return " ".join(p for p in parts if p) + (f" [{tail}]" if tail else "")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation: ``conforms``, the ``results`` and the report ``graph``.

    ``conforms`` is SHACL's ``sh:conforms``: true only when there are no results at all.
    """

    conforms: bool
    results: tuple[ValidationResult, ...]
    graph: Graph = field(repr=False)

    def passes(self, *, allow_warnings: bool = False) -> bool:
        """Whether the validation is a success: the data conforms or, with ``allow_warnings``,
        every result is a ``sh:Warning`` or a ``sh:Info`` (pyshacl's ``--allow-warnings``).

        >>> from rdflib import Graph, URIRef
        >>> warning = ValidationResult(URIRef("urn:x"), None, None, URIRef("urn:S"), None,
        ...                            SH.Warning, "")
        >>> report = ValidationReport(False, (warning,), Graph())
        >>> report.passes(), report.passes(allow_warnings=True)
        (False, True)
        """
        if allow_warnings:
            return all(r.severity in _ACCEPTABLE for r in self.results)
        return not self.results

    def counts(self) -> dict[str, int]:
        """Number of results per severity name, most severe first."""
        counts: dict[str, int] = {}
        ordered = sorted(self.results, key=lambda r: SEVERITY_ORDER.get(r.severity, 3))  # type: ignore[call-overload]
        for result in ordered:
            counts[result.severity_name] = counts.get(result.severity_name, 0) + 1
        return counts

    def turtle(self) -> str:
        """The report ``graph`` in Turtle, every literal the very term the data or shapes wrote,
        the same bytes for the same report (:func:`governance_graph.writers.serialize`: blank
        nodes labelled canonically, everything in one order).

        rdflib's Turtle writer puts booleans and numbers in shorthand, which changes or breaks
        a literal that is not in canonical form: ``"none"^^xsd:boolean`` would come out as the
        bare word ``none``, ``"1.0E0"^^xsd:double`` as ``1e+00``. Those are written quoted.
        """
        from .writers import serialize

        out = bind_prefixes(Graph())
        for s, p, o in self.graph:
            out.add((s, p, _as_written(o) if isinstance(o, Literal) else o))
        return serialize(out, "ttl")

    def text(self) -> str:
        """A readable report, grouped by focus node, with compact prefixed names."""
        summary = ", ".join(
            f"{n} {name.lower()}{'s' if n != 1 else ''}" for name, n in self.counts().items()
        )
        head = "Conforms" if self.conforms else "Does not conform"
        lines = [f"{head}: {summary}" if summary else f"{head}."]
        by_focus: dict[Node, list[ValidationResult]] = {}
        for result in self.results:
            by_focus.setdefault(result.focus_node, []).append(result)
        for focus in sorted(by_focus, key=lambda n: compact(n)):
            lines.append("")
            lines.append(compact(focus))
            lines.extend(f"  {r.line()}" for r in by_focus[focus])
        return "\n".join(lines)


class _Quoted(Literal):
    """A literal the Turtle writer puts in quotes with its datatype, never in shorthand."""

    __slots__ = ()

    def _literal_n3(self, use_plain: bool = False, qname_callback=None) -> str:  # type: ignore[no-untyped-def]
        return super()._literal_n3(False, qname_callback)


#: Lexical forms rdflib may write in Turtle's shorthand and reads back as the same term: the
#: canonical ones (rdflib's reader turns ``+016`` into ``16``; doubles are always quoted).
_SHORTHAND = {
    XSD.boolean: re.compile(r"true|false"),
    XSD.integer: re.compile(r"0|-?[1-9][0-9]*"),
    XSD.decimal: re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+"),
}


def _as_written(literal: Literal) -> Literal:
    """``literal``, or the same term as a :class:`_Quoted` when rdflib's shorthand for it would
    be another term or no term at all."""
    shorthand = literal._literal_n3(use_plain=True)
    if shorthand.startswith('"'):
        return literal
    pattern = _SHORTHAND.get(literal.datatype)  # type: ignore[arg-type]
    if shorthand == str(literal) and pattern is not None and pattern.fullmatch(shorthand):
        return literal
    return _Quoted(str(literal), datatype=literal.datatype, normalize=False)


def load_shapes(files: Iterable[Path]) -> Graph:
    """Parse SHACL shapes files into one graph (``LoadError`` on a bad or missing file).

    Literals are kept as written: rdflib would turn ``sh:uniqueLang "1"^^xsd:boolean`` into
    ``true``, while SHACL activates a boolean parameter only for the literal ``true``. Files
    parsed before (the bundled shapes ship parsed) are built from their triples instead
    (:mod:`governance_graph.parsed_shapes`): the same graph, with blank nodes of its own.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "s.ttl"
    ...     _ = path.write_text('<urn:S> <http://www.w3.org/ns/shacl#uniqueLang> '
    ...                         '"1"^^<http://www.w3.org/2001/XMLSchema#boolean> .')
    ...     str(load_shapes([path]).value(URIRef("urn:S"), SH.uniqueLang))
    '1'
    """
    sources = [Source.read(path, "ontology") for path in files]
    shapes = parsed_shapes.graph_for(sources)
    if shapes is None:
        shapes = parse_shapes(sources)
        parsed_shapes.keep(sources, shapes)
    return shapes


def parse_shapes(sources: Sequence[Source]) -> Graph:
    """Parse shapes files into one graph, literals as written: what :func:`load_shapes` gives
    when :mod:`governance_graph.parsed_shapes` has no copy of their triples."""
    shapes = bind_prefixes(Graph())
    with _literals_as_written():
        for source in sources:
            parse_turtle(source, shapes)
    return shapes


_NORMALIZING = threading.Lock()


@contextmanager
def _literals_as_written() -> Iterator[None]:
    """rdflib's literal normalisation off while parsing (rdflib reads one process-wide flag
    when it builds each literal; the lock keeps two parses from restoring it out of order)."""
    import rdflib

    with _NORMALIZING:
        saved = rdflib.NORMALIZE_LITERALS
        rdflib.NORMALIZE_LITERALS = False
        try:
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = saved


def result_order(result: ValidationResult) -> tuple[str, int, str, str]:
    """How every engine lists results: by focus node, most severe first, then path and
    message."""
    return (
        compact(result.focus_node),
        SEVERITY_ORDER.get(result.severity, 3),  # type: ignore[call-overload]
        result.path or "",
        result.message,
    )


def node_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The named shape that holds ``shape`` when it is a blank property shape
    (``sh:property [ … ]``), else ``shape`` itself (:attr:`ValidationResult.node_shape`)."""
    if isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape)
        if parent is not None:
            return parent
    return shape


def check_shapes_files(shapes_files: Sequence[Path]) -> None:
    """A ``ValidationError`` when no shapes file is given or one does not exist."""
    missing = [str(p) for p in shapes_files if not Path(p).is_file()]
    if missing:
        raise ValidationError(f"no shapes file: {', '.join(missing)}")
    if not shapes_files:
        raise ValidationError("no shapes files given")


def render_path(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL-like syntax.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ...   <urn:s> sh:path ( [ sh:inversePath <http://www.w3.org/ns/org#memberOf> ] <urn:p> ) .''',
    ...   format="turtle")
    >>> render_path(g, g.value(URIRef("urn:s"), SH.path))
    '^org:memberOf/<urn:p>'
    """
    if isinstance(path, URIRef):
        return compact(path)
    if isinstance(path, Literal):
        return path.n3()
    if (path, RDF.first, None) in graph:
        return "/".join(_grouped(graph, p) for p in Collection(graph, path))
    for predicate, template in _PATH_FORMS:
        inner = graph.value(path, predicate)
        if inner is not None:
            if predicate == SH.alternativePath:
                return "|".join(_grouped(graph, p) for p in Collection(graph, inner))
            return template.format(_grouped(graph, inner))
    return compact(path)


_PATH_FORMS: Sequence[tuple[URIRef, str]] = (
    (SH.inversePath, "^{}"),
    (SH.alternativePath, "{}"),
    (SH.zeroOrMorePath, "{}*"),
    (SH.oneOrMorePath, "{}+"),
    (SH.zeroOrOnePath, "{}?"),
)


def _grouped(graph: Graph, path: Node) -> str:
    text = render_path(graph, path)
    return f"({text})" if isinstance(path, BNode) and ("/" in text or "|" in text) else text
