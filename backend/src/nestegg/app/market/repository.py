"""Queries of the market domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nestegg.app.market.models import PriceRow, SecurityRow


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
        session.execute(sa.insert(PriceRow), rows)


def latest_closes(session: Session, symbols: Iterable[str]) -> dict[str, tuple[dt.date, Decimal]]:
    """For each symbol, its latest date with a close, and that close."""
    wanted = list(set(symbols))
    if not wanted:
        return {}
    last = (
        sa.select(PriceRow.symbol, sa.func.max(PriceRow.date).label("day"))
        .where(PriceRow.symbol.in_(wanted), PriceRow.close.is_not(None))
        .group_by(PriceRow.symbol)
        .subquery()
    )
    query = sa.select(PriceRow.symbol, PriceRow.date, PriceRow.close).join(
        last, sa.and_(PriceRow.symbol == last.c.symbol, PriceRow.date == last.c.day)
    )
    result: dict[str, tuple[dt.date, Decimal]] = {}
    for symbol, day, close in session.execute(query):
        assert close is not None
        result[symbol] = (day, close)
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
