"""Use cases of the market domain: securities, bundled history, current prices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy.orm import Session

from nestegg.app.db import utcnow
from nestegg.app.market import bundled, repository
from nestegg.app.market.models import PriceRow, SecurityRow
from nestegg.app.market.reference import reference_securities
from nestegg.core.ledger import CASH_SYMBOL, AssetClass, Security, SecurityKind


def ensure_securities(session: Session, symbols: Iterable[str]) -> None:
    """Add securities first seen in the ledger, described from the reference table if known."""
    known = repository.known_security_symbols(session)
    reference = reference_securities()
    rows: list[dict[str, object]] = []
    for symbol in sorted(set(symbols) | {CASH_SYMBOL}):
        if symbol in known:
            continue
        security = reference.get(symbol)
        if security is None:
            rows.append({"symbol": symbol, "name": symbol, "kind": "stock", "asset_class": None})
        else:
            rows.append(
                {
                    "symbol": symbol,
                    "name": security.name,
                    "kind": security.kind.value,
                    "asset_class": security.asset_class.value if security.asset_class else None,
                    "expense_ratio": security.expense_ratio,
                }
            )
    repository.insert_securities(session, rows)


def load_bundled_prices(session: Session, symbols: Iterable[str]) -> int:
    """Load the shipped history of symbols that have no prices yet; returns rows written."""
    have = repository.symbols_with_prices(session, symbols)
    now = utcnow()
    written = 0
    for symbol in sorted(set(symbols) - have):
        rows: list[dict[str, object]] = [
            {
                "symbol": bar.symbol,
                "date": bar.date,
                "close": bar.close,
                "adj_close": bar.adj_close,
                "dividend": bar.dividend,
                "split_ratio": bar.split_ratio,
                "source": bundled.SOURCE,
                "retrieved_at": now,
            }
            for bar in bundled.bundled_bars(symbol)
        ]
        repository.insert_prices(session, rows)
        written += len(rows)
    return written


def ensure_market_data(session: Session, symbols: Iterable[str]) -> None:
    wanted = {s for s in symbols if s != CASH_SYMBOL}
    ensure_securities(session, wanted)
    load_bundled_prices(session, wanted)


def current_prices(session: Session, symbols: Iterable[str]) -> dict[str, tuple[dt.date, Decimal]]:
    """The latest known close of each symbol, with its date (offline: the bundled history)."""
    return repository.latest_closes(session, symbols)


def securities(session: Session, symbols: Iterable[str] | None = None) -> dict[str, Security]:
    result: dict[str, Security] = {}
    for row in repository.securities(session, symbols):
        result[row.symbol] = Security(
            symbol=row.symbol,
            name=row.name,
            kind=SecurityKind(row.kind),
            asset_class=AssetClass(row.asset_class) if row.asset_class else None,
            expense_ratio=row.expense_ratio,
            currency=row.currency,
        )
    return result


def price_history(
    session: Session, symbol: str, start: dt.date | None = None, end: dt.date | None = None
) -> list[PriceRow]:
    return repository.price_history(session, symbol, start, end)


__all__ = [
    "PriceRow",
    "SecurityRow",
    "current_prices",
    "ensure_market_data",
    "ensure_securities",
    "load_bundled_prices",
    "price_history",
    "securities",
]
