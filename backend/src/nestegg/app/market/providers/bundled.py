"""The offline default: the real daily history shipped with the package."""

from __future__ import annotations

import asyncio
import datetime as dt

from nestegg.app.market import bundled
from nestegg.app.market.providers.base import MacroObservation
from nestegg.core.market.bars import DailyBar

BUNDLED_MACRO = {"tbill_3m": "DGS3MO", "cpi_u_nsa": "CPI_U_NSA"}
"""Canonical macro series → the bundled series that stands in for it offline.

The bundled 3-month rate is FRED's constant-maturity DGS3MO (to 2021), a close stand-in for
the T-bill discount rate DTB3 used online (they differ by a few basis points)."""


class BundledProvider:
    name = bundled.SOURCE

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        # The first call parses the packaged file (~185k rows); keep that off the event loop.
        return await asyncio.to_thread(self._history, symbol, start, end)

    @staticmethod
    def _history(symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        return [bar for bar in bundled.bundled_bars(symbol) if start <= bar.date <= end]

    async def series(self, series: str, start: dt.date | None = None) -> list[MacroObservation]:
        source = BUNDLED_MACRO.get(series, series)
        points = await asyncio.to_thread(bundled.bundled_macro, source)
        return [
            MacroObservation(series, p.date, p.value)
            for p in points
            if start is None or p.date >= start
        ]
