"""Use cases of the performance domain: the household's value history against a benchmark."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from nestegg.app.ledger import service as ledger
from nestegg.app.market import service as market
from nestegg.core.performance import PriceBar, ValuePoint, value_history

DEFAULT_BENCHMARK = "VTI"


@dataclass(frozen=True, slots=True)
class History:
    benchmark: str | None
    as_of: dt.date | None
    points: list[ValuePoint]


def history(
    session: Session,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    benchmark: str | None = DEFAULT_BENCHMARK,
) -> History:
    known, transactions, _ = ledger.load_book(session)
    if not transactions:
        return History(benchmark, None, [])
    symbols = {t.symbol for t in transactions if t.symbol}
    first = min(t.date for t in transactions)
    if benchmark:
        market.ensure_market_data(session, {benchmark})
    as_of = ledger.holdings(session).as_of
    last = min(d for d in (end, as_of) if d is not None) if (end or as_of) else None
    bars = market.daily_bars(session, symbols | ({benchmark} if benchmark else set()), first)
    prices = {
        symbol: [PriceBar(day, close, split) for day, close, _, split in bars[symbol]]
        for symbol in symbols
    }
    bench = (
        [
            (day, adjusted)
            for day, _, adjusted, _ in bars[benchmark]
            if adjusted is not None and (last is None or day <= last)
        ]
        if benchmark
        else []
    )
    calendar = sorted(
        {bar.date for bars in prices.values() for bar in bars if bar.close is not None}
        | {day for day, _ in bench}
    )
    begin = max(first, start) if start else first
    days = [day for day in calendar if begin <= day and (last is None or day <= last)]
    points = value_history(transactions, known, prices, days, benchmark=bench or None)
    return History(benchmark if bench else None, as_of, points)
