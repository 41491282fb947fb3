"""The household's value history (and, later, TWR, MWR and attribution)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from nestegg.app.deps import SessionDep, require_signed_in
from nestegg.app.errors import problem_responses
from nestegg.app.performance import service
from nestegg.app.performance.schemas import HistoryRead, ValuePointRead

router = APIRouter(
    prefix="/api/v1/performance",
    dependencies=[Depends(require_signed_in)],
    tags=["performance"],
    responses=problem_responses(401, 422, 423),
)


@router.get("/history")
def value_history(
    session: SessionDep,
    start: dt.date | None = None,
    end: dt.date | None = None,
    benchmark: Annotated[
        str | None, Query(pattern=r"^[A-Za-z0-9.\-^=]{0,20}$", description="Empty for none.")
    ] = (service.DEFAULT_BENCHMARK),
) -> HistoryRead:
    """Daily value of the household, its net contributions, and the same contributions
    invested in the benchmark's total return (money-weighted, so the lines compare)."""
    result = service.history(
        session, start=start, end=end, benchmark=benchmark.upper() if benchmark else None
    )
    return HistoryRead(
        as_of=result.as_of,
        benchmark=result.benchmark,
        benchmark_note=(
            f"Every net contribution invested in {result.benchmark} (dividends reinvested) "
            "on the day it was made."
            if result.benchmark
            else "No benchmark."
        ),
        points=[
            ValuePointRead(
                date=p.date,
                value=p.value,
                net_contributions=p.net_contributions,
                benchmark_value=p.benchmark_value,
            )
            for p in result.points
        ],
    )
