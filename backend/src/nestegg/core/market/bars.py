"""Daily bars, corporate actions read from them, and gaps against a trading calendar.

A :class:`DailyBar` follows the store's convention (see :mod:`nestegg.core.market.returns`):
``close`` and ``dividend`` are adjusted for splits only, ``split_ratio`` is new shares per old
share on a split's ex-date and 1 otherwise. A corporate action is a split or a cash dividend
on its ex-date; providers report both on the bar of that date.

Some providers (and users' files) give closes *as traded*, with no split column. A split then
shows as an overnight jump of the close by a ratio of small integers while the total-return
series does not jump; :func:`split_candidates` finds those for a person to confirm.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from nestegg.core.money import ONE, ZERO


@dataclass(frozen=True, slots=True)
class DailyBar:
    symbol: str
    date: dt.date
    close: Decimal | None
    adj_close: Decimal | None
    dividend: Decimal | None
    split_ratio: Decimal = ONE
    currency: str = "USD"


class ActionKind(StrEnum):
    SPLIT = "split"
    DIVIDEND = "dividend"


@dataclass(frozen=True, slots=True)
class CorporateAction:
    """A split (``value`` = new shares per old share) or a cash dividend (``value`` = cash
    per split-adjusted share) of ``symbol`` with ex-date ``date``."""

    symbol: str
    date: dt.date
    kind: ActionKind
    value: Decimal


def corporate_actions(bars: Iterable[DailyBar]) -> list[CorporateAction]:
    """The splits and positive dividends recorded on ``bars``, in date order."""
    found: list[CorporateAction] = []
    for bar in bars:
        if bar.split_ratio != ONE:
            found.append(CorporateAction(bar.symbol, bar.date, ActionKind.SPLIT, bar.split_ratio))
        if bar.dividend is not None and bar.dividend > ZERO:
            found.append(CorporateAction(bar.symbol, bar.date, ActionKind.DIVIDEND, bar.dividend))
    return sorted(found, key=lambda a: (a.date, a.kind.value))


def splits_after(actions: Iterable[CorporateAction], symbol: str, day: dt.date) -> Decimal:
    """Product of the split ratios of ``symbol`` with an ex-date after ``day``.

    A split-adjusted close or dividend of ``day`` times this is the value as traded that day.
    """
    factor = ONE
    for action in actions:
        if action.symbol == symbol and action.kind is ActionKind.SPLIT and action.date > day:
            factor *= action.value
    return factor


def split_adjust(
    raw: Sequence[Decimal | None], split_ratio: Sequence[Decimal]
) -> list[Decimal | None]:
    """Exact split adjustment of as-traded values relative to the last day of the series.

    ``raw[t]`` is divided by the product of ``split_ratio`` over the days after ``t``.
    """
    if len(raw) != len(split_ratio):
        raise ValueError("raw values and split ratios must have the same length")
    result: list[Decimal | None] = [None] * len(raw)
    later = ONE
    for i in range(len(raw) - 1, -1, -1):
        value = raw[i]
        result[i] = None if value is None else value / later
        later *= split_ratio[i]
    return result


# Forward and reverse ratios seen in US splits; the fraction keeps the comparison exact.
_COMMON_RATIOS = tuple(
    Fraction(n, d)
    for n, d in (
        (2, 1), (3, 1), (3, 2), (4, 1), (5, 1), (5, 4), (6, 1), (7, 1), (8, 1), (10, 1),
        (15, 1), (20, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 8), (1, 10), (1, 20), (2, 3),
    )
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SplitCandidate:
    date: dt.date
    ratio: Decimal
    """New shares per old share that would explain the jump."""
    observed: Decimal
    """The observed ``close[t-1] / close[t]``."""


def split_candidates(
    dates: Sequence[dt.date],
    raw_close: Sequence[Decimal],
    total_return: Sequence[Decimal | None] | None = None,
    *,
    tolerance: Decimal = Decimal("0.04"),
    min_jump: Decimal = Decimal("1.4"),
) -> list[SplitCandidate]:
    """Overnight jumps of an as-traded close that a split would explain.

    A day is a candidate when ``close[t-1] / close[t]`` is within ``tolerance`` (relative) of a
    common split ratio and moves by at least ``min_jump`` either way. When a total-return
    series is given, a day on which it also jumps by ``min_jump`` is a real price move and
    not a split.
    """
    found: list[SplitCandidate] = []
    for i in range(1, len(raw_close)):
        before, after = raw_close[i - 1], raw_close[i]
        if before <= ZERO or after <= ZERO:
            continue
        observed = before / after
        if not (observed >= min_jump or observed <= ONE / min_jump):
            continue
        if total_return is not None:
            tr_before, tr_after = total_return[i - 1], total_return[i]
            if tr_before and tr_after:
                move = tr_before / tr_after
                if move >= min_jump or move <= ONE / min_jump:
                    continue
        for ratio in _COMMON_RATIOS:
            exact = Decimal(ratio.numerator) / Decimal(ratio.denominator)
            if abs(observed / exact - ONE) <= tolerance:
                found.append(SplitCandidate(dates[i], exact, observed))
                break
    return found


@dataclass(frozen=True, slots=True)
class Gap:
    """A run of sessions with no bar: ``first`` to ``last`` inclusive, ``sessions`` of them."""

    first: dt.date
    last: dt.date
    sessions: int


def find_gaps(
    dates: Iterable[dt.date],
    sessions: Iterable[dt.date],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Gap]:
    """Runs of calendar sessions in ``[start, end]`` that have no bar.

    ``sessions`` is the trading calendar (a set or any iterable of session dates); the range
    defaults to the first and last bar. Bars on non-session days are ignored.
    """
    have = set(dates)
    if not have and (start is None or end is None):
        return []
    lo = start if start is not None else min(have)
    hi = end if end is not None else max(have)
    gaps: list[Gap] = []
    run: list[dt.date] = []
    for day in sorted(d for d in set(sessions) if lo <= d <= hi):
        if day in have:
            if run:
                gaps.append(Gap(run[0], run[-1], len(run)))
                run = []
        else:
            run.append(day)
    if run:
        gaps.append(Gap(run[0], run[-1], len(run)))
    return gaps
