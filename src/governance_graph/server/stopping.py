"""How ``serve`` stops: every way ends in the same clean shutdown, then the same exit.

uvicorn shuts down gracefully on SIGINT and SIGTERM, then raises the signal again once its own
handlers are gone, so that the process ends "as if" by that signal. Without a handler of ours,
that second SIGTERM killed the process before any ``finally`` ran, and a SIGHUP (uvicorn does
not catch it) or a SIGTERM during start-up killed it at once: the temporary folder of the
served dataset was left behind.

:func:`stop_on_signals` installs handlers for SIGTERM and SIGHUP for the life of the command:

* while a uvicorn server runs, SIGHUP asks it to shut down gracefully, as SIGTERM does;
* otherwise (start-up, or the signal raised again after the shutdown) the signal raises
  :class:`Stopped` in the main thread, so ``finally`` blocks close the workers and remove the
  folder; the command then calls :func:`end_by` to end the process by that same signal.

SIGINT needs nothing: Python raises ``KeyboardInterrupt`` for it already.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

__all__ = ["SIGNALS", "StopSignals", "Stopped", "end_by", "stop_on_signals"]

#: The signals turned into :class:`Stopped` (SIGINT is ``KeyboardInterrupt`` already).
SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Stopped(BaseException):
    """The process was asked to stop by ``signum``. A ``BaseException``, like
    ``KeyboardInterrupt``: no ``except Exception`` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


class StopSignals:
    """The handler installed by :func:`stop_on_signals`.

    :attr:`server` is the uvicorn server to shut down gracefully once it runs; :attr:`signum`
    the stop signal received, if any; while :attr:`cleaning_up`, a stop signal is only noted,
    so that a second SIGTERM cannot cut the clean-up short (SIGKILL still can)."""

    def __init__(self) -> None:
        self.server: Any = None
        self.signum: int | None = None
        self.cleaning_up = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.cleaning_up or self.signum is not None:
            self.signum = self.signum or signum
            return
        server = self.server
        if server is not None and not server.should_exit:
            server.handle_exit(signum, frame)  # graceful; uvicorn raises the signal again after
            return
        self.signum = signum
        raise Stopped(signum)

    def end(self) -> None:
        """After the clean-up: end the process by the stop signal received, if one was."""
        if self.signum is not None:
            end_by(self.signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[StopSignals]:
    """SIGTERM and SIGHUP raise :class:`Stopped` (or stop the server set on the yielded
    handler gracefully) inside the block; the previous handlers are restored on leaving it.
    Outside the main thread (where :mod:`signal` cannot install handlers) it does nothing.
    """
    handler = StopSignals()
    if threading.current_thread() is not threading.main_thread():
        yield handler
        return
    previous = {sig: signal.signal(sig, handler) for sig in SIGNALS}
    try:
        yield handler
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def end_by(signum: int) -> None:  # pragma: no cover - ends the process
    """End the process by ``signum`` with its default action (after the clean-up), so that
    the parent sees what it sent (``kill``: status 143 in a shell, systemd: a clean stop)."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
