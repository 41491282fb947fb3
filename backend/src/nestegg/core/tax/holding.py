"""Holding periods: when a gain or loss becomes long-term.

A gain or loss is long-term when the asset was held *more than one year* (IRC section 1222).
IRS Publication 550 ("Holding Period"): the holding period starts on the day after the
acquisition date and includes the day of disposal; property bought on February 5, 2023 and sold
on February 5, 2024 was held one year exactly (short-term), sold on February 6, 2024 it is
long-term. Months count as calendar months from the start day (Rev. Rul. 66-7), so:

- the first long-term sale date is the start day (acquisition + 1 day) one year later;
- February 29 is the subtle case: bought February 28, 2015, the period starts March 1, 2015
  and a sale on February 29, 2016 is still short-term (long-term from March 1, 2016); bought
  February 28, 2024 the period starts February 29, 2024, which has no anniversary, and the
  first long-term day is March 1, 2025; bought February 29, 2024 the period starts March 1, 2024
  and the first long-term day is March 1, 2025.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from nestegg.core.tax.model import TaxLot, Term

_DAY = dt.timedelta(days=1)


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # February 29 has no anniversary; the year is complete on March 1
        return dt.date(day.year + 1, 3, 1)


@lru_cache(maxsize=65_536)
def long_term_date(acquired: dt.date) -> dt.date:
    """The first sale date on which shares acquired on ``acquired`` are long-term."""
    return _one_year_after(acquired + _DAY)


def holding_term(acquired: dt.date, sold: dt.date) -> Term:
    """``Term.LONG`` when held more than one year from ``acquired`` to ``sold``."""
    return Term.LONG if sold >= long_term_date(acquired) else Term.SHORT


def days_until_long_term(lot: TaxLot, as_of: dt.date) -> int:
    """Days from ``as_of`` until a sale of ``lot`` would be long-term (0 when it already is)."""
    return max(0, (long_term_date(lot.acquired_date) - as_of).days)
