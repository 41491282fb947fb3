"""Booking: lots, positions, cash and disposals derived by replaying transactions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from nestegg.core.errors import LedgerError
from nestegg.core.ledger import Account, AccountType, Action, LotMethod, Owner, Transaction, book

TAXABLE = Account("Brokerage", AccountType.TAXABLE)
IRA = Account("IRA", AccountType.TRADITIONAL_IRA, Owner.SPOUSE)
ACCOUNTS = {a.name: a for a in (TAXABLE, IRA)}


def tx(day: str, action: Action, symbol: str | None = None, **kw: object) -> Transaction:
    fields: dict[str, object] = {"account": "Brokerage", **kw}
    for key in ("quantity", "price", "amount", "fees"):
        if key in fields and fields[key] is not None:
            fields[key] = D(str(fields[key]))
    return Transaction(date=dt.date.fromisoformat(day), action=action, symbol=symbol, **fields)  # type: ignore[arg-type]


def test_buy_fees_go_into_basis_and_sale_fees_out_of_proceeds() -> None:
    result = book(
        [
            tx("2020-01-02", Action.BUY, "VTI", quantity=10, price="150.25", fees="4.95"),
            tx("2021-01-04", Action.SELL, "VTI", quantity=4, price=200, fees=1),
        ],
        ACCOUNTS,
    )
    (disposal,) = result.disposals
    assert disposal.proceeds == D("799")
    assert disposal.cost_basis == D("1507.45") * 4 / 10
    (position,) = result.positions
    assert position.quantity == D(6)
    assert position.cost_basis + disposal.cost_basis == D("1507.45")
    assert result.cash["Brokerage"] == D("-1507.45") + D("799")


def test_fifo_lifo_hifo_and_labelled_lots() -> None:
    buys = [
        tx("2020-01-02", Action.BUY, "VTI", quantity=1, price=100, lot="A"),
        tx("2020-02-03", Action.BUY, "VTI", quantity=1, price=300, lot="B"),
        tx("2020-03-02", Action.BUY, "VTI", quantity=1, price=200, lot="C"),
    ]

    def sold(**kw: object) -> str | None:
        result = book(
            [*buys, tx("2020-06-01", Action.SELL, "VTI", quantity=1, price=250, **kw)], ACCOUNTS
        )
        return result.disposals[0].lot_label

    assert sold() == "A"
    assert sold(lot_method=LotMethod.LIFO) == "C"
    assert sold(lot_method=LotMethod.HIFO) == "B"
    assert sold(lot="C") == "C"


def test_split_multiplies_quantity_and_keeps_basis() -> None:
    result = book(
        [
            tx("2020-01-02", Action.BUY, "NVDA", quantity=10, price=240),
            tx("2021-07-20", Action.SPLIT, "NVDA", quantity=4),
            tx("2021-07-20", Action.BUY, "NVDA", quantity=1, price=190),
        ],
        ACCOUNTS,
    )
    (position,) = result.positions
    assert position.quantity == D(41)
    assert position.cost_basis == D(2590)
    assert [lot.quantity for lot in position.lots] == [D(40), D(1)]


def test_transfer_between_household_accounts_keeps_basis_and_dates() -> None:
    result = book(
        [
            tx("2019-05-06", Action.BUY, "VTI", quantity=5, price=100, lot="X"),
            tx("2020-01-02", Action.TRANSFER_IN, "VTI", quantity=5, account="IRA"),
            tx("2020-01-02", Action.TRANSFER_OUT, "VTI", quantity=5),
        ],
        ACCOUNTS,
    )
    (position,) = result.positions
    assert position.account == "IRA"
    assert position.lots[0].acquired_date == dt.date(2019, 5, 6)
    assert position.cost_basis == D(500)


def test_reinvest_adds_a_lot_without_moving_cash() -> None:
    result = book(
        [
            tx("2020-01-02", Action.DEPOSIT, amount=1000),
            tx(
                "2020-03-02",
                Action.REINVEST,
                "BND",
                quantity="0.1234",
                price="81.03",
                amount="10.00",
            ),
        ],
        ACCOUNTS,
    )
    assert result.cash["Brokerage"] == D(1000)
    assert result.positions[0].cost_basis == D("10.00")


@pytest.mark.parametrize(
    ("transactions", "message"),
    [
        (
            [tx("2020-01-02", Action.SELL, "VTI", quantity=1, price=1, ref="line 2")],
            "exceeds the 0 held",
        ),
        (
            [tx("2020-01-02", Action.DEPOSIT, amount=1, account="Nope", ref="line 7")],
            "unknown account",
        ),
        (
            [
                tx("2020-01-02", Action.BUY, "VTI", quantity=1, price=1),
                tx("2020-01-03", Action.SELL, "VTI", quantity=1, price=1, lot="Z", ref="line 3"),
            ],
            "lot 'Z'",
        ),
        ([tx("2020-01-02", Action.TRANSFER_IN, "VTI", quantity=1, ref="line 4")], "cost basis"),
    ],
)
def test_impossible_states_name_the_transaction(
    transactions: list[Transaction], message: str
) -> None:
    with pytest.raises(LedgerError) as info:
        book(transactions, ACCOUNTS)
    assert message in str(info.value)
    assert transactions[-1].ref in str(info.value)


def test_same_day_order_of_different_accounts_does_not_matter() -> None:
    rows = [
        tx("2020-01-02", Action.BUY, "VTI", quantity=3, price=10, seq=1),
        tx("2020-01-02", Action.BUY, "VTI", quantity=2, price=11, account="IRA", seq=2),
        tx("2020-01-02", Action.SELL, "VTI", quantity=1, price=12, seq=3),
    ]
    swapped = [rows[1], rows[0], rows[2]]
    assert book(rows, ACCOUNTS) == book(swapped, ACCOUNTS)
