"""External SPARQL stores for the tests: ``oxigraph serve`` and Virtuoso Open Source 7, each in
a temporary folder on free loopback ports, and answers compared by value."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import XSD, BNode, Literal, URIRef

from tests.helpers.processes import free_port, http_ready, oxigraph_cli, started
from tests.helpers.programs import program_or_skip

NUMERIC = {
    str(XSD[t])
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "decimal",
        "double",
        "float",
        "positiveInteger",
        "nonNegativeInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port; yields its base URL (``/query``, ``/store``)."""
    binary = oxigraph_cli()
    assert binary, "no oxigraph CLI"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [binary, "serve", "--location", folder, "--bind", f"127.0.0.1:{port}"]
    with started(command, ready=http_ready(base + "/"), what="oxigraph serve", timeout=30):
        yield base


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 500M
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0
HTTPProxyEnabled = 0
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path, timeout: float = 120) -> Iterator[str]:
    """Virtuoso 7 (``virtuoso-t -f``) with its own ``virtuoso.ini`` in ``folder``, listening on
    loopback only; yields the HTTP base URL. User ``dba``, password ``dba`` (a fresh database).
    Skips the calling test when ``virtuoso-t`` is not installed."""
    binary = program_or_skip("virtuoso-t")
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http))
    base = f"http://127.0.0.1:{http}"
    with started(
        [binary, "-f", "-c", ini],
        ready=http_ready(base + "/sparql?query=ASK%20%7B%7D", status=200),
        what="virtuoso",
        timeout=timeout,
        poll=0.5,
        exit_detail=lambda _: (folder / "virtuoso.log").read_text(errors="replace")[-2000:],
        cwd=folder,
    ):
        yield base


# ------------------------------------------------------------------------------ by value


def norm_term(term):
    """A comparable form of a term: numbers by value, strings without xsd:string, bnodes
    anonymous, language tags lowercased."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    assert isinstance(term, Literal), term
    datatype = str(term.datatype) if term.datatype is not None else None
    if term.language:
        return ("lit", _parts(str(term)), term.language.lower(), None)
    if datatype in NUMERIC:
        try:
            return ("num", Decimal(str(term)).normalize())
        except InvalidOperation:
            pass
    if datatype == str(XSD.boolean):
        return ("bool", str(term).strip().lower() in ("true", "1"))
    if datatype == str(XSD.string):
        datatype = None
    return ("lit", _parts(str(term)), None, datatype)


def _parts(text: str) -> object:
    """GROUP_CONCAT has no defined order (SPARQL 1.1 §18.5.1.7), and engines differ: a
    ", "-separated value compares as the sorted list of its parts."""
    return tuple(sorted(text.split(", "))) if ", " in text else text


def norm_result(result) -> object:
    """An rdflib ``Result`` (local or parsed from an endpoint) as a comparable value."""
    kind = str(result.type).upper()
    if kind == "ASK":
        return ("ASK", bool(result.askAnswer))
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return (
            kind,
            sorted({tuple(norm_term(t) for t in triple) for triple in result.graph}, key=repr),
        )
    variables = [str(v) for v in result.vars]
    rows = []
    for row in result:
        values = (
            dict(zip(variables, row, strict=False))
            if not hasattr(row, "asdict")
            else {str(k): v for k, v in row.asdict().items()}
        )
        rows.append(tuple(norm_term(values.get(v)) for v in variables))
    return (
        "SELECT",
        sorted(variables),
        sorted((tuple(r[variables.index(v)] for v in sorted(variables)) for r in rows), key=repr),
    )


def norm_answer(answer) -> object:
    """A server :class:`~governance_graph.writers.Answer` as the same comparable value."""
    if answer.kind == "ASK":
        return ("ASK", bool(answer.boolean))
    if answer.kind in ("CONSTRUCT", "DESCRIBE"):
        return (
            answer.kind,
            sorted({tuple(norm_term(t) for t in tr) for tr in answer.triples}, key=repr),
        )
    order = sorted(answer.vars)
    rows = [tuple(norm_term(row[answer.vars.index(v)]) for v in order) for row in answer.rows]
    return ("SELECT", order, sorted(rows, key=repr))
