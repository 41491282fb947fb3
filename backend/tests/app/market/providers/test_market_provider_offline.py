import asyncio
import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

from nestegg.app.market import bundled
from nestegg.app.market.config import MarketSettings
from nestegg.app.market.providers import build_macro_providers, build_price_provider
from nestegg.app.market.providers.base import ProviderError
from nestegg.app.market.providers.bundled import BundledProvider
from nestegg.app.market.providers.csv_file import CsvProvider, parse_price_csv

D = dt.date
DEMO_SYMBOLS = bundled.bundled_symbols()


def test_every_bundled_symbol_has_real_history() -> None:
    provider = BundledProvider()

    async def run() -> dict[str, list]:
        return {s: await provider.history(s, D(2000, 1, 1), D(2030, 1, 1)) for s in DEMO_SYMBOLS}

    histories = asyncio.run(run())
    assert len(DEMO_SYMBOLS) >= 30
    for symbol, bars in histories.items():
        assert len(bars) > 3000, symbol
        dates = [b.date for b in bars]
        assert dates == sorted(set(dates)), symbol
        assert all(b.adj_close is not None and b.adj_close > 0 for b in bars), symbol
        assert bars[-1].date >= D(2026, 7, 13), symbol


def test_every_demo_household_symbol_has_real_history() -> None:
    from nestegg.app.ledger.demo import DEMO_PRICES_AS_OF, demo_csv_text
    from nestegg.core.ledger import CASH_SYMBOL

    rows = csv.DictReader(io.StringIO(demo_csv_text()))
    symbols = {row["symbol"] for row in rows} - {"", CASH_SYMBOL}
    assert {"VTI", "VXUS", "BND", "BNDX", "ITOT", "AGG", "AAPL", "NVDA"} <= symbols
    provider = BundledProvider()
    for symbol in sorted(symbols):
        bars = asyncio.run(provider.history(symbol, D(2019, 10, 1), DEMO_PRICES_AS_OF))
        assert len(bars) > 1000, symbol
        assert bars[0].close is not None and bars[0].close > 0, symbol


def test_bundled_history_is_the_real_one() -> None:
    bars = asyncio.run(BundledProvider().history("NVDA", D(2024, 6, 7), D(2024, 6, 11)))
    assert [(b.date, b.close, b.split_ratio) for b in bars] == [
        (D(2024, 6, 7), Decimal("120.887999"), 1),
        (D(2024, 6, 10), Decimal("121.789999"), 10),
        (D(2024, 6, 11), Decimal("120.910007"), 1),
    ]
    assert bars[-1].dividend == Decimal("0.01")
    assert asyncio.run(BundledProvider().history("NOPE", D(2024, 1, 1), D(2024, 2, 1))) == []


def test_bundled_macro_stands_in_offline() -> None:
    provider = BundledProvider()
    tbill = asyncio.run(provider.series("tbill_3m", D(2020, 12, 1)))
    assert tbill[-1].date == D(2021, 1, 4) and tbill[-1].value == Decimal("0.09")
    cpi = asyncio.run(provider.series("cpi_u_nsa"))
    assert cpi[0].date == D(1913, 1, 1) and cpi[-1].value == Decimal("335.123")
    assert bundled.bundled_annual_returns()[0].year == 1928


CSV = """symbol,date,close,adj_close,dividend,split_ratio
VTI,2024-06-03,262.10,,,
VTI,2024-06-04,262.50,261.90,0.9,
ABC,2024-06-04,10,,,2
"""


def test_csv_parsing() -> None:
    bars = parse_price_csv(CSV)
    assert [(b.symbol, b.close, b.adj_close, b.dividend, b.split_ratio) for b in bars] == [
        ("VTI", Decimal("262.10"), None, None, 1),
        ("VTI", Decimal("262.50"), Decimal("261.90"), Decimal("0.9"), 1),
        ("ABC", Decimal("10"), None, None, 2),
    ]
    assert parse_price_csv("symbol,date,close\nspy,2024-06-03,527.8\n")[0].symbol == "SPY"


def test_csv_errors_name_every_line() -> None:
    with pytest.raises(ProviderError, match="missing column"):
        parse_price_csv("symbol,date\nSPY,2024-06-03\n")
    with pytest.raises(ProviderError) as info:
        parse_price_csv(
            "symbol,date,close\nSPY,2024-06-03,1e3\nSPY,2024-13-01,1\nSPY,2024-06-05,-1\n"
        )
    assert (
        "line 2" in info.value.message
        and "line 3" in info.value.message
        and "line 4" in info.value.message
    )


def test_csv_directory_provider(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(CSV)
    (tmp_path / "b.csv").write_text("symbol,date,close\nVTI,2024-06-04,263\n")
    provider = CsvProvider(tmp_path)
    bars = asyncio.run(provider.history("vti", D(2024, 6, 1), D(2024, 6, 30)))
    assert [(b.date, b.close) for b in bars] == [
        (D(2024, 6, 3), Decimal("262.10")),
        (D(2024, 6, 4), Decimal(263)),
    ]
    assert (
        asyncio.run(
            CsvProvider(tmp_path / "missing.csv").history("VTI", D(2024, 1, 1), D(2024, 12, 31))
        )
        == []
    )


def test_providers_built_from_settings(tmp_path: Path) -> None:
    settings = MarketSettings(price_providers="csv, bundled", csv_prices=tmp_path)
    assert build_price_provider(settings).names == ["csv", "bundled"]
    assert not settings.online
    assert [p.name for p in build_macro_providers(settings)] == ["bundled"]
    with pytest.raises(ValueError, match="unknown"):
        build_price_provider(MarketSettings(price_providers="bloomberg"))
    with pytest.raises(ValueError, match="TIINGO"):
        build_price_provider(MarketSettings(price_providers="tiingo"))
