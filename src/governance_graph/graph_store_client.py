"""Push a graph into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

``PUT`` replaces the target graph, ``POST`` merges into it; the target is
``<endpoint>?graph=<iri>`` or, without an IRI, ``<endpoint>?default``. The body is N-Triples
sent as ``text/turtle`` (N-Triples is Turtle, and every store reads Turtle; Virtuoso 7 does not
know ``application/n-triples``). Large graphs go in chunks: the first request replaces (or
merges), the rest merge; every triple with a blank node goes in the first chunk, so a blank
node is never split across requests (each request has its own blank node scope).

Credentials come from the environment, never from the command line:

=====================================  ======================================================
``GOVERNANCE_GRAPH_PUSH_USER``         user name (with the password: HTTP Basic, or Digest)
``GOVERNANCE_GRAPH_PUSH_PASSWORD``     password
``GOVERNANCE_GRAPH_PUSH_AUTH``         ``basic`` (default, sent up front) or ``digest``
                                       (Virtuoso's ``/sparql-graph-crud-auth``)
``GOVERNANCE_GRAPH_PUSH_TOKEN``        bearer token (``Authorization: Bearer …``)
=====================================  ======================================================

>>> target_url("http://127.0.0.1:7878/store", "https://w3id.org/governance-graph/graph/all")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fgovernance-graph%2Fgraph%2Fall'
>>> target_url("http://127.0.0.1:7878/store", None)
'http://127.0.0.1:7878/store?default'
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from rdflib import BNode, Graph
from rdflib.term import Node

from governance_graph.errors import GovernanceGraphError

__all__ = ["PushError", "PushResult", "auth_from_env", "push", "target_url"]

ENV_USER = "GOVERNANCE_GRAPH_PUSH_USER"
ENV_PASSWORD = "GOVERNANCE_GRAPH_PUSH_PASSWORD"
ENV_AUTH = "GOVERNANCE_GRAPH_PUSH_AUTH"
ENV_TOKEN = "GOVERNANCE_GRAPH_PUSH_TOKEN"

CHUNK = 50_000


class PushError(GovernanceGraphError):
    """The store refused the graph or could not be reached (one line: URL, status, reason)."""


@dataclass(frozen=True)
class Auth:
    """How to authenticate: ``kind`` is ``none``, ``basic``, ``digest`` or ``bearer``."""

    kind: str = "none"
    user: str = ""
    password: str = ""
    token: str = ""


@dataclass(frozen=True)
class PushResult:
    url: str
    triples: int
    requests: int
    replaced: bool


def auth_from_env(env: Mapping[str, str] | None = None) -> Auth:
    """The :class:`Auth` the environment variables describe (see the module docstring)."""
    env = os.environ if env is None else env
    if env.get(ENV_TOKEN):
        return Auth("bearer", token=env[ENV_TOKEN])
    user = env.get(ENV_USER, "")
    if not user:
        return Auth()
    kind = env.get(ENV_AUTH, "basic").strip().lower() or "basic"
    if kind not in ("basic", "digest"):
        raise PushError(f"{ENV_AUTH}={kind!r}: use basic or digest")
    return Auth(kind, user=user, password=env.get(ENV_PASSWORD, ""))


def target_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of ``graph`` (``None``: the default graph)."""
    separator = "&" if urlsplit(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}graph={quote(graph, safe='')}"


def _nt(triple: tuple[Node, Node, Node]) -> str:
    from governance_graph.writers.terms import nt_term

    s, p, o = triple
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"


def _chunks(graph: Graph, size: int) -> Iterable[list[str]]:
    with_bnodes = [t for t in graph if any(isinstance(x, BNode) for x in t)]
    rest = [t for t in graph if not any(isinstance(x, BNode) for x in t)]
    first = [_nt(t) for t in with_bnodes]
    index = 0
    while len(first) < size and index < len(rest):
        first.append(_nt(rest[index]))
        index += 1
    yield first
    while index < len(rest):
        yield [_nt(t) for t in rest[index : index + size]]
        index += size


class _Digest:
    """HTTP Digest (RFC 7616, MD5, ``qop=auth``) computed up front from one challenge.

    urllib's digest handler sends the whole body, gets a 401 and sends it again; Virtuoso closes
    the connection while the first large body is still being written (broken pipe). So the
    challenge is fetched once with a body-less ``GET`` of the same URL, and every upload carries
    its ``Authorization`` header from the start.
    """

    def __init__(self, url: str, auth: Auth, timeout: float) -> None:
        import re

        self.auth = auth
        self.count = 0
        request = urllib.request.Request(url, method="GET", headers={"Accept": "text/turtle"})
        challenge = ""
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as err:
            challenge = err.headers.get("WWW-Authenticate", "") if err.code == 401 else ""
        except (urllib.error.URLError, OSError) as err:
            raise PushError(f"{url}: cannot connect: {getattr(err, 'reason', err)}") from None
        if not challenge.lower().startswith("digest"):
            raise PushError(f"{url}: no HTTP Digest challenge (set {ENV_AUTH}=basic?)")
        self.params = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge[6:]))

    def header(self, method: str, url: str) -> str:
        import hashlib
        import secrets

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        parts = urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        realm, nonce = self.params.get("realm", ""), self.params.get("nonce", "")
        self.count += 1
        nc, cnonce = f"{self.count:08x}", secrets.token_hex(8)
        ha1 = md5(f"{self.auth.user}:{realm}:{self.auth.password}")
        ha2 = md5(f"{method}:{uri}")
        qop = "auth" if "auth" in self.params.get("qop", "").split(",") else ""
        if qop:
            response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
        else:
            response = md5(f"{ha1}:{nonce}:{ha2}")
        fields = [
            f'username="{self.auth.user}"',
            f'realm="{realm}"',
            f'nonce="{nonce}"',
            f'uri="{uri}"',
            f'response="{response}"',
            'algorithm="MD5"',
        ]
        if qop:
            fields += [f"qop={qop}", f"nc={nc}", f'cnonce="{cnonce}"']
        if "opaque" in self.params:
            fields.append(f'opaque="{self.params["opaque"]}"')
        return "Digest " + ", ".join(fields)


def _opener(auth: Auth, url: str) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener()


def _headers(auth: Auth) -> dict[str, str]:
    headers = {"Content-Type": "text/turtle; charset=utf-8"}
    if auth.kind == "basic":
        token = base64.b64encode(f"{auth.user}:{auth.password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    elif auth.kind == "bearer":
        headers["Authorization"] = f"Bearer {auth.token}"
    return headers


def _send(
    opener, url: str, method: str, body: bytes, auth: Auth, timeout: float, digest=None
) -> None:
    headers = _headers(auth)
    if digest is not None:
        headers["Authorization"] = digest.header(method, url)
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        try:
            detail = " ".join(err.read().decode("utf-8", "replace").split())[:160]
        except Exception:
            detail = ""
        hint = ""
        if err.code in (401, 403):
            hint = f" (set {ENV_USER}/{ENV_PASSWORD}, {ENV_AUTH} or {ENV_TOKEN})"
        raise PushError(
            f"{url}: {method} refused: HTTP {err.code} {err.reason}{hint}"
            + (f": {detail}" if detail else "")
        ) from None
    except TimeoutError:
        raise PushError(f"{url}: no answer within {timeout:g} s") from None
    except urllib.error.URLError as err:
        reason = getattr(err.reason, "strerror", None) or err.reason
        raise PushError(f"{url}: cannot connect: {reason}") from None
    except OSError as err:
        raise PushError(f"{url}: connection failed: {err.strerror or err}") from None


def push(
    graph: Graph,
    endpoint: str,
    *,
    graph_iri: str | None = None,
    replace: bool = True,
    auth: Auth | None = None,
    timeout: float = 120.0,
    chunk: int = CHUNK,
) -> PushResult:
    """Store ``graph`` at ``endpoint`` (a Graph Store Protocol URL) as ``graph_iri`` (or the
    default graph), replacing it (``PUT``) or merging into it (``POST``)."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{endpoint}: not an http(s) Graph Store URL")
    auth = auth if auth is not None else auth_from_env()
    url = target_url(endpoint, graph_iri)
    opener = _opener(auth, url)
    digest = _Digest(url, auth, timeout) if auth.kind == "digest" else None
    requests = 0
    for number, lines in enumerate(_chunks(graph, chunk)):
        method = "PUT" if (replace and number == 0) else "POST"
        if not lines and number > 0:
            continue
        _send(opener, url, method, "".join(lines).encode("utf-8"), auth, timeout, digest)
        requests += 1
    return PushResult(url=url, triples=len(graph), requests=requests, replaced=replace)
