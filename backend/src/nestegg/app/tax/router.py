"""Realized gains, open lots, wash sales, the tax-year summary and Form 8949."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from nestegg.app.deps import SessionDep, require_signed_in
from nestegg.app.errors import problem_responses
from nestegg.app.kit.schemas import DecimalIn
from nestegg.app.ledger import service as ledger
from nestegg.app.tax import service
from nestegg.app.tax.schemas import (
    RealizedPage,
    RealizedRead,
    TaxLotRead,
    TaxSummaryRead,
    WashSaleRead,
)
from nestegg.core.tax import FilingStatus

router = APIRouter(
    responses=problem_responses(401, 404, 422, 423),
    prefix="/api/v1/tax",
    dependencies=[Depends(require_signed_in)],
    tags=["tax"],
)

Year = Annotated[int | None, Query(ge=1900, le=2200)]


@router.get("/realized")
def realized(session: SessionDep, year: Year = None) -> RealizedPage:
    """Realized gains per (sale, lot), as on Form 8949, for one year or all."""
    result = service.tax_result(session)
    rows = result.realized_in(year) if year is not None else result.realized
    return RealizedPage(
        years=result.years(),
        year=year,
        rows=[
            RealizedRead(
                row_id=r.row_id,
                sell_date=r.sale_date,
                account=r.account,
                symbol=r.symbol,
                quantity=r.quantity,
                acquired_date=r.acquired_date,
                purchase_date=r.purchase_date,
                proceeds=r.proceeds,
                cost_basis=r.cost_basis,
                wash_sale_disallowed=r.wash_sale_disallowed,
                permanently_disallowed=r.permanently_disallowed,
                gain=r.gain,
                term=r.term.value,
            )
            for r in rows
        ],
    )


@router.get("/lots")
def open_lots(
    session: SessionDep, account_id: int | None = None, as_of: dt.date | None = None
) -> list[TaxLotRead]:
    """Open lots with unrealized gain, term and days until long-term (as of today)."""
    account = ledger.get_account(session, account_id).name if account_id is not None else None
    views = service.open_lots(session, account=account, as_of=as_of)
    return [
        TaxLotRead(
            account=v.lot.account,
            symbol=v.lot.symbol,
            quantity=v.lot.quantity,
            cost_basis=v.lot.cost_basis,
            acquired_date=v.lot.acquired_date,
            purchase_date=v.lot.purchase_date,
            label=v.lot.label,
            wash_adjustment=v.lot.wash_adjustment,
            price=v.price,
            price_date=v.price_date,
            market_value=v.market_value,
            unrealized_gain=v.unrealized_gain,
            term=v.term.value,
            days_until_long_term=v.days_until_long_term,
        )
        for v in views
    ]


@router.get("/wash-sales")
def wash_sales(session: SessionDep, year: Year = None) -> list[WashSaleRead]:
    """Losses disallowed by the wash-sale rule, each with its matched replacement."""
    return [
        WashSaleRead(
            sale_date=w.sale_date,
            loss_row_id=w.loss_row_id,
            account=w.account,
            symbol=w.symbol,
            quantity=w.quantity,
            disallowed=w.disallowed,
            permanent=w.permanent,
            replacement_account=w.replacement_account,
            replacement_symbol=w.replacement_symbol,
            replacement_purchase_date=w.replacement_purchase_date,
            replacement_acquired_date=w.replacement_acquired_date,
        )
        for w in service.tax_result(session).wash_sales
        if year is None or w.sale_date.year == year
    ]


@router.get("/summary")
def summary(
    session: SessionDep,
    year: Year = None,
    filing_status: FilingStatus = FilingStatus.SINGLE,
    ordinary_income: Annotated[DecimalIn | None, Query()] = None,
    magi: Annotated[DecimalIn | None, Query()] = None,
    carryforward_short: Annotated[DecimalIn, Query()] = Decimal(0),
    carryforward_long: Annotated[DecimalIn, Query()] = Decimal(0),
) -> TaxSummaryRead:
    """Netting, the loss deduction, carryforwards, long-term gains tax and NIIT for a year
    (default: the latest year with sales)."""
    s = service.summary(
        session,
        year=year,
        filing_status=filing_status,
        ordinary_income=ordinary_income,
        magi=magi,
        carryforward_short=carryforward_short,
        carryforward_long=carryforward_long,
    )
    return TaxSummaryRead(
        year=s.year,
        filing_status=s.filing_status.value,
        short_term_gain=s.short_term_gain,
        long_term_gain=s.long_term_gain,
        wash_sale_disallowed_total=s.wash_sale_disallowed_total,
        permanently_disallowed_total=s.permanently_disallowed_total,
        net_short_term=s.net_short_term,
        net_long_term=s.net_long_term,
        capital_loss_deduction=s.capital_loss_deduction,
        carryforward_short=s.carryforward_short,
        carryforward_long=s.carryforward_long,
        ltcg_tax=s.ltcg_tax,
        short_term_tax=s.short_term_tax,
        niit=s.niit,
        tables_year=s.tables_year,
    )


@router.get("/form-8949.csv", response_class=Response)
def form_8949(session: SessionDep, year: Year = None) -> Response:
    """Form 8949 rows (Part I short-term, then Part II long-term) as CSV."""
    name = f"form-8949-{year}.csv" if year else "form-8949.csv"
    return Response(
        service.form_8949_text(session, year),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
