"""Queries of the market domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from nestegg.app.kit.bulk import bulk_insert
from nestegg.app.market.models import (
    CorporateActionRow,
    MacroObservationRow,
    PriceRow,
    PriceStatusRow,
    SecurityRow,
)


def symbols_with_prices(session: Session, symbols: Iterable[str]) -> set[str]:
    wanted = list(set(symbols))
    if not wanted:
        return set()
    rows = session.execute(
        sa.select(PriceRow.symbol).where(PriceRow.symbol.in_(wanted)).distinct()
    ).scalars()
    return set(rows)


def insert_prices(session: Session, rows: Sequence[dict[str, object]]) -> None:
    if rows:
        bulk_insert(session, cast(sa.Table, PriceRow.__table__), rows)


def latest_closes(session: Session, symbols: Iterable[str]) -> dict[str, tuple[dt.date, Decimal]]:
    """For each symbol, its latest date with a close, and that close.

    One indexed backward scan per symbol (``ORDER BY date DESC LIMIT 1`` on the primary key)
    beats a GROUP BY over the whole history.
    """
    result: dict[str, tuple[dt.date, Decimal]] = {}
    for symbol in sorted(set(symbols)):
        row = session.execute(
            sa.select(PriceRow.date, PriceRow.close)
            .where(PriceRow.symbol == symbol, PriceRow.close.is_not(None))
            .order_by(PriceRow.date.desc())
            .limit(1)
        ).first()
        if row is not None and row.close is not None:
            result[symbol] = (row.date, row.close)
    return result


def price_history(
    session: Session, symbol: str, start: dt.date | None = None, end: dt.date | None = None
) -> list[PriceRow]:
    query = sa.select(PriceRow).where(PriceRow.symbol == symbol)
    if start:
        query = query.where(PriceRow.date >= start)
    if end:
        query = query.where(PriceRow.date <= end)
    return list(session.execute(query.order_by(PriceRow.date)).scalars())


def securities(session: Session, symbols: Iterable[str] | None = None) -> list[SecurityRow]:
    query = sa.select(SecurityRow).order_by(SecurityRow.symbol)
    if symbols is not None:
        query = query.where(SecurityRow.symbol.in_(list(set(symbols))))
    return list(session.execute(query).scalars())


def known_security_symbols(session: Session) -> set[str]:
    return set(session.execute(sa.select(SecurityRow.symbol)).scalars())


def insert_securities(session: Session, rows: Sequence[dict[str, object]]) -> None:
    if rows:
        session.execute(sa.insert(SecurityRow), rows)


# --- upserts (idempotent: one row per key, the newest values win) ---------------------------

Row = dict[str, object]


def _upsert(
    session: Session,
    table: sa.Table,
    rows: Sequence[Row],
    keys: Sequence[str],
    *,
    keep_when_null: Sequence[str] = (),
) -> None:
    """``INSERT … ON CONFLICT (keys) DO UPDATE`` on SQLite and PostgreSQL.

    Columns in ``keep_when_null`` keep their stored value when the new row has none (a
    provider that lacks a dividend must not erase another's).
    """
    if not rows:
        return
    dialect = session.connection().dialect.name
    columns = [c for c in rows[0] if c not in keys]
    statement: sa.Executable
    if dialect == "postgresql":
        pg_insert = postgresql.insert(table)
        pg_set = {
            c: sa.func.coalesce(pg_insert.excluded[c], table.c[c])
            if c in keep_when_null
            else pg_insert.excluded[c]
            for c in columns
        }
        statement = pg_insert.on_conflict_do_update(index_elements=list(keys), set_=pg_set)
    elif dialect == "sqlite":
        lite_insert = sqlite.insert(table)
        lite_set = {
            c: sa.func.coalesce(lite_insert.excluded[c], table.c[c])
            if c in keep_when_null
            else lite_insert.excluded[c]
            for c in columns
        }
        statement = lite_insert.on_conflict_do_update(index_elements=list(keys), set_=lite_set)
    else:  # pragma: no cover - the two supported stores
        raise NotImplementedError(f"no upsert for {dialect}")
    session.connection().execute(statement, list(rows))


def upsert_prices(session: Session, rows: Sequence[Row]) -> None:
    _upsert(
        session,
        PriceRow.__table__,  # type: ignore[arg-type]
        rows,
        ("symbol", "date"),
        keep_when_null=("close", "adj_close", "dividend"),
    )


def upsert_corporate_actions(session: Session, rows: Sequence[Row]) -> None:
    _upsert(session, CorporateActionRow.__table__, rows, ("symbol", "date", "kind"))  # type: ignore[arg-type]


def upsert_macro(session: Session, rows: Sequence[Row]) -> None:
    _upsert(session, MacroObservationRow.__table__, rows, ("series", "date"))  # type: ignore[arg-type]


def upsert_status(session: Session, row: Row) -> None:
    _upsert(session, PriceStatusRow.__table__, [row], ("symbol",))  # type: ignore[arg-type]


# --- reads -------------------------------------------------------------------------------


def price_row(session: Session, symbol: str, day: dt.date) -> PriceRow | None:
    return session.get(PriceRow, (symbol, day))


def last_dates(
    session: Session, symbols: Iterable[str], *, with_close: bool = False
) -> dict[str, dt.date]:
    """Each symbol's newest stored bar date; with ``with_close``, its newest date with a close
    (what valuations use: some histories run further with adjusted closes only)."""
    wanted = list(set(symbols))
    if not wanted:
        return {}
    query = (
        sa.select(PriceRow.symbol, sa.func.max(PriceRow.date))
        .where(PriceRow.symbol.in_(wanted))
        .group_by(PriceRow.symbol)
    )
    if with_close:
        query = query.where(PriceRow.close.is_not(None))
    return {row[0]: row[1] for row in session.execute(query)}


def price_dates(session: Session, symbol: str, start: dt.date | None = None) -> list[dt.date]:
    query = sa.select(PriceRow.date).where(PriceRow.symbol == symbol)
    if start:
        query = query.where(PriceRow.date >= start)
    return list(session.execute(query.order_by(PriceRow.date)).scalars())


def recent_prices(
    session: Session, symbol: str, count: int, *, column: str = "close"
) -> list[PriceRow]:
    """The newest ``count`` bars of ``symbol`` that have a value in ``column``, oldest first."""
    query = (
        sa.select(PriceRow)
        .where(PriceRow.symbol == symbol, getattr(PriceRow, column).is_not(None))
        .order_by(PriceRow.date.desc())
        .limit(count)
    )
    return list(reversed(session.execute(query).scalars().all()))


def prices_before(session: Session, symbol: str, before: dt.date) -> list[PriceRow]:
    query = sa.select(PriceRow).where(PriceRow.symbol == symbol, PriceRow.date < before)
    return list(session.execute(query).scalars())


def tracked_symbols(session: Session) -> set[str]:
    """Every symbol the store describes or prices (the refresh job's universe)."""
    described = set(session.execute(sa.select(SecurityRow.symbol)).scalars())
    priced = set(session.execute(sa.select(PriceRow.symbol).distinct()).scalars())
    return described | priced


def corporate_actions(
    session: Session, symbols: Iterable[str] | None = None, kind: str | None = None
) -> list[CorporateActionRow]:
    query = sa.select(CorporateActionRow)
    if symbols is not None:
        query = query.where(CorporateActionRow.symbol.in_(list(set(symbols))))
    if kind is not None:
        query = query.where(CorporateActionRow.kind == kind)
    order = (CorporateActionRow.date, CorporateActionRow.symbol, CorporateActionRow.kind)
    return list(session.execute(query.order_by(*order)).scalars())


def statuses(session: Session, symbols: Iterable[str]) -> dict[str, PriceStatusRow]:
    query = sa.select(PriceStatusRow).where(PriceStatusRow.symbol.in_(list(set(symbols))))
    return {row.symbol: row for row in session.execute(query).scalars()}


def macro_observations(
    session: Session, series: str, start: dt.date | None = None
) -> list[MacroObservationRow]:
    query = sa.select(MacroObservationRow).where(MacroObservationRow.series == series)
    if start:
        query = query.where(MacroObservationRow.date >= start)
    return list(session.execute(query.order_by(MacroObservationRow.date)).scalars())


def last_macro_date(session: Session, series: str) -> dt.date | None:
    query = sa.select(sa.func.max(MacroObservationRow.date)).where(
        MacroObservationRow.series == series
    )
    return session.execute(query).scalar_one_or_none()


def daily_bars(
    session: Session, symbols: Iterable[str], start: dt.date | None = None
) -> dict[str, list[tuple[dt.date, Decimal | None, Decimal | None, Decimal]]]:
    """(date, close, adj_close, split_ratio) per symbol, oldest first, without ORM objects."""
    wanted = sorted(set(symbols))
    result: dict[str, list[tuple[dt.date, Decimal | None, Decimal | None, Decimal]]] = {
        symbol: [] for symbol in wanted
    }
    if not wanted:
        return result
    query = sa.select(
        PriceRow.symbol, PriceRow.date, PriceRow.close, PriceRow.adj_close, PriceRow.split_ratio
    ).where(PriceRow.symbol.in_(wanted))
    if start is not None:
        query = query.where(PriceRow.date >= start)
    for symbol, day, close, adj_close, split_ratio in session.execute(
        query.order_by(PriceRow.symbol, PriceRow.date)
    ):
        result[symbol].append((day, close, adj_close, split_ratio))
    return result


def last_closes(
    session: Session, symbols: Iterable[str], count: int = 2
) -> dict[str, list[tuple[dt.date, Decimal]]]:
    """The last ``count`` (date, close) of each symbol, newest first (indexed scans)."""
    result: dict[str, list[tuple[dt.date, Decimal]]] = {}
    for symbol in sorted(set(symbols)):
        rows = session.execute(
            sa.select(PriceRow.date, PriceRow.close)
            .where(PriceRow.symbol == symbol, PriceRow.close.is_not(None))
            .order_by(PriceRow.date.desc())
            .limit(count)
        ).all()
        result[symbol] = [(day, close) for day, close in rows if close is not None]
    return result
