"""Building the live hub from the settings, and its lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Literal

from nestegg.app.live.broker import Broker, InProcessBroker, RedisBroker
from nestegg.app.live.hub import LiveHub, PortfolioValue
from nestegg.app.live.sources import (
    CloseLoader,
    PollSource,
    QuoteSource,
    ReplaySource,
    bundled_closes,
)
from nestegg.app.market.config import MarketSettings
from nestegg.app.market.providers import build_quote_provider

log = logging.getLogger(__name__)

QuoteMode = Literal["replay", "poll", "off"]


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
    if mode == "off":
        return None
    return LiveHub(
        build_broker(settings.redis_url),
        build_source(mode, settings, closes=closes),
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
