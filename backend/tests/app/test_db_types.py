"""Exact money in the database: Decimal in, the same Decimal out, on SQLCipher and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nestegg.app.db import Database
from nestegg.app.ledger.models import AccountRow, TransactionRow

AWKWARD = [
    Decimal("0.1"),
    Decimal("0.30000000000000004"),
    Decimal("123456789012345.123456789"),
    Decimal("0.000000001"),
    Decimal("1234.5600"),
]


@pytest.mark.parametrize("value", AWKWARD)
def test_exact_decimal_round_trips(session: Session, value: Decimal) -> None:
    account = AccountRow(name="A", type="taxable")
    session.add(account)
    session.flush()
    row = TransactionRow(
        account_id=account.id,
        date=dt.date(2024, 1, 2),
        action="buy",
        symbol="VTI",
        quantity=value,
        price=value,
        fees=value,
    )
    session.add(row)
    session.flush()
    session.expire_all()
    loaded = session.get(TransactionRow, row.id)
    assert loaded is not None
    assert loaded.quantity == value
    assert isinstance(loaded.price, Decimal)
    assert loaded.fees == value


def test_plain_numeric_on_sqlite_would_lose_digits() -> None:
    """Why ExactDecimal exists: SQLAlchemy's Numeric on SQLite goes through a float."""
    engine = sa.create_engine("sqlite://")
    table = sa.Table("t", sa.MetaData(), sa.Column("x", sa.Numeric(30, 15)))
    with engine.begin() as connection:
        table.create(connection)
        connection.execute(table.insert(), {"x": AWKWARD[2]})
        stored = connection.execute(sa.select(table.c.x)).scalar_one()
    assert stored != AWKWARD[2]


def test_rejects_floats(session: Session) -> None:
    account = AccountRow(name="B", type="taxable")
    session.add(account)
    session.flush()
    session.add(
        TransactionRow(
            account_id=account.id, date=dt.date(2024, 1, 2), action="deposit", amount=0.1
        )  # type: ignore[arg-type]
    )
    with pytest.raises(sa.exc.StatementError, match="needs a Decimal"):
        session.flush()


def test_migrations_match_the_models(database: Database) -> None:
    from nestegg.app import migrate

    migrate.check(database.engine)
