import datetime as dt

import pytest

from nestegg.core.errors import ValidationError
from nestegg.core.market.calendar import (
    easter_sunday,
    is_early_close,
    is_market_open,
    is_trading_day,
    last_completed_session,
    next_trading_day,
    nyse_holidays,
    previous_trading_day,
    session_bounds,
    trading_days,
)

D = dt.date


HOLIDAYS = {
    # The NYSE's published holiday lists.
    2022: "01-17 02-21 04-15 05-30 06-20 07-04 09-05 11-24 12-26",
    2024: "01-01 01-15 02-19 03-29 05-27 06-19 07-04 09-02 11-28 12-25",
    2025: "01-01 01-09 01-20 02-17 04-18 05-26 06-19 07-04 09-01 11-27 12-25",
    2027: "01-01 01-18 02-15 03-26 05-31 06-18 07-05 09-06 11-25 12-24",
}


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_holidays_match_the_published_lists(year: int) -> None:
    expected = [dt.date.fromisoformat(f"{year}-{day}") for day in HOLIDAYS[year].split()]
    assert sorted(nyse_holidays(year)) == expected


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, D(2000, 4, 23)),
        (2008, D(2008, 3, 23)),
        (2024, D(2024, 3, 31)),
        (2030, D(2030, 4, 21)),
    ],
)
def test_easter(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


def test_september_2001_closure_and_weekends() -> None:
    assert trading_days(D(2001, 9, 7), D(2001, 9, 18)) == [
        D(2001, 9, 7),
        D(2001, 9, 10),
        D(2001, 9, 17),
        D(2001, 9, 18),
    ]
    assert not is_trading_day(D(2024, 6, 8))


def test_neighbours() -> None:
    assert previous_trading_day(D(2024, 7, 5)) == D(2024, 7, 3)
    assert next_trading_day(D(2024, 12, 24)) == D(2024, 12, 26)


def test_session_bounds_in_utc_with_early_close() -> None:
    opens, closes = session_bounds(D(2024, 1, 2))
    assert opens == dt.datetime(2024, 1, 2, 14, 30, tzinfo=dt.UTC)
    assert closes == dt.datetime(2024, 1, 2, 21, 0, tzinfo=dt.UTC)
    assert is_early_close(D(2024, 7, 3))
    assert session_bounds(D(2024, 7, 3))[1] == dt.datetime(2024, 7, 3, 17, 0, tzinfo=dt.UTC)
    assert is_early_close(D(2024, 11, 29))
    with pytest.raises(ValidationError):
        session_bounds(D(2024, 7, 4))


def test_market_open_and_last_completed_session() -> None:
    during = dt.datetime(2024, 6, 10, 15, 0, tzinfo=dt.UTC)
    assert is_market_open(during)
    assert last_completed_session(during) == D(2024, 6, 7)
    after = dt.datetime(2024, 6, 10, 20, 0, 1, tzinfo=dt.UTC)
    assert not is_market_open(after)
    assert last_completed_session(after) == D(2024, 6, 10)
    saturday = dt.datetime(2024, 6, 8, 12, 0, tzinfo=dt.UTC)
    assert not is_market_open(saturday)
    assert last_completed_session(saturday) == D(2024, 6, 7)


def test_out_of_range_and_naive_instants_are_rejected() -> None:
    with pytest.raises(ValidationError):
        nyse_holidays(1999)
    with pytest.raises(ValidationError):
        is_market_open(dt.datetime(2024, 6, 10, 15, 0))  # noqa: DTZ001
