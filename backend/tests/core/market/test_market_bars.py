import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from nestegg.core.market.bars import (
    ActionKind,
    CorporateAction,
    DailyBar,
    Gap,
    corporate_actions,
    find_gaps,
    split_adjust,
    split_candidates,
    splits_after,
)
from nestegg.core.market.calendar import trading_days

D = dt.date
Q = Decimal


def bar(day: dt.date, close: str, dividend: str = "0", split: str = "1") -> DailyBar:
    return DailyBar("X", day, Q(close), None, Q(dividend), Q(split))


def test_corporate_actions_from_bars() -> None:
    bars = [bar(D(2024, 6, 7), "120"), bar(D(2024, 6, 10), "121", split="10")]
    bars.append(bar(D(2024, 6, 11), "122", dividend="0.01"))
    assert corporate_actions(bars) == [
        CorporateAction("X", D(2024, 6, 10), ActionKind.SPLIT, Q(10)),
        CorporateAction("X", D(2024, 6, 11), ActionKind.DIVIDEND, Q("0.01")),
    ]


def test_splits_after() -> None:
    actions = [
        CorporateAction("X", D(2020, 1, 2), ActionKind.SPLIT, Q(2)),
        CorporateAction("X", D(2022, 1, 3), ActionKind.SPLIT, Q(3)),
        CorporateAction("Y", D(2022, 1, 3), ActionKind.SPLIT, Q(5)),
    ]
    assert splits_after(actions, "X", D(2019, 1, 1)) == 6
    assert splits_after(actions, "X", D(2020, 1, 2)) == 3
    assert splits_after(actions, "X", D(2023, 1, 1)) == 1


def test_split_adjust_is_exact() -> None:
    raw = [Q("1200.00"), Q("1210.00"), None, Q("121.50")]
    ratios = [Q(1), Q(1), Q(10), Q(1)]
    assert split_adjust(raw, ratios) == [Q("120"), Q("121"), None, Q("121.50")]


def test_split_candidates_from_as_traded_closes() -> None:
    days = [D(2024, 6, 6), D(2024, 6, 7), D(2024, 6, 10), D(2024, 6, 11)]
    raw = [Q("1209.98"), Q("1208.88"), Q("121.79"), Q("120.91")]
    (found,) = split_candidates(days, raw)
    assert found.date == D(2024, 6, 10) and found.ratio == 10
    # A total-return series that also halves means a real crash, not a split.
    crash = [Q(100), Q(100), Q(50), Q(50)]
    assert split_candidates(days, [Q(100), Q(100), Q(50), Q(50)], crash) == []
    assert split_candidates(days, [Q(100), Q(101), Q(99), Q(100)]) == []


def test_find_gaps() -> None:
    sessions = trading_days(D(2024, 6, 3), D(2024, 6, 14))
    have = [d for d in sessions if d not in {D(2024, 6, 5), D(2024, 6, 6), D(2024, 6, 12)}]
    assert find_gaps(have, sessions) == [
        Gap(D(2024, 6, 5), D(2024, 6, 6), 2),
        Gap(D(2024, 6, 12), D(2024, 6, 12), 1),
    ]
    assert find_gaps(have, sessions, end=D(2024, 6, 17)) == [
        Gap(D(2024, 6, 5), D(2024, 6, 6), 2),
        Gap(D(2024, 6, 12), D(2024, 6, 12), 1),
    ]
    assert find_gaps([], sessions) == []
    assert find_gaps([], sessions, start=D(2024, 6, 13), end=D(2024, 6, 14)) == [
        Gap(D(2024, 6, 13), D(2024, 6, 14), 2)
    ]


@given(st.sets(st.integers(0, 40)))
def test_gaps_cover_exactly_the_missing_sessions(missing: set[int]) -> None:
    sessions = trading_days(D(2024, 1, 2), D(2024, 3, 1))
    have = [d for i, d in enumerate(sessions) if i not in missing]
    gaps = find_gaps(have, sessions, start=sessions[0], end=sessions[-1])
    covered = {d for g in gaps for d in sessions if g.first <= d <= g.last}
    assert covered == set(sessions) - set(have)
    assert sum(g.sessions for g in gaps) == len(covered)
