"""Starting external SPARQL engines for the tests: ``oxigraph serve`` and Virtuoso Open Source 7,
each in a temporary folder on free loopback ports, and comparing answers by value."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import httpx
from rdflib import XSD, BNode, Literal, URIRef

from tests.helpers.programs import program_or_skip
from tests.server.serverkit import free_port

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


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` CLI of this Python environment (pip package ``oxigraph``), or on PATH."""
    local = Path(sys.executable).parent / "oxigraph"
    if local.exists():
        return str(local)
    return shutil.which("oxigraph")


def _wait(url: str, proc: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout:g} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port; yields its base URL (``/query``, ``/store``)."""
    binary = oxigraph_binary()
    assert binary, "no oxigraph CLI"
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/", proc, 30, "oxigraph serve")
        yield base
    finally:
        _stop(proc)


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
    proc = subprocess.Popen(
        [binary, "-f", "-c", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{http}"
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log = (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso exited ({proc.returncode}): {log}")
            try:
                r = httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2)
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("virtuoso did not start in time")
            time.sleep(0.5)
        yield base
    finally:
        _stop(proc)


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
    """A server :class:`~governance_graph.server.formats.Answer` as the same comparable value."""
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
