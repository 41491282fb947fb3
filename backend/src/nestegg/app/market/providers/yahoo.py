"""Yahoo Finance through yfinance (optional extra ``online``).

Yahoo's terms allow personal use only: each user's own instance fetches for itself, and
nothing fetched is redistributed (the bundled history is not refreshed from here).

``Ticker.history(auto_adjust=False, actions=True)`` returns one row per session with the
columns ``Open, High, Low, Close, Adj Close, Volume, Dividends, Stock Splits`` (funds add
``Capital Gains``); ``Close`` is adjusted for splits only and ``Dividends`` are per
split-adjusted share, the store's convention. ``Stock Splits`` is 0 on days without a split.
yfinance is blocking, so calls run in a worker thread, one symbol at a time through a rate
limiter (Yahoo throttles bursts with HTTP 429).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from nestegg.app.market.providers.base import (
    ProviderError,
    ProviderQuote,
    RateLimiter,
    TransientProviderError,
)
from nestegg.core.market.bars import DailyBar
from nestegg.core.money import ONE

NAME = "yahoo"
_PLACES = Decimal("0.000001")

TickerFactory = Callable[[str], Any]


def _default_ticker_factory(symbol: str) -> Any:
    try:
        yfinance = importlib.import_module("yfinance")
    except ImportError as exc:  # the optional extra is not installed
        raise ProviderError(
            NAME, "yfinance is not installed (pip install 'nestegg[online]')"
        ) from exc
    return yfinance.Ticker(symbol)


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return None
    # yfinance hands back binary floats, often widened from float32 (125.19999694824219 for
    # 125.2): a value that is exactly a float32 takes float32's shortest decimal form.
    narrow = np.float32(number)
    text = np.format_float_positional(narrow) if float(narrow) == number else repr(number)
    return Decimal(text).quantize(_PLACES).normalize()


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date"):
        result = value.date()
        assert isinstance(result, dt.date)
        return result
    return dt.date.fromisoformat(str(value)[:10])


def bars_from_records(symbol: str, records: Iterable[Mapping[str, object]]) -> list[DailyBar]:
    """Bars from ``history().reset_index().to_dict("records")`` rows (see the module doc)."""
    bars: list[DailyBar] = []
    for row in records:
        close = _decimal(row.get("Close"))
        if close is None:
            continue
        split = _decimal(row.get("Stock Splits"))
        dividend = (_decimal(row.get("Dividends")) or Decimal(0)) + (
            _decimal(row.get("Capital Gains")) or Decimal(0)
        )
        bars.append(
            DailyBar(
                symbol=symbol,
                date=_date(row.get("Date", row.get("Datetime"))),
                close=close,
                adj_close=_decimal(row.get("Adj Close")),
                dividend=dividend,
                split_ratio=split if split and split > 0 else ONE,
            )
        )
    return sorted(bars, key=lambda b: b.date)


class YahooProvider:
    name = NAME

    def __init__(
        self,
        *,
        ticker_factory: TickerFactory | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self._ticker = ticker_factory or _default_ticker_factory
        self._limiter = limiter or RateLimiter(calls=30, period=60.0)

    def _history_records(self, symbol: str, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        try:
            frame = self._ticker(symbol).history(
                start=start.isoformat(),
                end=(end + dt.timedelta(days=1)).isoformat(),  # yfinance's end is exclusive
                interval="1d",
                auto_adjust=False,
                actions=True,
            )
        except ProviderError:
            raise
        except Exception as exc:  # yfinance raises many types; all mean "try later"
            raise TransientProviderError(NAME, f"{type(exc).__name__}: {exc}") from exc
        if frame is None or len(frame) == 0:
            return []
        records: list[dict[str, Any]] = frame.reset_index().to_dict("records")
        return records

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        await self._limiter.acquire(NAME)
        records = await asyncio.to_thread(self._history_records, symbol, start, end)
        return [b for b in bars_from_records(symbol, records) if start <= b.date <= end]

    def _quote(self, symbol: str) -> ProviderQuote | None:
        try:
            info = self._ticker(symbol).fast_info
            last = _decimal(info["lastPrice"])
            previous = _decimal(info["previousClose"])
        except ProviderError:
            raise
        except Exception:
            return None
        if last is None:
            return None
        return ProviderQuote(symbol, last, previous, dt.datetime.now(dt.UTC))

    async def quotes(self, symbols: Sequence[str]) -> dict[str, ProviderQuote]:
        found: dict[str, ProviderQuote] = {}
        for symbol in symbols:
            await self._limiter.acquire(NAME)
            quote = await asyncio.to_thread(self._quote, symbol)
            if quote is not None:
                found[symbol] = quote
        return found
