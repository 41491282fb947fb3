"""Return series and price adjustments.

Conventions (Yahoo Finance's, which the bundled history and most providers follow):

- ``close`` is adjusted for splits only: every close before a split's ex-date is divided by the
  split ratio (new shares per old share), so a share count held *today* times ``close`` gives
  the value at any date. ``split_ratio`` is 1 on days without a split.
- ``dividend`` is the cash paid per split-adjusted share on its ex-date.
- The adjusted close (total return) multiplies every close before an ex-date ``t`` by
  ``1 - D(t) / close(t-1)`` (the CRSP / Yahoo "multiplicative" method). It assumes the
  dividend is reinvested at the previous close, and its level is arbitrary: only its ratios
  (returns) carry meaning.

Series are float64 arrays of one symbol, oldest first, shape ``(n_days,)``; analytics take
float returns converted once from ``Decimal`` by :func:`to_float_array`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from nestegg.core.errors import ValidationError

FloatArray = NDArray[np.float64]


def to_float_array(values: Sequence[Decimal | float | None]) -> FloatArray:
    """The boundary from exact values to analytics: ``None`` becomes NaN."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _check_prices(prices: FloatArray, name: str) -> None:
    if prices.ndim != 1:
        raise ValidationError(f"{name} must be one-dimensional, got shape {prices.shape}")
    finite = prices[np.isfinite(prices)]
    if np.any(finite <= 0):
        raise ValidationError(f"{name} must be positive")


def simple_returns(prices: FloatArray) -> FloatArray:
    """Period returns ``p[t] / p[t-1] - 1``, shape ``(n - 1,)``; NaN where either side is."""
    prices = np.asarray(prices, dtype=np.float64)
    _check_prices(prices, "prices")
    result: FloatArray = prices[1:] / prices[:-1] - 1.0
    return result


def log_returns(prices: FloatArray) -> FloatArray:
    """Continuously compounded returns ``ln(p[t] / p[t-1])``, shape ``(n - 1,)``."""
    prices = np.asarray(prices, dtype=np.float64)
    _check_prices(prices, "prices")
    result: FloatArray = np.log(prices[1:] / prices[:-1])
    return result


def dividend_factors(close: FloatArray, dividend: FloatArray) -> FloatArray:
    """Per-day adjustment ``1 - D(t) / close(t-1)`` (1 where no dividend), shape ``(n,)``.

    The factor of day ``t`` applies to every close *before* ``t``. The first day has no
    previous close, so its dividend cannot be adjusted for and its factor is 1.
    """
    close = np.asarray(close, dtype=np.float64)
    dividend = np.nan_to_num(np.asarray(dividend, dtype=np.float64), nan=0.0)
    if close.shape != dividend.shape:
        raise ValidationError("close and dividend must have the same shape")
    _check_prices(close, "close")
    factors = np.ones_like(close)
    previous = close[:-1]
    paid = dividend[1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        step = np.where(paid > 0, 1.0 - paid / previous, 1.0)
    if np.any(step[paid > 0] <= 0):
        raise ValidationError("a dividend is at least the previous close")
    factors[1:] = step
    return factors


def total_return_index(close: FloatArray, dividend: FloatArray) -> FloatArray:
    """Adjusted close rebuilt from split-adjusted closes and dividends (Yahoo method).

    Returns an array of shape ``(n,)`` equal to ``close`` on the last day and scaled back by
    the product of later dividend factors on every earlier day. Its day-over-day ratio is
    ``close[t] / (close[t-1] - D[t])``: the dividend reinvested at the ex-date's opening value
    (close to ``(close[t] + D[t]) / close[t-1]``, and what Yahoo publishes).
    """
    close = np.asarray(close, dtype=np.float64)
    factors = dividend_factors(close, dividend)
    # The factor of day t scales days before t: a reversed cumulative product, shifted by one.
    later = np.ones_like(factors)
    later[:-1] = np.cumprod(factors[::-1])[::-1][1:]
    result: FloatArray = close * later
    return result


def total_returns(close: FloatArray, dividend: FloatArray) -> FloatArray:
    """Daily total returns ``close[t] / (close[t-1] - D[t]) - 1``, shape ``(n - 1,)``."""
    return simple_returns(total_return_index(close, dividend))


def implied_dividends(
    close: FloatArray, adj_close: FloatArray, *, tolerance: float = 1e-5
) -> FloatArray:
    """Dividends implied by a split-adjusted close and an adjusted close, shape ``(n,)``.

    Inverts the Yahoo method: with ``F = adj_close / close``, ``D(t) = close(t-1) ·
    (1 - F(t-1) / F(t))``. Relative changes of ``F`` below ``tolerance`` (rounding in the
    published series) count as no dividend, and so do days where either side is missing.
    """
    close = np.asarray(close, dtype=np.float64)
    adj_close = np.asarray(adj_close, dtype=np.float64)
    if close.shape != adj_close.shape:
        raise ValidationError("close and adj_close must have the same shape")
    _check_prices(close, "close")
    _check_prices(adj_close, "adj_close")
    factor = adj_close / close
    result = np.zeros_like(close)
    with np.errstate(invalid="ignore"):
        ratio = factor[:-1] / factor[1:]
        paid = close[:-1] * (1.0 - ratio)
        result[1:] = np.where(np.isfinite(paid) & (1.0 - ratio > tolerance), paid, 0.0)
    return result


def chained_total_return_index(
    close: FloatArray, dividend: FloatArray, adj_close: FloatArray
) -> FloatArray:
    """A total-return index (1.0 on the first day) from whatever each day offers, shape ``(n,)``.

    Day ``t``'s growth is ``close[t] / (close[t-1] - D[t])`` where both closes and the dividend
    are known (the Yahoo method, rebuilt; see :func:`total_return_index`), else
    ``adj_close[t] / adj_close[t-1]`` (the published adjusted close), else 1 (no information:
    the index stays flat). Stored histories mix sources, e.g. bundled ETFs whose close ends
    years before their adjusted close.
    """
    close = np.asarray(close, dtype=np.float64)
    dividend = np.asarray(dividend, dtype=np.float64)
    adj_close = np.asarray(adj_close, dtype=np.float64)
    if not close.shape == dividend.shape == adj_close.shape or close.ndim != 1:
        raise ValidationError("close, dividend and adj_close must be one-dimensional and aligned")
    _check_prices(close, "close")
    _check_prices(adj_close, "adj_close")
    if close.size == 0:
        return np.ones(0, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        from_close = close[1:] / (close[:-1] - dividend[1:])
        from_adj = adj_close[1:] / adj_close[:-1]
    growth = np.where(
        np.isfinite(from_close), from_close, np.where(np.isfinite(from_adj), from_adj, 1.0)
    )
    result: FloatArray = np.concatenate(([1.0], np.cumprod(growth)))
    return result


def split_adjustment(split_ratio: FloatArray) -> FloatArray:
    """Cumulative product of the splits *after* each day, shape ``(n,)``.

    Multiplying a split-adjusted close (or dividend) by it gives the value as traded on that
    day; dividing an as-traded share count by it gives today's share count.
    """
    ratio = np.asarray(split_ratio, dtype=np.float64)
    _check_prices(ratio, "split_ratio")
    later = np.ones_like(ratio)
    later[:-1] = np.cumprod(ratio[::-1])[::-1][1:]
    return later


def as_traded_closes(close: FloatArray, split_ratio: FloatArray) -> FloatArray:
    """Closes as they were quoted on each day (undoing the split adjustment), shape ``(n,)``."""
    close = np.asarray(close, dtype=np.float64)
    result: FloatArray = close * split_adjustment(split_ratio)
    return result


def split_adjusted_closes(raw_close: FloatArray, split_ratio: FloatArray) -> FloatArray:
    """Split-adjust as-traded closes (the inverse of :func:`as_traded_closes`), shape ``(n,)``.

    Providers such as Tiingo publish the close as traded plus a split factor per day; this
    brings them to the store's convention, relative to the last day of the series.
    """
    raw_close = np.asarray(raw_close, dtype=np.float64)
    result: FloatArray = raw_close / split_adjustment(split_ratio)
    return result


def annualized_volatility(prices: FloatArray, *, periods_per_year: int = 252) -> float:
    """Standard deviation of log returns (ddof=1) scaled by ``sqrt(periods_per_year)``."""
    returns = log_returns(prices)
    returns = returns[np.isfinite(returns)]
    if returns.size < 2:
        raise ValidationError("volatility needs at least three prices")
    return float(np.std(returns, ddof=1) * np.sqrt(periods_per_year))
