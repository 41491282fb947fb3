"""Table-driven tax-lot scenarios, each encoding one rule and citing its source.

A row reads ``sold account symbol shares acquired proceeds basis wash gain term`` as on Form
8949 (cents; gain = proceeds - basis + wash); a lot reads ``account symbol shares basis acquired
purchased adjusted|-`` (``adjusted``: its basis carries a wash-sale adjustment). Dollar figures
are worked out by hand in the citations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from tax_ledger import parse_ledger

from nestegg.core.ledger import LotMethod
from nestegg.core.money import to_cents
from nestegg.core.tax import TaxError, TaxResult, form_8949_row, realize


@dataclass(frozen=True)
class Case:
    id: str
    cite: str
    ledger: str
    rows: list[str] | None = None
    lots: list[str] | None = None
    error: str | None = None
    method: LotMethod | None = None
    groups: tuple[tuple[str, ...], ...] = ()
    permanent: str | None = None
    sheltered: int | None = None
    wash_events: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _rows(result: TaxResult) -> list[str]:
    out = []
    for row in result.realized:
        form = form_8949_row(row)
        out.append(
            f"{row.sale_date} {row.account} {row.symbol} {row.quantity.normalize():f} "
            f"{row.acquired_date} {form.proceeds:f} {form.cost_basis:f} {form.adjustment:f} "
            f"{form.gain:f} {row.term.value}"
        )
    return out


def _lots(result: TaxResult) -> list[str]:
    return [
        f"{lot.account} {lot.symbol} {lot.quantity.normalize():f} {to_cents(lot.cost_basis):f} "
        f"{lot.acquired_date} {lot.purchase_date} {'adjusted' if lot.wash_adjusted else '-'}"
        for lot in result.lots
    ]


TWO_LOTS = """
accounts b:taxable
2023-01-10 b buy XYZ 10 @100
2023-06-10 b buy XYZ 10 @120
"""

MINTAX_LOTS = """
accounts b:taxable:self:mintax
2022-01-03 b buy XYZ 10 @80   # L1 long-term gain +20/sh at 100
2022-02-01 b buy XYZ 10 @130  # L2 long-term loss -30/sh
2024-01-02 b buy XYZ 10 @110  # L3 short-term loss -10/sh
2024-02-01 b buy XYZ 10 @90   # L4 short-term gain +10/sh
2022-03-01 b buy XYZ 10 @95   # L5 long-term gain +5/sh
2024-03-01 b buy XYZ 10 @100  # L6 short-term at zero
2022-04-01 b buy XYZ 10 @120  # L7 long-term loss -20/sh
2024-04-01 b buy XYZ 10 @125  # L8 short-term loss -25/sh
"""

CASES: list[Case] = [
    # ---- lot relief ------------------------------------------------------------------------
    Case(
        "fifo-default",
        "Treas. Reg. 1.1012-1(c)(1): unidentified shares sold are the earliest bought (FIFO)",
        TWO_LOTS + "2024-03-01 b sell XYZ 15 @130",
        rows=[
            "2024-03-01 b XYZ 10 2023-01-10 1300.00 1000.00 0.00 300.00 long",
            "2024-03-01 b XYZ 5 2023-06-10 650.00 600.00 0.00 50.00 short",
        ],
        lots=["b XYZ 5 600.00 2023-06-10 2023-06-10 -"],
    ),
    Case(
        "lifo-override",
        "Treas. Reg. 1.1012-1(c)(2)-(3): a standing order (here LIFO) is specific identification",
        TWO_LOTS + "2024-03-01 b sell XYZ 15 @130",
        method=LotMethod.LIFO,
        rows=[
            "2024-03-01 b XYZ 10 2023-06-10 1300.00 1200.00 0.00 100.00 short",
            "2024-03-01 b XYZ 5 2023-01-10 650.00 500.00 0.00 150.00 long",
        ],
        lots=["b XYZ 5 500.00 2023-01-10 2023-01-10 -"],
    ),
    Case(
        "per-sale-method-beats-run-override",
        "Issue: per-account method with a per-sale override (the sale's lot_method wins)",
        TWO_LOTS + "2024-03-01 b sell XYZ 15 @130 method=lifo",
        method=LotMethod.HIFO,
        rows=[
            "2024-03-01 b XYZ 10 2023-06-10 1300.00 1200.00 0.00 100.00 short",
            "2024-03-01 b XYZ 5 2023-01-10 650.00 500.00 0.00 150.00 long",
        ],
    ),
    Case(
        "hifo-account-default",
        "Treas. Reg. 1.1012-1(c): highest cost per share first (standing order), account default",
        """
        accounts b:taxable:self:hifo
        2023-01-10 b buy XYZ 10 @100
        2023-06-10 b buy XYZ 10 @150
        2023-09-10 b buy XYZ 10 @120
        2024-03-01 b sell XYZ 15 @130
        """,
        rows=[
            "2024-03-01 b XYZ 10 2023-06-10 1300.00 1500.00 0.00 -200.00 short",
            "2024-03-01 b XYZ 5 2023-09-10 650.00 600.00 0.00 50.00 short",
        ],
        lots=[
            "b XYZ 10 1000.00 2023-01-10 2023-01-10 -",
            "b XYZ 5 600.00 2023-09-10 2023-09-10 -",
        ],
    ),
    Case(
        "specific-by-label",
        "Treas. Reg. 1.1012-1(c)(2): adequate identification of the lot sold",
        """
        accounts b:taxable
        2023-01-10 b buy XYZ 10 @100 lot=A
        2023-06-10 b buy XYZ 10 @120 lot=B
        2024-03-01 b sell XYZ 5 @130 lot=B
        """,
        rows=["2024-03-01 b XYZ 5 2023-06-10 650.00 600.00 0.00 50.00 short"],
        lots=[
            "b XYZ 10 1000.00 2023-01-10 2023-01-10 -",
            "b XYZ 5 600.00 2023-06-10 2023-06-10 -",
        ],
    ),
    Case(
        "specific-unknown-lot",
        "Issue: an unknown lot is an error naming the sale",
        TWO_LOTS + "2024-03-01 b sell XYZ 5 @130 lot=Z",
        error="no lot 'Z' of XYZ in account 'b'",
    ),
    Case(
        "specific-exhausted-lot",
        "Issue: an exhausted lot is an error",
        """
        accounts b:taxable
        2023-01-10 b buy XYZ 10 @100 lot=B
        2023-02-10 b buy XYZ 10 @100
        2024-03-01 b sell XYZ 10 @130 lot=B
        2024-03-02 b sell XYZ 1 @130 lot=B
        """,
        error="lot 'B' of XYZ in account 'b' is exhausted",
    ),
    Case(
        "specific-more-than-lot",
        "Issue: selling more shares than the named lot holds is an error",
        """
        accounts b:taxable
        2023-01-10 b buy XYZ 10 @100 lot=B
        2023-02-10 b buy XYZ 10 @100
        2024-03-01 b sell XYZ 12 @130 lot=B
        """,
        error="exceeds the 10 held in lot 'B'",
    ),
    Case(
        "specific-without-label",
        "Treas. Reg. 1.1012-1(c)(2): specific identification must name the shares",
        TWO_LOTS + "2024-03-01 b sell XYZ 5 @130",
        method=LotMethod.SPECIFIC,
        error="specific identification needs the lot label",
    ),
    Case(
        "oversell",
        "Ledger integrity: a sale of more shares than held is an error naming the sale",
        TWO_LOTS + "2024-03-01 b sell XYZ 25 @130",
        error="(2024-03-01 b sell XYZ): sell of 25 XYZ exceeds the 20 held in account 'b'",
    ),
    Case(
        "mintax-full-order",
        "Vanguard MinTax: ST losses largest first, LT losses largest first, ST zero, LT zero, "
        "LT gains smallest first, ST gains smallest first",
        MINTAX_LOTS + "2024-06-01 b sell XYZ 80 @100",
        rows=[
            "2024-06-01 b XYZ 10 2024-04-01 1000.00 1250.00 0.00 -250.00 short",
            "2024-06-01 b XYZ 10 2024-01-02 1000.00 1100.00 0.00 -100.00 short",
            "2024-06-01 b XYZ 10 2022-02-01 1000.00 1300.00 0.00 -300.00 long",
            "2024-06-01 b XYZ 10 2022-04-01 1000.00 1200.00 0.00 -200.00 long",
            "2024-06-01 b XYZ 10 2024-03-01 1000.00 1000.00 0.00 0.00 short",
            "2024-06-01 b XYZ 10 2022-03-01 1000.00 950.00 0.00 50.00 long",
            "2024-06-01 b XYZ 10 2022-01-03 1000.00 800.00 0.00 200.00 long",
            "2024-06-01 b XYZ 10 2024-02-01 1000.00 900.00 0.00 100.00 short",
        ],
        lots=[],
    ),
    Case(
        "mintax-partial",
        "Vanguard MinTax: a partial sale stops inside the long-term losses",
        MINTAX_LOTS + "2024-06-01 b sell XYZ 25 @100",
        rows=[
            "2024-06-01 b XYZ 10 2024-04-01 1000.00 1250.00 0.00 -250.00 short",
            "2024-06-01 b XYZ 10 2024-01-02 1000.00 1100.00 0.00 -100.00 short",
            "2024-06-01 b XYZ 5 2022-02-01 500.00 650.00 0.00 -150.00 long",
        ],
    ),
    Case(
        "average-cost",
        "Treas. Reg. 1.1012-1(e): average basis (2300/20 = 115 a share); shares sold are the "
        "first acquired for the holding period (1.1012-1(e)(7)(ii)): one long, one short row",
        """
        accounts f:taxable:self:average
        2023-01-10 f buy FUNDX 10 @100
        2023-12-01 f buy FUNDX 10 @130
        2024-03-01 f sell FUNDX 15 @120
        """,
        rows=[
            "2024-03-01 f FUNDX 10 2023-01-10 1200.00 1150.00 0.00 50.00 long",
            "2024-03-01 f FUNDX 5 2023-12-01 600.00 575.00 0.00 25.00 short",
        ],
        lots=["f FUNDX 5 575.00 2023-12-01 2023-12-01 -"],
    ),
    Case(
        "average-cost-re-averaged",
        "Treas. Reg. 1.1012-1(e)(7)(i): basis per share recomputed at each sale "
        "((575 + 500) / 10 = 107.50)",
        """
        accounts f:taxable:self:average
        2023-01-10 f buy FUNDX 10 @100
        2023-12-01 f buy FUNDX 10 @130
        2024-03-01 f sell FUNDX 15 @120
        2024-04-01 f buy FUNDX 5 @100
        2024-05-01 f sell FUNDX 10 @110
        """,
        rows=[
            "2024-03-01 f FUNDX 10 2023-01-10 1200.00 1150.00 0.00 50.00 long",
            "2024-03-01 f FUNDX 5 2023-12-01 600.00 575.00 0.00 25.00 short",
            "2024-05-01 f FUNDX 5 2023-12-01 550.00 537.50 0.00 12.50 short",
            "2024-05-01 f FUNDX 5 2024-04-01 550.00 537.50 0.00 12.50 short",
        ],
        lots=[],
    ),
    Case(
        "fees-in-basis-and-proceeds",
        "Pub. 550 'Basis of Investment Property' (commissions add to basis); Form 8949 "
        "instructions, column (d): proceeds net of selling expenses",
        """
        accounts b:taxable
        2024-01-02 b buy XYZ 10 @100 fee=10
        2024-05-01 b sell XYZ 10 @120 fee=5
        """,
        rows=["2024-05-01 b XYZ 10 2024-01-02 1195.00 1010.00 0.00 185.00 short"],
    ),
    # ---- holding period --------------------------------------------------------------------
    Case(
        "one-year-exactly-is-short",
        "Pub. 550 'Holding Period': bought Feb 5, sold Feb 5 next year is short; Feb 6 is long",
        """
        accounts b:taxable
        2023-02-05 b buy XYZ 10 @10
        2024-02-05 b sell XYZ 5 @12
        2024-02-06 b sell XYZ 5 @12
        """,
        rows=[
            "2024-02-05 b XYZ 5 2023-02-05 60.00 50.00 0.00 10.00 short",
            "2024-02-06 b XYZ 5 2023-02-05 60.00 50.00 0.00 10.00 long",
        ],
    ),
    Case(
        "leap-day-after-feb-28",
        "Rev. Rul. 66-7 (period starts the next day, calendar months): bought Feb 28, 2015 the "
        "period starts Mar 1, so a sale on Feb 29, 2016 is short-term, Mar 1, 2016 long-term",
        """
        accounts b:taxable
        2015-02-28 b buy XYZ 10 @10
        2016-02-29 b sell XYZ 5 @12
        2016-03-01 b sell XYZ 5 @12
        """,
        rows=[
            "2016-02-29 b XYZ 5 2015-02-28 60.00 50.00 0.00 10.00 short",
            "2016-03-01 b XYZ 5 2015-02-28 60.00 50.00 0.00 10.00 long",
        ],
    ),
    Case(
        "bought-on-leap-day",
        "Rev. Rul. 66-7: bought Feb 29, 2024 the period starts Mar 1, 2024: Feb 28, 2025 is "
        "short-term, Mar 1, 2025 long-term",
        """
        accounts b:taxable
        2024-02-29 b buy XYZ 10 @10
        2025-02-28 b sell XYZ 5 @12
        2025-03-01 b sell XYZ 5 @12
        """,
        rows=[
            "2025-02-28 b XYZ 5 2024-02-29 60.00 50.00 0.00 10.00 short",
            "2025-03-01 b XYZ 5 2024-02-29 60.00 50.00 0.00 10.00 long",
        ],
    ),
    # ---- wash sales ------------------------------------------------------------------------
    Case(
        "pub550-example-1",
        "Pub. 550 'Wash Sales', Example 1: $250 loss disallowed, new basis $800 + $250 = $1,050; "
        "holding period tacked (59 days held: Mar 15 - 59 days = Jan 16)",
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 100 @10
        2024-03-01 me sell XYZ 100 @7.5
        2024-03-15 me buy XYZ 100 @8
        """,
        rows=["2024-03-01 me XYZ 100 2024-01-02 750.00 1000.00 250.00 0.00 short"],
        lots=["me XYZ 100 1050.00 2024-01-16 2024-03-15 adjusted"],
        wash_events=1,
    ),
    Case(
        "pub550-partial-bought-before",
        "Pub. 550 'Wash Sales' (partial wash, replacement bought before the sale) and Treas. "
        "Reg. 1.1091-1(c): 75 of 100 shares replaced: $750 of the $1,000 loss disallowed, "
        "added $500 / $250 to the 50- and 25-share lots; their period starts with the sold shares'",
        """
        accounts me:taxable
        2022-09-24 me buy M 100 @20
        2022-12-21 me buy M 50 @11
        2022-12-28 me buy M 25 @10.5
        2023-01-04 me sell M 100 @10
        """,
        rows=["2023-01-04 me M 100 2022-09-24 1000.00 2000.00 750.00 -250.00 short"],
        lots=[
            "me M 50 1050.00 2022-09-24 2022-12-21 adjusted",
            "me M 25 512.50 2022-09-24 2022-12-28 adjusted",
        ],
    ),
    Case(
        "window-30-days-after-included",
        "IRC 1091(a): the period ends 30 days after the sale (Mar 1 + 30 = Mar 31); 274 days "
        "held, so the replacement's holding period starts Mar 31 - 274 days = Jul 1, 2023",
        """
        accounts me:taxable
        2023-06-01 me buy XYZ 10 @50
        2024-03-01 me sell XYZ 10 @40
        2024-03-31 me buy XYZ 10 @42
        """,
        rows=["2024-03-01 me XYZ 10 2023-06-01 400.00 500.00 100.00 0.00 short"],
        lots=["me XYZ 10 520.00 2023-07-01 2024-03-31 adjusted"],
    ),
    Case(
        "window-31-days-after-excluded",
        "IRC 1091(a): a purchase 31 days after the sale does not wash it",
        """
        accounts me:taxable
        2023-06-01 me buy XYZ 10 @50
        2024-03-01 me sell XYZ 10 @40
        2024-04-01 me buy XYZ 10 @42
        """,
        rows=["2024-03-01 me XYZ 10 2023-06-01 400.00 500.00 0.00 -100.00 short"],
        lots=["me XYZ 10 420.00 2024-04-01 2024-04-01 -"],
        wash_events=0,
    ),
    Case(
        "window-30-days-before-included",
        "IRC 1091(a): the period begins 30 days before the sale (Mar 1 - 30 = Jan 31, 2024); "
        "the earlier-bought replacement's period starts with the sold shares' (IRC 1223(3))",
        """
        accounts me:taxable
        2023-06-01 me buy XYZ 10 @50
        2024-01-31 me buy XYZ 10 @45
        2024-03-01 me sell XYZ 10 @40
        """,
        rows=["2024-03-01 me XYZ 10 2023-06-01 400.00 500.00 100.00 0.00 short"],
        lots=["me XYZ 10 550.00 2023-06-01 2024-01-31 adjusted"],
    ),
    Case(
        "window-31-days-before-excluded",
        "IRC 1091(a): a purchase 31 days before the sale does not wash it",
        """
        accounts me:taxable
        2023-06-01 me buy XYZ 10 @50
        2024-01-30 me buy XYZ 10 @45
        2024-03-01 me sell XYZ 10 @40
        """,
        rows=["2024-03-01 me XYZ 10 2023-06-01 400.00 500.00 0.00 -100.00 short"],
        lots=["me XYZ 10 450.00 2024-01-30 2024-01-30 -"],
    ),
    Case(
        "spouse-buys-replacement",
        "Pub. 550 'Wash Sales': a wash sale also when your spouse buys; the basis goes to the "
        "spouse's shares (Mar 10 - 59 days = Jan 11)",
        """
        accounts me:taxable wife:taxable:spouse
        2024-01-02 me buy XYZ 100 @10
        2024-03-01 me sell XYZ 100 @8
        2024-03-10 wife buy XYZ 100 @8.5
        """,
        rows=["2024-03-01 me XYZ 100 2024-01-02 800.00 1000.00 200.00 0.00 short"],
        lots=["wife XYZ 100 1050.00 2024-01-11 2024-03-10 adjusted"],
    ),
    Case(
        "ira-replacement-permanent",
        "Rev. Rul. 2008-5: replacement bought in an IRA: loss disallowed, no basis added",
        """
        accounts me:taxable ira:traditional_ira
        2024-01-02 me buy XYZ 100 @10
        2024-03-01 me sell XYZ 100 @8
        2024-03-10 ira buy XYZ 100 @8.5
        """,
        rows=["2024-03-01 me XYZ 100 2024-01-02 800.00 1000.00 200.00 0.00 short"],
        lots=["ira XYZ 100 850.00 2024-03-10 2024-03-10 -"],
        permanent="200.00",
    ),
    Case(
        "roth-partial-permanent",
        "Rev. Rul. 2008-5 (Roth IRA) with Treas. Reg. 1.1091-1(c): 40 of 100 shares replaced, "
        "$80 lost for good, $120 deductible",
        """
        accounts me:taxable roth:roth_ira
        2024-01-02 me buy XYZ 100 @10
        2024-03-01 me sell XYZ 100 @8
        2024-03-10 roth buy XYZ 40 @8.5
        """,
        rows=["2024-03-01 me XYZ 100 2024-01-02 800.00 1000.00 80.00 -120.00 short"],
        lots=["roth XYZ 40 340.00 2024-03-10 2024-03-10 -"],
        permanent="80.00",
    ),
    Case(
        "hsa-replacement-permanent",
        "Policy (docs/tax.md): HSAs and 529 plans are tax-advantaged like IRAs (Rev. Rul. "
        "2008-5 reasoning): permanent disallowance",
        """
        accounts me:taxable hsa:hsa
        2024-01-02 me buy XYZ 10 @10
        2024-03-01 me sell XYZ 10 @8
        2024-03-10 hsa buy XYZ 10 @8.5
        """,
        rows=["2024-03-01 me XYZ 10 2024-01-02 80.00 100.00 20.00 0.00 short"],
        lots=["hsa XYZ 10 85.00 2024-03-10 2024-03-10 -"],
        permanent="20.00",
    ),
    Case(
        "dividend-reinvestment-washes",
        "Pub. 550 'Wash Sales' / Treas. Reg. 1.1091-1(a): reinvested dividends are acquisitions; "
        "2.5 shares replaced: 2.5 x $2 = $5 disallowed",
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 100 @10
        2024-03-01 me sell XYZ 100 @8
        2024-03-20 me reinvest XYZ 2.5 @8
        """,
        rows=["2024-03-01 me XYZ 100 2024-01-02 800.00 1000.00 5.00 -195.00 short"],
        lots=["me XYZ 2.5 25.00 2024-01-21 2024-03-20 adjusted"],
    ),
    Case(
        "gain-never-washed",
        "IRC 1091(a) applies to losses only",
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 10 @10
        2024-03-01 me sell XYZ 10 @12
        2024-03-05 me buy XYZ 10 @11
        """,
        rows=["2024-03-01 me XYZ 10 2024-01-02 120.00 100.00 0.00 20.00 short"],
        lots=["me XYZ 10 110.00 2024-03-05 2024-03-05 -"],
        wash_events=0,
    ),
    Case(
        "same-day-blocks-not-netted",
        "Issue / Form 8949 per-lot rows: the washed loss of one block never offsets the gain "
        "of another block sold the same day (91 days held: Mar 10 - 91 = Dec 10)",
        """
        accounts me:taxable
        2023-01-03 me buy XYZ 10 @5
        2023-12-01 me buy XYZ 10 @15
        2024-03-01 me sell XYZ 20 @10
        2024-03-10 me buy XYZ 10 @10
        """,
        rows=[
            "2024-03-01 me XYZ 10 2023-01-03 100.00 50.00 0.00 50.00 long",
            "2024-03-01 me XYZ 10 2023-12-01 100.00 150.00 50.00 0.00 short",
        ],
        lots=["me XYZ 10 150.00 2023-12-10 2024-03-10 adjusted"],
    ),
    Case(
        "same-purchase-lot-not-replacement",
        "Policy (issue): the unsold rest of the very purchase lot being sold is no replacement",
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 100 @10
        2024-01-20 me sell XYZ 50 @8
        """,
        rows=["2024-01-20 me XYZ 50 2024-01-02 400.00 500.00 0.00 -100.00 short"],
        lots=["me XYZ 50 500.00 2024-01-02 2024-01-02 -"],
    ),
    Case(
        "same-sale-not-replacement",
        "Policy (issue): shares sold in the same sale are not replacement shares",
        """
        accounts me:taxable
        2023-06-01 me buy XYZ 10 @50
        2024-02-20 me buy XYZ 10 @48
        2024-03-01 me sell XYZ 20 @40
        """,
        rows=[
            "2024-03-01 me XYZ 10 2023-06-01 400.00 500.00 0.00 -100.00 short",
            "2024-03-01 me XYZ 10 2024-02-20 400.00 480.00 0.00 -80.00 short",
        ],
        lots=[],
    ),
    Case(
        "same-sale-unsold-rest-replaces",
        "Treas. Reg. 1.1091-1(c): the 5 unsold shares of the Feb 20 lot replace 5 of the 10 "
        "shares sold from the June lot ($50 disallowed); the Feb 20 row itself is not washed",
        """
        accounts me:taxable
        2023-06-01 me buy XYZ 10 @50
        2024-02-20 me buy XYZ 10 @48
        2024-03-01 me sell XYZ 15 @40
        """,
        rows=[
            "2024-03-01 me XYZ 10 2023-06-01 400.00 500.00 50.00 -50.00 short",
            "2024-03-01 me XYZ 5 2024-02-20 200.00 240.00 0.00 -40.00 short",
        ],
        lots=["me XYZ 5 290.00 2023-06-01 2024-02-20 adjusted"],
    ),
    Case(
        "replacements-in-acquisition-order",
        "Treas. Reg. 1.1091-1(d): replacement shares matched in the order acquired (30 + 50 + "
        "20 of 40); each absorbs one washed share",
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 100 @10
        2024-03-01 me sell XYZ 100 @9
        2024-03-06 me buy XYZ 30 @9
        2024-03-11 me buy XYZ 50 @9
        2024-03-21 me buy XYZ 40 @9
        """,
        rows=["2024-03-01 me XYZ 100 2024-01-02 900.00 1000.00 100.00 0.00 short"],
        lots=[
            "me XYZ 30 300.00 2024-01-07 2024-03-06 adjusted",
            "me XYZ 50 500.00 2024-01-12 2024-03-11 adjusted",
            "me XYZ 20 180.00 2024-03-21 2024-03-21 -",
            "me XYZ 20 200.00 2024-01-22 2024-03-21 adjusted",
        ],
    ),
    Case(
        "loss-sales-in-date-order",
        "Treas. Reg. 1.1091-1(b): losses processed in date order; the Mar 1 loss takes 100 of "
        "the 120 shares, the Mar 5 loss the other 20 (20 x $2 = $40)",
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 150 @10
        2024-03-01 me sell XYZ 100 @9
        2024-03-05 me sell XYZ 50 @8
        2024-03-10 me buy XYZ 120 @8
        """,
        rows=[
            "2024-03-01 me XYZ 100 2024-01-02 900.00 1000.00 100.00 0.00 short",
            "2024-03-05 me XYZ 50 2024-01-02 400.00 500.00 40.00 -60.00 short",
        ],
        lots=[
            "me XYZ 20 200.00 2024-01-07 2024-03-10 adjusted",
            "me XYZ 100 900.00 2024-01-11 2024-03-10 adjusted",
        ],
    ),
    Case(
        "tacked-holding-period-makes-long-term",
        "IRC 1223(3), Pub. 550: replacement's holding period includes the 302 days the sold "
        "shares were held (acquired Nov 15 - 302 days = Jan 17, 2023): long-term on Jan 20, 2024",
        """
        accounts me:taxable
        2023-01-03 me buy XYZ 10 @100
        2023-11-01 me sell XYZ 10 @80
        2023-11-15 me buy XYZ 10 @82
        2024-01-20 me sell XYZ 10 @90
        """,
        rows=[
            "2023-11-01 me XYZ 10 2023-01-03 800.00 1000.00 200.00 0.00 short",
            "2024-01-20 me XYZ 10 2023-01-17 900.00 1020.00 0.00 -120.00 long",
        ],
        lots=[],
    ),
    Case(
        "chain-of-wash-sales",
        "Pub. 550 / IRC 1091(d): a replacement sold at a loss and washed again carries its "
        "adjusted basis and tacked period on (368 days: Feb 1, 2024 - 368 = Jan 29, 2023)",
        """
        accounts me:taxable
        2023-01-03 me buy XYZ 10 @100
        2023-11-01 me sell XYZ 10 @80
        2023-11-15 me buy XYZ 10 @82
        2024-01-20 me sell XYZ 10 @90
        2024-02-01 me buy XYZ 10 @88
        """,
        rows=[
            "2023-11-01 me XYZ 10 2023-01-03 800.00 1000.00 200.00 0.00 short",
            "2024-01-20 me XYZ 10 2023-01-17 900.00 1020.00 120.00 0.00 long",
        ],
        lots=["me XYZ 10 1000.00 2023-01-29 2024-02-01 adjusted"],
        wash_events=2,
    ),
    Case(
        "declared-identical-group",
        "Treas. Reg. 1.1091-1(a) 'substantially identical' with a user-declared group: buying "
        "VOO replaces 5 shares of a VFIAX loss",
        """
        accounts me:taxable
        2024-01-02 me buy VFIAX 10 @100
        2024-03-01 me sell VFIAX 10 @90
        2024-03-05 me buy VOO 5 @95
        """,
        groups=(("VFIAX", "VOO"),),
        rows=["2024-03-01 me VFIAX 10 2024-01-02 900.00 1000.00 50.00 -50.00 short"],
        lots=["me VOO 5 525.00 2024-01-06 2024-03-05 adjusted"],
    ),
    Case(
        "different-symbols-not-identical",
        "Pub. 550: stock of a different issuer is not substantially identical (no group)",
        """
        accounts me:taxable
        2024-01-02 me buy VFIAX 10 @100
        2024-03-01 me sell VFIAX 10 @90
        2024-03-05 me buy VOO 5 @95
        """,
        rows=["2024-03-01 me VFIAX 10 2024-01-02 900.00 1000.00 0.00 -100.00 short"],
        lots=["me VOO 5 475.00 2024-03-05 2024-03-05 -"],
    ),
    Case(
        "replacement-already-sold-adjusted-retroactively",
        "IRC 1091(a) asks only that replacements were acquired in the window: the Feb 10 shares, "
        "sold Feb 15, get the $100 (their row turns into a $80 loss) and the June holding period",
        """
        accounts me:taxable
        2023-06-01 me buy XYZ 10 @50
        2024-02-10 me buy XYZ 10 @40 lot=B
        2024-02-15 me sell XYZ 10 @42 lot=B
        2024-03-01 me sell XYZ 10 @40
        """,
        rows=[
            "2024-02-15 me XYZ 10 2023-06-01 420.00 500.00 0.00 -80.00 short",
            "2024-03-01 me XYZ 10 2023-06-01 400.00 500.00 100.00 0.00 short",
        ],
        lots=[],
    ),
    Case(
        "hifo-relief-then-wash",
        "Issue: relief first, then the wash test per row; the Jan 2 lot (within 30 days before) "
        "replaces the HIFO-sold Jan 3 lot, and the next HIFO sale uses its adjusted basis (65/sh)",
        """
        accounts me:taxable:self:hifo
        2024-01-02 me buy XYZ 10 @50
        2024-01-03 me buy XYZ 10 @60
        2024-02-01 me sell XYZ 10 @45
        2024-02-05 me sell XYZ 5 @45
        """,
        rows=[
            "2024-02-01 me XYZ 10 2024-01-03 450.00 600.00 150.00 0.00 short",
            "2024-02-05 me XYZ 5 2024-01-02 225.00 325.00 0.00 -100.00 short",
        ],
        lots=["me XYZ 5 325.00 2024-01-02 2024-01-02 adjusted"],
    ),
    Case(
        "household-transfer-is-not-an-acquisition",
        "Pub. 550 'Wash Sales' (acquire = buy or contract to buy): moving shares between the "
        "household's accounts keeps basis and dates and replaces nothing",
        """
        accounts b:taxable w:taxable:spouse
        2023-01-02 b buy XYZ 20 @100
        2024-03-01 b transfer_out XYZ 10
        2024-03-01 w transfer_in XYZ 10
        2024-03-10 b sell XYZ 10 @80
        """,
        rows=["2024-03-10 b XYZ 10 2023-01-02 800.00 1000.00 0.00 -200.00 long"],
        lots=["w XYZ 10 1000.00 2023-01-02 2023-01-02 -"],
    ),
    Case(
        "ira-sale-not-reportable",
        "Pub. 590-B / IRC 408(e): sales inside an IRA are not reported and their losses are "
        "not washed",
        """
        accounts ira:traditional_ira me:taxable
        2024-01-02 ira buy XYZ 10 @100
        2024-03-01 ira sell XYZ 10 @80
        2024-03-05 me buy XYZ 10 @80
        """,
        rows=[],
        lots=["me XYZ 10 800.00 2024-03-05 2024-03-05 -"],
        sheltered=1,
        wash_events=0,
    ),
    Case(
        "stock-split",
        "Pub. 550 'Stock Splits': the basis is spread over the new shares; dates unchanged",
        """
        accounts me:taxable
        2023-01-02 me buy XYZ 10 @100
        2023-06-01 me split XYZ 2
        2024-03-01 me sell XYZ 20 @60
        """,
        rows=["2024-03-01 me XYZ 20 2023-01-02 1200.00 1000.00 0.00 200.00 long"],
    ),
    Case(
        "pro-rata-proceeds-rounded-per-row",
        "Form 8949 instructions: each row in dollars and cents; totals are sums of the rows "
        "($100 over three rows is 33.33 x 3 = 99.99)",
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 1 @10
        2024-01-03 me buy XYZ 1 @10
        2024-01-04 me buy XYZ 1 @10
        2024-02-01 me sell XYZ 3 amount=100
        """,
        rows=[
            "2024-02-01 me XYZ 1 2024-01-02 33.33 10.00 0.00 23.33 short",
            "2024-02-01 me XYZ 1 2024-01-03 33.33 10.00 0.00 23.33 short",
            "2024-02-01 me XYZ 1 2024-01-04 33.33 10.00 0.00 23.33 short",
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_scenario(case: Case) -> None:
    assert case.cite, "every scenario cites the rule it encodes"
    transactions, accounts = parse_ledger(case.ledger)
    if case.error is not None:
        with pytest.raises(TaxError) as caught:
            realize(
                transactions, accounts, method_override=case.method, identical_groups=case.groups
            )
        assert case.error in str(caught.value)
        assert caught.value.ref, "the error names the offending transaction"
        return
    result = realize(
        transactions, accounts, method_override=case.method, identical_groups=case.groups
    )
    if case.rows is not None:
        assert _rows(result) == case.rows
    if case.lots is not None:
        assert _lots(result) == case.lots
    if case.permanent is not None:
        total = sum(row.permanently_disallowed for row in result.realized)
        assert f"{to_cents(total):f}" == case.permanent
        assert all(event.permanent for event in result.wash_sales)
    if case.sheltered is not None:
        assert len(result.sheltered) == case.sheltered
    if case.wash_events is not None:
        assert len(result.wash_sales) == case.wash_events


def test_there_are_at_least_forty_scenarios() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


def test_transfer_out_of_the_household_leaves_and_replaces_nothing() -> None:
    """Shares moved out (no household account takes them in) leave the lots; not replacements."""
    transactions, accounts = parse_ledger(
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 10 @10
        2024-02-20 me buy XYZ 5 @9
        2024-02-21 me transfer_out XYZ 5
        2024-03-01 me sell XYZ 10 @8
        """
    )
    result = realize(transactions, accounts)
    # FIFO moves the Jan 2 shares out first; 5 of them left, 5 Feb 20 shares stay
    assert [(lot.quantity, lot.purchase_date.isoformat()) for lot in result.transferred_out] == [
        (Decimal(5), "2024-01-02")
    ]
    (row_a, row_b) = result.realized
    assert (row_a.quantity, row_b.quantity) == (Decimal(5), Decimal(5))
    # the Feb 20 shares are sold in the same sale: nothing replaces the Jan 2 loss
    assert row_a.wash_sale_disallowed == 0 and not result.wash_sales
    assert result.lots == ()


def test_transfer_in_from_outside_keeps_its_acquired_date() -> None:
    """A transfer in from outside (basis in amount, acquired date given) is not an acquisition."""
    transactions, accounts = parse_ledger(
        """
        accounts me:taxable
        2024-03-01 me transfer_in XYZ 10 amount=1000 acquired=2022-05-01
        2024-03-05 me sell XYZ 10 @80
        2024-03-10 me transfer_in XYZ 10 amount=800
        """
    )
    result = realize(transactions, accounts)
    (row,) = result.realized
    assert (row.term.value, row.acquired_date.isoformat()) == ("long", "2022-05-01")
    assert row.gain == Decimal(-200) and row.wash_sale_disallowed == 0
    (lot,) = result.lots
    assert lot.cost_basis == Decimal(800) and not lot.wash_adjusted
