"""Form 8949 rows: each realized (sale, lot) row as the IRS form shows it.

Form 8949 (Sales and Other Dispositions of Capital Assets) has Part I for short-term and Part II
for long-term transactions, with columns (a) description, (b) date acquired, (c) date sold,
(d) proceeds, (e) cost or other basis, (f) code, (g) amount of adjustment and (h) gain or loss
= (d) - (e) + (g). A wash-sale loss disallowed is reported with code W and the disallowed amount
as a positive adjustment (Instructions for Form 8949, "How To Complete Form 8949, Columns
(f) and (g)", code W).

Each row is rounded to cents (half to even, like every presented amount) and column (h) is
computed from the rounded (d), (e) and (g), so a row always adds up; totals are sums of the
rounded rows, which is what Schedule D receives.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from nestegg.core.money import ZERO, format_decimal, to_cents
from nestegg.core.tax.model import RealizedGain, Term

WASH_SALE_CODE = "W"


@dataclass(frozen=True, slots=True)
class Form8949Row:
    term: Term
    description: str
    date_acquired: dt.date
    date_sold: dt.date
    proceeds: Decimal
    cost_basis: Decimal
    code: str
    adjustment: Decimal
    gain: Decimal
    permanently_disallowed: Decimal
    row_id: int


@dataclass(frozen=True, slots=True)
class Form8949Totals:
    term: Term
    proceeds: Decimal
    cost_basis: Decimal
    adjustment: Decimal
    gain: Decimal


def _cents(value: Decimal) -> Decimal:
    rounded = to_cents(value)
    return rounded if rounded != ZERO else ZERO.quantize(rounded)


def form_8949_row(row: RealizedGain) -> Form8949Row:
    proceeds = _cents(row.proceeds)
    basis = _cents(row.cost_basis)
    adjustment = _cents(row.wash_sale_disallowed)
    return Form8949Row(
        term=row.term,
        description=f"{format_decimal(row.quantity)} sh. {row.symbol}",
        date_acquired=row.acquired_date,
        date_sold=row.sale_date,
        proceeds=proceeds,
        cost_basis=basis,
        code=WASH_SALE_CODE if row.wash_sale_disallowed > ZERO else "",
        adjustment=adjustment,
        gain=proceeds - basis + adjustment,
        permanently_disallowed=_cents(row.permanently_disallowed),
        row_id=row.row_id,
    )


def form_8949_rows(
    realized: Iterable[RealizedGain], *, year: int | None = None
) -> list[Form8949Row]:
    """Rows of Part I (short-term) then Part II (long-term), each in sale order.

    ``year`` keeps only sales in that tax year.
    """
    rows = [form_8949_row(row) for row in realized if year is None or row.sale_date.year == year]
    return [r for r in rows if r.term is Term.SHORT] + [r for r in rows if r.term is Term.LONG]


def form_8949_totals(rows: Sequence[Form8949Row], term: Term) -> Form8949Totals:
    part = [row for row in rows if row.term is term]
    zero = _cents(ZERO)
    return Form8949Totals(
        term=term,
        proceeds=sum((row.proceeds for row in part), zero),
        cost_basis=sum((row.cost_basis for row in part), zero),
        adjustment=sum((row.adjustment for row in part), zero),
        gain=sum((row.gain for row in part), zero),
    )


FORM_8949_HEADER = (
    "part",
    "description",
    "date_acquired",
    "date_sold",
    "proceeds",
    "cost_basis",
    "code",
    "adjustment",
    "gain_or_loss",
)


def form_8949_csv(rows: Sequence[Form8949Row]) -> str:
    """The rows as CSV: Part I (short-term) rows and total, then Part II (long-term)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FORM_8949_HEADER)
    for term, part in ((Term.SHORT, "I short-term"), (Term.LONG, "II long-term")):
        for row in rows:
            if row.term is term:
                writer.writerow(
                    (
                        part,
                        row.description,
                        row.date_acquired.isoformat(),
                        row.date_sold.isoformat(),
                        f"{row.proceeds:f}",
                        f"{row.cost_basis:f}",
                        row.code,
                        f"{row.adjustment:f}" if row.code else "",
                        f"{row.gain:f}",
                    )
                )
        totals = form_8949_totals(rows, term)
        writer.writerow(
            (
                part,
                "Totals",
                "",
                "",
                f"{totals.proceeds:f}",
                f"{totals.cost_basis:f}",
                "",
                f"{totals.adjustment:f}",
                f"{totals.gain:f}",
            )
        )
    return out.getvalue()
