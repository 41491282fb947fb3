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


class CorporateActionRow(Base):
    """A split (``value`` = new shares per old share) or cash dividend (``value`` = cash per
    split-adjusted share) on its ex-date, as a provider reported it."""

    __tablename__ = "corporate_action"

    symbol: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    date: Mapped[dt.date] = mapped_column(sa.Date, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    value: Mapped[Decimal] = mapped_column(ExactDecimal)
    source: Mapped[str] = mapped_column(sa.String(32))
    retrieved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PriceStatusRow(Base):
    """Freshness of one symbol's daily history: what the last refresh found."""

    __tablename__ = "price_status"

    symbol: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    last_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    """The newest stored bar."""
    source: Mapped[str | None] = mapped_column(sa.String(32))
    """The provider that last answered."""
    checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    """The last refresh attempt."""
    refreshed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    """The last attempt that a provider answered."""
    error: Mapped[str | None] = mapped_column(sa.Text)
    """Why the last attempt failed (every provider's reason); ``None`` after a success."""


class MacroObservationRow(Base):
    """One observation of a macro series (``tbill_3m`` in percent, ``cpi_u_nsa`` index)."""

    __tablename__ = "macro_observation"

    series: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    date: Mapped[dt.date] = mapped_column(sa.Date, primary_key=True)
    value: Mapped[Decimal] = mapped_column(ExactDecimal)
    source: Mapped[str] = mapped_column(sa.String(32))
    retrieved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
