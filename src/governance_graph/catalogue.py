"""The stored queries: ``queries/*.rq`` files with a grlc decorator header.

A stored query is a SPARQL 1.1 file whose ``#+`` lines carry metadata, as grlc reads them::

    #+ summary: Bodies and their chairs
    #+ description: |
    #+   Every consultation body with its chair post.
    #+   Labels come in every language; pick one with --lang.
    #+ tags:
    #+   - bodies
    #+ defaults:
    #+   - kind_iri: https://w3id.org/governance-graph/id/body-kind-resoc
    #+ enumerate:
    #+   - kind_iri
    SELECT ?body ?label WHERE { ?body a ?_kind_iri ; rdfs:label ?label }

Why not PyYAML: the header is a handful of keys whose values are a string, a list of strings or a
list of one-key mappings. A 150-line strict reader for exactly that subset keeps the project
free of a C-extension dependency, and, unlike ``yaml.safe_load``, it reports the file *and
line* of a mistake, keeps every value a string (YAML would turn ``2004`` into an int and
``no`` into ``False``), and rejects unknown keys with a suggestion instead of ignoring typos.
Supported: ``key: value`` (plain, ``'single'`` or ``"double"`` quoted, or a flow list
``[a, b]``), a plain value continued on more-indented lines (folded with spaces), ``|`` and
``>`` block scalars, and block lists of scalars or of ``name: value`` pairs. Recognised keys are
``summary``, ``description``, ``tags``, ``defaults``, ``enumerate`` and grlc's ``method``,
``pagination``, ``endpoint``, ``endpoint_in_url``, ``transform`` (kept in ``extra``).

Parameters are found in the query text (outside comments, strings and IRIs), see
:mod:`governance_graph.params`.

>>> q = parse_query("#+ summary: All things\\nSELECT * { ?s a ?_type_iri }", name="things")
>>> q.summary, [p.name for p in q.parameters]
('All things', ['type_iri'])
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from governance_graph.errors import QueryError
from governance_graph.params import Parameter, ParameterError, parameter_from_variable, to_term
from governance_graph.suggestions import close_names, did_you_mean

__all__ = [
    "Catalogue",
    "QueryFileError",
    "StoredQuery",
    "UnknownQueryError",
    "load_query",
    "parse_query",
]

_OWN_KEYS = ("summary", "description", "tags", "defaults", "enumerate")
_GRLC_KEYS = ("method", "pagination", "endpoint", "endpoint_in_url", "transform")


class QueryFileError(QueryError):
    """A stored query file cannot be read or its header is malformed (message names file:line)."""


class UnknownQueryError(QueryError):
    """No stored query has that name; the message suggests the closest names."""


@dataclass(frozen=True)
class StoredQuery:
    """One stored query: its ``#+`` metadata, its SPARQL text and its parameters.

    ``name`` is the file stem; ``text`` is the whole file (the ``#+`` lines are SPARQL comments,
    so line numbers of syntax errors match the file); ``defaults`` maps parameter names to raw
    default strings.
    """

    name: str
    path: Path | None
    text: str
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)
    enumerate: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """Where the query came from, for messages: the file path or ``<name>``."""
        return str(self.path) if self.path else f"<{self.name}>"

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name`` (``KeyError`` if absent)."""
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)


# --------------------------------------------------------------------------- header reader

Value = str | list[str | dict[str, str]] | None


class _HeaderError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _scalar(text: str, line: int) -> str:
    """A one-line YAML scalar: quoted, or plain with an optional `` # comment``."""
    text = text.strip()
    if text.startswith('"'):
        try:
            value, end = json.JSONDecoder().raw_decode(text)
        except ValueError:
            raise _HeaderError(
                line, f"unterminated or malformed double-quoted string: {text}"
            ) from None
        if text[end:].strip() and not text[end:].strip().startswith("#"):
            raise _HeaderError(
                line, f"unexpected text after the quoted string: {text[end:].strip()}"
            )
        return str(value)
    if text.startswith("'"):
        m = re.match(r"'((?:[^']|'')*)'\s*(#.*)?$", text)
        if not m:
            raise _HeaderError(line, f"unterminated or malformed single-quoted string: {text}")
        return m.group(1).replace("''", "'")
    if text[:1] in ("&", "*", "!", "%", "@", "`", "{"):
        raise _HeaderError(line, f"unsupported YAML syntax {text[:1]!r} (quote the value)")
    return re.sub(r"(^|\s+)#.*$", "", text).strip()


def _flow_list(text: str, line: int) -> list[str]:
    inner = text.strip()
    if not inner.endswith("]"):
        raise _HeaderError(line, f"unterminated flow list: {text.strip()}")
    inner = inner[1:-1].strip()
    if not inner:
        return []
    if any(c in inner for c in "[]{}\"'"):
        raise _HeaderError(
            line, "flow lists hold plain words only; use a block list ('- item' lines)"
        )
    return [item.strip() for item in inner.split(",") if item.strip()]


_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*)\s*:(?:\s+(.*))?$")


def _block_scalar(style: str, lines: list[tuple[int, str]]) -> str:
    body = [text for _, text in lines]
    margin = min((_indent(t) for t in body if t.strip()), default=0)
    body = [t[margin:] if t.strip() else "" for t in body]
    if style.startswith("|"):
        return "\n".join(body).strip("\n")
    paragraphs: list[str] = []
    current: list[str] = []
    for t in body:
        if t.strip():
            current.append(t.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def _block_list(lines: list[tuple[int, str]]) -> list[str | dict[str, str]]:
    items: list[str | dict[str, str]] = []
    margin = _indent(lines[0][1])
    i = 0
    while i < len(lines):
        lineno, text = lines[i]
        if _indent(text) != margin or not re.match(r"-(\s|$)", text.strip()):
            raise _HeaderError(lineno, f"expected a list item '- ...' here: {text.strip()}")
        content = text.strip()[1:].strip()
        i += 1
        while i < len(lines) and _indent(lines[i][1]) > margin:  # folded continuation
            content += " " + lines[i][1].strip()
            i += 1
        m = _KEY.match(content)
        if m and not content.startswith(("'", '"')):
            items.append({m.group(1): _scalar(m.group(2) or "", lineno)})
        else:
            items.append(_scalar(content, lineno))
    return items


def _read_header(lines: list[tuple[int, str]]) -> dict[str, tuple[int, Value]]:
    """Parse ``(line number, text after '#+')`` pairs into ``key -> (line, value)``."""
    lines = [(n, t.rstrip()) for n, t in lines]
    content = [(n, t) for n, t in lines if t.strip()]
    if not content:
        return {}
    if any("\t" in t[: _indent(t) + 1] for _, t in content):
        bad = next(n for n, t in content if "\t" in t[: _indent(t) + 1])
        raise _HeaderError(bad, "tabs are not allowed for indentation")
    top = min(_indent(t) for _, t in content)
    out: dict[str, tuple[int, Value]] = {}
    i = 0
    while i < len(lines):
        lineno, text = lines[i]
        i += 1
        if not text.strip() or text.strip().startswith("#"):
            continue
        if _indent(text) != top:
            raise _HeaderError(lineno, f"unexpected indentation: {text.strip()}")
        m = _KEY.match(text.strip())
        if not m:
            raise _HeaderError(lineno, f"expected 'key: value', got: {text.strip()}")
        key, rest = m.group(1), (m.group(2) or "").strip()
        if key in out:
            raise _HeaderError(lineno, f"duplicate key '{key}' (first on line {out[key][0]})")
        if key not in _OWN_KEYS + _GRLC_KEYS:
            close = difflib.get_close_matches(key, _OWN_KEYS + _GRLC_KEYS, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "known keys: " + ", ".join(_OWN_KEYS + _GRLC_KEYS)
            )
            raise _HeaderError(lineno, f"unknown header key '{key}'; {hint}")
        children: list[tuple[int, str]] = []
        while i < len(lines) and (not lines[i][1].strip() or _indent(lines[i][1]) > top):
            children.append(lines[i])
            i += 1
        while children and not children[-1][1].strip():
            children.pop()
        value: Value
        if rest in ("|", ">", "|-", ">-", "|+", ">+"):
            value = _block_scalar(rest, children)
        elif rest.startswith("["):
            if children:
                raise _HeaderError(children[0][0], "a flow list must fit on one line")
            value = list(_flow_list(rest, lineno))
        elif rest:
            if children and rest.startswith(("'", '"')):
                raise _HeaderError(
                    lineno, "a quoted value must fit on one line; use '|' for long text"
                )
            for child_line, child in children:
                m = _KEY.match(child.strip())
                if m and m.group(1) in _OWN_KEYS + _GRLC_KEYS:
                    raise _HeaderError(child_line, f"unexpected indentation: {child.strip()}")
            value = _scalar(
                " ".join([rest] + [t.strip() for _, t in children if t.strip()]), lineno
            )
        elif children:
            value = _block_list(children)
        else:
            value = None
        out[key] = (lineno, value)
    return out


def _as_text(key: str, line: int, value: Value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _HeaderError(line, f"'{key}' must be text, not a list")
    return value


def _as_names(key: str, line: int, value: Value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        raise _HeaderError(line, f"'{key}' must be a list ('- item' lines or [a, b])")
    names: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise _HeaderError(line, f"'{key}' items must be plain words, got a mapping {item}")
        names.append(item)
    return names


def _as_defaults(line: int, value: Value) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        raise _HeaderError(line, "'defaults' must be a list of '- name: value' items")
    out: dict[str, str] = {}
    for item in value:
        if not isinstance(item, dict):
            raise _HeaderError(line, f"'defaults' items must be 'name: value', got {item!r}")
        out.update(item)
    return out


# --------------------------------------------------------------------------- query parsing


def _parameter_variables(text: str) -> list[str]:
    """Variable names (without ``?``) starting with one ``_``, in order of first use."""
    from .query_scan import tokens

    seen: dict[str, None] = {}
    for kind, value, _ in tokens(text):  # comments, strings and IRIs are skipped whole
        if kind == "var" and re.fullmatch(r"_[A-Za-z0-9][A-Za-z0-9_]*", value[1:]):
            seen.setdefault(value[1:], None)
    return list(seen)


def parse_query(text: str, *, name: str, path: Path | None = None) -> StoredQuery:
    """Parse a stored query's text; a bad header raises :class:`QueryFileError` naming path:line.

    Header defaults are checked against the parameters found in the query, and converted once so
    a malformed default is reported with its line.

    >>> q = parse_query('''#+ defaults:
    ... #+   - n_integer: 3
    ... SELECT * { ?s ?p ?_n_integer }''', name="demo")
    >>> q.parameters[0].required, q.defaults
    (False, {'n_integer': '3'})
    """
    where = str(path) if path else f"<{name}>"
    header: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#+"):
            header.append((number, line[2:]))
    try:
        meta = _read_header(header)
        get = lambda key: meta.get(key, (header[0][0] if header else 1, None))  # noqa: E731
        summary = _as_text("summary", *get("summary"))
        description = _as_text("description", *get("description"))
        tags = _as_names("tags", *get("tags"))
        enum_line, enum_value = get("enumerate")
        enumerate_ = _as_names("enumerate", enum_line, enum_value)
        defaults_line, defaults_value = get("defaults")
        defaults = _as_defaults(defaults_line, defaults_value)
        variables = _parameter_variables(text)
        known = {v[1:] for v in variables}
        valid = ", ".join(sorted(known)) or "none"
        for key in defaults:
            if key not in known:
                raise _HeaderError(
                    defaults_line, f"default for unknown parameter '{key}' (parameters: {valid})"
                )
        for key in enumerate_:
            if key not in known:
                raise _HeaderError(
                    enum_line, f"enumerate names unknown parameter '{key}' (parameters: {valid})"
                )
        parameters = [parameter_from_variable(v, defaults.get(v[1:])) for v in variables]
        for p in parameters:
            if p.default is not None:
                try:
                    to_term(p, p.default)
                except ParameterError as exc:
                    raise _HeaderError(defaults_line, f"bad default: {exc}") from None
    except _HeaderError as exc:
        raise QueryFileError(f"{where}:{exc.line}: {exc}") from None
    extra = {k: v for k, (_, v) in meta.items() if k in _GRLC_KEYS}
    return StoredQuery(
        name=name,
        path=path,
        text=text,
        summary=summary,
        description=description,
        tags=tags,
        defaults=defaults,
        enumerate=enumerate_,
        parameters=parameters,
        extra=extra,
    )


def load_query(path: str | Path) -> StoredQuery:
    """Read and parse one ``.rq`` file; its name is the file stem.

    Raises :class:`QueryFileError` if the file cannot be read (not found, a directory, not UTF-8).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryFileError(f"{path}: no such query file") from None
    except UnicodeDecodeError as exc:
        raise QueryFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise QueryFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_query(text, name=path.stem, path=path)


# --------------------------------------------------------------------------- the catalogue


class Catalogue:
    """The stored queries, by name.

    >>> cat = Catalogue([parse_query("ASK {}", name="bodies")])
    >>> cat.names()
    ['bodies']
    >>> try:
    ...     cat.get("bodes")
    ... except UnknownQueryError as exc:
    ...     print(exc)
    unknown query 'bodes'; did you mean 'bodies'?
    """

    def __init__(self, queries: Iterable[StoredQuery] = ()) -> None:
        self._queries: dict[str, StoredQuery] = {}
        for q in queries:
            if q.name in self._queries:
                raise QueryFileError(
                    f"{q.source}: duplicate query name '{q.name}' "
                    f"(also {self._queries[q.name].source})"
                )
            self._queries[q.name] = q

    @classmethod
    def from_dir(cls, path: str | Path) -> Catalogue:
        """Load every ``*.rq`` file of a directory (not recursive), sorted by name."""
        path = Path(path)
        if not path.is_dir():
            raise QueryFileError(f"{path}: not a directory of queries")
        return cls(load_query(p) for p in sorted(path.glob("*.rq")))

    @classmethod
    def bundled(cls) -> Catalogue:
        """The project's own ``queries/`` folder (checkout or installed package)."""
        from governance_graph import paths

        return cls.from_dir(paths.queries_dir())

    def names(self) -> list[str]:
        """Query names, sorted."""
        return sorted(self._queries)

    def get(self, name: str) -> StoredQuery:
        """The query called ``name``; :class:`UnknownQueryError` with suggestions otherwise."""
        try:
            return self._queries[name]
        except KeyError:
            pass
        close = close_names(name, self.names())
        if not close:  # also try substrings, e.g. "chair" -> "bodies-and-chairs"
            close = [n for n in self.names() if name.lower() in n.lower()][:3]
        if close:
            hint = did_you_mean([f"'{c}'" for c in close])
        elif self._queries:  # nothing close: point at the list rather than print all of it
            hint = "'governance-graph queries' lists them"
        else:
            hint = "the catalogue is empty"
        raise UnknownQueryError(f"unknown query '{name}'; {hint}")

    def resolve(self, name_or_path: str | Path) -> StoredQuery:
        """A catalogue name, or a path to any ``.rq`` file (anything ending in ``.rq`` or
        containing a path separator is read as a file)."""
        text = str(name_or_path)
        if isinstance(name_or_path, Path) or text.endswith(".rq") or "/" in text or "\\" in text:
            return load_query(text)
        return self.get(text)

    def __iter__(self) -> Iterator[StoredQuery]:
        return iter(self._queries[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, name: object) -> bool:
        return name in self._queries
