"""Tables of the market domain: securities, daily prices and their freshness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nestegg.app.db import Base, ExactDecimal, UTCDateTime, utcnow


class SecurityRow(Base):
    __tablename__ = "security"

    symbol: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str] = mapped_column(sa.String(16))
    asset_class: Mapped[str | None] = mapped_column(sa.String(32))
    expense_ratio: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    currency: Mapped[str] = mapped_column(sa.String(3), default="USD")


class PriceRow(Base):
    """One daily bar. ``close`` is the close adjusted for splits only; ``adj_close`` also for
    dividends (a total-return series). Either may be missing where the source has no value."""

    __tablename__ = "price"

    symbol: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    date: Mapped[dt.date] = mapped_column(sa.Date, primary_key=True)
    close: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    adj_close: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    dividend: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    split_ratio: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(1))
    currency: Mapped[str] = mapped_column(sa.String(3), default="USD")
    source: Mapped[str] = mapped_column(sa.String(32))
    retrieved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
