from __future__ import annotations

import datetime as dt

from nestegg.app.kit.schemas import CentsOut, DecimalOut, OutputSchema


class RealizedRead(OutputSchema):
    row_id: int
    sell_date: dt.date
    account: str
    symbol: str
    quantity: DecimalOut
    acquired_date: dt.date
    purchase_date: dt.date
    proceeds: CentsOut
    cost_basis: CentsOut
    wash_sale_disallowed: CentsOut
    permanently_disallowed: CentsOut
    gain: CentsOut
    term: str


class RealizedPage(OutputSchema):
    years: list[int]
    year: int | None
    rows: list[RealizedRead]


class TaxLotRead(OutputSchema):
    account: str
    symbol: str
    quantity: DecimalOut
    cost_basis: CentsOut
    acquired_date: dt.date
    purchase_date: dt.date
    label: str | None
    wash_adjustment: CentsOut
    price: DecimalOut | None
    price_date: dt.date | None
    market_value: CentsOut | None
    unrealized_gain: CentsOut | None
    term: str
    days_until_long_term: int


class WashSaleRead(OutputSchema):
    sale_date: dt.date
    loss_row_id: int
    account: str
    symbol: str
    quantity: DecimalOut
    disallowed: CentsOut
    permanent: bool
    replacement_account: str
    replacement_symbol: str
    replacement_purchase_date: dt.date
    replacement_acquired_date: dt.date


class TaxSummaryRead(OutputSchema):
    year: int | None
    filing_status: str
    short_term_gain: CentsOut
    long_term_gain: CentsOut
    wash_sale_disallowed_total: CentsOut
    permanently_disallowed_total: CentsOut
    net_short_term: CentsOut
    net_long_term: CentsOut
    capital_loss_deduction: CentsOut
    carryforward_short: CentsOut
    carryforward_long: CentsOut
    ltcg_tax: CentsOut
    short_term_tax: CentsOut
    niit: CentsOut
    tables_year: int | None
