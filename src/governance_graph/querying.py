"""One query, wherever it runs: what ``governance-graph query`` does between reading its options
and writing the answer, usable without the command line.

The query is a stored one by name (the bundled ``queries/`` and the federated ones of
``queries/federated/``, :func:`stored_queries`), a ``.rq`` file, or SPARQL text
(:func:`find_query`). :func:`run_query` chooses where it runs:

* ``endpoint``: on a SPARQL 1.1 endpoint's data
  (:mod:`governance_graph.sparql_endpoint_client`), the
  parameters bound here as terms, so the options about our own graph (``data``,
  ``reasoning=False``, ``store_dir``, an engine of our own) are refused;
* ``with_graphs``: on our graph with other graphs beside it, each in its own named graph, on the
  chosen engine (:func:`governance_graph.importing.query_with`);
* otherwise on our graph (:meth:`governance_graph.api.KnowledgeGraph.query`, where an IRI
  parameter may also be given by a label).

Options that cannot go together raise :class:`QueryOptionsError` (the command line shows it as
a usage error), before anything is read:

>>> run_query("chairs", endpoint="http://localhost:7878/query", data=["mine.ttl"])
Traceback (most recent call last):
...
governance_graph.querying.QueryOptionsError: --endpoint runs on the endpoint's data: drop --data/...
>>> find_query("chairs").name
'chairs'
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .engines import DEFAULT_ENGINE
from .errors import GovernanceGraphError

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Node

    from .catalogue import Catalogue, StoredQuery

__all__ = ["QueryOptionsError", "find_query", "run_query", "stored_queries"]

PathLike = str | os.PathLike[str]


class QueryOptionsError(GovernanceGraphError):
    """Options of one query that cannot go together (``--endpoint`` with ``--data``, …)."""


def stored_queries() -> Catalogue:
    """The bundled ``queries/`` and, beside them, the federated ones of ``queries/federated/``
    (what ``queries`` lists and ``query NAME`` looks names up in)."""
    from . import paths
    from .catalogue import Catalogue

    federated = paths.queries_dir() / "federated"
    extra = list(Catalogue.from_dir(federated)) if federated.is_dir() else []
    return Catalogue([*Catalogue.bundled(), *extra])


def find_query(
    name: str | None = None,
    *,
    expression: str | None = None,
    queries_dir: PathLike | None = None,
) -> StoredQuery:
    """The query to run: SPARQL text (``expression``), or ``name`` looked up in ``queries_dir``
    (a folder of ``*.rq``), read as a file (it ends in ``.rq`` or holds a path separator), or
    looked up among :func:`stored_queries` (an unknown name suggests close ones)."""
    from .catalogue import Catalogue, parse_query

    _one_query(name, expression)
    if expression is not None:
        return parse_query(expression, name="-e")
    assert name is not None
    if queries_dir is not None:
        return Catalogue.from_dir(queries_dir).resolve(name)
    if name.endswith(".rq") or os.sep in name or "/" in name:
        return Catalogue().resolve(name)
    return stored_queries().get(name)


def _one_query(name: str | None, expression: str | None) -> None:
    if (name is None) == (expression is None):
        raise QueryOptionsError("give a query NAME or FILE, or SPARQL text with -e (not both)")


def _check_options(
    *,
    endpoint: str | None,
    with_graphs: Sequence[str],
    data: Sequence[PathLike],
    reasoning: bool,
    engine: str,
    store_dir: PathLike | None,
) -> None:
    from .engines import names_a_particular_engine

    if endpoint and (data or not reasoning or store_dir or names_a_particular_engine(engine)):
        raise QueryOptionsError(
            "--endpoint runs on the endpoint's data: "
            "drop --data/--no-reasoning/--engine/--store-dir"
        )
    if endpoint and with_graphs:
        raise QueryOptionsError("--with loads graphs locally: drop --endpoint")


def run_query(
    query: str | StoredQuery | None = None,
    params: Mapping[str, str] | None = None,
    *,
    expression: str | None = None,
    queries_dir: PathLike | None = None,
    reasoning: bool = True,
    endpoint: str | None = None,
    timeout: float = 60.0,
    with_graphs: Sequence[str] = (),
    service_endpoints: Sequence[str] = (),
    service_allow: Sequence[str] = (),
    data: Sequence[PathLike] = (),
    engine: str = DEFAULT_ENGINE,
    store_dir: PathLike | None = None,
) -> Result:
    """Run one query where the options say (see the module's text) and return its rdflib
    ``Result``, as ``query`` does before writing it.

    ``query`` is a :class:`~governance_graph.catalogue.StoredQuery`, or a stored query's name or
    a ``.rq`` file (:func:`find_query`, with ``expression`` and ``queries_dir``). ``params`` are
    raw strings by parameter name (``{"body_iri": "ggd:vesoc"}``). ``service_endpoints``
    (``NAME=URL``) say where a named ``SERVICE`` is, ``service_allow`` which endpoints a
    ``SERVICE`` may call (:mod:`governance_graph.federation`). ``timeout``: seconds to wait for
    ``endpoint`` and for each ``with_graphs`` URL. ``data``, ``engine``, ``store_dir``: as
    :func:`governance_graph.api.load` (no ``data``: the bundled graph).
    """
    from .catalogue import StoredQuery

    if not isinstance(query, StoredQuery):
        _one_query(query, expression)
    _check_options(
        endpoint=endpoint,
        with_graphs=with_graphs,
        data=data,
        reasoning=reasoning,
        engine=engine,
        store_dir=store_dir,
    )
    if isinstance(query, StoredQuery):
        stored = query
    else:
        stored = find_query(query, expression=expression, queries_dir=queries_dir)
    raw = dict(params or {})
    allowed: tuple[str, ...] = tuple(service_allow)
    if service_endpoints or service_allow:
        import dataclasses

        from .federation import check_allow_list, parse_service_endpoints, rewrite_services

        allowed = check_allow_list(service_allow)
        endpoints = parse_service_endpoints(service_endpoints)
        stored = dataclasses.replace(stored, text=rewrite_services(stored.text, endpoints))
    bindings: dict[str, Node] = {}
    if endpoint or with_graphs:  # bound as given: an IRI parameter is not looked up by label
        from .params import bind

        bindings = bind(stored, raw)
    if endpoint:
        from .params import insert_values
        from .sparql_endpoint_client import run

        return run(insert_values(stored.text, bindings), endpoint, timeout=timeout)
    from .api import load

    kg = load(data=[Path(p) for p in data] or None, engine=engine, store_dir=store_dir)
    if with_graphs:
        from .importing import query_with

        return query_with(
            kg,
            stored.text,
            with_graphs,
            bindings=bindings,
            reasoning=reasoning,
            source=stored.source,
            allow_services=allowed,
            timeout=timeout,
        )
    return kg.query(stored, raw, reasoning=reasoning, allow_services=allowed)
