"""Tables of the security domain."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nestegg.app.db import Base, UTCDateTime, utcnow


class SettingRow(Base):
    """Key/value settings kept in the store (e.g. the passphrase verifier in server mode)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
