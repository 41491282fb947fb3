"""The real daily history shipped with the package (see data/SOURCES.md for attribution)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from nestegg.core.market.bars import DailyBar

SOURCE = "bundled"


Bar = DailyBar
"""A bundled daily bar (the core's bar type; kept under this name for existing callers)."""


def _open(name: str) -> io.StringIO:
    packed = resources.files("nestegg.app.market").joinpath("data", name).read_bytes()
    return io.StringIO(gzip.decompress(packed).decode("utf-8"), newline="")


@lru_cache(maxsize=1)
def _rows_by_symbol() -> dict[str, list[tuple[str, ...]]]:
    """The price file's rows grouped by symbol (kept as text; ~185k rows, parsed once)."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    with _open("prices.csv.gz") as stream:
        reader = csv.reader(stream)
        next(reader)
        for row in reader:
            grouped.setdefault(row[0], []).append(tuple(row))
    return grouped


def bundled_symbols() -> list[str]:
    return sorted(_rows_by_symbol())


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def bundled_bars(symbol: str) -> Iterator[Bar]:
    """Daily bars of one symbol, oldest first; nothing if the symbol is not bundled."""
    for _, day, close, adj, dividend, split in _rows_by_symbol().get(symbol, []):
        yield Bar(
            symbol=symbol,
            date=dt.date.fromisoformat(day),
            close=_dec(close),
            adj_close=_dec(adj),
            dividend=_dec(dividend),
            split_ratio=Decimal(split) if split else Decimal(1),
        )


@dataclass(frozen=True, slots=True)
class MacroPoint:
    series: str
    date: dt.date
    value: Decimal


@lru_cache(maxsize=1)
def _macro_by_series() -> dict[str, list[MacroPoint]]:
    grouped: dict[str, list[MacroPoint]] = {}
    with _open("macro.csv.gz") as stream:
        reader = csv.reader(stream)
        next(reader)
        for series, day, value in reader:
            if value:
                point = MacroPoint(series, dt.date.fromisoformat(day), Decimal(value))
                grouped.setdefault(series, []).append(point)
    return grouped


def bundled_macro(series: str) -> list[MacroPoint]:
    """A bundled macro series (names as in data/SOURCES.md, e.g. ``DGS3MO``, ``CPI_U_NSA``)."""
    return list(_macro_by_series().get(series, []))


@dataclass(frozen=True, slots=True)
class AnnualReturns:
    """One calendar year of US total returns in percent (Damodaran; see HISTORY_SOURCES.md)."""

    year: int
    stocks: Decimal
    corporate_bonds: Decimal
    real_estate: Decimal
    t_bills: Decimal
    t_notes: Decimal
    inflation: Decimal


@lru_cache(maxsize=1)
def bundled_annual_returns() -> tuple[AnnualReturns, ...]:
    text = (
        resources.files("nestegg.app.market")
        .joinpath("data", "us_annual_returns_1928_2025.csv")
        .read_text(encoding="utf-8")
    )
    reader = csv.reader(io.StringIO(text))
    next(reader)
    return tuple(
        AnnualReturns(int(year), *(Decimal(v) for v in values)) for year, *values in reader if year
    )
