"""Presenting amounts: cents, half to even, and no negative zero."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nestegg.core.money import format_cents


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1234.5", "1234.50"),
        ("0.125", "0.12"),  # half to even
        ("0.135", "0.14"),
        ("-2.005", "-2.00"),
        ("-0.004", "0.00"),  # rounds to zero: never "-0.00"
        ("-0", "0.00"),
    ],
)
def test_format_cents(value: str, shown: str) -> None:
    assert format_cents(Decimal(value)) == shown
