"""The online clients against recorded responses (see fixtures/README.md); no network."""

import asyncio
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from nestegg.app.market import bundled
from nestegg.app.market.providers.base import ProviderError, RateLimiter
from nestegg.app.market.providers.fred import FredProvider, parse_fredgraph_csv
from nestegg.app.market.providers.tiingo import TiingoProvider
from nestegg.app.market.providers.yahoo import YahooProvider, bars_from_records

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.date
CENT = Decimal("0.01")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def bundled_nvda() -> dict[dt.date, Any]:
    return {
        b.date: b for b in bundled.bundled_bars("NVDA") if D(2024, 6, 5) <= b.date <= D(2024, 6, 12)
    }


def tiingo(handler: Any) -> TiingoProvider:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return TiingoProvider("k3y", client=client, backoff_base=0.0, limiter=RateLimiter(1000, 1.0))


def test_tiingo_daily_is_split_adjusted_to_the_store_convention() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text=fixture("tiingo_daily_nvda.json"))

    bars = asyncio.run(tiingo(handler).history("NVDA", D(2024, 6, 5), D(2024, 6, 12)))
    request = seen[0]
    assert request.url.path == "/tiingo/daily/nvda/prices"
    assert request.url.params["startDate"] == "2024-06-05"
    assert request.headers["Authorization"] == "Token k3y"
    real = bundled_nvda()
    assert [b.date for b in bars] == sorted(real)
    for bar in bars:
        # As traded 1208.88 before the split becomes 120.888, the bundled split-adjusted close.
        assert bar.close is not None
        assert abs(bar.close - real[bar.date].close) < CENT, bar.date
        assert bar.split_ratio == real[bar.date].split_ratio
        assert bar.dividend == real[bar.date].dividend
    assert bars[0].close == Decimal("122.44")


def test_tiingo_backs_off_on_429_and_5xx() -> None:
    answers = [httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(503)]

    def handler(request: httpx.Request) -> httpx.Response:
        return (
            answers.pop(0)
            if answers
            else httpx.Response(200, text=fixture("tiingo_daily_nvda.json"))
        )

    assert len(asyncio.run(tiingo(handler).history("NVDA", D(2024, 6, 5), D(2024, 6, 12)))) == 6


def test_tiingo_unknown_ticker_is_empty_and_bad_key_is_an_error() -> None:
    def not_found(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"detail": "Error: Ticker 'ZZZZ' not found"})

    assert asyncio.run(tiingo(not_found).history("ZZZZ", D(2024, 6, 5), D(2024, 6, 12))) == []

    def unauthorized(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"detail": "Invalid token."})

    with pytest.raises(ProviderError, match="Invalid token"):
        asyncio.run(tiingo(unauthorized).history("NVDA", D(2024, 6, 5), D(2024, 6, 12)))
    with pytest.raises(ProviderError, match="API key"):
        TiingoProvider("")


def test_tiingo_quotes_in_one_batched_call() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text=fixture("tiingo_iex_nvda_ko.json"))

    quotes = asyncio.run(tiingo(handler).quotes(["NVDA", "KO", "ZZZZ"]))
    assert len(seen) == 1 and seen[0].url.params["tickers"] == "ko,nvda,zzzz"
    assert quotes["NVDA"].price == Decimal("125.2")
    assert quotes["NVDA"].previous_close == Decimal("120.91")
    assert quotes["KO"].at == dt.datetime(2024, 6, 12, 20, 0, tzinfo=dt.UTC)
    assert "ZZZZ" not in quotes


def test_fred_csv_both_header_styles() -> None:
    new = parse_fredgraph_csv("cpi_u_nsa", fixture("fredgraph_cpiaucns.csv"))
    assert new[-1].date == D(2026, 5, 1) and new[-1].value == Decimal("335.123")
    old = parse_fredgraph_csv("tbill_3m", "DATE,DTB3\n2020-12-24,0.08\n2020-12-25,.\n2020-12-28,\n")
    assert [(o.date, o.value) for o in old] == [(D(2020, 12, 24), Decimal("0.08"))]
    with pytest.raises(ProviderError):
        parse_fredgraph_csv("tbill_3m", "<html>maintenance</html>")


def test_fred_client_requests_the_keyless_csv() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text=fixture("fredgraph_cpiaucns.csv"))

    provider = FredProvider(
        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), backoff_base=0.0
    )
    observations = asyncio.run(provider.series("cpi_u_nsa", D(2026, 1, 1)))
    assert seen[0].url.params["id"] == "CPIAUCNS" and seen[0].url.params["cosd"] == "2026-01-01"
    assert [o.value for o in observations][:2] == [Decimal("325.252"), Decimal("326.785")]
    with pytest.raises(ProviderError, match="unknown series"):
        asyncio.run(provider.series("gdp"))


class FakeFrame:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def __len__(self) -> int:
        return len(self.records)

    def reset_index(self) -> "FakeFrame":
        return self

    def to_dict(self, orient: str) -> list[dict[str, Any]]:
        assert orient == "records"
        return self.records


class FakeTicker:
    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        self.fast_info = {"lastPrice": 125.19999694824219, "previousClose": 120.91000366210938}

    def history(self, **kwargs: Any) -> FakeFrame:
        assert kwargs == {
            "start": "2024-06-05",
            "end": "2024-06-13",
            "interval": "1d",
            "auto_adjust": False,
            "actions": True,
        }
        return FakeFrame(json.loads(fixture("yfinance_history_nvda.json")))


def test_yahoo_history_from_yfinance_records() -> None:
    provider = YahooProvider(ticker_factory=FakeTicker)
    bars = asyncio.run(provider.history("NVDA", D(2024, 6, 5), D(2024, 6, 12)))
    real = bundled_nvda()
    assert [(b.date, b.close, b.adj_close, b.split_ratio) for b in bars] == [
        (d, r.close, r.adj_close, r.split_ratio) for d, r in sorted(real.items())
    ]
    quotes = asyncio.run(provider.quotes(["NVDA"]))
    # float32 artefacts of yfinance (125.19999694824219) come back as the quoted decimals.
    assert quotes["NVDA"].price == Decimal("125.2")
    assert quotes["NVDA"].previous_close == Decimal("120.91")


def test_yahoo_records_skip_missing_closes_and_add_capital_gains() -> None:
    records = [
        {"Date": "2024-03-20T00:00:00-04:00", "Close": float("nan"), "Adj Close": 1.0},
        {
            "Date": "2024-03-21T00:00:00-04:00",
            "Close": 50.0,
            "Adj Close": 49.0,
            "Dividends": 0.25,
            "Capital Gains": 0.5,
            "Stock Splits": 0.0,
        },
    ]
    (bar,) = bars_from_records("FUND", records)
    assert bar.dividend == Decimal("0.75") and bar.split_ratio == 1


def test_yahoo_without_yfinance_says_how_to_install() -> None:
    with pytest.raises(ProviderError, match="online"):
        asyncio.run(YahooProvider().history("NVDA", D(2024, 6, 5), D(2024, 6, 12)))
