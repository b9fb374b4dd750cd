"""What the benchmarks share: a size's short label and the JSON record of a run.

from run_record import label, write_record
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import socket
from pathlib import Path
from typing import Any

__all__ = ["label", "write_record"]


def label(n: int) -> str:
    """A size as the benchmarks name it: ``10k``, ``1M``, else the number."""
    for unit, div in (("M", 1_000_000), ("k", 1_000)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return str(n)


def write_record(out: Path, suffix: str, fields: dict[str, Any]) -> Path:
    """Write ``out/<machine>-<date><suffix>.json``: the machine (name, Python, platform, cores),
    the date and ``fields``. Returns the path without its extension (the plot goes beside)."""
    machine = socket.gethostname().split(".")[0] or "machine"
    stamp = dt.date.today().isoformat()
    out.mkdir(parents=True, exist_ok=True)
    base = out / f"{machine}-{stamp}{suffix}"
    record = {
        "machine": machine,
        "date": stamp,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        **fields,
    }
    base.with_suffix(".json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return base
