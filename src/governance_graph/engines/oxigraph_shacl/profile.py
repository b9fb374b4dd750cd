"""Where the fast SHACL validator spends its time: queries and seconds per shape, and the
slowest queries (printed when ``GOVERNANCE_GRAPH_SHACL_PROFILE=1``)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

__all__ = ["PROFILE", "Stats"]


@dataclass
class Stats:
    queries: int = 0
    seconds: float = 0.0
    per_shape: dict = field(default_factory=dict)  # shape node → [queries, seconds]
    slowest: list = field(default_factory=list)  # (seconds, rows, shape, query text)

    def report(self, out=None, top: int = 15) -> None:
        """Print the slowest queries and the time per shape (GOVERNANCE_GRAPH_SHACL_PROFILE=1)."""
        out = out or sys.stderr
        print(
            f"[shacl profile] {self.queries} queries, {self.seconds:.2f} s in the store", file=out
        )
        shapes = sorted(self.per_shape.items(), key=lambda kv: -kv[1][1])
        for node, (n, secs) in shapes[:top]:
            print(f"[shacl profile]   {secs:8.3f} s {n:5d} q  {node}", file=out)
        for secs, rows, shape, text in sorted(self.slowest, key=lambda x: -x[0])[:top]:
            flat = " ".join(
                line for line in text.splitlines() if not line.startswith("PREFIX")
            ).split()
            flat = " ".join(flat)
            print(
                f"[shacl profile] {secs:8.3f} s {rows:7d} rows  {shape}\n    {flat[:600]}", file=out
            )


PROFILE = os.environ.get("GOVERNANCE_GRAPH_SHACL_PROFILE", "") not in ("", "0")
