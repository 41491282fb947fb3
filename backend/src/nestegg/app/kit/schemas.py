"""Schema building blocks shared by every domain's API: exact decimals as strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

from nestegg.core.errors import ValidationError
from nestegg.core.money import format_cents, format_decimal, parse_decimal


def _strict_decimal(value: Any) -> Decimal:
    # Booleans are ints in Python; money must never come from `false`.
    if isinstance(value, bool):
        raise ValueError("a number is required, not a boolean")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return parse_decimal(repr(value))
    if isinstance(value, str):
        try:
            return parse_decimal(value)
        except ValidationError as exc:
            raise ValueError(exc.message) from None
    raise ValueError('a decimal number as a string (e.g. "12.50") is required')


DecimalIn = Annotated[
    Decimal,
    BeforeValidator(_strict_decimal),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "examples": ["12.50"]}),
]
"""An exact decimal in a request: a string such as ``"12.50"`` (integers accepted)."""

DecimalOut = Annotated[
    Decimal,
    PlainSerializer(format_decimal, return_type=str, when_used="always"),
    WithJsonSchema({"type": "string", "examples": ["12.5"]}),
]
"""An exact decimal in a response, as a plain string without exponent."""

CentsOut = Annotated[
    Decimal,
    PlainSerializer(format_cents, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["1234.50"]}),
]
"""An amount rounded to cents for presentation."""


class InputSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OutputSchema(BaseModel):
    model_config = ConfigDict(from_attributes=True)
