"""Use cases of the tax domain: realized gains, open lots, wash sales, the year's summary."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from nestegg.app.kit.clock import local_today
from nestegg.app.ledger import repository as ledger_repository
from nestegg.app.ledger import service as ledger
from nestegg.app.market import service as market
from nestegg.core.tax import (
    FilingStatus,
    Form8949Row,
    TaxLot,
    TaxResult,
    TaxYearSummary,
    Term,
    days_until_long_term,
    form_8949_csv,
    form_8949_rows,
    holding_term,
    realize,
    summarize_year,
)

_RESULTS: OrderedDict[tuple[int, str], TaxResult] = OrderedDict()
_KEPT = 8


def tax_result(session: Session) -> TaxResult:
    """The household's tax replay, cached per ledger revision (see ledger.service)."""
    revision = ledger_repository.revision(session)
    key = (id(session.get_bind().engine), revision or "")
    if revision is not None and key in _RESULTS:
        _RESULTS.move_to_end(key)
        return _RESULTS[key]
    known, transactions, _ = ledger.load_book(session)
    result = realize(transactions, known)
    if revision is not None:
        _RESULTS[key] = result
        while len(_RESULTS) > _KEPT:
            _RESULTS.popitem(last=False)
    return result


@dataclass(frozen=True, slots=True)
class LotView:
    lot: TaxLot
    price: Decimal | None
    price_date: dt.date | None
    market_value: Decimal | None
    unrealized_gain: Decimal | None
    term: Term
    days_until_long_term: int


def open_lots(session: Session, *, account: str | None, as_of: dt.date | None) -> list[LotView]:
    as_of = as_of or local_today()
    result = tax_result(session)
    lots = [lot for lot in result.lots if account is None or lot.account == account]
    prices = market.current_prices(session, {lot.symbol for lot in lots})
    views = []
    for lot in lots:
        quote = prices.get(lot.symbol)
        price = quote[1] if quote else None
        views.append(
            LotView(
                lot=lot,
                price=price,
                price_date=quote[0] if quote else None,
                market_value=lot.quantity * price if price is not None else None,
                unrealized_gain=lot.unrealized_gain(price) if price is not None else None,
                term=holding_term(lot.acquired_date, as_of),
                days_until_long_term=days_until_long_term(lot, as_of),
            )
        )
    return views


def years(session: Session) -> list[int]:
    return tax_result(session).years()


def summary(
    session: Session,
    *,
    year: int | None,
    filing_status: FilingStatus,
    ordinary_income: Decimal | None,
    magi: Decimal | None,
    carryforward_short: Decimal,
    carryforward_long: Decimal,
) -> TaxYearSummary:
    result = tax_result(session)
    known_years = result.years()
    chosen = year if year is not None else (known_years[-1] if known_years else None)
    return summarize_year(
        result.realized,
        chosen,
        filing_status=filing_status,
        ordinary_income=ordinary_income,
        magi=magi,
        carryforward_short=carryforward_short,
        carryforward_long=carryforward_long,
    )


def form_8949(session: Session, year: int | None) -> list[Form8949Row]:
    return form_8949_rows(tax_result(session).realized, year=year)


def form_8949_text(session: Session, year: int | None) -> str:
    return form_8949_csv(form_8949(session, year))
