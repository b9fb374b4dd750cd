"""Entry point of a query worker process: ``python -m governance_graph.server._worker SPEC``."""

from __future__ import annotations

import json
import sys

from governance_graph.server.workers import WorkerSpec, worker_main

if __name__ == "__main__":
    raw = json.loads(sys.argv[1])
    worker_main(
        WorkerSpec(
            engine=raw["engine"], nquads=raw["nquads"], allow_services=tuple(raw["allow_services"])
        )
    )
