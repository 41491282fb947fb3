"""Exact money and quantity helpers.

Amounts, prices and quantities are :class:`decimal.Decimal` everywhere in the ledger and tax
code. Rounding happens only when presenting (cents, banker's rounding) or where a tax form
requires it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from nestegg.core.errors import ValidationError

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    """Round to whole cents, half to even (presentation and tax forms only)."""
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def parse_decimal(text: str) -> Decimal:
    """Parse a plain decimal number such as ``"1234.5"``.

    Exponents, thousands separators, ``NaN`` and infinities are rejected: files and APIs carry
    plain decimal strings only.
    """
    stripped = text.strip()
    if not stripped or any(c not in "0123456789.-+" for c in stripped):
        raise ValidationError(f"not a plain decimal number: {text!r}")
    try:
        value = Decimal(stripped)
    except InvalidOperation as exc:
        raise ValidationError(f"not a plain decimal number: {text!r}") from exc
    if not value.is_finite():
        raise ValidationError(f"not a finite number: {text!r}")
    return value


def format_decimal(value: Decimal) -> str:
    """Render a Decimal as a plain string without exponent or trailing zeros (``"12.5"``)."""
    if value == ZERO:
        return "0"
    text = format(value.normalize(), "f")
    return text


def format_cents(value: Decimal) -> str:
    """Render an amount rounded to cents (``"12.50"``); never ``"-0.00"``."""
    rounded = to_cents(value)
    return format(rounded if rounded else abs(rounded), "f")
