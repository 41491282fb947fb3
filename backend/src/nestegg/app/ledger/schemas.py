from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal, Self

from pydantic import Field, model_validator

from nestegg.app.kit.schemas import CentsOut, DecimalIn, DecimalOut, InputSchema, OutputSchema
from nestegg.core.ledger import AccountType, Action, LotMethod, Owner, TaxTreatment
from nestegg.core.market.ledger_events import EventStatus
from nestegg.core.tax import Term


class AccountCreate(InputSchema):
    name: str = Field(min_length=1, max_length=120)
    type: AccountType
    owner: Owner = Owner.SELF
    institution: str = Field(default="", max_length=120)
    lot_method: LotMethod = LotMethod.FIFO


class AccountUpdate(InputSchema):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    type: AccountType | None = None
    owner: Owner | None = None
    institution: str | None = Field(default=None, max_length=120)
    lot_method: LotMethod | None = None
    archived: bool | None = None


class AccountRead(OutputSchema):
    id: int
    name: str
    type: AccountType
    owner: Owner
    institution: str
    currency: str
    lot_method: LotMethod
    archived: bool
    tax_treatment: TaxTreatment
    market_value: CentsOut


class TransactionIn(InputSchema):
    date: dt.date
    account: str = Field(min_length=1, max_length=120)
    action: Action
    symbol: str | None = Field(default=None, max_length=20, pattern=r"^[A-Za-z0-9.\-^=/]+$")
    quantity: DecimalIn | None = None
    price: DecimalIn | None = None
    amount: DecimalIn | None = None
    fees: DecimalIn = Decimal(0)
    lot: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=2000)
    lot_method: LotMethod | None = None
    acquired_date: dt.date | None = None

    @model_validator(mode="after")
    def _upper_symbol(self) -> Self:
        if self.symbol:
            self.symbol = self.symbol.upper()
        return self


class TransactionRead(OutputSchema):
    id: int
    date: dt.date
    account: str
    account_id: int
    action: Action
    symbol: str | None
    quantity: DecimalOut | None
    price: DecimalOut | None
    amount: DecimalOut | None
    fees: DecimalOut
    lot: str | None
    note: str
    lot_method: LotMethod | None
    acquired_date: dt.date | None


class TransactionPage(OutputSchema):
    total: int
    offset: int
    limit: int
    items: list[TransactionRead]


class ImportRead(OutputSchema):
    file: str
    rows: int
    imported: int
    duplicates: int
    accounts_created: list[str]


class LotRead(OutputSchema):
    quantity: DecimalOut
    cost_basis: CentsOut
    acquired_date: dt.date
    purchase_date: dt.date
    label: str | None
    term: Term
    days_until_long_term: int
    market_value: CentsOut | None
    unrealized_gain: CentsOut | None


class HoldingRead(OutputSchema):
    account: str
    symbol: str
    name: str
    asset_class: str | None
    quantity: DecimalOut
    price: DecimalOut | None
    price_date: dt.date | None
    market_value: CentsOut | None
    cost_basis: CentsOut
    unrealized_gain: CentsOut | None
    unrealized_gain_percent: DecimalOut | None
    weight: DecimalOut | None
    previous_close: DecimalOut | None
    day_change: CentsOut | None
    lots: list[LotRead] | None


class BreakdownRead(OutputSchema):
    key: str
    market_value: CentsOut
    weight: DecimalOut


class HoldingsRead(OutputSchema):
    as_of: dt.date | None
    prices_as_of_note: str
    total_value: CentsOut
    total_cost_basis: CentsOut
    unrealized_gain: CentsOut
    day_change: CentsOut
    day_change_percent: DecimalOut | None
    positions: list[HoldingRead]
    by_account: list[BreakdownRead]
    by_asset_class: list[BreakdownRead]
    by_tax_treatment: list[BreakdownRead]
    unpriced: list[str]


class ProposalRead(OutputSchema):
    """A transaction the market data imply and the ledger lacks: a split (``quantity`` is the
    ratio, new shares per old share) or a cash dividend (``amount``). ``status`` ``confirm``
    needs a person's decision (``reason`` says why); ``auto`` is recorded automatically and is
    listed only while it is not (normally never)."""

    key: str
    action: Literal["split", "dividend"]
    account: str
    symbol: str
    date: dt.date
    quantity: DecimalOut | None
    amount: DecimalOut | None
    status: EventStatus
    reason: str
    note: str


class ProposalConfirm(InputSchema):
    amount: DecimalIn | None = Field(
        default=None,
        description="A dividend's cash as the broker paid it (the default: the proposed amount).",
    )
