"""The two sides of ``diff``: a graph read from files, a folder, a dump or a git revision.

A side is written the way a user types it (:func:`read_side`):

* a data file or a published dump: ``*.ttl``, ``*.nt``, ``*.nq``, ``*.trig``, ``*.jsonld``,
  each also gzipped (``site/dumps/governance-graph.nt.gz``); a dataset's named graphs count as
  one graph, the union of their triples;
* a folder: every such file below it, in sorted order; a folder at the top of a git checkout
  stands for what ``git:REV`` reads there, its ``ontology/*.ttl`` and ``data/*.ttl``;
* ``git:REV`` (``git:v1.0``, ``git:HEAD~1``): ``ontology/*.ttl`` and ``data/*.ttl`` as they were
  at that revision of the repository that holds the working directory (or ``repo``), read with
  ``git ls-tree`` and ``git cat-file``: no checkout, no temporary work tree.

Turtle is read as every command reads it (:func:`governance_graph.loading.parse_turtle`,
relative IRIs against ``ggg:<ontology|data>/<stem>``); every failure is one
:class:`~governance_graph.errors.LoadError` naming the file, and the line where there is one.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "a.nt"
...     _ = path.write_text("<urn:a> <urn:b> <urn:c> .\\n")
...     len(read_side(str(path)).graph)
1
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import warnings
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph

from .errors import LoadError
from .loading import ROLES, Source, byte_position, describe_parse_error, parse_turtle
from .namespaces import GGG
from .writers import nt_term

__all__ = ["FORMATS", "GIT_PREFIX", "Side", "canonical_graph", "read_side"]

#: File name endings -> rdflib parser names (each also read gzipped, ``.ttl.gz``…).
FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
}
#: How a side names a git revision.
GIT_PREFIX = "git:"

_LINE_FORMATS = ("nt", "nquads")
_CHUNK = 4096  # lines per piece when looking for the line an N-Triples error is on
_SAFE_REVISION = re.compile(r"[^\s\x00-\x1f\-~^:?*\[\\][^\s\x00-\x1f]*")


@dataclass(frozen=True)
class Side:
    """One side of a diff: its ``name`` as given and its ``graph`` (every triple read)."""

    name: str
    graph: Graph = field(repr=False)
    #: The files read, as named in messages.
    files: tuple[str, ...] = ()


def read_side(
    side: str | os.PathLike[str] | Graph | Sequence[str | os.PathLike[str]],
    *,
    repo: str | os.PathLike[str] | None = None,
    name: str | None = None,
) -> Side:
    """The graph ``side`` stands for: a path or ``git:REV`` (see the module), a list of files
    (their union), or an rdflib graph or dataset as it is (the union of its named graphs).

    ``repo`` is the repository ``git:REV`` is read from (default: the one holding the working
    directory); ``name`` is the side's name in the output (default: as given).
    """
    if isinstance(side, Graph):
        graph = side
        if side.context_aware:
            graph = Graph()
            for s, p, o, *_ in _triples(side):
                graph.add((s, p, o))
        return Side(name or "<graph>", graph)
    if isinstance(side, (str, os.PathLike)):
        text = os.fspath(side)
        if text.startswith(GIT_PREFIX):
            return _git_side(text, Path(repo) if repo is not None else Path.cwd(), name)
        return _files_side(name or text, _expand(text))
    items = [os.fspath(item) for item in side]
    return _files_side(name or " ".join(items), [f for item in items for f in _expand(item)])


# --------------------------------------------------------------------------- files


def _expand(text: str) -> list[str]:
    """The files one path stands for, spelled as given (a folder's files joined onto it)."""
    path = Path(text)
    if path.is_dir():
        if (path / ".git").exists():
            names = [name for name in _layout(path) if path.joinpath(name).is_file()]
            if not names:
                raise LoadError(f"{text}: checkout has no ontology/*.ttl or data/*.ttl files")
        else:
            names = sorted(
                p.relative_to(path).as_posix()
                for p in path.rglob("*")
                if p.is_file() and _format(p.name) is not None
            )
            if not names:
                raise LoadError(f"{text}: folder has no RDF files ({_known()})")
        return [os.path.join(text, *name.split("/")) for name in names]
    if not path.exists():
        raise LoadError(f"{text}: no such file or folder")
    if _format(path.name) is None:
        raise LoadError(f"{text}: not a file name of a known RDF format ({_known()})")
    return [text]


def _layout(top: Path) -> list[str]:
    """``ontology/*.ttl`` and ``data/*.ttl`` below ``top``, as paths relative to it, sorted."""
    return sorted(
        f"{role}/{p.name}" for role in ROLES for p in (top / role).glob("*.ttl") if p.is_file()
    )


def _files_side(name: str, files: Iterable[str]) -> Side:
    graph = Graph()
    shown = []
    for file in files:
        try:
            content = Path(file).read_bytes()
        except OSError as err:
            raise LoadError(f"{file}: cannot read: {err.strerror or err}") from None
        _parse(file, Path(file), content, graph)
        shown.append(file)
    return Side(name, graph, tuple(shown))


def _format(file_name: str) -> str | None:
    lower = file_name.lower().removesuffix(".gz")
    return next((fmt for suffix, fmt in FORMATS.items() if lower.endswith(suffix)), None)


def _known() -> str:
    return ", ".join(f"*{suffix}" for suffix in FORMATS) + ", each also .gz"


def _parse(name: str, path: Path, content: bytes, graph: Graph) -> None:
    """Parse the bytes of the file ``path`` (shown as ``name``) into ``graph``."""
    fmt = _format(path.name)
    assert fmt is not None, path
    if path.name.lower().endswith(".gz"):
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error) as err:
            raise LoadError(f"{name}: not a readable gzip file ({err})") from None
    # the role decides the base of relative IRIs, as the other commands load these files
    role = "ontology" if path.parent.name == "ontology" else "data"
    stem = Path(path.name.removesuffix(".gz")).stem
    if fmt == "turtle":
        parse_turtle(Source(path.with_name(stem + ".ttl"), role, content, name), graph)
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, col = byte_position(content, err.start)
        raise LoadError(f"{name}:{line}:{col}: not UTF-8 ({err.reason})") from None
    base = str(GGG[f"{role}/{stem}"])
    into = graph if fmt == "nt" else Dataset()  # a dataset format: the union of its graphs
    try:
        with warnings.catch_warnings():  # rdflib's TriG and JSON-LD parsers warn about themselves
            warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
            into.parse(data=text, format=fmt, publicID=base)
    except Exception as err:  # rdflib's parsers raise far more than their syntax errors
        raise LoadError(_where(name, text, fmt, err)) from None
    if into is not graph:
        for s, p, o, *_ in _triples(into):
            graph.add((s, p, o))


def _triples(graph: Graph) -> Iterable[tuple]:
    """Every triple of ``graph``; of a dataset, of all its named graphs."""
    if isinstance(graph, Dataset) or graph.context_aware:
        return graph.quads((None, None, None, None))  # type: ignore[arg-type]
    return iter(graph)


def _where(name: str, text: str, fmt: str, err: Exception) -> str:
    """``name:line[:col]: message`` for a parser error, as precisely as can be found."""
    if isinstance(err, json.JSONDecodeError):
        return f"{name}:{err.lineno}:{err.colno}: {err.msg}"
    if fmt in _LINE_FORMATS:
        line = _failing_line(text, fmt)
        if line is not None:
            detail = " ".join(str(err).split()) or type(err).__name__
            return f"{name}:{line}: {type(err).__name__}: {detail[:200]}"
    return describe_parse_error(name, text, err)


def _failing_line(text: str, fmt: str) -> int | None:
    """The first line of an N-Triples or N-Quads ``text`` that does not parse on its own
    (rdflib's line parser does not say): pieces of lines first, then the lines of the first
    piece that fails, so a late error costs one more pass, not one parse per line."""
    lines = text.splitlines()

    def parses(piece: Sequence[str]) -> bool:
        try:
            Dataset().parse(data="\n".join(piece) + "\n", format=fmt)
        except Exception:
            return False
        return True

    for start in range(0, len(lines), _CHUNK):
        piece = lines[start : start + _CHUNK]
        if not parses(piece):
            for offset, line in enumerate(piece):
                if not parses([line]):
                    return start + offset + 1
            return None
    return None


# --------------------------------------------------------------------------- git


def _git_side(text: str, repo: Path, name: str | None) -> Side:
    revision = text[len(GIT_PREFIX) :]
    if not revision or not _SAFE_REVISION.fullmatch(revision):
        raise LoadError(f"{text}: not a git revision (git:REV, e.g. git:HEAD~1 or git:v1.0)")
    if not repo.is_dir():
        raise LoadError(f"{text}: no such folder {repo}")
    top = _git(repo, text, "rev-parse", "--show-toplevel").decode().strip()
    if not top:
        raise LoadError(f"{text}: {repo} is not in a git repository")
    commit = _git(repo, text, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    commit_id = commit.decode().strip()
    if not commit_id:
        raise LoadError(f"{text}: unknown revision {revision!r} in {top}")
    listing = _git(Path(top), text, "ls-tree", "-z", "--full-tree", commit_id, "--", *ROLES)
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        info, _, path = entry.decode("utf-8", "surrogateescape").partition("\t")
        kind, oid = info.split()[1:3]
        if kind == "tree":
            blobs.update(_tree_files(Path(top), text, oid, path))
    if not blobs:
        raise LoadError(f"{text}: no ontology/*.ttl or data/*.ttl files at {revision}")
    graph = Graph()
    shown = []
    for path, oid in sorted(blobs.items()):
        content = _git(Path(top), text, "cat-file", "blob", oid)
        file_name = f"{text}:{path}"
        _parse(file_name, Path(path), content, graph)
        shown.append(file_name)
    return Side(name or text, graph, tuple(shown))


def _tree_files(top: Path, text: str, tree: str, folder: str) -> dict[str, str]:
    """The ``*.ttl`` blobs directly in one tree object: ``folder/name`` -> object id."""
    out = {}
    for entry in _git(top, text, "ls-tree", "-z", tree).split(b"\0"):
        if not entry:
            continue
        info, _, file_name = entry.decode("utf-8", "surrogateescape").partition("\t")
        kind, oid = info.split()[1:3]
        if kind == "blob" and file_name.endswith(".ttl"):
            out[f"{folder}/{file_name}"] = oid
    return out


def _git(cwd: Path, text: str, *args: str) -> bytes:
    """The output of ``git ARGS`` run in ``cwd``; empty when git says no (the caller knows
    what that means), a ``LoadError`` when git cannot be run."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, env=env, check=False, timeout=120
        )
    except FileNotFoundError:
        raise LoadError(f"{text}: git is not installed") from None
    except (OSError, subprocess.TimeoutExpired) as err:
        raise LoadError(f"{text}: cannot run git: {err}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if args[0] == "rev-parse":
            return b""
        raise LoadError(f"{text}: git {args[0]} failed: {message[-1] if message else ''}")
    return done.stdout


# --------------------------------------------------------------------------- canonical form


def canonical_graph(graph: Graph) -> Graph:
    """``graph`` with every blank node renamed after what it is, so that the same facts give
    the same triples whatever the blank-node identifiers and the order of statements.

    rdflib's canonical labels (:func:`rdflib.compare.to_canonical_graph`) depend on the whole
    graph: a change anywhere, or two blank nodes alike (two equal intervals of two bodies), can
    rename blank nodes that did not change. So each group of connected blank nodes is
    canonicalised on its own, with the triples that touch it (the IRIs that refer to it
    included), and its labels are prefixed with a digest of that canonical group. Groups alike
    in every triple (the same owner with two equal intervals) are numbered, in any order: they
    are interchangeable. A graph without blank nodes is returned as it is.
    """
    from rdflib.compare import to_canonical_graph

    touching = [t for t in graph if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    if not touching:
        return graph
    out = Graph()
    parent: dict[BNode, BNode] = {}

    def find(node: BNode) -> BNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for s, p, o in graph:
        if isinstance(s, BNode) and isinstance(o, BNode):
            parent[find(s)] = find(o)
        elif not (isinstance(s, BNode) or isinstance(o, BNode)):
            out.add((s, p, o))
    groups: dict[BNode, Graph] = {}
    for s, p, o in touching:
        root = find(s if isinstance(s, BNode) else o)  # type: ignore[arg-type]
        groups.setdefault(root, Graph()).add((s, p, o))
    seen: dict[str, int] = {}
    for group in groups.values():
        triples = list(to_canonical_graph(group))
        digest = hashlib.sha256(
            "\n".join(sorted(" ".join(map(nt_term, t)) for t in triples)).encode()
        ).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        prefix = f"g{digest}" if seen[digest] == 1 else f"g{digest}n{seen[digest]}"
        for triple in triples:
            out.add(tuple(BNode(f"{prefix}{t}") if isinstance(t, BNode) else t for t in triple))
    return out
