"""Field checks of single transactions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from nestegg.core.ledger import Action, Transaction, validate_transaction
from nestegg.core.ledger.validation import amount_tolerance

DAY = dt.date(2024, 1, 2)


def fields(tx: Transaction) -> list[str]:
    return [p.field for p in validate_transaction(tx)]


def test_trades_need_symbol_quantity_and_price() -> None:
    assert fields(Transaction(DAY, "A", Action.BUY)) == ["symbol", "quantity", "price"]
    assert fields(Transaction(DAY, "A", Action.BUY, "VTI", D(1), D(100))) == []
    assert fields(Transaction(DAY, "A", Action.SELL, "VTI", D(0), D(100))) == ["quantity"]


def test_cash_actions_need_a_positive_amount() -> None:
    assert fields(Transaction(DAY, "A", Action.DEPOSIT)) == ["amount"]
    assert fields(Transaction(DAY, "A", Action.FEE, amount=D(0))) == ["amount"]
    assert fields(Transaction(DAY, "A", Action.DIVIDEND, "VTI", amount=D("1.5"))) == []


def test_negative_numbers_are_rejected() -> None:
    assert "fees" in fields(Transaction(DAY, "A", Action.BUY, "VTI", D(1), D(1), fees=D(-1)))


@pytest.mark.parametrize(
    ("quantity", "price", "amount", "ok"),
    [
        ("10", "236.17", "2361.70", True),
        ("10", "236.17", "2361.72", False),  # two cents off a whole-share trade
        ("0.306", "327.10", "100.00", True),  # 0.3057 shares rounded to 3 places by the broker
        ("0.306", "327.10", "99.00", False),
    ],
)
def test_amount_must_agree_with_quantity_times_price(
    quantity: str, price: str, amount: str, ok: bool
) -> None:
    tx = Transaction(DAY, "A", Action.BUY, "VTI", D(quantity), D(price), D(amount))
    assert (fields(tx) == []) is ok


def test_tolerance_grows_with_the_rounding_of_the_quantity() -> None:
    assert amount_tolerance(D(10), D(100)) == D("0.01")  # whole shares are exact
    assert amount_tolerance(D("10.5"), D(100)) == D("0.01")
    assert amount_tolerance(D("0.306"), D("327.10")) == D("0.17355")
    assert amount_tolerance(D("1.2345"), D(100)) == D("0.015")
