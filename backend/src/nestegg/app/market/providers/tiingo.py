"""Tiingo: the keyed provider (``NESTEGG_TIINGO_API_KEY``).

Why Tiingo: its free tier (for personal use) covers end-of-day history of US stocks and ETFs
back to the 1990s *with* dividends (``divCash``) and splits (``splitFactor``) on each bar, has a
documented JSON API, and an IEX endpoint that returns last prices of many tickers in one call,
which keeps live polling within the free allowance (50 requests an hour, 1,000 a day).

End of day — ``GET /tiingo/daily/<ticker>/prices?startDate=&endDate=`` answers a JSON array of
``{"date", "open", "high", "low", "close", "volume", "adjOpen", "adjHigh", "adjLow",
"adjClose", "adjVolume", "divCash", "splitFactor"}`` where ``close`` is the price *as traded*
and ``adjClose`` is adjusted for splits and dividends. The store wants closes adjusted for
splits only, so closes and dividends are split-adjusted within the fetched window
(:func:`nestegg.core.market.bars.split_adjust`); the price store rescales older rows when a
new split arrives.

Live — ``GET /iex/?tickers=a,b`` answers ``[{"ticker", "timestamp", "last", "tngoLast",
"prevClose", ...}]``.
Authentication is the header ``Authorization: Token <key>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import httpx

from nestegg.app.market.providers import http
from nestegg.app.market.providers.base import (
    ProviderError,
    ProviderQuote,
    RateLimiter,
    with_backoff,
)
from nestegg.core.market.bars import DailyBar, split_adjust
from nestegg.core.money import ONE

NAME = "tiingo"
BASE_URL = "https://api.tiingo.com"
IEX_BATCH = 100


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


def _ticker(symbol: str) -> str:
    # Tiingo writes share classes with a hyphen and lower case is canonical: BRK-B → brk-b.
    return symbol.replace(".", "-").lower()


def bars_from_daily(symbol: str, rows: Sequence[dict[str, Any]]) -> list[DailyBar]:
    """Bars in the store's convention from a Tiingo end-of-day response."""
    rows = sorted(rows, key=lambda r: str(r["date"]))
    ratios = [_decimal(r.get("splitFactor")) or ONE for r in rows]
    closes = split_adjust([_decimal(r.get("close")) for r in rows], ratios)
    dividends = split_adjust([_decimal(r.get("divCash")) for r in rows], ratios)
    bars: list[DailyBar] = []
    for row, close, dividend, ratio in zip(rows, closes, dividends, ratios, strict=True):
        if close is None:
            continue
        bars.append(
            DailyBar(
                symbol=symbol,
                date=dt.date.fromisoformat(str(row["date"])[:10]),
                close=close,
                adj_close=_decimal(row.get("adjClose")),
                dividend=dividend,
                split_ratio=ratio,
            )
        )
    return bars


def _parse_instant(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(dt.UTC)
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class TiingoProvider:
    name = NAME

    def __init__(
        self,
        api_key: str,
        *,
        client: httpx.AsyncClient | None = None,
        limiter: RateLimiter | None = None,
        retries: int = 3,
        backoff_base: float = 1.0,
    ) -> None:
        if not api_key:
            raise ProviderError(NAME, "an API key is needed (NESTEGG_TIINGO_API_KEY)")
        self._key = api_key
        self._client = client or http.make_client()
        # The free tier's hourly allowance; a spent allowance fails over instead of waiting.
        self._limiter = limiter or RateLimiter(calls=50, period=3600.0)
        self._retries = retries
        self._backoff_base = backoff_base

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self._key}", "Content-Type": "application/json"}

    async def _get(self, path: str, params: dict[str, Any]) -> Any:
        async def once() -> Any:
            await self._limiter.acquire(NAME)
            response = await http.get(
                self._client, NAME, BASE_URL + path, params=params, headers=self._headers
            )
            try:
                return response.json()
            except ValueError as exc:
                raise ProviderError(NAME, "response is not JSON") from exc

        return await with_backoff(once, retries=self._retries, base_delay=self._backoff_base)

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        params = {"startDate": start.isoformat(), "endDate": end.isoformat(), "format": "json"}
        try:
            rows = await self._get(f"/tiingo/daily/{_ticker(symbol)}/prices", params)
        except ProviderError as exc:
            if "not found" in exc.message.lower():
                return []
            raise
        if not isinstance(rows, list):
            raise ProviderError(NAME, f"unexpected response for {symbol}: {str(rows)[:200]}")
        return [b for b in bars_from_daily(symbol, rows) if start <= b.date <= end]

    async def quotes(self, symbols: Sequence[str]) -> dict[str, ProviderQuote]:
        wanted = {_ticker(s): s for s in symbols}
        found: dict[str, ProviderQuote] = {}
        names = sorted(wanted)
        for i in range(0, len(names), IEX_BATCH):
            rows = await self._get("/iex/", {"tickers": ",".join(names[i : i + IEX_BATCH])})
            for row in rows if isinstance(rows, list) else []:
                symbol = wanted.get(str(row.get("ticker", "")).lower())
                price = _decimal(row.get("last") or row.get("tngoLast"))
                if symbol is None or price is None:
                    continue
                found[symbol] = ProviderQuote(
                    symbol,
                    price,
                    _decimal(row.get("prevClose")),
                    _parse_instant(row.get("lastSaleTimestamp") or row.get("timestamp")),
                )
        return found

    async def aclose(self) -> None:
        await self._client.aclose()
