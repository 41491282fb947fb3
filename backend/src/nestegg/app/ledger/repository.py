"""Queries of the ledger domain (accounts and transactions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nestegg.app.db import utcnow
from nestegg.app.kit.bulk import bulk_insert
from nestegg.app.ledger.models import AccountRow, ProposalDecisionRow, TransactionRow
from nestegg.app.security.models import SettingRow
from nestegg.core.ledger import Account, AccountType, Action, LotMethod, Owner, Transaction


def to_account(row: AccountRow) -> Account:
    return Account(
        name=row.name,
        type=AccountType(row.type),
        owner=Owner(row.owner),
        institution=row.institution,
        currency=row.currency,
        lot_method=LotMethod(row.lot_method),
    )


def account_rows(session: Session, *, include_archived: bool = True) -> list[AccountRow]:
    query = sa.select(AccountRow).order_by(AccountRow.name)
    if not include_archived:
        query = query.where(AccountRow.archived.is_(False))
    return list(session.execute(query).scalars())


def account_row(session: Session, account_id: int) -> AccountRow | None:
    return session.get(AccountRow, account_id)


def account_by_name(session: Session, name: str) -> AccountRow | None:
    return session.execute(
        sa.select(AccountRow).where(AccountRow.name == name)
    ).scalar_one_or_none()


_LEDGER_COLUMNS = (
    TransactionRow.id,
    TransactionRow.date,
    TransactionRow.action,
    TransactionRow.symbol,
    TransactionRow.quantity,
    TransactionRow.price,
    TransactionRow.amount,
    TransactionRow.fees,
    TransactionRow.lot,
    TransactionRow.note,
    TransactionRow.source_id,
    TransactionRow.lot_method,
    TransactionRow.acquired_date,
    AccountRow.name,
)


def all_transactions(session: Session) -> list[Transaction]:
    """Every transaction as a core value (the input of booking)."""
    rows = session.execute(
        sa.select(*_LEDGER_COLUMNS).join(AccountRow, AccountRow.id == TransactionRow.account_id)
    )
    return [
        Transaction(
            date=date,
            account=account_name,
            action=Action(action),
            symbol=symbol,
            quantity=quantity,
            price=price,
            amount=amount,
            fees=fees,
            lot=lot,
            note=note,
            source_id=source_id,
            lot_method=LotMethod(lot_method) if lot_method else None,
            acquired_date=acquired_date,
            seq=tx_id,
            ref=f"transaction {tx_id}",
        )
        for (
            tx_id,
            date,
            action,
            symbol,
            quantity,
            price,
            amount,
            fees,
            lot,
            note,
            source_id,
            lot_method,
            acquired_date,
            account_name,
        ) in rows
    ]


def existing_source_ids(session: Session, source_ids: Sequence[str]) -> set[str]:
    """Which of these source ids the ledger already has (for de-duplication)."""
    if len(source_ids) > 2000:
        # One scan of the column beats many IN (…) round trips for big files.
        stored = session.execute(
            sa.select(TransactionRow.source_id).where(TransactionRow.source_id.is_not(None))
        ).scalars()
        return set(source_ids).intersection(stored)
    found: set[str] = set()
    for start in range(0, len(source_ids), 900):
        chunk = list(source_ids[start : start + 900])
        query = sa.select(TransactionRow.source_id).where(TransactionRow.source_id.in_(chunk))
        found.update(s for s in session.execute(query).scalars() if s is not None)
    return found


def insert_transactions(session: Session, rows: Sequence[dict[str, object]]) -> None:
    now = utcnow()
    bulk_insert(
        session,
        cast(sa.Table, TransactionRow.__table__),
        [{**row, "created_at": now} for row in rows],
    )


def transaction_row(session: Session, tx_id: int) -> TransactionRow | None:
    return session.get(TransactionRow, tx_id)


def list_transactions(
    session: Session,
    *,
    account_id: int | None = None,
    symbol: str | None = None,
    action: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    offset: int = 0,
    limit: int = 100,
) -> tuple[int, list[tuple[TransactionRow, str]]]:
    query = sa.select(TransactionRow, AccountRow.name).join(
        AccountRow, AccountRow.id == TransactionRow.account_id
    )
    if account_id is not None:
        query = query.where(TransactionRow.account_id == account_id)
    if symbol:
        query = query.where(TransactionRow.symbol == symbol.upper())
    if action:
        query = query.where(TransactionRow.action == action)
    if start:
        query = query.where(TransactionRow.date >= start)
    if end:
        query = query.where(TransactionRow.date <= end)
    total = session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    page = session.execute(
        query.order_by(TransactionRow.date.desc(), TransactionRow.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return total, [(row, name) for row, name in page]


REVISION_KEY = "ledger_revision"


def revision(session: Session) -> str | None:
    row = session.get(SettingRow, REVISION_KEY)
    return row.value if row is not None else None


def set_revision(session: Session, token: str) -> None:
    session.merge(SettingRow(key=REVISION_KEY, value=token))
    session.flush()


# --- decisions on proposed ledger events ---------------------------------------------------


def proposal_decisions(session: Session) -> dict[str, str]:
    """Every decided proposal key and its decision (a few per split or dividend ever seen)."""
    query = sa.select(ProposalDecisionRow.key, ProposalDecisionRow.decision)
    return {key: decision for key, decision in session.execute(query).all()}  # noqa: C416


def add_proposal_decisions(session: Session, decisions: dict[str, str]) -> None:
    session.add_all(ProposalDecisionRow(key=k, decision=v) for k, v in decisions.items())
    session.flush()
