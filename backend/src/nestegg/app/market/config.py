"""Settings of the market domain (``NESTEGG_*``), kept beside the domain that reads them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ONLINE_PROVIDERS = frozenset({"yahoo", "tiingo"})
KNOWN_PROVIDERS = frozenset({"bundled", "csv"}) | ONLINE_PROVIDERS


class MarketSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NESTEGG_", extra="ignore")

    price_providers: str = "bundled"
    """Comma-separated, tried in this order: ``bundled``, ``csv``, ``yahoo``, ``tiingo``.
    E.g. ``tiingo,yahoo,bundled`` online with the shipped history as the last resort."""
    csv_prices: Path | None = None
    """A prices CSV file or a directory of them (the ``csv`` provider)."""
    tiingo_api_key: SecretStr | None = None
    macro_online: bool | None = None
    """Fetch macro series from FRED; by default, when an online price provider is configured."""
    provider_timeout: float = 15.0
    """Seconds one provider may take for one request before the next is tried."""
    refresh_minutes: float = 360.0
    """Minutes between refreshes of daily history (one also runs at start-up)."""
    poll_seconds: float = 60.0
    """Seconds between polls of an online provider's last prices during market hours."""
    quotes: str | None = None
    """``replay``, ``poll`` or ``off``; see :func:`nestegg.app.live.service.quote_mode`."""
    replay_interval: float = 1.0
    redis_url: str | None = None

    @property
    def provider_names(self) -> list[str]:
        names = [n.strip().lower() for n in self.price_providers.split(",") if n.strip()]
        unknown = [n for n in names if n not in KNOWN_PROVIDERS]
        if unknown:
            raise ValueError(f"unknown price provider(s): {', '.join(unknown)}")
        return names

    @property
    def online(self) -> bool:
        return any(name in ONLINE_PROVIDERS for name in self.provider_names)

    @property
    def fetch_macro_online(self) -> bool:
        return self.online if self.macro_online is None else self.macro_online


@lru_cache
def get_market_settings() -> MarketSettings:
    return MarketSettings()
