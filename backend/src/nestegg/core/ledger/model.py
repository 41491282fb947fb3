"""The ledger's vocabulary: accounts, securities and transactions.

Transactions are the source of truth (an event log). Positions and lots are never stored as
facts; :mod:`nestegg.core.ledger.booking` derives them by replaying the transactions.

Conventions (the canonical CSV follows them too): every number is non-negative and the
``action`` gives the direction; ``amount`` is the cash of a cash action, or quantity × price
before fees for a trade; ``fees`` are added to a purchase's basis and taken from a sale's
proceeds; a ``split`` carries the ratio (new shares per old share) in ``quantity``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from nestegg.core.money import ZERO

CASH_SYMBOL = "USD"
"""Symbol under which an account's cash balance is reported as a position."""


class AccountType(StrEnum):
    TAXABLE = "taxable"
    TRADITIONAL_IRA = "traditional_ira"
    ROTH_IRA = "roth_ira"
    TRADITIONAL_401K = "traditional_401k"
    ROTH_401K = "roth_401k"
    HSA = "hsa"
    PLAN_529 = "529"
    CHECKING = "checking"
    SAVINGS = "savings"


class TaxTreatment(StrEnum):
    TAXABLE = "taxable"
    TAX_DEFERRED = "tax_deferred"
    TAX_FREE = "tax_free"


_TREATMENT: dict[AccountType, TaxTreatment] = {
    AccountType.TAXABLE: TaxTreatment.TAXABLE,
    AccountType.CHECKING: TaxTreatment.TAXABLE,
    AccountType.SAVINGS: TaxTreatment.TAXABLE,
    AccountType.TRADITIONAL_IRA: TaxTreatment.TAX_DEFERRED,
    AccountType.TRADITIONAL_401K: TaxTreatment.TAX_DEFERRED,
    AccountType.ROTH_IRA: TaxTreatment.TAX_FREE,
    AccountType.ROTH_401K: TaxTreatment.TAX_FREE,
    # Qualified HSA withdrawals and 529 withdrawals for education are tax-free
    # (IRS Publication 969; IRC section 529).
    AccountType.HSA: TaxTreatment.TAX_FREE,
    AccountType.PLAN_529: TaxTreatment.TAX_FREE,
}


def tax_treatment(account_type: AccountType) -> TaxTreatment:
    """How gains and income inside an account of this type are taxed."""
    return _TREATMENT[account_type]


class Owner(StrEnum):
    SELF = "self"
    SPOUSE = "spouse"
    JOINT = "joint"


class LotMethod(StrEnum):
    """How a sale picks the lots it closes (see :mod:`nestegg.core.tax` for the full set)."""

    FIFO = "fifo"
    LIFO = "lifo"
    HIFO = "hifo"
    SPECIFIC = "specific"
    MINTAX = "mintax"
    AVERAGE = "average"


class Action(StrEnum):
    BUY = "buy"
    SELL = "sell"
    DIVIDEND = "dividend"
    REINVEST = "reinvest"
    INTEREST = "interest"
    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"
    CONTRIBUTION = "contribution"
    FEE = "fee"
    TRANSFER_IN = "transfer_in"
    TRANSFER_OUT = "transfer_out"
    SPLIT = "split"


TRADE_ACTIONS = frozenset({Action.BUY, Action.SELL, Action.REINVEST})
CASH_ACTIONS = frozenset(
    {
        Action.DIVIDEND,
        Action.INTEREST,
        Action.DEPOSIT,
        Action.WITHDRAWAL,
        Action.CONTRIBUTION,
        Action.FEE,
    }
)
SECURITY_ACTIONS = frozenset(
    {
        Action.BUY,
        Action.SELL,
        Action.REINVEST,
        Action.TRANSFER_IN,
        Action.TRANSFER_OUT,
        Action.SPLIT,
    }
)
ACQUISITIONS = frozenset({Action.BUY, Action.REINVEST, Action.TRANSFER_IN})


class SecurityKind(StrEnum):
    STOCK = "stock"
    ETF = "etf"
    MUTUAL_FUND = "mutual_fund"
    BOND = "bond"
    CASH = "cash"


class AssetClass(StrEnum):
    US_EQUITY = "us_equity"
    INTL_DEVELOPED_EQUITY = "intl_developed_equity"
    EMERGING_EQUITY = "emerging_equity"
    US_BOND = "us_bond"
    INTL_BOND = "intl_bond"
    TIPS = "tips"
    REIT = "reit"
    COMMODITY = "commodity"
    CASH = "cash"


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    type: AccountType
    owner: Owner = Owner.SELF
    institution: str = ""
    currency: str = "USD"
    lot_method: LotMethod = LotMethod.FIFO

    @property
    def tax_treatment(self) -> TaxTreatment:
        return tax_treatment(self.type)


@dataclass(frozen=True, slots=True)
class Security:
    symbol: str
    name: str
    kind: SecurityKind
    asset_class: AssetClass | None
    """``None`` when the security is not in the reference table and the user has not said."""
    expense_ratio: Decimal | None = None
    currency: str = "USD"


@dataclass(frozen=True, slots=True)
class Transaction:
    """One event of the ledger.

    ``ref`` says where the transaction came from ("line 17", "transaction 42") so that errors
    can name it; it takes no part in equality. ``seq`` orders transactions of one account on
    one date (their order in the file or in the database).
    """

    date: dt.date
    account: str
    action: Action
    symbol: str | None = None
    quantity: Decimal | None = None
    price: Decimal | None = None
    amount: Decimal | None = None
    fees: Decimal = ZERO
    lot: str | None = None
    note: str = ""
    source_id: str | None = None
    lot_method: LotMethod | None = None
    acquired_date: dt.date | None = None
    seq: int = field(default=0, compare=False)
    ref: str = field(default="", compare=False)

    @property
    def gross(self) -> Decimal:
        """Quantity × price before fees for a trade (``amount`` when given), else ``amount``."""
        if self.amount is not None:
            return self.amount
        if self.quantity is not None and self.price is not None:
            return self.quantity * self.price
        return ZERO

    def describe(self) -> str:
        parts = [self.date.isoformat(), self.account, self.action.value]
        if self.symbol:
            parts.append(self.symbol)
        where = f"{self.ref} " if self.ref else ""
        return f"{where}({' '.join(parts)})"
