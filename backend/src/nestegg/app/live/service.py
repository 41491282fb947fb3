"""Building the live hub from the settings, and its lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Literal

from fastapi import FastAPI

from nestegg.app.db import Database
from nestegg.app.live.broker import Broker, InProcessBroker, RedisBroker
from nestegg.app.live.hub import LiveHub, PortfolioValue
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
from nestegg.app.market.tasks import MarketRefresher

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


def build_hub(
    settings: MarketSettings,
    *,
    demo: bool,
    universe: Callable[[], Iterable[str]] | None = None,
    portfolio_value: Callable[[], PortfolioValue | None] | None = None,
    closes: CloseLoader = bundled_closes,
) -> LiveHub | None:
    """The hub the settings ask for, or ``None`` when live quotes are off."""
    mode = quote_mode(settings.quotes, demo=demo, online=settings.online)
    source = None if mode == "off" else build_source(mode, settings, closes=closes)
    if source is None:
        return None
    return LiveHub(
        build_broker(settings.redis_url),
        source,
        universe=universe,
        portfolio_value=portfolio_value,
    )


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


@asynccontextmanager
async def market_runtime(
    app: FastAPI,
    *,
    database: Callable[[], Database | None],
    demo: bool,
    settings: MarketSettings | None = None,
) -> AsyncIterator[None]:
    """Run the market refresh job and the live hub for the life of ``app``.

    ``database`` returns the open store or ``None`` while the vault is locked. The hub reads
    two optional callables from ``app.state`` when it needs them: ``live_universe() ->
    Iterable[str]`` (the held symbols, so portfolio values stay live; called in a worker
    thread at most every 30 s) and ``portfolio_value(prices) -> (total, day_change) | None``.
    Sets ``app.state.live_hub`` (``None`` when quotes are off) and
    ``app.state.market_refresher``.
    """
    settings = settings or get_market_settings()
    refresher = MarketRefresher(
        database,
        build_price_provider(settings),
        macro=build_macro_providers(settings),
        interval=settings.refresh_minutes * 60,
    )

    def universe() -> Iterable[str]:
        held = getattr(app.state, "live_universe", None)
        return held() if held is not None else ()

    hub = build_hub(
        settings,
        demo=demo,
        universe=universe,
        portfolio_value=lambda: getattr(app.state, "portfolio_value", None),
        closes=database_closes(database),
    )
    app.state.live_hub = hub
    app.state.market_refresher = refresher
    refresher.start()
    try:
        async with running(hub):
            yield
    finally:
        await refresher.stop()
