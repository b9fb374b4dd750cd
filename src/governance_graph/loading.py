"""Read Turtle files into an rdflib ``Dataset``, one named graph per file.

Each file becomes the named graph ``ggg:<role>/<stem>`` where ``role`` is ``ontology`` or
``data`` (e.g. ``data/vesoc.ttl`` -> ``https://w3id.org/governance-graph/graph/data/vesoc``).
Files are read once into :class:`Source` objects; their bytes also key the reasoning cache.
Every failure is a :class:`~governance_graph.errors.LoadError` whose message is one line,
``file:line:col: what went wrong``.

>>> from governance_graph.loading import bundled_sources, load_dataset
>>> ds = load_dataset(bundled_sources())           # doctest: +SKIP
>>> sorted(str(g.identifier) for g in ds.graphs())  # doctest: +SKIP
['https://w3id.org/governance-graph/graph/data/vesoc', ...]
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from rdflib import Dataset, Graph, URIRef

from . import paths
from .errors import LoadError
from .namespaces import GGG, bind_prefixes

__all__ = [
    "ROLES",
    "Source",
    "bundled_sources",
    "byte_position",
    "describe_parse_error",
    "load_dataset",
    "parse_turtle",
]

#: The two kinds of input file, named after the folders they come from.
ROLES = ("ontology", "data")


@dataclass(frozen=True)
class Source:
    """One input file: its path, its role (``ontology`` or ``data``) and its bytes.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     p = pathlib.Path(folder) / "demo.ttl"
    ...     _ = p.write_text("<urn:a> <urn:b> <urn:c> .")
    ...     Source.read(p, "data").graph_iri
    rdflib.term.URIRef('https://w3id.org/governance-graph/graph/data/demo')
    """

    path: Path
    role: str
    content: bytes = field(repr=False)
    #: The path as the user wrote it, for messages (``""``: :func:`display_path` of ``path``).
    given: str = field(default="", repr=False, compare=False)

    @classmethod
    def read(cls, path: str | os.PathLike[str], role: str, *, as_given: bool = False) -> Source:
        """Read ``path``; a missing, unreadable or non-file path is a ``LoadError``.

        With ``as_given`` (a path the user typed), messages name it exactly as written,
        relative or absolute; otherwise relative to the working directory when below it.
        """
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        p = Path(path)
        given = os.fspath(path) if as_given else ""
        shown = given or display_path(p)
        try:
            content = p.read_bytes()
        except FileNotFoundError:
            raise LoadError(f"{shown}: no such file") from None
        except IsADirectoryError:
            raise LoadError(f"{shown}: is a directory, not a Turtle file") from None
        except OSError as err:
            raise LoadError(f"{shown}: cannot read: {err.strerror or err}") from None
        return cls(p, role, content, given)

    @property
    def graph_iri(self) -> URIRef:
        """The named graph this file is loaded into: ``ggg:<role>/<stem>``."""
        return GGG[f"{self.role}/{self.path.stem}"]

    @property
    def digest(self) -> str:
        """sha256 of the file's bytes (hex)."""
        return hashlib.sha256(self.content).hexdigest()

    @property
    def name(self) -> str:
        """The path as shown in messages: as the user gave it, else (bundled files) relative to
        the working directory when below it."""
        return self.given or display_path(self.path)


def bundled_sources(data: Iterable[str | os.PathLike[str]] | None = None) -> list[Source]:
    """The bundled ontology files plus either the bundled data or the given ``data`` files.

    A folder in ``data`` stands for its ``*.ttl`` files; a folder without any is a
    ``LoadError`` naming it (never an empty graph). Messages name the given paths as written.
    The shapes file is never included.
    """
    sources = [Source.read(p, "ontology") for p in paths.ontology_files()]
    if data is None:
        sources += [Source.read(p, "data") for p in paths.data_files()]
    else:
        sources += [Source.read(p, "data", as_given=True) for p in _expand(data)]
    return sources


def load_dataset(sources: Sequence[Source]) -> Dataset:
    """Parse every source into its own named graph of a new ``Dataset`` (``default_union``)."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    seen: dict[URIRef, Source] = {}
    for source in sources:
        other = seen.get(source.graph_iri)
        if other is not None:
            raise LoadError(
                f"{source.name}: same named graph <{source.graph_iri}> as {other.name} "
                "(two files with one stem)"
            )
        seen[source.graph_iri] = source
        parse_turtle(source, dataset.graph(source.graph_iri))
    return dataset


def parse_turtle(source: Source, graph: Graph) -> Graph:
    """Parse ``source`` as Turtle into ``graph``; any failure is a one-line ``LoadError``.

    Relative IRIs resolve against the file's named-graph IRI, so they do not depend on
    where the checkout is.
    """
    try:
        text = source.content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, col = byte_position(source.content, err.start)
        raise LoadError(f"{source.name}:{line}:{col}: not UTF-8 ({err.reason})") from None
    try:
        graph.parse(data=text, format="turtle", publicID=str(source.graph_iri))
    except Exception as err:  # the parser raises far more than BadSyntax (see STYLE.md)
        raise LoadError(describe_parse_error(source.name, text, err)) from err
    return graph


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _expand(items: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files ``items`` stand for, spelled as given (a folder's files joined onto it)."""
    result: list[str] = []
    for item in items:
        text = os.fspath(item)
        if not os.path.isdir(text):
            result.append(text)
            continue
        names = sorted(p.name for p in Path(text).glob("*.ttl") if p.is_file())
        if not names:
            raise LoadError(f"{text}: folder has no *.ttl files")
        result.extend(os.path.join(text, name) for name in names)
    return result


def describe_parse_error(name: str, text: str, err: BaseException) -> str:
    """``name:line:col: message`` for a parser exception, as precisely as it allows."""
    position = _error_offset(text, err)
    why = getattr(err, "_why", None)
    if why is None:
        detail = str(err).strip() or "no details"
        why = f"{type(err).__name__}: {detail}"
    if position is None:
        line = getattr(err, "lines", None)
        where = f"{line + 1}" if isinstance(line, int) else "?"
        return f"{name}:{where}: {why}"
    line, col = _text_position(text, position)
    return f"{name}:{line}:{col}: {why} ({_token_at(text, position)})"


def _error_offset(text: str, err: BaseException) -> int | None:
    """Character offset into ``text`` where the parser failed, if it can be found.

    rdflib's ``BadSyntax`` carries the offset (``_i``) into the document (``_str``). Other
    exceptions (ValueError for a bad language tag, IndexError, RecursionError …) carry
    nothing, but the notation3 parser's frames hold ``argstr`` (the document) and ``i``
    (the offset): take the innermost such frame of the traceback.
    """
    offset = getattr(err, "_i", None)
    document = getattr(err, "_str", None)
    if isinstance(offset, int) and isinstance(document, bytes):
        if document.decode("utf-8", "replace") == text:
            return offset
        return None
    return _offset_from_traceback(text, err.__traceback__)


def _offset_from_traceback(text: str, tb: TracebackType | None) -> int | None:
    found: int | None = None
    while tb is not None:
        local = tb.tb_frame.f_locals
        argstr, i = local.get("argstr"), local.get("i")
        if (
            isinstance(argstr, str)
            and isinstance(i, int)
            and 0 <= i <= len(text)
            and len(argstr) == len(text)
            and argstr == text
        ):
            found = i
        tb = tb.tb_next
    return found


def _text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The (line, column) of byte ``offset`` in ``data``, both from 1."""
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def _token_at(text: str, offset: int, limit: int = 24) -> str:
    """``at 'token'`` for the text at ``offset``, or where it is when there is no token."""
    if not text[offset:].strip():
        return "at end of file"
    rest_of_line = text[offset:].split("\n", 1)[0].strip()
    if not rest_of_line:
        return "at end of line"
    token = rest_of_line.split(maxsplit=1)[0]
    return f"at {token if len(token) <= limit else token[: limit - 1] + '…'!r}"
