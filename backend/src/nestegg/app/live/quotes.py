"""A live quote and its wire format (the WebSocket message contract)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from nestegg.core.money import ZERO, format_cents, format_decimal

_CENT = Decimal("0.01")
_SUBCENT = Decimal("0.0001")


def quote_price(value: float | Decimal) -> Decimal:
    """A price as exchanges quote it: cents from $1 up, 1/100 of a cent below (SEC Rule 612)."""
    price = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    step = _CENT if price >= 1 else _SUBCENT
    return price.quantize(step, rounding=ROUND_HALF_EVEN)


def iso_utc(at: dt.datetime) -> str:
    """``2026-01-02T15:04:05.123456Z``: ISO 8601 in UTC with microseconds."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Quote:
    symbol: str
    price: Decimal
    previous_close: Decimal
    """The close the day's change is measured from."""
    as_of: dt.datetime
    """When the quote was produced (UTC)."""
    _text: list[str] = field(default_factory=list, compare=False, repr=False)

    @property
    def change(self) -> Decimal:
        return self.price - self.previous_close

    @property
    def change_percent(self) -> Decimal:
        if self.previous_close == ZERO:
            return ZERO
        return (self.change / self.previous_close * 100).quantize(
            _SUBCENT, rounding=ROUND_HALF_EVEN
        )

    def message(self) -> dict[str, str]:
        return {
            "type": "quote",
            "symbol": self.symbol,
            "price": format_decimal(self.price),
            "change": format_decimal(self.change),
            "change_percent": format_decimal(self.change_percent),
            "as_of": iso_utc(self.as_of),
        }

    def encode(self) -> str:
        """The JSON text sent to clients, built once however many receive it."""
        if not self._text:
            self._text.append(json.dumps(self.message(), separators=(",", ":")))
        return self._text[0]

    def to_wire(self) -> str:
        """The broker's format (carries the previous close, which clients do not need)."""
        return json.dumps(
            {
                "symbol": self.symbol,
                "price": format_decimal(self.price),
                "previous_close": format_decimal(self.previous_close),
                "as_of": iso_utc(self.as_of),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_wire(cls, text: str | bytes) -> Quote:
        data = json.loads(text)
        return cls(
            symbol=data["symbol"],
            price=Decimal(data["price"]),
            previous_close=Decimal(data["previous_close"]),
            as_of=parse_iso_utc(data["as_of"]),
        )


def portfolio_message(total_value: Decimal, day_change: Decimal, as_of: dt.datetime) -> str:
    """The household's live value: exact sums of quantity × price, presented in cents."""
    return json.dumps(
        {
            "type": "portfolio",
            "total_value": format_cents(total_value),
            "day_change": format_cents(day_change),
            "as_of": iso_utc(as_of),
        },
        separators=(",", ":"),
    )


HEARTBEAT = json.dumps({"type": "heartbeat"})


def error_message(detail: str) -> str:
    return json.dumps({"type": "error", "detail": detail})
