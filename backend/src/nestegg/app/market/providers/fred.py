"""FRED (Federal Reserve Bank of St. Louis) macro series through the keyless CSV download.

``GET https://fred.stlouisfed.org/graph/fredgraph.csv?id=<SERIES>[&cosd=YYYY-MM-DD]`` answers
``observation_date,<SERIES>`` (older files: ``DATE,<SERIES>``), one row per observation;
missing values are blank (older files: ``.``). Canonical series map to FRED ids:

- ``tbill_3m`` → ``DTB3``, the 3-month Treasury bill secondary-market rate, discount basis,
  percent, daily;
- ``cpi_u_nsa`` → ``CPIAUCNS``, CPI-U all items, not seasonally adjusted, monthly (the bundled
  CPI series is the same index).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

import httpx

from nestegg.app.market.providers import http
from nestegg.app.market.providers.base import (
    MacroObservation,
    ProviderError,
    RateLimiter,
    with_backoff,
)

NAME = "fred"
URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
FRED_SERIES = {"tbill_3m": "DTB3", "cpi_u_nsa": "CPIAUCNS"}


def parse_fredgraph_csv(series: str, text: str) -> list[MacroObservation]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if (
        not header
        or len(header) < 2
        or header[0].strip().lower() not in ("observation_date", "date")
    ):
        raise ProviderError(NAME, f"unexpected CSV header {header!r}")
    found: list[MacroObservation] = []
    for row in reader:
        if len(row) < 2 or not row[1].strip() or row[1].strip() == ".":
            continue
        try:
            value = Decimal(row[1].strip())
            day = dt.date.fromisoformat(row[0].strip())
        except (InvalidOperation, ValueError) as exc:
            raise ProviderError(NAME, f"bad row {row!r}") from exc
        found.append(MacroObservation(series, day, value))
    return found


class FredProvider:
    name = NAME

    def __init__(
        self,
        *,
        client: httpx.AsyncClient | None = None,
        limiter: RateLimiter | None = None,
        retries: int = 3,
        backoff_base: float = 1.0,
    ) -> None:
        self._client = client or http.make_client()
        self._limiter = limiter or RateLimiter(calls=60, period=60.0)
        self._retries = retries
        self._backoff_base = backoff_base

    async def series(self, series: str, start: dt.date | None = None) -> list[MacroObservation]:
        fred_id = FRED_SERIES.get(series)
        if fred_id is None:
            raise ProviderError(NAME, f"unknown series {series!r}")
        params = {"id": fred_id}
        if start is not None:
            params["cosd"] = start.isoformat()

        async def once() -> str:
            await self._limiter.acquire(NAME)
            response = await http.get(self._client, NAME, URL, params=params)
            return response.text

        text = await with_backoff(once, retries=self._retries, base_delay=self._backoff_base)
        return [o for o in parse_fredgraph_csv(series, text) if start is None or o.date >= start]

    async def aclose(self) -> None:
        await self._client.aclose()
