"""Use cases of the market domain: securities, bundled history, current prices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Context, Decimal

from sqlalchemy.orm import Session

from nestegg.app.db import utcnow
from nestegg.app.market import bundled, repository
from nestegg.app.market.models import PriceRow, SecurityRow
from nestegg.app.market.providers.base import MacroObservation
from nestegg.app.market.reference import reference_securities
from nestegg.core.ledger import CASH_SYMBOL, AssetClass, Security, SecurityKind, Transaction
from nestegg.core.market.bars import (
    ActionKind,
    CorporateAction,
    DailyBar,
    Gap,
    corporate_actions,
    find_gaps,
)
from nestegg.core.market.calendar import FIRST_YEAR, LAST_YEAR, last_completed_session, trading_days
from nestegg.core.market.ledger_events import POST_SPLIT_TRADE_DAYS, ProposedEvent, propose_events
from nestegg.core.market.returns import FloatArray, chained_total_return_index, to_float_array


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
        bars = list(bundled.bundled_bars(symbol))
        rows = [_bar_row(bar, bundled.SOURCE, now) for bar in bars]
        repository.insert_prices(session, rows)
        _record_actions(session, bars, bundled.SOURCE, now)
        if bars:
            _record_status(session, symbol, bars[-1].date, bundled.SOURCE, now, error=None)
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


# --- the price store: upserts, corporate actions, freshness ------------------------------

_ADJ_CONTEXT = Context(prec=12)


@dataclass(frozen=True, slots=True)
class StoreReport:
    written: int
    new_splits: list[CorporateAction]


def _bar_row(bar: DailyBar, source: str, retrieved_at: dt.datetime) -> dict[str, object]:
    return {
        "symbol": bar.symbol,
        "date": bar.date,
        "close": bar.close,
        "adj_close": bar.adj_close,
        "dividend": bar.dividend,
        "split_ratio": bar.split_ratio,
        "currency": bar.currency,
        "source": source,
        "retrieved_at": retrieved_at,
    }


def _record_actions(
    session: Session, bars: Iterable[DailyBar], source: str, retrieved_at: dt.datetime
) -> None:
    rows: list[dict[str, object]] = [
        {
            "symbol": a.symbol,
            "date": a.date,
            "kind": a.kind.value,
            "value": a.value,
            "source": source,
            "retrieved_at": retrieved_at,
        }
        for a in corporate_actions(bars)
    ]
    repository.upsert_corporate_actions(session, rows)


def _record_status(
    session: Session,
    symbol: str,
    last_date: dt.date | None,
    source: str | None,
    checked_at: dt.datetime,
    *,
    error: str | None,
) -> None:
    row: dict[str, object] = {"symbol": symbol, "checked_at": checked_at, "error": error}
    if error is None:
        row |= {"last_date": last_date, "source": source, "refreshed_at": checked_at}
    else:
        row["last_date"] = last_date
    repository.upsert_status(session, row)


def store_bars(
    session: Session, bars: Sequence[DailyBar], *, source: str, retrieved_at: dt.datetime
) -> StoreReport:
    """Upsert one provider's bars (idempotent) and keep the stored history consistent.

    - The adjusted close is a total-return index whose level depends on when it was
      retrieved; the new bars are rescaled to match the stored adjusted close on the first
      date they share (the refresh overlaps one day for this), so returns join seamlessly.
    - A split the store did not know yet makes every older stored close and dividend (those
      not in this batch) divide by its ratio: the store's closes stay adjusted for every
      known split.
    - Splits and dividends are recorded as corporate actions; the symbol's freshness too.
    """
    by_symbol: dict[str, list[DailyBar]] = {}
    for bar in bars:
        by_symbol.setdefault(bar.symbol, []).append(bar)
    written = 0
    new_splits: list[CorporateAction] = []
    for symbol, group in sorted(by_symbol.items()):
        group.sort(key=lambda b: b.date)
        group = _link_adjusted(session, group)
        known = {
            row.date
            for row in repository.corporate_actions(session, [symbol], ActionKind.SPLIT.value)
        }
        for action in corporate_actions(group):
            if action.kind is not ActionKind.SPLIT or action.date in known:
                continue
            stored = repository.price_row(session, symbol, action.date)
            if stored is not None and stored.split_ratio == action.value:
                continue  # already in the stored closes (a store older than this table)
            _rescale_before(session, symbol, min(group[0].date, action.date), action.value)
            new_splits.append(action)
        repository.upsert_prices(session, [_bar_row(b, source, retrieved_at) for b in group])
        _record_actions(session, group, source, retrieved_at)
        last = repository.last_dates(session, [symbol]).get(symbol)
        _record_status(session, symbol, last, source, retrieved_at, error=None)
        written += len(group)
    return StoreReport(written, new_splits)


def _link_adjusted(session: Session, group: list[DailyBar]) -> list[DailyBar]:
    first = group[0]
    stored = repository.price_row(session, first.symbol, first.date)
    if stored is None or stored.adj_close is None or not first.adj_close:
        return group
    scale = stored.adj_close / first.adj_close
    if scale == 1:
        return group
    return [
        replace(b, adj_close=_ADJ_CONTEXT.multiply(b.adj_close, scale))
        if b.adj_close is not None
        else b
        for b in group
    ]


def _rescale_before(session: Session, symbol: str, before: dt.date, ratio: Decimal) -> None:
    for row in repository.prices_before(session, symbol, before):
        if row.close is not None:
            row.close = row.close / ratio
        if row.dividend is not None:
            row.dividend = row.dividend / ratio
    session.flush()


def record_refresh_failure(
    session: Session, symbol: str, error: str, checked_at: dt.datetime
) -> None:
    last = repository.last_dates(session, [symbol]).get(symbol)
    _record_status(session, symbol, last, None, checked_at, error=error)


def record_refresh_checked(session: Session, symbol: str, checked_at: dt.datetime) -> None:
    """A refresh asked and every provider answered, with nothing newer than the store has."""
    last = repository.last_dates(session, [symbol]).get(symbol)
    repository.upsert_status(
        session, {"symbol": symbol, "last_date": last, "checked_at": checked_at, "error": None}
    )


@dataclass(frozen=True, slots=True)
class Freshness:
    """How current one symbol's stored history is.

    ``stale`` is true when the newest bar is older than the last completed NYSE session (with
    ``grace`` for providers to publish it) — offline, the bundled history is stale and says so.
    """

    symbol: str
    last_date: dt.date | None
    last_close_date: dt.date | None
    """The newest day with a close (valuations use it; ``last_date`` may be later where only
    adjusted closes are known)."""
    expected_date: dt.date
    source: str | None
    refreshed_at: dt.datetime | None
    checked_at: dt.datetime | None
    error: str | None
    stale: bool


STALE_GRACE = dt.timedelta(hours=4)


def expected_last_date(now: dt.datetime) -> dt.date:
    return last_completed_session(now - STALE_GRACE)


def price_freshness(
    session: Session, symbols: Iterable[str], *, now: dt.datetime | None = None
) -> dict[str, Freshness]:
    wanted = sorted({s for s in symbols if s != CASH_SYMBOL})
    now = now or utcnow()
    expected = expected_last_date(now)
    status = repository.statuses(session, wanted)
    last = repository.last_dates(session, wanted)
    # Valuations use closes, and a history may run on with adjusted closes only (the bundled
    # one does, past the demo household's valuation date).
    last_close = repository.last_dates(session, wanted, with_close=True)
    result: dict[str, Freshness] = {}
    for symbol in wanted:
        row = status.get(symbol)
        day = last.get(symbol)
        result[symbol] = Freshness(
            symbol=symbol,
            last_date=day,
            last_close_date=last_close.get(symbol),
            expected_date=expected,
            source=row.source if row else None,
            refreshed_at=row.refreshed_at if row else None,
            checked_at=row.checked_at if row else None,
            error=row.error if row else None,
            stale=day is None or day < expected,
        )
    return result


def recent_closes(session: Session, symbol: str, count: int = 61) -> list[Decimal]:
    """The last ``count`` closes of ``symbol``, oldest first: the split-adjusted close that
    :func:`current_prices` values with, else the adjusted close where no close is known."""
    closes = [r.close for r in repository.recent_prices(session, symbol, count)]
    if len(closes) < 2:
        rows = repository.recent_prices(session, symbol, count, column="adj_close")
        closes = [r.adj_close for r in rows]
    return [c for c in closes if c is not None]


def tracked_symbols(session: Session) -> list[str]:
    """Every symbol the store describes or prices, cash excluded."""
    return sorted(repository.tracked_symbols(session) - {CASH_SYMBOL})


def price_gaps(
    session: Session, symbol: str, *, start: dt.date | None = None, end: dt.date | None = None
) -> list[Gap]:
    """Sessions without a bar between the first stored bar (or ``start``) and ``end``."""
    dates = repository.price_dates(session, symbol, start)
    if not dates:
        return []
    lo = max(start or dates[0], dt.date(FIRST_YEAR, 1, 1))
    hi = min(end or dates[-1], dt.date(LAST_YEAR, 12, 31))
    return find_gaps(dates, trading_days(lo, hi), start=lo, end=hi)


@dataclass(frozen=True, slots=True)
class TotalReturnSeries:
    symbol: str
    dates: list[dt.date]
    index: FloatArray
    """Growth of 1 with dividends reinvested, shape ``(len(dates),)``; 1.0 on the first date."""


def total_return_series(
    session: Session, symbol: str, start: dt.date | None = None, end: dt.date | None = None
) -> TotalReturnSeries:
    """The total-return (adjusted) series of ``symbol`` for analytics."""
    rows = repository.price_history(session, symbol, start, end)
    close = to_float_array([r.close for r in rows])
    dividend = to_float_array([r.dividend for r in rows])
    adjusted = to_float_array([r.adj_close for r in rows])
    return TotalReturnSeries(
        symbol, [r.date for r in rows], chained_total_return_index(close, dividend, adjusted)
    )


def stored_corporate_actions(
    session: Session, symbols: Iterable[str] | None = None
) -> list[CorporateAction]:
    return [
        CorporateAction(row.symbol, row.date, ActionKind(row.kind), row.value)
        for row in repository.corporate_actions(session, symbols)
    ]


def corporate_event_proposals(
    session: Session,
    transactions: Sequence[Transaction],
    *,
    as_of: dt.date,
    kinds: Collection[ActionKind] | None = None,
) -> list[ProposedEvent]:
    """Split transactions to record and dividends that look missing (see
    :mod:`nestegg.core.market.ledger_events`). The ledger records the ``AUTO`` ones (with
    ``ProposedEvent.key`` as the transaction's ``source_id``, so recording is idempotent) and
    asks the user about the ``CONFIRM`` ones."""
    symbols = {tx.symbol for tx in transactions if tx.symbol and tx.symbol != CASH_SYMBOL}
    actions = stored_corporate_actions(session, symbols)
    if kinds is not None:
        actions = [a for a in actions if a.kind in kinds]
    closes: dict[tuple[str, dt.date], Decimal] = {}
    for action in actions:
        if action.kind is ActionKind.SPLIT:
            window = action.date + dt.timedelta(days=POST_SPLIT_TRADE_DAYS)
            for row in repository.price_history(session, action.symbol, action.date, window):
                if row.close is not None:
                    closes[(row.symbol, row.date)] = row.close
    return propose_events(transactions, actions, closes, as_of=as_of)


def store_macro(
    session: Session,
    observations: Sequence[MacroObservation],
    *,
    source: str,
    retrieved_at: dt.datetime,
) -> int:
    rows: list[dict[str, object]] = [
        {
            "series": o.series,
            "date": o.date,
            "value": o.value,
            "source": source,
            "retrieved_at": retrieved_at,
        }
        for o in observations
    ]
    repository.upsert_macro(session, rows)
    return len(rows)


def macro_series(
    session: Session, series: str, start: dt.date | None = None
) -> list[tuple[dt.date, Decimal]]:
    """A stored macro series: ``tbill_3m`` (percent) or ``cpi_u_nsa`` (index)."""
    return [(r.date, r.value) for r in repository.macro_observations(session, series, start)]


__all__ = [
    "Freshness",
    "PriceRow",
    "SecurityRow",
    "StoreReport",
    "TotalReturnSeries",
    "corporate_event_proposals",
    "current_prices",
    "ensure_market_data",
    "ensure_securities",
    "load_bundled_prices",
    "macro_series",
    "price_freshness",
    "price_gaps",
    "price_history",
    "recent_closes",
    "record_refresh_checked",
    "record_refresh_failure",
    "securities",
    "store_bars",
    "store_macro",
    "stored_corporate_actions",
    "total_return_series",
    "tracked_symbols",
]


def daily_bars(
    session: Session, symbols: Iterable[str], start: dt.date | None = None
) -> dict[str, list[tuple[dt.date, Decimal | None, Decimal | None, Decimal]]]:
    """(date, close, adj_close, split_ratio) per symbol from ``start`` on, oldest first."""
    return repository.daily_bars(session, symbols, start)


def closing_prices(
    session: Session, symbols: Iterable[str]
) -> dict[str, tuple[tuple[dt.date, Decimal], tuple[dt.date, Decimal] | None]]:
    """Each symbol's latest close and the close of the trading day before it (for the day's
    change), both as (date, close)."""
    return {
        symbol: (rows[0], rows[1] if len(rows) > 1 else None)
        for symbol, rows in repository.last_closes(session, symbols, 2).items()
        if rows
    }
