"""Splits and dividends from the stored corporate actions, recorded in the ledger (real data:
AAPL 4:1 on 2020-08-31, NVDA 4:1 on 2021-07-20 and 10:1 on 2024-06-10, VTI's dividends)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nestegg.app.errors import ConflictError, NotFoundError
from nestegg.app.ledger import corporate_actions, repository, service
from nestegg.app.ledger.models import ProposalDecisionRow, TransactionRow
from nestegg.app.market import bundled
from nestegg.app.market import repository as market_repository
from nestegg.core.errors import ValidationError
from nestegg.core.ledger import Account, AccountType, Action, Transaction
from nestegg.core.market.ledger_events import EventStatus
from nestegg.core.performance import PriceBar
from nestegg.core.performance import as_traded as as_traded_closes

D = dt.date
AS_OF = D(2024, 12, 31)
BROKERAGE = "Joint Brokerage"


def as_traded(symbol: str, day: dt.date) -> Decimal:
    """The close quoted that day: the bundled split-adjusted close times later splits."""
    bars = [PriceBar(b.date, b.close, b.split_ratio) for b in bundled.bundled_bars(symbol)]
    return dict(as_traded_closes(bars))[day].quantize(Decimal("0.01"))


def buy(symbol: str, day: dt.date, quantity: str, account: str = BROKERAGE) -> Transaction:
    price = as_traded(symbol, day)
    return Transaction(day, account, Action.BUY, symbol, Decimal(quantity), price)


def add(session: Session, *txs: Transaction) -> None:
    if repository.account_by_name(session, BROKERAGE) is None:
        service.create_account(session, Account(BROKERAGE, AccountType.TAXABLE))
    for tx in txs:
        service.create_transaction(session, tx)


def position(session: Session, symbol: str) -> tuple[Decimal, Decimal]:
    _, booked = service.booked(session)
    found = [p for p in booked.positions if p.symbol == symbol and p.account == BROKERAGE]
    assert len(found) == 1
    return found[0].quantity, found[0].cost_basis


def market_rows(session: Session) -> list[TransactionRow]:
    query = sa.select(TransactionRow).where(TransactionRow.source_id.like("market:%"))
    return list(session.execute(query.order_by(TransactionRow.date)).scalars())


def keys(proposals: list[corporate_actions.ProposedEvent]) -> list[str]:
    return [p.key for p in proposals]


# --- automatic recording ---------------------------------------------------------------------


def test_the_demo_household_records_nothing_new(session: Session) -> None:
    service.load_demo_household(session)  # the import runs the recorder too
    revision = repository.revision(session)
    assert corporate_actions.record_automatic(session, as_of=AS_OF) == []
    assert corporate_actions.pending(session, as_of=D(2025, 9, 29)) == []
    assert market_rows(session) == []
    assert repository.proposal_decisions(session) == {}
    assert repository.revision(session) == revision  # nothing written: caches stay valid
    splits = [
        (tx.symbol, tx.date, tx.quantity)
        for tx in repository.all_transactions(session)
        if tx.action is Action.SPLIT
    ]
    assert sorted(splits) == [
        ("AAPL", D(2020, 8, 31), 4),
        ("NVDA", D(2021, 7, 20), 4),
        ("NVDA", D(2024, 6, 10), 10),
    ]


def test_splits_held_across_are_recorded_and_multiply_the_lots(session: Session) -> None:
    nvda_2021, nvda_2024 = buy("NVDA", D(2021, 3, 1), "5"), buy("NVDA", D(2024, 6, 3), "2")
    add(session, buy("AAPL", D(2020, 3, 23), "10"), nvda_2021, nvda_2024)
    basis = position(session, "NVDA")[1]
    assert position(session, "NVDA")[0] == 7
    revision = repository.revision(session)

    recorded = corporate_actions.record_automatic(session, as_of=AS_OF)

    assert keys(recorded) == [
        "market:split:AAPL:2020-08-31:Joint Brokerage",
        "market:split:NVDA:2021-07-20:Joint Brokerage",
        "market:split:NVDA:2024-06-10:Joint Brokerage",
    ]
    assert [
        (r.action, r.symbol, r.date, r.quantity, r.source_id) for r in market_rows(session)
    ] == [
        ("split", p.transaction.symbol, p.transaction.date, p.transaction.quantity, p.key)
        for p in recorded
    ]
    assert repository.revision(session) != revision  # holdings and tax caches recompute
    assert position(session, "NVDA") == (5 * 4 * 10 + 2 * 10, basis)  # basis is kept
    assert position(session, "AAPL")[0] == 40
    assert set(repository.proposal_decisions(session).values()) == {"recorded"}
    # Idempotent: nothing twice, and the revision stays.
    revision = repository.revision(session)
    assert corporate_actions.record_automatic(session, as_of=AS_OF) == []
    assert len(market_rows(session)) == 3 and repository.revision(session) == revision
    # Only dividends are left for a person, none of them a split.
    left = corporate_actions.pending(session, as_of=AS_OF)
    assert left and {p.transaction.action for p in left} == {Action.DIVIDEND}


def test_as_of_bounds_what_is_recorded(session: Session) -> None:
    add(session, buy("NVDA", D(2021, 3, 1), "5"))
    recorded = corporate_actions.record_automatic(session, as_of=D(2024, 6, 9))
    assert keys(recorded) == ["market:split:NVDA:2021-07-20:Joint Brokerage"]
    assert position(session, "NVDA")[0] == 20


def test_a_deleted_automatic_split_is_not_recorded_again(session: Session) -> None:
    add(session, buy("NVDA", D(2021, 3, 1), "5"))
    corporate_actions.record_automatic(session, as_of=D(2022, 1, 1))
    (row,) = market_rows(session)
    service.delete_transaction(session, row.id)  # the user knows better
    assert corporate_actions.record_automatic(session, as_of=D(2022, 1, 1)) == []
    assert market_rows(session) == []
    assert all(
        p.transaction.action is Action.DIVIDEND
        for p in corporate_actions.pending(session, as_of=D(2022, 1, 1))
    )


def test_importing_a_file_without_its_splits_records_them(session: Session) -> None:
    from nestegg.app.ledger.importers.canonical import parse_canonical_csv

    price = as_traded("NVDA", D(2021, 3, 1))
    text = (
        "date,account,account_type,owner,action,symbol,quantity,price,amount,fees,lot,note\n"
        f"2021-03-01,{BROKERAGE},taxable,joint,buy,NVDA,5,{price},,,,\n"
    )
    summary = service.import_ledger(session, parse_canonical_csv(text, file="nvda.csv"))
    assert summary.imported == 1
    assert [(r.symbol, r.quantity) for r in market_rows(session)] == [
        ("NVDA", Decimal(4)),
        ("NVDA", Decimal(10)),
    ]
    assert position(session, "NVDA")[0] == 200


def test_a_split_the_ledger_refuses_stays_pending_and_the_others_are_recorded(
    session: Session,
) -> None:
    # A made-up 1-for-10 reverse split of ZZRS; the user's later sale is in pre-split shares,
    # so recording it would sell more than is held.
    add(
        session,
        buy("AAPL", D(2020, 3, 23), "10"),
        Transaction(D(2023, 1, 3), BROKERAGE, Action.BUY, "ZZRS", Decimal(15), Decimal(2)),
        Transaction(D(2023, 3, 1), BROKERAGE, Action.SELL, "ZZRS", Decimal(10), Decimal(2)),
    )
    market_repository.upsert_corporate_actions(
        session,
        [
            {
                "symbol": "ZZRS",
                "date": D(2023, 2, 1),
                "kind": "split",
                "value": Decimal("0.1"),
                "source": "test",
                "retrieved_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            }
        ],
    )
    recorded = corporate_actions.record_automatic(session, as_of=AS_OF)
    assert keys(recorded) == ["market:split:AAPL:2020-08-31:Joint Brokerage"]
    refused = [
        p for p in corporate_actions.pending(session, as_of=AS_OF) if p.transaction.symbol == "ZZRS"
    ]
    assert [(p.key, p.status) for p in refused] == [
        ("market:split:ZZRS:2023-02-01:Joint Brokerage", EventStatus.AUTO)
    ]
    assert position(session, "AAPL")[0] == 40
    assert position(session, "ZZRS")[0] == 5


# --- confirmation ------------------------------------------------------------------------------


def test_a_conflicting_split_waits_for_confirmation(session: Session) -> None:
    add(
        session,
        buy("NVDA", D(2024, 6, 3), "2"),
        # The user recorded NVDA's June 2024 split as 2-for-1, a day late.
        Transaction(D(2024, 6, 11), BROKERAGE, Action.SPLIT, "NVDA", Decimal(2)),
    )
    assert corporate_actions.record_automatic(session, as_of=AS_OF) == []
    key = "market:split:NVDA:2024-06-10:Joint Brokerage"
    (split,) = [p for p in corporate_actions.pending(session, as_of=AS_OF) if p.key == key]
    assert split.status is EventStatus.CONFIRM
    assert "2-for-1" in split.reason and "10-for-1" in split.reason
    with pytest.raises(ValidationError, match="only a dividend"):
        corporate_actions.confirm(session, key, as_of=AS_OF, amount=Decimal(1))

    row = corporate_actions.confirm(session, key, as_of=AS_OF)

    assert (row.action, row.quantity, row.source_id) == ("split", Decimal(10), key)
    assert position(session, "NVDA")[0] == 2 * 2 * 10  # both splits now apply
    assert key not in keys(corporate_actions.pending(session, as_of=AS_OF))
    assert repository.proposal_decisions(session)[key] == "confirmed"
    with pytest.raises(ConflictError, match="already confirmed"):
        corporate_actions.confirm(session, key, as_of=AS_OF)


def test_dismissing_hides_a_proposal_for_good(session: Session) -> None:
    add(
        session,
        buy("NVDA", D(2024, 6, 3), "2"),
        Transaction(D(2024, 6, 11), BROKERAGE, Action.SPLIT, "NVDA", Decimal(2)),
    )
    key = "market:split:NVDA:2024-06-10:Joint Brokerage"
    corporate_actions.dismiss(session, key, as_of=AS_OF)
    session.expire_all()
    assert key not in keys(corporate_actions.pending(session, as_of=AS_OF))
    assert corporate_actions.record_automatic(session, as_of=AS_OF) == []
    assert session.get(ProposalDecisionRow, key) is not None  # stored, not remembered in memory
    with pytest.raises(ConflictError, match="already dismissed"):
        corporate_actions.confirm(session, key, as_of=AS_OF)
    with pytest.raises(ConflictError):
        corporate_actions.dismiss(session, key, as_of=AS_OF)
    assert position(session, "NVDA")[0] == 4


def test_a_missing_dividend_is_proposed_and_confirming_records_the_cash(session: Session) -> None:
    add(session, buy("VTI", D(2024, 1, 2), "100"))
    pending = corporate_actions.pending(session, as_of=D(2024, 5, 1))
    assert [(p.key, p.status, p.transaction.amount) for p in pending] == [
        # VTI paid $0.911 a share, ex-date 2024-03-22 (bundled history).
        ("market:dividend:VTI:2024-03-22:Joint Brokerage", EventStatus.CONFIRM, Decimal("91.10"))
    ]
    _, booked = service.booked(session)
    before = booked.cash.get(BROKERAGE, Decimal(0))

    row = corporate_actions.confirm(session, pending[0].key, as_of=D(2024, 5, 1))

    assert (row.action, row.symbol, row.date, row.amount) == (
        "dividend",
        "VTI",
        D(2024, 3, 22),
        Decimal("91.10"),
    )
    _, booked = service.booked(session)
    assert booked.cash[BROKERAGE] == before + Decimal("91.10")
    assert corporate_actions.pending(session, as_of=D(2024, 5, 1)) == []


def test_a_dividend_may_be_confirmed_with_the_amount_paid(session: Session) -> None:
    add(session, buy("VTI", D(2024, 1, 2), "100"))
    key = "market:dividend:VTI:2024-06-28:Joint Brokerage"
    with pytest.raises(ValidationError):
        corporate_actions.confirm(session, key, as_of=AS_OF, amount=Decimal(0))
    row = corporate_actions.confirm(session, key, as_of=AS_OF, amount=Decimal("80.92"))
    assert row.amount == Decimal("80.92") and "entered by the user" in row.note
    assert key not in keys(corporate_actions.pending(session, as_of=AS_OF))


def test_unknown_and_stale_keys(session: Session) -> None:
    add(session, buy("VTI", D(2024, 1, 2), "100"))
    with pytest.raises(NotFoundError):
        corporate_actions.confirm(
            session, "market:dividend:VTI:2024-03-23:Joint Brokerage", as_of=AS_OF
        )
    with pytest.raises(NotFoundError):
        corporate_actions.dismiss(session, "nonsense", as_of=AS_OF)
    with pytest.raises(NotFoundError):
        corporate_actions.dismiss(session, "market:dividend:VTI:2024-03-22:Nobody", as_of=AS_OF)
    # The user enters the dividend themselves: the proposal is stale.
    service.create_transaction(
        session,
        Transaction(D(2024, 3, 27), BROKERAGE, Action.DIVIDEND, "VTI", amount=Decimal("91.10")),
    )
    with pytest.raises(ConflictError, match="no longer proposed"):
        corporate_actions.confirm(
            session, "market:dividend:VTI:2024-03-22:Joint Brokerage", as_of=AS_OF
        )


def test_a_key_longer_than_the_source_id_column_still_records_once(session: Session) -> None:
    account = "Brokerage " + "x" * 110  # the longest account name (120)
    symbol = "ZZLONGSYMBOL.TEST"
    service.create_account(session, Account(account, AccountType.TAXABLE))
    service.create_transaction(
        session, Transaction(D(2023, 1, 3), account, Action.BUY, symbol, Decimal(3), Decimal(9))
    )
    market_repository.upsert_corporate_actions(
        session,
        [
            {
                "symbol": symbol,
                "date": D(2023, 2, 1),
                "kind": "split",
                "value": Decimal(2),
                "source": "test",
                "retrieved_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            }
        ],
    )
    (recorded,) = corporate_actions.record_automatic(session, as_of=AS_OF)
    assert len(recorded.key) > TransactionRow.source_id.type.length  # type: ignore[attr-defined]
    (row,) = market_rows(session)
    assert row.source_id == corporate_actions.source_id_for(recorded.key) != recorded.key
    assert corporate_actions.record_automatic(session, as_of=AS_OF) == []
    with pytest.raises(ConflictError):
        corporate_actions.confirm(session, recorded.key, as_of=AS_OF)
