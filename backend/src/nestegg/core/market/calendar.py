"""The New York Stock Exchange trading calendar, rule-based for 2000–2030.

Regular sessions run 09:30–16:00 America/New_York on weekdays that are not exchange holidays.
The rules follow NYSE Rule 7.2 and the exchange's published holiday lists:

- New Year's Day, Independence Day and Christmas Day move to Monday when they fall on a Sunday
  and to Friday when they fall on a Saturday, except that a Saturday New Year's Day is not
  observed on the preceding Friday (that Friday closes a year).
- Martin Luther King Jr. Day (third Monday of January, from 1998), Washington's Birthday (third
  Monday of February), Memorial Day (last Monday of May), Labor Day (first Monday of September)
  and Thanksgiving (fourth Thursday of November).
- Good Friday (two days before Western Easter, computed with the anonymous Gregorian algorithm).
- Juneteenth National Independence Day (19 June, observed like the fixed holidays) from 2022.
- Unscheduled closures: 11–14 September 2001, 11 June 2004 (President Reagan), 2 January 2007
  (President Ford), 29–30 October 2012 (Hurricane Sandy), 5 December 2018 (President
  G. H. W. Bush) and 9 January 2025 (President Carter).

Early closes (13:00) fall on the day after Thanksgiving, on 24 December and on 3 July when
those are trading days. Before about 2003 the exchange set some early closes case by case;
they only move the end of live polling, never a daily bar, so the rule is not refined there.

Every function is pure: the caller passes the date or the instant it asks about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from zoneinfo import ZoneInfo

from nestegg.core.errors import ValidationError

EXCHANGE_TZ = ZoneInfo("America/New_York")
FIRST_YEAR = 2000
LAST_YEAR = 2030
REGULAR_OPEN = dt.time(9, 30)
REGULAR_CLOSE = dt.time(16, 0)
EARLY_CLOSE = dt.time(13, 0)

_SPECIAL_CLOSURES = frozenset(
    {
        dt.date(2001, 9, 11),
        dt.date(2001, 9, 12),
        dt.date(2001, 9, 13),
        dt.date(2001, 9, 14),
        dt.date(2004, 6, 11),
        dt.date(2007, 1, 2),
        dt.date(2012, 10, 29),
        dt.date(2012, 10, 30),
        dt.date(2018, 12, 5),
        dt.date(2025, 1, 9),
    }
)


def easter_sunday(year: int) -> dt.date:
    """Western Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    after = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = after - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(f"the exchange calendar covers {FIRST_YEAR}–{LAST_YEAR}, not {year}")


@lru_cache(maxsize=64)
def nyse_holidays(year: int) -> frozenset[dt.date]:
    """Weekdays of ``year`` on which the NYSE is closed (holidays and special closures)."""
    _check_year(year)
    days: set[dt.date] = set()
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() != 5:
        days.add(_observed(new_year))
    days.add(_nth_weekday(year, 1, 0, 3))  # Martin Luther King Jr. Day
    days.add(_nth_weekday(year, 2, 0, 3))  # Washington's Birthday
    days.add(easter_sunday(year) - dt.timedelta(days=2))  # Good Friday
    days.add(_last_weekday(year, 5, 0))  # Memorial Day
    if year >= 2022:
        days.add(_observed(dt.date(year, 6, 19)))
    days.add(_observed(dt.date(year, 7, 4)))
    days.add(_nth_weekday(year, 9, 0, 1))  # Labor Day
    days.add(_nth_weekday(year, 11, 3, 4))  # Thanksgiving
    days.add(_observed(dt.date(year, 12, 25)))
    days.update(d for d in _SPECIAL_CLOSURES if d.year == year)
    return frozenset(d for d in days if d.weekday() < 5 and d.year == year)


def is_trading_day(day: dt.date) -> bool:
    """Whether the NYSE holds a session on ``day``."""
    return day.weekday() < 5 and day not in nyse_holidays(day.year)


def trading_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every session date in ``[start, end]``, oldest first."""
    return list(_iter_trading_days(start, end))


def _iter_trading_days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    one = dt.timedelta(days=1)
    while day <= end:
        if is_trading_day(day):
            yield day
        day += one


def previous_trading_day(day: dt.date) -> dt.date:
    """The last session strictly before ``day``."""
    day -= dt.timedelta(days=1)
    while not is_trading_day(day):
        day -= dt.timedelta(days=1)
    return day


def next_trading_day(day: dt.date) -> dt.date:
    """The first session strictly after ``day``."""
    day += dt.timedelta(days=1)
    while not is_trading_day(day):
        day += dt.timedelta(days=1)
    return day


def is_early_close(day: dt.date) -> bool:
    """Whether the session of ``day`` (a trading day) closes at 13:00."""
    if not is_trading_day(day):
        return False
    thanksgiving = _nth_weekday(day.year, 11, 3, 4)
    if day == thanksgiving + dt.timedelta(days=1):
        return True
    if day.month == 12 and day.day == 24:
        return True
    return day.month == 7 and day.day == 3


def session_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Open and close of the session of ``day`` as UTC instants; raises if there is none."""
    if not is_trading_day(day):
        raise ValidationError(f"the NYSE holds no session on {day.isoformat()}")
    close = EARLY_CLOSE if is_early_close(day) else REGULAR_CLOSE
    opens = dt.datetime.combine(day, REGULAR_OPEN, tzinfo=EXCHANGE_TZ)
    closes = dt.datetime.combine(day, close, tzinfo=EXCHANGE_TZ)
    return opens.astimezone(dt.UTC), closes.astimezone(dt.UTC)


def is_market_open(at: dt.datetime) -> bool:
    """Whether a regular session is in progress at the (timezone-aware) instant ``at``."""
    if at.tzinfo is None:
        raise ValidationError("instants must be timezone-aware")
    day = at.astimezone(EXCHANGE_TZ).date()
    if not is_trading_day(day):
        return False
    opens, closes = session_bounds(day)
    return opens <= at < closes


def last_completed_session(at: dt.datetime) -> dt.date:
    """The latest session whose close is at or before the instant ``at``.

    This is the newest daily bar a provider can have at ``at``; a stored series that ends
    before it is stale.
    """
    if at.tzinfo is None:
        raise ValidationError("instants must be timezone-aware")
    day = at.astimezone(EXCHANGE_TZ).date()
    if is_trading_day(day) and session_bounds(day)[1] <= at:
        return day
    return previous_trading_day(day)
