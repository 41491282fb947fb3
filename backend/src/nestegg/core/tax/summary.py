"""A tax year's capital gains: netting, loss deduction, carryforward and the taxes on them.

Follows Schedule D (Form 1040) and its instructions:

- Net short-term result = the year's short-term rows (Form 8949 Part I, column h) less the
  short-term loss carried over from earlier years (Schedule D line 6); long-term likewise
  (line 14). Short- and long-term results then net against each other (line 16).
- A net loss is deductible against ordinary income up to $3,000, or $1,500 married filing
  separately (IRC 1211(b); Schedule D line 21); the rest carries forward keeping its short- or
  long-term character, the deduction absorbing short-term loss first (IRC 1212(b); Capital Loss
  Carryover Worksheet in the Schedule D instructions). When the year's ordinary taxable income
  is given, the worksheet's taxable-income limit (its lines 1-4) applies: a deduction that
  found no taxable income to offset is not used up.
- A net gain: the net capital gain (the excess of net long-term gain over net short-term loss,
  IRC 1222(11)) is taxed at 0/15/20% with the gains stacked on top of ordinary income
  (Qualified Dividends and Capital Gain Tax Worksheet, IRC 1(h)), never more than the regular
  tax on the same income (worksheet lines 22-25); the rest (net short-term gain) is ordinary
  income taxed in the ordinary brackets.
- Net investment income tax: 3.8% of the smaller of net investment income and the excess of
  modified AGI over the (unindexed) threshold (IRC 1411). Only the capital gains are known
  here, so net investment income is the year's net capital gain (zero when a loss).

Every input figure is exact; the realized rows enter rounded to cents as on Form 8949.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from nestegg.core.errors import ValidationError
from nestegg.core.money import ZERO
from nestegg.core.tax.form8949 import form_8949_rows
from nestegg.core.tax.model import RealizedGain, TaxError, Term
from nestegg.core.tax.tables import (
    CAPITAL_LOSS_LIMIT,
    LONG_TERM_RATES,
    NIIT_RATE,
    NIIT_THRESHOLDS,
    Bracket,
    FilingStatus,
    TaxYearTables,
    tables_for,
)


@dataclass(frozen=True, slots=True)
class TaxYearSummary:
    """One tax year's capital results. Amounts in dollars; losses and carryovers positive."""

    year: int | None
    filing_status: FilingStatus
    short_term_gain: Decimal
    """The year's short-term rows, Form 8949 Part I column (h) total (negative: a loss)."""
    long_term_gain: Decimal
    wash_sale_disallowed_total: Decimal
    """All code W adjustments of the year, including the permanently disallowed part."""
    permanently_disallowed_total: Decimal
    """Disallowed losses whose replacement shares are in IRA-like accounts (lost for good)."""
    carryover_short_in: Decimal
    carryover_long_in: Decimal
    net_short_term: Decimal
    net_long_term: Decimal
    net_total: Decimal
    capital_loss_deduction: Decimal
    carryforward_short: Decimal
    carryforward_long: Decimal
    net_capital_gain: Decimal
    """Taxed at the 0/15/20% rates."""
    short_term_ordinary: Decimal
    """Net gain taxed as ordinary income."""
    ltcg_tax: Decimal
    short_term_tax: Decimal
    net_investment_income: Decimal
    niit: Decimal
    tables_year: int | None


def ordinary_tax(taxable_income: Decimal, brackets: Sequence[Bracket]) -> Decimal:
    """Regular income tax on ``taxable_income`` with the year's rate schedule (exact)."""
    tax = ZERO
    for i, bracket in enumerate(brackets):
        if taxable_income <= bracket.start:
            break
        top = brackets[i + 1].start if i + 1 < len(brackets) else taxable_income
        tax += (min(taxable_income, top) - bracket.start) * bracket.rate
    return tax


def long_term_gain_tax(
    ordinary_base: Decimal,
    net_capital_gain: Decimal,
    tables: TaxYearTables,
    status: FilingStatus,
) -> Decimal:
    """Tax on ``net_capital_gain`` stacked on top of ``ordinary_base`` of taxable income.

    The 0% band runs to the year's zero-rate maximum, 15% to the fifteen-rate maximum, 20%
    above; the result never exceeds the regular tax the same gain would add (worksheet line 24).
    """
    if net_capital_gain <= ZERO:
        return ZERO
    base = max(ordinary_base, ZERO)
    top = base + net_capital_gain
    limits = tables.capital_gains[status]
    bands = ((ZERO, limits.zero_rate_max), (limits.zero_rate_max, limits.fifteen_rate_max))
    preferential = ZERO
    for (low, high), rate in zip(bands, LONG_TERM_RATES, strict=False):
        preferential += max(ZERO, min(top, high) - max(base, low)) * rate
    preferential += max(ZERO, top - max(base, limits.fifteen_rate_max)) * LONG_TERM_RATES[2]
    brackets = tables.ordinary[status]
    regular = ordinary_tax(top, brackets) - ordinary_tax(base, brackets)
    return min(preferential, regular)


def net_investment_income_tax(
    net_investment_income: Decimal, magi: Decimal, status: FilingStatus
) -> Decimal:
    """3.8% of the smaller of net investment income and MAGI above the threshold."""
    excess = max(ZERO, magi - NIIT_THRESHOLDS[status])
    return NIIT_RATE * min(max(net_investment_income, ZERO), excess)


def _carryovers(net_short: Decimal, net_long: Decimal, used: Decimal) -> tuple[Decimal, Decimal]:
    """Capital Loss Carryover Worksheet lines 5-13; ``used`` is its line 4."""
    line5 = -net_short if net_short < ZERO else ZERO
    line6 = net_long if net_long > ZERO else ZERO
    short = max(ZERO, line5 - (used + line6))
    long = ZERO
    if net_long < ZERO:
        line10 = net_short if net_short > ZERO else ZERO
        line11 = max(ZERO, used - line5)
        long = max(ZERO, -net_long - (line10 + line11))
    return short, long


def summarize_year(
    realized: Iterable[RealizedGain],
    year: int | None,
    *,
    filing_status: FilingStatus = FilingStatus.SINGLE,
    ordinary_income: Decimal | None = None,
    magi: Decimal | None = None,
    carryforward_short: Decimal = ZERO,
    carryforward_long: Decimal = ZERO,
    tables: TaxYearTables | None = None,
) -> TaxYearSummary:
    """Net the year's realized rows and compute the deduction, carryforwards and taxes.

    Parameters
    ----------
    realized
        Reportable rows (``TaxResult.realized``); only sales in ``year`` count (all when
        ``year`` is ``None``).
    ordinary_income
        Taxable income other than capital gains, after deductions, in dollars. ``None`` means
        unknown: taxes are computed as if it were zero and the loss deduction is assumed usable
        in full.
    magi
        Modified adjusted gross income for the NIIT; defaults to ordinary income plus the net
        capital gain, less the loss deduction.
    carryforward_short, carryforward_long
        Capital losses carried into ``year`` (positive amounts).
    tables
        The year's brackets; defaults to :func:`tables_for` ``(year)``, looked up only when a
        tax has to be computed.

    Raises
    ------
    ValidationError
        For a negative carryforward or ordinary income.
    TaxError
        When a tax must be computed and there are no tables for the year.
    """
    for name, value in (
        ("carryforward_short", carryforward_short),
        ("carryforward_long", carryforward_long),
        ("ordinary_income", ordinary_income),
        ("magi", magi),
    ):
        if value is not None and value < ZERO:
            raise ValidationError(f"{name} must not be negative: {value}")
    rows = form_8949_rows(realized, year=year)
    short = sum((row.gain for row in rows if row.term is Term.SHORT), ZERO)
    long = sum((row.gain for row in rows if row.term is Term.LONG), ZERO)
    disallowed = sum((row.adjustment for row in rows), ZERO)
    permanent = sum((row.permanently_disallowed for row in rows), ZERO)

    net_short = short - carryforward_short
    net_long = long - carryforward_long
    total = net_short + net_long
    income = ordinary_income if ordinary_income is not None else ZERO

    deduction = ZERO
    carry_short = carry_long = ZERO
    net_capital_gain = short_ordinary = ZERO
    if total < ZERO:
        deduction = min(CAPITAL_LOSS_LIMIT[filing_status], -total)
        used = deduction if ordinary_income is None else min(deduction, ordinary_income)
        carry_short, carry_long = _carryovers(net_short, net_long, used)
    else:
        net_capital_gain = max(ZERO, min(net_long, total))
        short_ordinary = total - net_capital_gain

    ltcg_tax = short_term_tax = ZERO
    used_tables: TaxYearTables | None = None
    if net_capital_gain > ZERO or short_ordinary > ZERO:
        if tables is None:
            if year is None:
                raise TaxError("a tax year is needed to compute the tax on capital gains")
            tables = tables_for(year)
        used_tables = tables
        brackets = tables.ordinary[filing_status]
        if short_ordinary > ZERO:
            short_term_tax = ordinary_tax(income + short_ordinary, brackets) - ordinary_tax(
                income, brackets
            )
        ltcg_tax = long_term_gain_tax(
            income + short_ordinary, net_capital_gain, tables, filing_status
        )

    investment_income = max(total, ZERO)
    if magi is None:
        magi = income + investment_income - deduction
    niit = net_investment_income_tax(investment_income, magi, filing_status)
    return TaxYearSummary(
        year=year,
        filing_status=filing_status,
        short_term_gain=short,
        long_term_gain=long,
        wash_sale_disallowed_total=disallowed,
        permanently_disallowed_total=permanent,
        carryover_short_in=carryforward_short,
        carryover_long_in=carryforward_long,
        net_short_term=net_short,
        net_long_term=net_long,
        net_total=total,
        capital_loss_deduction=deduction,
        carryforward_short=carry_short,
        carryforward_long=carry_long,
        net_capital_gain=net_capital_gain,
        short_term_ordinary=short_ordinary,
        ltcg_tax=ltcg_tax,
        short_term_tax=short_term_tax,
        net_investment_income=investment_income,
        niit=niit,
        tables_year=used_tables.year if used_tables else None,
    )
