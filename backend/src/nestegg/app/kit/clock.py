"""The one place the app reads the wall clock (core never does: it takes ``as_of``)."""

from __future__ import annotations

import datetime as dt


def local_today() -> dt.date:
    """The user's local date (holding periods count calendar days where they live)."""
    return dt.datetime.now().astimezone().date()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
