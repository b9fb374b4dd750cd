"""Date parameters of stored queries: ``YYYY-MM-DD``, or ``today``.

A date parameter (``?_date``, ``?_from_date``: see :mod:`governance_graph.params`) takes an ISO
calendar date or the word ``today``, in a query header's ``#+ defaults:`` or as a value. The
word is read when the query is bound (:func:`governance_graph.params.bind`, which the command
line, the Python API and the server's stored-query API all go through), not when the query
file is read: a server running for days answers each request with that day's date. ``today``
is the local date of the machine that binds the query.

>>> parse_date("2004-02-29")
datetime.date(2004, 2, 29)
>>> parse_date(" today ") == today()
True
>>> parse_date("2004-13-01")
Traceback (most recent call last):
...
ValueError: month must be in 1..12
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["DATE_FORM", "TODAY", "parse_date", "today"]

#: The word a date parameter may take instead of a date: the date on which it is bound.
TODAY = "today"

#: What a date parameter accepts, for messages.
DATE_FORM = f"the ISO form YYYY-MM-DD or {TODAY!r}"

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def today() -> _dt.date:
    """The local date now (one place, so that tests can fix the clock)."""
    return _dt.date.today()


def parse_date(value: str) -> _dt.date:
    """The date ``value`` names: ``YYYY-MM-DD`` or ``today`` (surrounding spaces ignored).

    Raises :class:`ValueError` with a short reason (no parameter name: the caller adds it).

    >>> parse_date("2004/01/01")
    Traceback (most recent call last):
    ...
    ValueError: use the ISO form YYYY-MM-DD or 'today'
    """
    text = value.strip()
    if text == TODAY:
        return today()
    if not _DATE.fullmatch(text):
        raise ValueError(f"use {DATE_FORM}")
    return _dt.date.fromisoformat(text)
