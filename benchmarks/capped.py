"""Run a command in a child process under a wall-clock cap and a memory cap.

The child starts in a session of its own, with an address-space limit (``RLIMIT_AS``) of twice
the memory cap as a backstop, and a watchdog samples the resident memory of the child and of
its own children every 50 ms: above the memory cap, or past the wall cap, the whole session is
killed. So a tool that grows without bound is stopped at the cap, not by the machine.

>>> import sys
>>> run([sys.executable, "-c", "print('hi')"], cap=30, mem_cap=2**30)["status"]
'ok'
>>> run([sys.executable, "-c", "import time; time.sleep(5)"], cap=0.5, mem_cap=2**30)["status"]
'> cap'
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

#: How often the watchdog samples the child's memory (seconds).
INTERVAL = 0.05

#: Words in a child's last lines that mean it ran out of memory (an allocation refused under
#: the address-space limit, rather than the watchdog's kill).
_OUT_OF_MEMORY = ("MemoryError", "memory allocation", "out of memory", "Cannot allocate memory")


def tree_rss(pid: int, group: Callable[[Any], str] | None = None) -> dict[str, int]:
    """Resident bytes of ``pid`` and its descendants (none once it has gone): ``total``, and
    the sum for each name ``group(process)`` gives (a ``psutil.Process``)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return {}
    sums: dict[str, int] = {}
    for p in procs:
        try:
            rss = p.memory_info().rss
            name = group(p) if group else None
        except psutil.Error:
            continue
        sums["total"] = sums.get("total", 0) + rss
        if name:
            sums[name] = sums.get(name, 0) + rss
    return sums


def run(
    argv: Sequence[str],
    *,
    cap: float,
    mem_cap: int,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    group: Callable[[Any], str] | None = None,
) -> dict[str, Any]:
    """Run ``argv``; return ``status`` (``ok``, ``> cap``, ``> mem`` or ``failed: <last line>``),
    ``wall`` seconds, ``peak_rss`` (the watchdog's highest sample, bytes), ``stdout`` and the
    last lines of ``stderr``; with ``group`` (see :func:`tree_rss`) also ``peak_by_group``, the
    highest sample of each group's sum."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * mem_cap, 2 * mem_cap))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            list(argv),
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=limit,
        )
        peaks: dict[str, int] = {"total": 0}
        why = ""
        try:
            while child.poll() is None:
                for name, rss in tree_rss(child.pid, group).items():
                    peaks[name] = max(peaks.get(name, 0), rss)
                if peaks["total"] > mem_cap:
                    why = "> mem"
                elif time.perf_counter() - started > cap:
                    why = "> cap"
                if why:
                    _kill(child)
                    break
                time.sleep(INTERVAL)
        except BaseException:  # interrupted: leave nothing running
            _kill(child)
            raise
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        tail = err.read().decode(errors="replace").strip().splitlines()[-5:]
    if not why and child.returncode == 0:
        why = "ok"
    elif not why:
        text = "\n".join(tail)
        why = "> mem" if any(w in text for w in _OUT_OF_MEMORY) else f"failed: {tail[-1:]}"
    out = {"status": why, "wall": wall, "peak_rss": peaks.pop("total"), "stdout": stdout}
    out["stderr"] = tail
    if group:
        out["peak_by_group"] = peaks
    return out


def _kill(child: subprocess.Popen) -> None:
    """Kill the child's session (the child and whatever it started), then reap the child."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
