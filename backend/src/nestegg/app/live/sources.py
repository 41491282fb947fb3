"""Quote sources: the deterministic replay of real history, and polling an online provider.

A source produces quotes for the symbols it is asked about, tick after tick, and hands them
to ``publish``; the hub decides who receives them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from decimal import Decimal
from typing import Protocol

import numpy as np

from nestegg.app.live.quotes import Quote, quote_price
from nestegg.app.market import bundled
from nestegg.app.market.providers.base import ProviderError, QuoteProvider
from nestegg.core.market.calendar import (
    EXCHANGE_TZ,
    is_market_open,
    is_trading_day,
    next_trading_day,
    session_bounds,
)
from nestegg.core.market.replay import replay_session_path

log = logging.getLogger(__name__)

Publish = Callable[[list[Quote]], Awaitable[None]]
SymbolSource = Callable[[], Awaitable[set[str]]]
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class QuoteSource(Protocol):
    name: str

    async def run(self, publish: Publish, symbols: SymbolSource) -> None:
        """Produce quotes until cancelled."""
        ...


CloseLoader = Callable[[str], Sequence[Decimal]]
"""A symbol's real daily closes, oldest first (the last ~60 suffice)."""

REPLAY_HISTORY = 61


def bundled_closes(symbol: str) -> list[Decimal]:
    """The last real closes of a bundled symbol, as the app values holdings with them: the
    split-adjusted close where known, else the adjusted close (IEFA and IEMG have no other)."""
    bars = list(bundled.bundled_bars(symbol))
    closes = [b.close for b in bars if b.close is not None]
    if len(closes) < 2:
        closes = [b.adj_close for b in bars if b.adj_close is not None]
    return closes[-REPLAY_HISTORY:]


class ReplaySource:
    """Intraday-like movement replayed from real history, deterministic per tick.

    Tick ``k`` of a symbol is step ``k mod steps`` of replayed session ``k // steps`` (a
    Brownian bridge between two real consecutive closes, see
    :mod:`nestegg.core.market.replay`). Ticks count from ``start_tick`` (default: derived from
    the wall clock, so that a producer taking over after another's crash continues the same
    stream), one every ``interval`` seconds. The quote's change is measured from the real
    previous close the session starts at.
    """

    name = "replay"

    def __init__(
        self,
        closes: CloseLoader = bundled_closes,
        *,
        interval: float = 1.0,
        steps: int = 390,
        window: int = 1,
        start_tick: int | None = None,
        clock: Clock = utc_now,
        max_ticks: int | None = None,
    ) -> None:
        self._closes = closes
        self.interval = interval
        self.steps = steps
        self.window = window
        self._start_tick = start_tick
        self._clock = clock
        self._max_ticks = max_ticks
        self._history: dict[str, Sequence[Decimal] | None] = {}
        self._paths: dict[tuple[str, int], np.ndarray] = {}

    def _closes_of(self, symbol: str) -> Sequence[Decimal] | None:
        if symbol not in self._history:
            try:
                closes = self._closes(symbol)
            except Exception:
                log.exception("no replay history for %s", symbol)
                closes = []
            self._history[symbol] = closes if len(closes) >= 2 else None
        return self._history[symbol]

    def price_at(self, symbol: str, tick: int) -> tuple[Decimal, Decimal] | None:
        """``(price, previous_close)`` of ``symbol`` at ``tick``; ``None`` without history."""
        closes = self._closes_of(symbol)
        if closes is None:
            return None
        session, step = divmod(tick, self.steps)
        key = (symbol, session)
        path = self._paths.get(key)
        if path is None:
            if len(self._paths) > 4096:
                self._paths.clear()
            path = replay_session_path(symbol, closes, session, self.steps, window=self.window)
            self._paths[key] = path
        return quote_price(float(path[step + 1])), quote_price(float(path[0]))

    def quote_at(self, symbol: str, tick: int, as_of: dt.datetime) -> Quote | None:
        found = self.price_at(symbol, tick)
        return None if found is None else Quote(symbol, found[0], found[1], as_of)

    def quotes_at(self, symbols: Iterable[str], tick: int, as_of: dt.datetime) -> list[Quote]:
        found = (self.quote_at(s, tick, as_of) for s in sorted(symbols))
        return [q for q in found if q is not None]

    def _first_tick(self) -> int:
        if self._start_tick is not None:
            return self._start_tick
        return int(self._clock().timestamp() // self.interval)

    async def run(self, publish: Publish, symbols: SymbolSource) -> None:
        tick = self._first_tick()
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        produced = 0
        while self._max_ticks is None or produced < self._max_ticks:
            wanted = await symbols()
            session = tick // self.steps
            if all((s, session) in self._paths for s in wanted if s in self._history):
                quotes = self._quotes_now(wanted, tick)  # cached paths: microseconds
            else:
                # A new session's paths (or a symbol's history) take longer: not on the loop.
                quotes = await asyncio.to_thread(self._quotes_now, wanted, tick)
            if quotes:
                await publish(quotes)
            tick += 1
            produced += 1
            next_at += self.interval
            await asyncio.sleep(max(0.0, next_at - loop.time()))

    def _quotes_now(self, symbols: set[str], tick: int) -> list[Quote]:
        prices = {s: self.price_at(s, tick) for s in sorted(symbols)}
        # Stamped once the prices exist: as_of is when the quote was produced.
        as_of = self._clock()
        return [Quote(s, p[0], p[1], as_of) for s, p in prices.items() if p is not None]


class PollSource:
    """Last prices from an online provider, polled during NYSE regular hours.

    One batched request per poll; outside market hours it polls once (so the page shows the
    last prices) and then sleeps until the next session opens. Failures back off.
    """

    name = "poll"

    def __init__(
        self,
        provider: QuoteProvider,
        *,
        interval: float = 60.0,
        clock: Clock = utc_now,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._provider = provider
        self.interval = interval
        self._clock = clock
        self._sleep = sleep

    @staticmethod
    def seconds_until_open(now: dt.datetime) -> float:
        day = now.astimezone(EXCHANGE_TZ).date()
        if is_trading_day(day):
            opens = session_bounds(day)[0]
            if opens > now:
                return (opens - now).total_seconds()
        opens = session_bounds(next_trading_day(day))[0]
        return max(1.0, (opens - now).total_seconds())

    async def poll_once(self, publish: Publish, symbols: SymbolSource) -> None:
        wanted = sorted(await symbols())
        if not wanted:
            return
        found = await self._provider.quotes(wanted)
        now = self._clock()
        quotes = [
            Quote(s, quote_price(q.price), quote_price(q.previous_close or q.price), now)
            for s, q in sorted(found.items())
        ]
        if quotes:
            await publish(quotes)

    async def run(self, publish: Publish, symbols: SymbolSource) -> None:
        failures = 0
        first = True
        while True:
            now = self._clock()
            open_now = is_market_open(now)
            if open_now or first:
                try:
                    await self.poll_once(publish, symbols)
                    failures = 0
                    first = False
                except ProviderError as exc:
                    failures += 1
                    log.warning("quote poll failed (%s in a row): %s", failures, exc)
            if failures:
                await self._sleep(min(self.interval * 2**failures, 900.0))
            elif open_now:
                await self._sleep(self.interval)
            else:
                await self._sleep(min(self.seconds_until_open(now), 3600.0))
