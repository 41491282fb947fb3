"""The shipped demo household: it parses and books like a user's file and is built from the
real closes, dividends and splits in the bundled prices (valued at DEMO_PRICES_AS_OF)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from importlib.resources import files

import pytest

from nestegg.app.ledger.demo import DEMO_CSV, DEMO_PRICES_AS_OF, demo_csv_text
from nestegg.app.ledger.importers.base import ParsedLedger
from nestegg.app.ledger.importers.canonical import parse_canonical_csv
from nestegg.core.ledger import AccountType, Action, Book, Owner, book, booking_order

HALF_CENT = Decimal("0.005")
CENT = Decimal("0.01")


@dataclass
class Prices:
    close: dict[tuple[str, dt.date], Decimal] = field(default_factory=dict)
    dividend: dict[tuple[str, dt.date], Decimal] = field(default_factory=dict)
    splits: dict[str, dict[dt.date, Decimal]] = field(default_factory=lambda: defaultdict(dict))

    def factor(self, symbol: str, day: dt.date) -> Decimal:
        """Product of the split ratios after ``day``: the file's closes are split-adjusted."""
        result = Decimal(1)
        for split_day, ratio in self.splits[symbol].items():
            if split_day > day:
                result *= ratio
        return result


@pytest.fixture(scope="module")
def parsed() -> ParsedLedger:
    return parse_canonical_csv(demo_csv_text(), file="household.csv")


@pytest.fixture(scope="module")
def booked(parsed: ParsedLedger) -> Book:
    return book(parsed.transactions, parsed.accounts)


@pytest.fixture(scope="module")
def prices(parsed: ParsedLedger) -> Prices:
    wanted = {tx.symbol for tx in parsed.transactions if tx.symbol}
    result = Prices()
    source = files("nestegg.app") / "market" / "data" / "prices.csv.gz"
    with source.open("rb") as raw, gzip.open(raw, "rt", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["symbol"] not in wanted:
                continue
            key = (row["symbol"], dt.date.fromisoformat(row["date"]))
            if row["split_ratio"] and Decimal(row["split_ratio"]) != 1:
                result.splits[key[0]][key[1]] = Decimal(row["split_ratio"])
            if row["close"]:
                result.close[key] = Decimal(row["close"])
            if row["dividend"] and Decimal(row["dividend"]) != 0:
                result.dividend[key] = Decimal(row["dividend"])
    return result


def total_value(booked: Book, prices: Prices) -> Decimal:
    securities = sum(
        (p.quantity * prices.close[(p.symbol, DEMO_PRICES_AS_OF)] for p in booked.positions),
        Decimal(0),
    )
    return securities + sum(booked.cash.values(), Decimal(0))


def test_the_resource_is_shipped_in_the_package() -> None:
    assert DEMO_CSV.is_file()
    assert DEMO_CSV.name == "household.csv"
    assert demo_csv_text().startswith(
        "date,account,account_type,owner,action,symbol,quantity,price,amount,fees,lot,note\n"
    )


def test_parses_and_books_without_errors(parsed: ParsedLedger, booked: Book) -> None:
    assert len(parsed.transactions) > 1000
    assert booked.positions
    assert all(cash >= 0 for cash in booked.cash.values())


def test_required_accounts_and_owners(parsed: ParsedLedger) -> None:
    types = {account.type for account in parsed.accounts.values()}
    assert {
        AccountType.TRADITIONAL_401K,
        AccountType.ROTH_IRA,
        AccountType.TAXABLE,
        AccountType.HSA,
        AccountType.SAVINGS,
    } <= types
    assert sum(a.type is AccountType.TRADITIONAL_401K for a in parsed.accounts.values()) == 2
    owners = {account.owner for account in parsed.accounts.values()}
    assert owners == {Owner.SELF, Owner.SPOUSE, Owner.JOINT}


def test_spans_at_least_five_years(parsed: ParsedLedger) -> None:
    dates = [tx.date for tx in parsed.transactions]
    first, last = min(dates), max(dates)
    assert last <= DEMO_PRICES_AS_OF
    assert first.replace(year=first.year + 5) <= last


def test_total_value_at_the_prices_date_is_in_range(booked: Book, prices: Prices) -> None:
    for position in booked.positions:
        assert (position.symbol, DEMO_PRICES_AS_OF) in prices.close, position.symbol
    assert Decimal(150_000) <= total_value(booked, prices) <= Decimal(300_000)


def test_prices_date_is_the_last_close_of_every_holding(booked: Book, prices: Prices) -> None:
    for symbol in {position.symbol for position in booked.positions}:
        last = max(day for (s, day) in prices.close if s == symbol)
        assert last == DEMO_PRICES_AS_OF, symbol


def test_splits_are_real(parsed: ParsedLedger, prices: Prices) -> None:
    splits = [tx for tx in parsed.transactions if tx.action is Action.SPLIT]
    assert splits
    for tx in splits:
        assert tx.symbol is not None
        assert prices.splits[tx.symbol].get(tx.date) == tx.quantity, tx.describe()


def test_trade_prices_are_the_real_closes(parsed: ParsedLedger, prices: Prices) -> None:
    trades = [
        tx for tx in parsed.transactions if tx.action in (Action.BUY, Action.SELL, Action.REINVEST)
    ]
    assert trades
    for tx in trades:
        assert tx.symbol is not None and tx.price is not None, tx.describe()
        close = prices.close.get((tx.symbol, tx.date))
        assert close is not None, f"no close for {tx.describe()}"
        unadjusted = close * prices.factor(tx.symbol, tx.date)
        assert abs(tx.price - unadjusted) <= HALF_CENT, (tx.describe(), tx.price, unadjusted)


def test_a_split_stock_was_bought_before_its_split(parsed: ParsedLedger, prices: Prices) -> None:
    # The unadjusting matters: NVDA traded at $751.19 the day before its 4:1 split.
    assert prices.factor("NVDA", dt.date(2021, 7, 19)) == 40
    buys_before_split = [
        tx
        for tx in parsed.transactions
        if tx.action is Action.BUY
        and tx.symbol is not None
        and prices.factor(tx.symbol, tx.date) != 1
    ]
    assert buys_before_split


def test_dividends_follow_the_real_history(parsed: ParsedLedger, prices: Prices) -> None:
    """Every dividend (cash or reinvested) is the file's dividend × the shares held."""
    held: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    checked = 0
    day_start: dict[tuple[str, str], Decimal] = {}
    current: dt.date | None = None
    for tx in booking_order(parsed.transactions):
        if tx.date != current:
            current = tx.date
            day_start = dict(held)
        key = (tx.account, tx.symbol or "")
        if tx.action is Action.SPLIT:
            held[key] *= tx.quantity or 0
            day_start[key] = held[key]
        elif tx.action in (Action.BUY, Action.REINVEST):
            held[key] += tx.quantity or 0
        elif tx.action is Action.SELL:
            held[key] -= tx.quantity or 0
        if tx.action not in (Action.DIVIDEND, Action.REINVEST):
            continue
        assert tx.symbol is not None and tx.amount is not None
        per_share = prices.dividend.get((tx.symbol, tx.date))
        assert per_share is not None, f"no dividend in the price file for {tx.describe()}"
        expected = per_share * prices.factor(tx.symbol, tx.date) * day_start.get(key, Decimal(0))
        # Cash is rounded to cents; a reinvestment buys shares rounded to 4 decimals.
        slack = CENT
        if tx.action is Action.REINVEST:
            assert tx.price is not None
            slack += Decimal("0.00005") * tx.price
        assert abs(tx.amount - expected) <= slack + HALF_CENT, (tx.describe(), expected)
        checked += 1
    assert checked > 100


def test_taxable_has_losses_and_long_term_gains(
    parsed: ParsedLedger, booked: Book, prices: Prices
) -> None:
    taxable = {n for n, a in parsed.accounts.items() if a.type is AccountType.TAXABLE}
    lots = [lot for lot in booked.lots() if lot.account in taxable]
    losses, long_term_gains = [], []
    for lot in lots:
        gain = lot.quantity * prices.close[(lot.symbol, DEMO_PRICES_AS_OF)] - lot.cost_basis
        long_term = lot.acquired_date.replace(year=lot.acquired_date.year + 1) < DEMO_PRICES_AS_OF
        if gain < -1:
            losses.append(lot)
        elif gain > 1 and long_term:
            long_term_gains.append(lot)
    assert len(losses) >= 2
    assert long_term_gains
    assert any(lot.label for lot in lots)


def test_one_commission_before_zero_commission_trading(parsed: ParsedLedger) -> None:
    fees = [tx.fees for tx in parsed.transactions if tx.fees]
    assert fees == [Decimal("4.95")]
