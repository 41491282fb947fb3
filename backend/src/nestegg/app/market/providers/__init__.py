"""Market-data providers behind one async interface, built from the settings.

Online providers (``yahoo``, ``tiingo``, FRED) import their clients only when configured, so
the offline install needs neither yfinance nor httpx.
"""

from __future__ import annotations

from nestegg.app.market.config import MarketSettings
from nestegg.app.market.providers.base import (
    AllProvidersFailedError,
    FailoverProvider,
    FetchResult,
    MacroProvider,
    PriceProvider,
    ProviderError,
    ProviderQuote,
    QuoteProvider,
)
from nestegg.app.market.providers.bundled import BundledProvider


def build_price_provider(settings: MarketSettings) -> FailoverProvider:
    providers: list[PriceProvider] = []
    for name in settings.provider_names:
        if name == "bundled":
            providers.append(BundledProvider())
        elif name == "csv":
            if settings.csv_prices is None:
                raise ValueError("the csv provider needs NESTEGG_CSV_PRICES (a file or directory)")
            from nestegg.app.market.providers.csv_file import CsvProvider

            providers.append(CsvProvider(settings.csv_prices))
        elif name == "yahoo":
            from nestegg.app.market.providers.yahoo import YahooProvider

            providers.append(YahooProvider())
        elif name == "tiingo":
            if settings.tiingo_api_key is None:
                raise ValueError("the tiingo provider needs NESTEGG_TIINGO_API_KEY")
            from nestegg.app.market.providers.tiingo import TiingoProvider

            providers.append(TiingoProvider(settings.tiingo_api_key.get_secret_value()))
    return FailoverProvider(providers, timeout=settings.provider_timeout)


def build_quote_provider(settings: MarketSettings) -> QuoteProvider | None:
    """The first configured online provider that serves last prices, if any."""
    for name in settings.provider_names:
        if name == "tiingo" and settings.tiingo_api_key is not None:
            from nestegg.app.market.providers.tiingo import TiingoProvider

            return TiingoProvider(settings.tiingo_api_key.get_secret_value())
        if name == "yahoo":
            from nestegg.app.market.providers.yahoo import YahooProvider

            return YahooProvider()
    return None


def build_macro_providers(settings: MarketSettings) -> list[MacroProvider]:
    """FRED first when online, the bundled history always last."""
    providers: list[MacroProvider] = []
    if settings.fetch_macro_online:
        from nestegg.app.market.providers.fred import FredProvider

        providers.append(FredProvider())
    providers.append(BundledProvider())
    return providers


__all__ = [
    "AllProvidersFailedError",
    "BundledProvider",
    "FailoverProvider",
    "FetchResult",
    "MacroProvider",
    "PriceProvider",
    "ProviderError",
    "ProviderQuote",
    "QuoteProvider",
    "build_macro_providers",
    "build_price_provider",
    "build_quote_provider",
]
