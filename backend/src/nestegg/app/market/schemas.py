from __future__ import annotations

import datetime as dt

from pydantic import Field

from nestegg.app.kit.schemas import DecimalOut, OutputSchema


class SecurityRead(OutputSchema):
    symbol: str
    name: str
    kind: str
    asset_class: str | None
    expense_ratio: DecimalOut | None
    currency: str


class PriceRead(OutputSchema):
    date: dt.date
    close: DecimalOut | None
    adj_close: DecimalOut | None
    dividend: DecimalOut | None
    split_ratio: DecimalOut
    source: str
    retrieved_at: dt.datetime


class FreshnessRead(OutputSchema):
    """How current a symbol's daily history is; ``stale`` when its newest bar is older than
    the last completed NYSE session (offline, the bundled history is stale and says so)."""

    symbol: str
    last_date: dt.date | None
    last_close_date: dt.date | None = Field(
        description="The newest day with a close: what holdings are valued at. The history may "
        "run on past it with adjusted closes only."
    )
    expected_date: dt.date
    source: str | None
    refreshed_at: dt.datetime | None
    checked_at: dt.datetime | None
    error: str | None
    stale: bool


class PriceHistoryRead(OutputSchema):
    symbol: str
    prices: list[PriceRead]
    freshness: FreshnessRead | None = None
