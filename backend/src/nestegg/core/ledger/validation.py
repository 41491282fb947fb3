"""Field-level checks of one transaction, collected as values.

An importer validates every row and reports all problems at once, so the user fixes a file in
one pass. Each problem names the field it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nestegg.core.ledger.model import CASH_ACTIONS, TRADE_ACTIONS, Action, Transaction
from nestegg.core.money import ZERO

AMOUNT_TOLERANCE = Decimal("0.01")
"""How far a trade's stated ``amount`` may differ from quantity × price beyond what the
rounding of the quantity explains (brokers round amounts to cents)."""


def amount_tolerance(quantity: Decimal, price: Decimal) -> Decimal:
    """A cent, plus — for fractional quantities given to 3 or more decimal places, which
    brokers round — half a unit in the last place of the quantity times the price.

    A broker that reports 0.306 shares of a $327.10 fund may have bought 0.3057 shares, so the
    stated amount can be up to 0.0005 × 327.10 ≈ $0.16 away from quantity × price. Whole and
    one- or two-decimal quantities are taken as exact.
    """
    exponent = quantity.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places < 3:
        return AMOUNT_TOLERANCE
    return AMOUNT_TOLERANCE + price * Decimal(5).scaleb(-places - 1)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str
    message: str


def validate_transaction(tx: Transaction) -> list[FieldProblem]:
    """Every problem with one transaction's fields; an empty list means it is well formed."""
    problems: list[FieldProblem] = []

    def need(field_name: str, value: object) -> bool:
        if value is None or value == "":
            problems.append(FieldProblem(field_name, f"is required for {tx.action.value}"))
            return False
        return True

    for name in ("quantity", "price", "amount", "fees"):
        value = getattr(tx, name)
        if value is not None and value < ZERO:
            problems.append(FieldProblem(name, "must not be negative (the action gives the sign)"))

    action = tx.action
    if action in TRADE_ACTIONS:
        need("symbol", tx.symbol)
        if need("quantity", tx.quantity) and tx.quantity == ZERO:
            problems.append(FieldProblem("quantity", "must be greater than zero"))
        if tx.price is None and tx.amount is None:
            problems.append(FieldProblem("price", f"is required for {action.value}"))
        if (
            tx.price is not None
            and tx.amount is not None
            and tx.quantity is not None
            and abs(tx.quantity * tx.price - tx.amount) > amount_tolerance(tx.quantity, tx.price)
        ):
            problems.append(
                FieldProblem(
                    "amount",
                    f"{tx.amount} differs from quantity × price = {tx.quantity * tx.price}",
                )
            )
    elif action in CASH_ACTIONS:
        if need("amount", tx.amount) and tx.amount == ZERO:
            problems.append(FieldProblem("amount", "must be greater than zero"))
    elif action is Action.SPLIT:
        need("symbol", tx.symbol)
        if need("quantity", tx.quantity) and tx.quantity is not None and tx.quantity <= ZERO:
            problems.append(FieldProblem("quantity", "split ratio must be greater than zero"))
    elif action in (Action.TRANSFER_IN, Action.TRANSFER_OUT):
        need("symbol", tx.symbol)
        if need("quantity", tx.quantity) and tx.quantity == ZERO:
            problems.append(FieldProblem("quantity", "must be greater than zero"))
    if not tx.account:
        problems.append(FieldProblem("account", "is required"))
    return problems
