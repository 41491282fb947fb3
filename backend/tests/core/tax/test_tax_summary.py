"""Tax-year summary scenarios: netting, loss deduction, carryforward, LTCG tax, NIIT.

Each case cites Schedule D (Form 1040) and its worksheets or the Code section it encodes; the
dollar figures are worked out in the comments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from nestegg.core.money import to_cents
from nestegg.core.tax import (
    TAX_TABLES,
    FilingStatus,
    RealizedGain,
    TaxError,
    Term,
    nearest_tables,
    summarize_year,
    tables_for,
)
from nestegg.core.tax.summary import long_term_gain_tax, ordinary_tax


def gain(
    term: str, amount: str, *, wash: str = "0", permanent: str = "0", year: int = 2024
) -> RealizedGain:
    """A realized row whose reportable gain (column h) is ``amount``."""
    value, disallowed = Decimal(amount), Decimal(wash)
    basis = Decimal(10_000)
    day = dt.date(year, 6, 1)
    return RealizedGain(
        row_id=1,
        sale_date=day,
        account="b",
        symbol="XYZ",
        quantity=Decimal(1),
        proceeds=basis + value - disallowed,
        cost_basis=basis,
        acquired_date=day - dt.timedelta(days=500 if term == "long" else 10),
        purchase_date=day - dt.timedelta(days=500 if term == "long" else 10),
        lot_label=None,
        wash_sale_disallowed=disallowed,
        permanently_disallowed=Decimal(permanent),
        basis_adjustment=Decimal(0),
        term=Term(term),
        sale_ref="sale",
        lot_ref="lot",
    )


@dataclass(frozen=True)
class SummaryCase:
    id: str
    cite: str
    rows: list[RealizedGain]
    expect: dict[str, str]
    year: int = 2024
    options: dict[str, object] = field(default_factory=dict)


D = Decimal
SINGLE, MFJ, MFS, HOH = (
    FilingStatus.SINGLE,
    FilingStatus.MARRIED_JOINT,
    FilingStatus.MARRIED_SEPARATE,
    FilingStatus.HEAD_OF_HOUSEHOLD,
)

SUMMARY_CASES = [
    SummaryCase(
        "net-short-loss-against-long-gain",
        "Schedule D line 16 netting; IRC 1222(11): net capital gain = LT 8,000 - ST 5,000; "
        "taxed at 15% on top of $100,000 (2024 single): 450",
        [gain("short", "-5000"), gain("long", "8000")],
        {
            "short_term_gain": "-5000.00",
            "long_term_gain": "8000.00",
            "net_total": "3000.00",
            "net_capital_gain": "3000.00",
            "capital_loss_deduction": "0.00",
            "ltcg_tax": "450.00",
        },
        options={"ordinary_income": D(100_000)},
    ),
    SummaryCase(
        "deduction-absorbs-short-first",
        "IRC 1211(b)/1212(b), Capital Loss Carryover Worksheet lines 5-13: ST -2,000 and LT "
        "-5,000: $3,000 deducted (2,000 ST + 1,000 LT), 4,000 LT carried",
        [gain("short", "-2000"), gain("long", "-5000")],
        {
            "capital_loss_deduction": "3000.00",
            "carryforward_short": "0.00",
            "carryforward_long": "4000.00",
        },
    ),
    SummaryCase(
        "carryforward-keeps-character",
        "Capital Loss Carryover Worksheet: ST -5,000, LT -1,000: 2,000 ST and 1,000 LT carried",
        [gain("short", "-5000"), gain("long", "-1000")],
        {
            "capital_loss_deduction": "3000.00",
            "carryforward_short": "2000.00",
            "carryforward_long": "1000.00",
        },
    ),
    SummaryCase(
        "short-loss-nets-long-gain-first",
        "Worksheet lines 5-8: ST -5,000 offsets LT +1,000 first; 1,000 ST carried",
        [gain("short", "-5000"), gain("long", "1000")],
        {
            "capital_loss_deduction": "3000.00",
            "carryforward_short": "1000.00",
            "carryforward_long": "0.00",
        },
    ),
    SummaryCase(
        "long-loss-nets-short-gain-first",
        "Worksheet lines 9-13: LT -6,000 offsets ST +1,000; 2,000 LT carried",
        [gain("short", "1000"), gain("long", "-6000")],
        {
            "capital_loss_deduction": "3000.00",
            "carryforward_short": "0.00",
            "carryforward_long": "2000.00",
        },
    ),
    SummaryCase(
        "married-filing-separately-limit",
        "IRC 1211(b)(1): $1,500 for a married individual filing a separate return",
        [gain("short", "-5000")],
        {"capital_loss_deduction": "1500.00", "carryforward_short": "3500.00"},
        options={"filing_status": MFS},
    ),
    SummaryCase(
        "short-carryover-in",
        "Schedule D line 6: a 4,000 ST carryover against a 1,000 ST gain leaves a 3,000 loss",
        [gain("short", "1000")],
        {
            "capital_loss_deduction": "3000.00",
            "carryforward_short": "0.00",
            "short_term_gain": "1000.00",
        },
        options={"carryforward_short": D(4000)},
    ),
    SummaryCase(
        "long-carryover-in",
        "Schedule D line 14: LT 10,000 - 4,000 carried = 6,000 at 15% (2025 single above "
        "$48,350): 900",
        [gain("long", "10000", year=2025)],
        {"net_capital_gain": "6000.00", "ltcg_tax": "900.00"},
        year=2025,
        options={"carryforward_long": D(4000), "ordinary_income": D(50_000)},
    ),
    SummaryCase(
        "ltcg-stacked-on-ordinary",
        "QDCG Tax Worksheet, Rev. Proc. 2023-34 §3.03: 2024 single 0% to $47,025; 40,000 + "
        "20,000: 7,025 at 0%, 12,975 at 15% = 1,946.25",
        [gain("long", "20000")],
        {"ltcg_tax": "1946.25"},
        options={"ordinary_income": D(40_000)},
    ),
    SummaryCase(
        "ltcg-twenty-percent-band",
        "IRC 1(h)(1)(D), Rev. Proc. 2024-40: 2025 joint 15% to $600,050: 10,050 x 15% + "
        "9,950 x 20% = 3,497.50",
        [gain("long", "20000", year=2025)],
        {"ltcg_tax": "3497.50"},
        year=2025,
        options={"ordinary_income": D(590_000), "filing_status": MFJ},
    ),
    SummaryCase(
        "ltcg-never-above-regular-tax",
        "QDCG Tax Worksheet lines 22-25: 2024 single at $47,030 the gain would pay 15% (15.00) "
        "but the 12% bracket runs to $47,150, so 12.00",
        [gain("long", "100")],
        {"ltcg_tax": "12.00"},
        options={"ordinary_income": D(47_030)},
    ),
    SummaryCase(
        "ltcg-head-of-household-2026",
        "Rev. Proc. 2025-32: 2026 head of household 0% to $66,200: 6,200 at 0%, 3,800 at 15%",
        [gain("long", "10000", year=2026)],
        {"ltcg_tax": "570.00"},
        year=2026,
        options={"ordinary_income": D(60_000), "filing_status": HOH},
    ),
    SummaryCase(
        "short-gain-in-ordinary-brackets",
        "IRC 1(a)-(d), Rev. Proc. 2025-32: 2026 single 12% to $50,400 then 22%: 400 x 12% + "
        "9,600 x 22% = 2,160; no preferential rate",
        [gain("short", "10000", year=2026)],
        {"short_term_tax": "2160.00", "ltcg_tax": "0.00", "short_term_ordinary": "10000.00"},
        year=2026,
        options={"ordinary_income": D(50_000)},
    ),
    SummaryCase(
        "short-gain-with-long-loss",
        "IRC 1222(11): LT loss -2,000 against ST +5,000 leaves 3,000 ordinary, no net capital gain",
        [gain("short", "5000"), gain("long", "-2000")],
        {"net_capital_gain": "0.00", "short_term_ordinary": "3000.00", "ltcg_tax": "0.00"},
    ),
    SummaryCase(
        "niit-single",
        "IRC 1411: 3.8% of the lesser of NII 50,000 and MAGI 300,000 - 200,000: 1,900",
        [gain("long", "50000")],
        {"niit": "1900.00"},
        options={"ordinary_income": D(250_000), "magi": D(300_000)},
    ),
    SummaryCase(
        "niit-joint-threshold",
        "IRC 1411(b)(1): $250,000 joint: 3.8% x 10,000 = 380",
        [gain("long", "50000")],
        {"niit": "380.00"},
        options={"magi": D(260_000), "filing_status": MFJ},
    ),
    SummaryCase(
        "niit-separate-threshold",
        "IRC 1411(b)(2): $125,000 separate: 3.8% x min(30,000, 25,000) = 950",
        [gain("short", "30000")],
        {"niit": "950.00"},
        options={"magi": D(150_000), "filing_status": MFS},
    ),
    SummaryCase(
        "niit-default-magi",
        "Without --magi, MAGI = ordinary income + net gain: 190,000 + 20,000 - 200,000 = 10,000",
        [gain("long", "20000")],
        {"niit": "380.00"},
        options={"ordinary_income": D(190_000)},
    ),
    SummaryCase(
        "no-niit-on-a-net-loss",
        "IRC 1411(c)(1)(A)(iii): net gain cannot be below zero",
        [gain("short", "-10000")],
        {"niit": "0.00"},
        options={"magi": D(500_000)},
    ),
    SummaryCase(
        "carryover-worksheet-taxable-income-limit",
        "Capital Loss Carryover Worksheet lines 1-4: with $1,000 of taxable income only $1,000 "
        "of the deduction is used up; 9,000 ST carried",
        [gain("short", "-10000")],
        {"capital_loss_deduction": "3000.00", "carryforward_short": "9000.00"},
        options={"ordinary_income": D(1_000)},
    ),
    SummaryCase(
        "wash-totals",
        "Form 8949 code W: the year's adjustments total 500, of which 100 lost for good (Rev. "
        "Rul. 2008-5)",
        [gain("short", "-50", wash="300", permanent="100"), gain("long", "0", wash="200")],
        {"wash_sale_disallowed_total": "500.00", "permanently_disallowed_total": "100.00"},
    ),
    SummaryCase(
        "other-years-ignored",
        "A tax year's Schedule D covers only that year's sales",
        [gain("short", "-5000", year=2023), gain("long", "700")],
        {"short_term_gain": "0.00", "long_term_gain": "700.00"},
    ),
]


@pytest.mark.parametrize("case", SUMMARY_CASES, ids=[case.id for case in SUMMARY_CASES])
def test_summary(case: SummaryCase) -> None:
    assert case.cite
    summary = summarize_year(case.rows, case.year, **case.options)  # type: ignore[arg-type]
    for name, expected in case.expect.items():
        value = getattr(summary, name)
        assert f"{to_cents(value):f}" == expected, name


def test_unknown_year_without_tables_is_an_error() -> None:
    with pytest.raises(TaxError, match="no federal tax tables for 2019"):
        summarize_year([gain("long", "100", year=2019)], 2019)


def test_unknown_year_needs_no_table_when_no_tax_is_due() -> None:
    summary = summarize_year([gain("long", "-100", year=2019)], 2019)
    assert summary.capital_loss_deduction == Decimal(100)
    assert summary.tables_year is None


def test_explicit_tables_are_used_and_reported() -> None:
    summary = summarize_year(
        [gain("long", "1000", year=2019)], 2019, tables=nearest_tables(2019), ordinary_income=D(0)
    )
    assert summary.tables_year == 2023
    assert summary.ltcg_tax == Decimal(0)


def test_negative_inputs_are_rejected() -> None:
    with pytest.raises(Exception, match="carryforward_short must not be negative"):
        summarize_year([], 2024, carryforward_short=D(-1))


def test_ordinary_tax_walks_the_brackets() -> None:
    brackets = tables_for(2024).ordinary[SINGLE]
    # 11,600 x 10% + (47,150 - 11,600) x 12% + (50,000 - 47,150) x 22% = 6,053
    assert ordinary_tax(D(50_000), brackets) == D("6053.00")
    assert ordinary_tax(D(0), brackets) == 0


def test_long_term_gain_tax_is_zero_inside_the_zero_band() -> None:
    assert long_term_gain_tax(D(10_000), D(30_000), TAX_TABLES[2024], SINGLE) == 0
