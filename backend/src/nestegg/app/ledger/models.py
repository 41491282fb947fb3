"""Tables of the ledger domain: accounts and transactions (the source of truth)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nestegg.app.db import Base, ExactDecimal, UTCDateTime, utcnow


class AccountRow(Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    institution: Mapped[str] = mapped_column(sa.String(120), default="")
    type: Mapped[str] = mapped_column(sa.String(32))
    owner: Mapped[str] = mapped_column(sa.String(16), default="self")
    currency: Mapped[str] = mapped_column(sa.String(3), default="USD")
    lot_method: Mapped[str] = mapped_column(sa.String(16), default="fifo")
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class TransactionRow(Base):
    __tablename__ = "transaction"
    __table_args__ = (sa.Index("ix_transaction_account_date", "account_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id", ondelete="RESTRICT"))
    date: Mapped[dt.date] = mapped_column(sa.Date, index=True)
    action: Mapped[str] = mapped_column(sa.String(16))
    symbol: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    quantity: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    price: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    amount: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    fees: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    lot: Mapped[str | None] = mapped_column(sa.String(64))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    source_id: Mapped[str | None] = mapped_column(sa.String(160), unique=True)
    lot_method: Mapped[str | None] = mapped_column(sa.String(16))
    acquired_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProposalDecisionRow(Base):
    """What became of a ledger event proposed from the market data (a split or a dividend),
    by its key (``ProposedEvent.key``): ``recorded`` automatically, ``confirmed`` or
    ``dismissed`` by the user. A key with a decision is never proposed again, even if the
    transaction it recorded is later deleted."""

    __tablename__ = "proposal_decision"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    decision: Mapped[str] = mapped_column(sa.String(16))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
