"""The HTTP server: SPARQL 1.1 Protocol endpoint, stored-query web API, linked data.

>>> from governance_graph.server import ServerSettings, create_app
>>> app = create_app(ServerSettings(workers=1))   # doctest: +SKIP

Modules, one job each: :mod:`.app` (routes), :mod:`.protocol` (SPARQL Protocol requests),
:mod:`.formats` (media types, negotiation, writers), :mod:`.security` (refusals),
:mod:`.limits`, :mod:`.workers` (killable query processes), :mod:`.stores` (the chosen
engine's store in a worker), :mod:`.dataset` (closure + per-document graphs, written by the
engine), :mod:`.description` (service
description, HTML), :mod:`.api` (stored queries, OpenAPI), :mod:`.linkeddata` (303),
:mod:`.state`, :mod:`.settings`, :mod:`.commands` (``serve`` and ``push``), :mod:`.stopping`
(SIGTERM, SIGHUP and Ctrl-C all end in the same clean shutdown), :mod:`.site_routes` (the
published site at the same paths), :mod:`.html_pages` (query editor, API docs, tables).
"""

from __future__ import annotations

from governance_graph.server.app import create_app
from governance_graph.server.limits import Limits
from governance_graph.server.settings import ServerSettings

__all__ = ["Limits", "ServerSettings", "create_app"]
