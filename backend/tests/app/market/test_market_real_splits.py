"""Real splits in the bundled data applied to a household's lots (through the price store)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from nestegg.app.market import bundled, service
from nestegg.core.ledger import Account, AccountType, Action, Transaction, book
from nestegg.core.market.ledger_events import EventStatus
from nestegg.core.performance import PriceBar
from nestegg.core.performance import as_traded as as_traded_closes

D = dt.date
ACCOUNTS = {"Joint Brokerage": Account("Joint Brokerage", AccountType.TAXABLE)}


def as_traded(symbol: str, day: dt.date) -> Decimal:
    """The close quoted that day: the bundled split-adjusted close times later splits."""
    bars = [PriceBar(b.date, b.close, b.split_ratio) for b in bundled.bundled_bars(symbol)]
    return dict(as_traded_closes(bars))[day].quantize(Decimal("0.01"))


def buy(symbol: str, day: dt.date, quantity: str) -> Transaction:
    return Transaction(
        day, "Joint Brokerage", Action.BUY, symbol, Decimal(quantity), as_traded(symbol, day)
    )


def test_nvda_and_aapl_splits_become_ledger_events_and_multiply_the_lots(session: Session) -> None:
    service.load_bundled_prices(session, ["NVDA", "AAPL"])
    txs = [
        buy("AAPL", D(2020, 3, 23), "10"),  # before AAPL's 4:1 of 2020-08-31
        buy("NVDA", D(2021, 3, 1), "5"),  # before NVDA's 4:1 of 2021-07-20 and 10:1 of 2024-06-10
        buy("NVDA", D(2024, 6, 3), "2"),
    ]
    assert txs[2].price == Decimal("1150.00")  # NVDA's real close that day, as traded
    proposals = service.corporate_event_proposals(session, txs, as_of=D(2024, 12, 31))
    splits = [p for p in proposals if p.transaction.action is Action.SPLIT]
    assert [
        (p.transaction.symbol, p.transaction.date, p.transaction.quantity, p.status) for p in splits
    ] == [
        ("AAPL", D(2020, 8, 31), 4, EventStatus.AUTO),
        ("NVDA", D(2021, 7, 20), 4, EventStatus.AUTO),
        ("NVDA", D(2024, 6, 10), 10, EventStatus.AUTO),
    ]
    booked = book([*txs, *(p.transaction for p in splits)], ACCOUNTS)
    by_symbol = {p.symbol: p for p in booked.positions}
    assert by_symbol["AAPL"].quantity == 40
    assert by_symbol["NVDA"].quantity == 5 * 4 * 10 + 2 * 10
    assert [lot.quantity for lot in by_symbol["NVDA"].lots] == [200, 20]
    # Basis is unchanged by a split; the cost per share divides by the ratios.
    assert by_symbol["NVDA"].cost_basis == sum((t.gross for t in txs[1:]), Decimal(0))
    assert by_symbol["NVDA"].lots[1].cost_per_share == Decimal("115.00")
    # Valued at the bundled (split-adjusted) close, the position is worth what it really was.
    last_close = next(b.close for b in bundled.bundled_bars("NVDA") if b.date == D(2024, 6, 14))
    assert last_close is not None
    assert by_symbol["NVDA"].quantity * last_close == Decimal(220) * Decimal("131.88")
    # Dividends the ledger lacks are proposed for confirmation, in as-traded shares.
    dividends = [p for p in proposals if p.transaction.action is Action.DIVIDEND]
    assert dividends and all(p.status is EventStatus.CONFIRM for p in dividends)
    june = next(
        p
        for p in dividends
        if p.transaction.symbol == "NVDA" and p.transaction.date == D(2024, 6, 11)
    )
    assert june.transaction.amount == Decimal("2.20")  # 220 post-split shares × $0.01
    # Recording the splits makes them disappear from the next proposal round.
    again = service.corporate_event_proposals(
        session, [*txs, *(p.transaction for p in splits)], as_of=D(2024, 12, 31)
    )
    assert not [p for p in again if p.transaction.action is Action.SPLIT]
