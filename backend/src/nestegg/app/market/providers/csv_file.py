"""User-supplied price files: ``symbol,date,close[,adj_close,dividend,split_ratio]``.

The columns follow the store's convention: ``close`` adjusted for splits only (as Yahoo
exports it), ``dividend`` per split-adjusted share on its ex-date, ``split_ratio`` new shares
per old share on the ex-date (1 or blank otherwise). Blank ``adj_close`` and ``dividend``
mean unknown. A file may hold many symbols; a directory is read file by file (``*.csv``).
Files are parsed again only when they change.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
from pathlib import Path

from nestegg.app.market.providers.base import ProviderError
from nestegg.core.errors import ValidationError
from nestegg.core.market.bars import DailyBar
from nestegg.core.money import ONE, parse_decimal

REQUIRED = ("symbol", "date", "close")
OPTIONAL = ("adj_close", "dividend", "split_ratio")


def parse_price_csv(text: str, *, source: str = "csv") -> list[DailyBar]:
    """Parse a prices CSV; raises :class:`ProviderError` listing every bad line."""
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ProviderError(source, f"missing column(s) {', '.join(missing)}")
    reader.fieldnames = header
    bars: list[DailyBar] = []
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        try:
            bars.append(_bar(row))
        except (ValidationError, ValueError) as exc:
            problems.append(f"line {line}: {exc}")
    if problems:
        raise ProviderError(source, "; ".join(problems[:20]))
    return bars


def _optional(row: dict[str, str | None], column: str) -> str:
    return (row.get(column) or "").strip()


def _bar(row: dict[str, str | None]) -> DailyBar:
    symbol = _optional(row, "symbol").upper()
    if not symbol:
        raise ValueError("empty symbol")
    close = parse_decimal(_optional(row, "close"))
    adj = _optional(row, "adj_close")
    dividend = _optional(row, "dividend")
    split = _optional(row, "split_ratio")
    if close <= 0:
        raise ValueError("close must be positive")
    ratio = parse_decimal(split) if split else ONE
    if ratio <= 0:
        raise ValueError("split_ratio must be positive")
    return DailyBar(
        symbol=symbol,
        date=dt.date.fromisoformat(_optional(row, "date")),
        close=close,
        adj_close=parse_decimal(adj) if adj else None,
        dividend=parse_decimal(dividend) if dividend else None,
        split_ratio=ratio,
    )


class CsvProvider:
    name = "csv"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: dict[Path, tuple[float, dict[str, list[DailyBar]]]] = {}

    def _files(self) -> list[Path]:
        if self.path.is_dir():
            return sorted(self.path.glob("*.csv"))
        return [self.path] if self.path.exists() else []

    def _load(self, file: Path) -> dict[str, list[DailyBar]]:
        stamp = file.stat().st_mtime
        cached = self._cache.get(file)
        if cached and cached[0] == stamp:
            return cached[1]
        grouped: dict[str, list[DailyBar]] = {}
        try:
            bars = parse_price_csv(file.read_text(encoding="utf-8-sig"), source=self.name)
        except ProviderError as exc:
            raise ProviderError(self.name, f"{file.name}: {exc.message}") from exc
        for bar in bars:
            grouped.setdefault(bar.symbol, []).append(bar)
        self._cache[file] = (stamp, grouped)
        return grouped

    def _history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        found: dict[dt.date, DailyBar] = {}
        for file in self._files():
            for bar in self._load(file).get(symbol.upper(), []):
                if start <= bar.date <= end:
                    found[bar.date] = bar  # a later file overrides an earlier one
        return [found[d] for d in sorted(found)]

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        return await asyncio.to_thread(self._history, symbol, start, end)
