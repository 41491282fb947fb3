"""The provider interface, failover across providers, rate limiting and backoff.

Every price provider is async and returns :class:`~nestegg.core.market.bars.DailyBar` values in
the store's convention (close adjusted for splits only, dividend per split-adjusted share,
split ratio on the ex-date). Blocking clients run in a worker thread so that the event loop
(and the API) never waits on the network.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, TypeVar, runtime_checkable

from nestegg.core.market.bars import DailyBar

log = logging.getLogger(__name__)
T = TypeVar("T")


class ProviderError(Exception):
    """A provider could not answer (network, HTTP error, malformed response, unknown symbol)."""

    def __init__(self, provider: str, message: str) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.message = message


class TransientProviderError(ProviderError):
    """Worth retrying after a pause: a timeout, a 5xx, a dropped connection."""


class RateLimitedError(TransientProviderError):
    def __init__(self, provider: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(provider, message)
        self.retry_after = retry_after


class AllProvidersFailedError(Exception):
    def __init__(self, attempts: Sequence[Attempt]) -> None:
        detail = "; ".join(f"{a.provider}: {a.error}" for a in attempts) or "no provider configured"
        super().__init__(detail)
        self.attempts = list(attempts)


@dataclass(frozen=True, slots=True)
class ProviderQuote:
    """A last trade price of a symbol from an online provider."""

    symbol: str
    price: Decimal
    previous_close: Decimal | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class MacroObservation:
    series: str
    date: dt.date
    value: Decimal


@runtime_checkable
class PriceProvider(Protocol):
    name: str

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        """Daily bars of ``symbol`` dated ``start``..``end`` inclusive, oldest first; an empty
        list when the provider has none (unknown symbol, no sessions in the range)."""
        ...


@runtime_checkable
class QuoteProvider(Protocol):
    name: str

    async def quotes(self, symbols: Sequence[str]) -> dict[str, ProviderQuote]:
        """Latest prices of ``symbols`` (batched where the provider allows); symbols it does
        not know are left out."""
        ...


@runtime_checkable
class MacroProvider(Protocol):
    name: str

    async def series(self, series: str, start: dt.date | None = None) -> list[MacroObservation]:
        """Observations of a canonical series (see ``nestegg.app.market.macro``) from
        ``start`` on, oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class Attempt:
    provider: str
    error: str | None
    seconds: float


@dataclass(frozen=True, slots=True)
class FetchResult:
    symbol: str
    source: str | None
    """The provider that answered; ``None`` when every provider answered with nothing."""
    bars: list[DailyBar]
    retrieved_at: dt.datetime
    attempts: list[Attempt] = field(default_factory=list)


class FailoverProvider:
    """Asks providers in order; the first that answers with bars wins.

    A provider that raises, or takes longer than ``timeout`` seconds, is skipped for that
    request; one that answers with no bars is skipped too (it does not know the symbol), but
    if every provider answers empty the result is empty rather than an error.
    """

    def __init__(
        self,
        providers: Sequence[PriceProvider],
        *,
        timeout: float = 15.0,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.providers = list(providers)
        self.timeout = timeout
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.providers]

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> FetchResult:
        attempts: list[Attempt] = []
        answered_empty = False
        for provider in self.providers:
            began = time.perf_counter()
            try:
                bars = await asyncio.wait_for(provider.history(symbol, start, end), self.timeout)
            except TimeoutError:
                error = f"timed out after {self.timeout:g} s"
            except ProviderError as exc:
                error = exc.message
            except Exception as exc:  # a provider bug must not stop the failover
                log.exception("provider %s failed on %s", provider.name, symbol)
                error = f"{type(exc).__name__}: {exc}"
            else:
                attempts.append(Attempt(provider.name, None, time.perf_counter() - began))
                if bars:
                    return FetchResult(symbol, provider.name, bars, self._clock(), attempts)
                answered_empty = True
                continue
            attempts.append(Attempt(provider.name, error, time.perf_counter() - began))
            log.info("provider %s failed on %s: %s", provider.name, symbol, error)
        if answered_empty:
            return FetchResult(symbol, None, [], self._clock(), attempts)
        raise AllProvidersFailedError(attempts)


class RateLimiter:
    """At most ``calls`` acquisitions per sliding ``period`` seconds.

    ``acquire`` waits for a free slot, but never longer than ``max_wait``: a provider whose
    allowance is spent should fail over rather than stall the refresh.
    """

    def __init__(
        self,
        calls: int,
        period: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.calls = calls
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._stamps: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self, provider: str, *, max_wait: float = 5.0) -> None:
        async with self._lock:
            now = self._clock()
            while self._stamps and self._stamps[0] <= now - self.period:
                self._stamps.popleft()
            if len(self._stamps) >= self.calls:
                wait = self._stamps[0] + self.period - now
                if wait > max_wait:
                    raise RateLimitedError(
                        provider, f"allowance of {self.calls} calls spent", retry_after=wait
                    )
                await self._sleep(wait)
                self._stamps.popleft()
            self._stamps.append(self._clock())


async def with_backoff(
    call: Callable[[], Awaitable[T]],
    *,
    retries: int = 3,
    base_delay: float = 1.0,
    max_delay: float = 30.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    jitter: Callable[[], float] = random.random,
) -> T:
    """Run ``call``, retrying transient errors with exponential backoff and full jitter.

    A :class:`RateLimitedError`'s ``retry_after`` (the server's Retry-After) is honoured as the
    minimum pause. Other errors propagate at once.
    """
    attempt = 0
    while True:
        try:
            return await call()
        except TransientProviderError as exc:
            if attempt >= retries:
                raise
            delay = min(max_delay, base_delay * 2**attempt) * jitter()
            if isinstance(exc, RateLimitedError) and exc.retry_after is not None:
                delay = max(delay, min(exc.retry_after, max_delay))
            attempt += 1
            await sleep(delay)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header given in seconds (HTTP dates are ignored)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
