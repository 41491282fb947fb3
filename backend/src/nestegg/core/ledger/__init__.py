"""The ledger domain: accounts, securities, transactions and booking (pure)."""

from nestegg.core.ledger.booking import (
    Book,
    Disposal,
    Lot,
    OpenLot,
    Position,
    book,
    booking_order,
    replay,
)
from nestegg.core.ledger.model import (
    CASH_SYMBOL,
    Account,
    AccountType,
    Action,
    AssetClass,
    LotMethod,
    Owner,
    Security,
    SecurityKind,
    TaxTreatment,
    Transaction,
    tax_treatment,
)
from nestegg.core.ledger.validation import FieldProblem, validate_transaction

__all__ = [
    "CASH_SYMBOL",
    "Account",
    "AccountType",
    "Action",
    "AssetClass",
    "Book",
    "Disposal",
    "FieldProblem",
    "Lot",
    "LotMethod",
    "OpenLot",
    "Owner",
    "Position",
    "Security",
    "SecurityKind",
    "TaxTreatment",
    "Transaction",
    "book",
    "booking_order",
    "replay",
    "tax_treatment",
    "validate_transaction",
]
