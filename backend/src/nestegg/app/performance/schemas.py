from __future__ import annotations

import datetime as dt

from nestegg.app.kit.schemas import CentsOut, OutputSchema


class ValuePointRead(OutputSchema):
    date: dt.date
    value: CentsOut
    net_contributions: CentsOut
    benchmark_value: CentsOut | None


class HistoryRead(OutputSchema):
    as_of: dt.date | None
    benchmark: str | None
    benchmark_note: str
    points: list[ValuePointRead]
