from __future__ import annotations

import datetime as dt

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


class PriceHistoryRead(OutputSchema):
    symbol: str
    prices: list[PriceRead]
