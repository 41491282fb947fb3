"""Valuation: what a booked ledger is worth at given prices.

Market value = quantity × latest close; unrealized gain = market value − cost basis; weight =
market value / household total. An account's cash balance is a holding of ``USD`` at price 1.
A security without a price is reported with no market value and left out of the totals (it is
listed in ``unpriced`` so the user is told).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from nestegg.core.ledger import (
    CASH_SYMBOL,
    Account,
    AssetClass,
    Book,
    Lot,
    Security,
)
from nestegg.core.money import ONE, ZERO


@dataclass(frozen=True, slots=True)
class LotValue:
    lot: Lot
    market_value: Decimal | None
    unrealized_gain: Decimal | None


@dataclass(frozen=True, slots=True)
class Holding:
    account: str
    symbol: str
    quantity: Decimal
    price: Decimal | None
    price_date: dt.date | None
    market_value: Decimal | None
    cost_basis: Decimal
    unrealized_gain: Decimal | None
    weight: Decimal | None
    asset_class: AssetClass | None
    lots: tuple[LotValue, ...]
    previous_close: Decimal | None = None
    """The close of the trading day before ``price_date`` (``None`` when unknown)."""
    day_change: Decimal | None = None
    """quantity × (price − previous close); zero for cash."""

    @property
    def unrealized_gain_percent(self) -> Decimal | None:
        """Unrealized gain as a fraction of cost basis (0.1 = 10 %)."""
        if self.unrealized_gain is None or not self.cost_basis:
            return None
        return self.unrealized_gain / self.cost_basis


@dataclass(frozen=True, slots=True)
class Valuation:
    as_of: dt.date | None
    """The latest price date used (``None`` when nothing is priced)."""
    total_value: Decimal
    total_cost_basis: Decimal
    holdings: tuple[Holding, ...]
    by_account: Mapping[str, Decimal]
    by_asset_class: Mapping[str, Decimal]
    by_tax_treatment: Mapping[str, Decimal]
    unpriced: tuple[str, ...]
    day_change: Decimal = ZERO
    """The household's change since the previous close (positions with both closes)."""

    @property
    def day_change_percent(self) -> Decimal | None:
        """The day's change as a fraction of the previous close's value (0.01 = 1 %)."""
        before = self.total_value - self.day_change
        return self.day_change / before if before else None

    def weight_of(self, value: Decimal) -> Decimal:
        return value / self.total_value if self.total_value else ZERO


def value_book(
    book: Book,
    accounts: Mapping[str, Account],
    prices: Mapping[str, tuple[dt.date, Decimal]],
    securities: Mapping[str, Security],
    previous: Mapping[str, Decimal] | None = None,
) -> Valuation:
    """Value every position of ``book`` and every non-zero cash balance.

    Parameters
    ----------
    prices
        symbol → (date of the close, close in USD per share).
    securities
        symbol → reference data (asset class); unknown symbols get no class.
    previous
        symbol → the close of the trading day before its latest close, for the day's change.
    """
    previous = previous or {}
    rows: list[tuple[str, str, Decimal, Decimal | None, dt.date | None, Decimal, tuple[Lot, ...]]]
    rows = []
    for position in book.positions:
        quote = prices.get(position.symbol)
        price, day = (quote[1], quote[0]) if quote else (None, None)
        rows.append(
            (
                position.account,
                position.symbol,
                position.quantity,
                price,
                day,
                position.cost_basis,
                position.lots,
            )
        )
    for account, balance in book.cash.items():
        if balance != ZERO:
            rows.append((account, CASH_SYMBOL, balance, ONE, None, balance, ()))

    total = ZERO
    for _, _, quantity, price, _, _, _ in rows:
        if price is not None:
            total += quantity * price

    holdings: list[Holding] = []
    by_account: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_class: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_treatment: dict[str, Decimal] = defaultdict(lambda: ZERO)
    unpriced: list[str] = []
    as_of: dt.date | None = None
    total_basis = ZERO
    day_change = ZERO
    for account, symbol, quantity, price, day, basis, lots in sorted(rows, key=lambda r: r[:2]):
        security = securities.get(symbol)
        asset_class = (
            AssetClass.CASH
            if symbol == CASH_SYMBOL
            else (security.asset_class if security else None)
        )
        total_basis += basis
        value = quantity * price if price is not None else None
        if value is None:
            unpriced.append(symbol)
        else:
            by_account[account] += value
            by_class[asset_class.value if asset_class else "unclassified"] += value
            by_treatment[accounts[account].tax_treatment.value] += value
        if day is not None and (as_of is None or day > as_of):
            as_of = day
        before = previous.get(symbol) if symbol != CASH_SYMBOL else price
        change = quantity * (price - before) if price is not None and before is not None else None
        if change is not None:
            day_change += change
        holdings.append(
            Holding(
                account=account,
                symbol=symbol,
                quantity=quantity,
                price=price,
                price_date=day,
                market_value=value,
                cost_basis=basis,
                unrealized_gain=value - basis if value is not None else None,
                weight=value / total if value is not None and total else None,
                asset_class=asset_class,
                lots=tuple(_lot_value(lot, price) for lot in lots),
                previous_close=before,
                day_change=change,
            )
        )
    return Valuation(
        as_of=as_of,
        total_value=total,
        total_cost_basis=total_basis,
        holdings=tuple(holdings),
        by_account=dict(sorted(by_account.items())),
        by_asset_class=dict(sorted(by_class.items())),
        by_tax_treatment=dict(sorted(by_treatment.items())),
        unpriced=tuple(sorted(set(unpriced))),
        day_change=day_change,
    )


def _lot_value(lot: Lot, price: Decimal | None) -> LotValue:
    if price is None:
        return LotValue(lot, None, None)
    value = lot.quantity * price
    return LotValue(lot, value, value - lot.cost_basis)


def revalue(valuation: Valuation, live: Mapping[str, Decimal]) -> tuple[Decimal, Decimal]:
    """(total value, change since the previous close) with live prices where known.

    Holdings without a live price keep their valuation price; cash counts at face value and
    does not change; a holding without a previous close adds nothing to the day's change.
    """
    total = ZERO
    change = ZERO
    for holding in valuation.holdings:
        price = live.get(holding.symbol, holding.price) if holding.symbol != CASH_SYMBOL else ONE
        if price is None:
            continue
        total += holding.quantity * price
        if holding.symbol != CASH_SYMBOL and holding.previous_close is not None:
            change += holding.quantity * (price - holding.previous_close)
    return total, change
