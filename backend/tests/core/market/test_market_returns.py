import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nestegg.core.errors import ValidationError
from nestegg.core.market.returns import (
    annualized_volatility,
    as_traded_closes,
    dividend_factors,
    implied_dividends,
    log_returns,
    simple_returns,
    split_adjusted_closes,
    to_float_array,
    total_return_index,
    total_returns,
)


def test_simple_and_log_returns() -> None:
    prices = np.array([100.0, 110.0, 99.0])
    np.testing.assert_allclose(simple_returns(prices), [0.1, -0.1])
    np.testing.assert_allclose(log_returns(prices), np.log([1.1, 0.9]))
    with pytest.raises(ValidationError):
        simple_returns(np.array([1.0, 0.0]))


def test_total_return_index_by_hand() -> None:
    # A 0.50 dividend on day 2 after a 10.00 close: the stock drops by it, the holder loses nothing.
    close = np.array([10.0, 10.0, 9.5, 9.8])
    dividend = np.array([0.0, 0.0, 0.5, 0.0])
    np.testing.assert_allclose(dividend_factors(close, dividend), [1, 1, 0.95, 1])
    np.testing.assert_allclose(total_return_index(close, dividend), [9.5, 9.5, 9.5, 9.8])
    np.testing.assert_allclose(total_returns(close, dividend), [0.0, 0.0, 9.8 / 9.5 - 1])


def test_nan_dividends_mean_none() -> None:
    close = np.array([10.0, 11.0])
    np.testing.assert_allclose(total_return_index(close, np.array([np.nan, np.nan])), close)


@given(
    st.lists(st.floats(1.0, 500.0), min_size=3, max_size=40),
    st.lists(st.floats(0.0, 0.05), min_size=3, max_size=40),
)
def test_implied_dividends_invert_the_yahoo_method(
    prices: list[float], yields: list[float]
) -> None:
    n = min(len(prices), len(yields))
    close = np.array(prices[:n])
    dividend = np.zeros(n)
    dividend[1:] = np.array(yields[1:n]) * close[:-1]
    adjusted = total_return_index(close, dividend)
    recovered = implied_dividends(close, adjusted, tolerance=1e-9)
    np.testing.assert_allclose(recovered, np.where(dividend > 1e-9 * 500, dividend, 0), atol=1e-6)


@given(
    st.lists(st.floats(1.0, 500.0), min_size=2, max_size=30),
    st.lists(st.sampled_from([1.0, 1.0, 1.0, 2.0, 3.0, 0.5, 10.0]), min_size=2, max_size=30),
)
def test_split_adjustment_round_trips(prices: list[float], ratios: list[float]) -> None:
    n = min(len(prices), len(ratios))
    close, split = np.array(prices[:n]), np.array(ratios[:n])
    traded = as_traded_closes(close, split)
    np.testing.assert_allclose(split_adjusted_closes(traded, split), close)
    assert traded[-1] == close[-1]


def test_as_traded_close_before_a_split() -> None:
    close = np.array([100.0, 101.0, 102.0])
    split = np.array([1.0, 1.0, 4.0])
    np.testing.assert_allclose(as_traded_closes(close, split), [400.0, 404.0, 102.0])


def test_to_float_array_and_volatility() -> None:
    from decimal import Decimal

    arr = to_float_array([Decimal("1.5"), None])
    assert arr[0] == 1.5 and np.isnan(arr[1])
    rng = np.random.default_rng(7)
    prices = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, 5000)))
    assert annualized_volatility(prices) == pytest.approx(0.01 * np.sqrt(252), rel=0.05)


def test_chained_index_prefers_close_and_dividend_then_adjusted_close() -> None:
    from nestegg.core.market.returns import chained_total_return_index

    nan = np.nan
    close = np.array([10.0, 10.0, 9.5, nan, nan])
    dividend = np.array([0.0, 0.0, 0.5, nan, nan])
    adj = np.array([50.0, 99.0, 99.0, 99.0 * 1.1, nan])
    index = chained_total_return_index(close, dividend, adj)
    # Days 1-2 from close+dividend (flat: the dividend makes up the drop), day 3 from the
    # adjusted close (+10%), day 4 has nothing: flat.
    np.testing.assert_allclose(index, [1.0, 1.0, 1.0, 1.1, 1.1])
