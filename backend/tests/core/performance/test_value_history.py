"""Value history: splits in the price data, carried-forward closes, the money-weighted benchmark."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from nestegg.core.ledger import Account, AccountType, Action, Transaction
from nestegg.core.performance import PriceBar, as_traded, value_history

ACCOUNTS = {"B": Account("B", AccountType.TAXABLE)}
d = dt.date.fromisoformat


def test_as_traded_undoes_later_splits() -> None:
    bars = [PriceBar(d("2024-06-07"), D("120.5")), PriceBar(d("2024-06-10"), D("121"), D(10))]
    assert as_traded(bars) == [(d("2024-06-07"), D("1205.0")), (d("2024-06-10"), D("121"))]


def test_value_is_continuous_across_a_split_and_matches_the_ledger() -> None:
    transactions = [
        Transaction(d("2024-06-03"), "B", Action.DEPOSIT, amount=D(2000)),
        Transaction(d("2024-06-03"), "B", Action.BUY, "NVDA", quantity=D(1), price=D(1150)),
        Transaction(d("2024-06-10"), "B", Action.SPLIT, "NVDA", quantity=D(10)),
    ]
    # Split-adjusted closes, as Yahoo publishes them.
    prices = {
        "NVDA": [
            PriceBar(d("2024-06-03"), D("115.0")),
            PriceBar(d("2024-06-07"), D("120.0")),
            PriceBar(d("2024-06-10"), D("121.0"), D(10)),
        ]
    }
    days = [d("2024-06-03"), d("2024-06-07"), d("2024-06-10"), d("2024-06-11")]
    points = value_history(transactions, ACCOUNTS, prices, days)
    assert [p.value for p in points] == [D(2000), D(2050), D(2060), D(2060)]
    assert all(p.net_contributions == D(2000) for p in points)
    assert all(p.benchmark_value is None for p in points)


def test_benchmark_invests_each_flow_on_its_day() -> None:
    transactions = [
        Transaction(d("2024-01-02"), "B", Action.DEPOSIT, amount=D(100)),
        Transaction(d("2024-01-03"), "B", Action.DEPOSIT, amount=D(100)),
        Transaction(d("2024-01-04"), "B", Action.WITHDRAWAL, amount=D(50)),
    ]
    index = [(d("2024-01-02"), D(10)), (d("2024-01-03"), D(20)), (d("2024-01-04"), D(25))]
    days = [day for day, _ in index]
    points = value_history(transactions, ACCOUNTS, {}, days, benchmark=index)
    # 10 units, then 5 more; 2 sold; 13 units × 25.
    assert [p.benchmark_value for p in points] == [D(100), D(300), D(325)]
    assert [p.value for p in points] == [D(100), D(200), D(150)]
