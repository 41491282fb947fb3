"""Securities and daily prices."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from nestegg.app.deps import SessionDep, require_signed_in
from nestegg.app.errors import NotFoundError, problem_responses
from nestegg.app.market import service
from nestegg.app.market.schemas import FreshnessRead, PriceHistoryRead, PriceRead, SecurityRead

router = APIRouter(
    responses=problem_responses(401, 404, 422, 423),
    prefix="/api/v1",
    dependencies=[Depends(require_signed_in)],
    tags=["market"],
)

Symbol = Annotated[str, Path(pattern=r"^[A-Za-z0-9.\-^=/]{1,20}$")]


@router.get("/securities")
def list_securities(session: SessionDep) -> list[SecurityRead]:
    return [
        SecurityRead(
            symbol=s.symbol,
            name=s.name,
            kind=s.kind.value,
            asset_class=s.asset_class.value if s.asset_class else None,
            expense_ratio=s.expense_ratio,
            currency=s.currency,
        )
        for s in service.securities(session).values()
    ]


@router.get("/prices/{symbol}")
def price_history(
    symbol: Symbol,
    session: SessionDep,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> PriceHistoryRead:
    rows = service.price_history(session, symbol.upper(), start, end)
    if not rows and not service.securities(session, [symbol.upper()]):
        raise NotFoundError(f"no prices for {symbol.upper()}")
    freshness = service.price_freshness(session, [symbol.upper()]).get(symbol.upper())
    return PriceHistoryRead(
        symbol=symbol.upper(),
        prices=[PriceRead.model_validate(row) for row in rows],
        freshness=FreshnessRead.model_validate(freshness) if freshness else None,
    )


@router.get("/market/status")
def market_status(
    session: SessionDep, symbol: Annotated[list[str] | None, Query()] = None
) -> list[FreshnessRead]:
    """Freshness of each tracked symbol's daily history (or of the symbols asked for)."""
    wanted = [s.upper() for s in symbol] if symbol else service.tracked_symbols(session)
    return [
        FreshnessRead.model_validate(f) for f in service.price_freshness(session, wanted).values()
    ]
