"""Value history of a household: what the ledger was worth on each trading day.

value(t) = Σ_symbols shares held at the close of t × the as-traded close of t + cash(t).
The shipped closes are adjusted for later splits (Yahoo's convention), so they are
un-adjusted first: as_traded(t) = close(t) × Π split ratios after t. A symbol without a close
on a day keeps its last known close.

Net contributions are the cash that crossed the household's boundary: deposits and
contributions in, withdrawals out, plus the basis of shares transferred in from outside.

The benchmark answers "what if every net contribution had bought the benchmark fund that
day": each flow buys (or sells) units of the benchmark's total-return (dividend-adjusted)
index, and the benchmark value is units × index. It is money-weighted like the household, so
the two lines are comparable.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from nestegg.core.ledger import Account, Action, Transaction, booking_order
from nestegg.core.money import ONE, ZERO


@dataclass(frozen=True, slots=True)
class PriceBar:
    """One day of a symbol: split-adjusted close (may be missing) and that day's split ratio."""

    date: dt.date
    close: Decimal | None
    split_ratio: Decimal = ONE


@dataclass(frozen=True, slots=True)
class ValuePoint:
    date: dt.date
    value: Decimal
    net_contributions: Decimal
    benchmark_value: Decimal | None


def as_traded(bars: Sequence[PriceBar]) -> list[tuple[dt.date, Decimal]]:
    """Closes as they traded on the day (undo the adjustment for later splits)."""
    factor = ONE
    result: list[tuple[dt.date, Decimal]] = []
    for bar in reversed(bars):
        if bar.close is not None:
            result.append((bar.date, bar.close * factor))
        if bar.split_ratio != ONE and bar.split_ratio > ZERO:
            # The split takes effect at the open of its day: earlier closes were ratio× higher.
            factor *= bar.split_ratio
    result.reverse()
    return result


_FLOW_SIGN = {
    Action.DEPOSIT: 1,
    Action.CONTRIBUTION: 1,
    Action.WITHDRAWAL: -1,
}


def value_history(
    transactions: Iterable[Transaction],
    accounts: Mapping[str, Account],
    prices: Mapping[str, Sequence[PriceBar]],
    days: Sequence[dt.date],
    *,
    benchmark: Sequence[tuple[dt.date, Decimal]] | None = None,
) -> list[ValuePoint]:
    """The household's value at the close of each of ``days`` (ascending).

    Parameters
    ----------
    prices
        symbol → its daily bars, oldest first.
    days
        the trading days to report (ascending).
    benchmark
        (date, total-return index level) of the benchmark, oldest first; ``None`` for none.
    """
    ordered = booking_order(t for t in transactions if t.account in accounts)
    traded = {symbol: as_traded(bars) for symbol, bars in prices.items()}
    traded_days = {symbol: [d for d, _ in series] for symbol, series in traded.items()}
    bench_days = [d for d, _ in benchmark] if benchmark else []

    shares: dict[str, Decimal] = defaultdict(lambda: ZERO)
    held_in: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    last_trade_price: dict[str, Decimal] = {}
    cash = ZERO
    contributions = ZERO
    bench_units = ZERO
    points: list[ValuePoint] = []
    i = 0

    def close_on(symbol: str, day: dt.date) -> Decimal | None:
        series = traded.get(symbol)
        if series:
            at = bisect_right(traded_days[symbol], day) - 1
            if at >= 0:
                return series[at][1]
        return last_trade_price.get(symbol)

    def bench_level(day: dt.date) -> Decimal | None:
        if not benchmark:
            return None
        at = bisect_right(bench_days, day) - 1
        return benchmark[at][1] if at >= 0 else benchmark[0][1]

    for day in days:
        while i < len(ordered) and ordered[i].date <= day:
            tx = ordered[i]
            i += 1
            flow = ZERO
            symbol = tx.symbol or ""
            if tx.action in (Action.BUY, Action.REINVEST):
                shares[symbol] += tx.quantity or ZERO
                held_in[(tx.account, symbol)] += tx.quantity or ZERO
                if tx.price is not None:
                    last_trade_price[symbol] = tx.price
                cash -= tx.fees if tx.action is Action.REINVEST else tx.gross + tx.fees
            elif tx.action is Action.SELL:
                shares[symbol] -= tx.quantity or ZERO
                held_in[(tx.account, symbol)] -= tx.quantity or ZERO
                if tx.price is not None:
                    last_trade_price[symbol] = tx.price
                cash += tx.gross - tx.fees
            elif tx.action is Action.SPLIT:
                # Splits are per account in the ledger.
                added = held_in[(tx.account, symbol)] * ((tx.quantity or ONE) - ONE)
                held_in[(tx.account, symbol)] += added
                shares[symbol] += added
            elif tx.action is Action.TRANSFER_IN:
                shares[symbol] += tx.quantity or ZERO
                held_in[(tx.account, symbol)] += tx.quantity or ZERO
                flow = tx.gross + tx.fees
            elif tx.action is Action.TRANSFER_OUT:
                shares[symbol] -= tx.quantity or ZERO
                held_in[(tx.account, symbol)] -= tx.quantity or ZERO
            elif tx.action in (Action.DIVIDEND, Action.INTEREST):
                cash += tx.amount or ZERO
            elif tx.action is Action.FEE:
                cash -= tx.amount or ZERO
            elif tx.action in _FLOW_SIGN:
                flow = (tx.amount or ZERO) * _FLOW_SIGN[tx.action]
                cash += flow
            if flow:
                contributions += flow
                level = bench_level(tx.date)
                if level:
                    bench_units += flow / level
        value = cash
        for symbol, held in shares.items():
            if held:
                price = close_on(symbol, day)
                if price is not None:
                    value += held * price
        level = bench_level(day)
        points.append(
            ValuePoint(
                date=day,
                value=value,
                net_contributions=contributions,
                benchmark_value=bench_units * level if level is not None and benchmark else None,
            )
        )
    return points
