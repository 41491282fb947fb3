"""Building the live hub from the settings, and its lifespan."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Literal

from fastapi import FastAPI

from nestegg.app.db import Database
from nestegg.app.live.broker import Broker, InProcessBroker, RedisBroker
from nestegg.app.live.hub import LiveHub
from nestegg.app.live.sources import (
    CloseLoader,
    PollSource,
    QuoteSource,
    ReplaySource,
    bundled_closes,
)
from nestegg.app.market import service as market
from nestegg.app.market.config import MarketSettings, get_market_settings
from nestegg.app.market.providers import (
    build_macro_providers,
    build_price_provider,
    build_quote_provider,
)
from nestegg.app.market.tasks import MarketRefresher, cancel_and_wait

log = logging.getLogger(__name__)

QuoteMode = Literal["replay", "poll", "off"]


def database_closes(database: Callable[[], Database | None]) -> CloseLoader:
    """Replay history from the price store (what the app values holdings with), falling back
    to the bundled history while the store is locked or lacks the symbol."""

    def load(symbol: str) -> Sequence[Decimal]:
        db = database()
        if db is not None:
            with db.session() as session:
                closes = market.recent_closes(session, symbol)
            if len(closes) >= 2:
                return closes
        return bundled_closes(symbol)

    return load


def quote_mode(configured: str | None, *, demo: bool, online: bool) -> QuoteMode:
    """``NESTEGG_QUOTES`` if set; else ``replay`` for the demo household, ``poll`` when an
    online provider is configured, else ``off``."""
    if configured:
        value = configured.strip().lower()
        if value not in ("replay", "poll", "off"):
            raise ValueError(f"NESTEGG_QUOTES must be replay, poll or off, not {configured!r}")
        return value  # type: ignore[return-value]
    if demo:
        return "replay"
    return "poll" if online else "off"


def build_source(
    mode: QuoteMode, settings: MarketSettings, *, closes: CloseLoader = bundled_closes
) -> QuoteSource | None:
    if mode == "replay":
        return ReplaySource(closes, interval=settings.replay_interval)
    if mode == "poll":
        provider = build_quote_provider(settings)
        if provider is None:
            log.warning("NESTEGG_QUOTES=poll but no online provider is configured: quotes off")
            return None
        return PollSource(provider, interval=settings.poll_seconds)
    return None


def build_broker(redis_url: str | None) -> Broker:
    return RedisBroker(redis_url) if redis_url else InProcessBroker()


@functools.cache
def freeze_start_up_objects() -> None:
    """Move what exists once the app has started (modules, settings, bundled data) out of
    the garbage collector's sight, once per process. They live as long as the process, and a
    full collection that walks them pauses everything for tens of milliseconds more, which
    delays every live client's quote (with 1,000 clients ~145 ms a pause, 70–100 ms once
    frozen; see docs/market-data.md, Benchmark)."""
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def running(hub: LiveHub | None) -> AsyncIterator[None]:
    if hub is None:
        yield
        return
    await hub.start()
    try:
        yield
    finally:
        await hub.stop()


class QuoteSelection:
    """Keeps the hub's source what the settings and the open household ask for.

    With ``NESTEGG_QUOTES`` unset, the source depends on the household (the demo household
    replays), which may be opened, replaced or locked long after start-up: the store's
    events (:meth:`store_event`, callable from any thread) choose again. An unlocked or
    replaced household also gets a market refresh, in the background (with or without a hub).
    """

    def __init__(
        self,
        hub: LiveHub | None,
        settings: MarketSettings,
        *,
        demo: Callable[[], bool],
        closes: CloseLoader,
        refresher: MarketRefresher,
    ) -> None:
        self.hub = hub
        self.settings = settings
        self._demo = demo
        self._closes = closes
        self._refresher = refresher
        self.mode: QuoteMode = "off"
        self._loop = asyncio.get_running_loop()
        self._refresh_wanted = asyncio.Event()
        self._refreshing: asyncio.Task[None] | None = None

    def choose(self, demo: bool) -> None:
        """On the event loop: switch the source if the mode changed."""
        mode = quote_mode(self.settings.quotes, demo=demo, online=self.settings.online)
        if mode == self.mode or self.hub is None:
            return
        log.info("live quotes: %s (was %s)", mode, self.mode)
        self.mode = mode
        source = None if mode == "off" else build_source(mode, self.settings, closes=self._closes)
        self.hub.use_source(source)

    def store_event(self, event: str) -> None:
        """The store opened, changed or closed (called in the thread that did it). Whether it
        holds the demo household is read here, so that the request which opened it has
        chosen the source before it answers; the switch itself happens on the loop."""
        demo = False if event == "closed" else self._demo()
        self._loop.call_soon_threadsafe(self._apply, event, demo)

    def _apply(self, event: str, demo: bool) -> None:
        self.choose(demo)
        if self.hub is not None:
            self.hub.household_changed()
        # Not on "created": the new store is empty, and the request that created it may be
        # writing a household into it right now (SQLite: one writer). It says "changed" then.
        if event in ("opened", "changed"):
            self._refresh_wanted.set()

    def start(self) -> None:
        self._refreshing = asyncio.create_task(self._refresh_on_demand(), name="market-reopen")

    async def stop(self) -> None:
        if self._refreshing is not None:
            await cancel_and_wait(self._refreshing)

    async def _refresh_on_demand(self) -> None:
        """A refresh after each opening (coalesced), beside the refresher's own schedule."""
        while True:
            await self._refresh_wanted.wait()
            self._refresh_wanted.clear()
            try:
                await self._refresher.refresh()
            except Exception:
                log.exception("market refresh after unlock failed")


@asynccontextmanager
async def market_runtime(
    app: FastAPI,
    *,
    database: Callable[[], Database | None],
    demo: bool | Callable[[], bool],
    settings: MarketSettings | None = None,
) -> AsyncIterator[None]:
    """Run the market refresh job and the live hub for the life of ``app``.

    ``database`` returns the open store or ``None`` while the vault is locked; ``demo`` says
    whether it holds the demo household (a callable is asked again on every store event).
    The hub reads two optional callables from ``app.state`` when it needs them:
    ``live_universe() -> Iterable[str]`` (the held symbols, so portfolio values stay live;
    called in a worker thread at most every 30 s) and ``portfolio_value(prices) -> (total,
    day_change) | None``. Sets ``app.state.live_hub`` (``None`` when ``NESTEGG_QUOTES=off``),
    ``app.state.market_refresher`` and ``app.state.store_event(event)``, which the store's
    listener calls (from any thread) when the vault is created (``"created"``), unlocked
    (``"opened"``), its household replaced (``"changed"``) or locked (``"closed"``).
    """
    settings = settings or get_market_settings()
    is_demo = demo if callable(demo) else (lambda: bool(demo))
    refresher = MarketRefresher(
        database,
        build_price_provider(settings),
        macro=build_macro_providers(settings),
        interval=settings.refresh_minutes * 60,
    )

    def universe() -> Iterable[str]:
        held = getattr(app.state, "live_universe", None)
        return held() if held is not None else ()

    hub: LiveHub | None = None
    off_for_good = (
        bool(settings.quotes) and quote_mode(settings.quotes, demo=False, online=False) == "off"
    )
    if not off_for_good:
        # Unless NESTEGG_QUOTES=off, the hub runs (without a source until the household
        # asks for quotes), so that opening a vault can start them without a restart.
        hub = LiveHub(
            build_broker(settings.redis_url),
            universe=universe,
            portfolio_value=lambda: getattr(app.state, "portfolio_value", None),
        )
    selection = QuoteSelection(
        hub, settings, demo=is_demo, closes=database_closes(database), refresher=refresher
    )
    selection.choose(is_demo())
    app.state.live_hub = hub
    app.state.market_refresher = refresher
    app.state.store_event = selection.store_event
    refresher.start()
    selection.start()
    try:
        async with running(hub):
            freeze_start_up_objects()
            yield
    finally:
        app.state.store_event = None
        await selection.stop()
        await refresher.stop()
