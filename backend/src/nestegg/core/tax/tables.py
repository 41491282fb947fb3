"""Federal tax tables per year: ordinary brackets, 0/15/20% capital-gain thresholds, NIIT.

These are data, not code: a new year is a new entry in :data:`TAX_TABLES`. Every figure is the
one published by the IRS in the year's inflation-adjustment Revenue Procedure:

- 2023: Rev. Proc. 2022-38, sections 3.01 (tax rate tables) and 3.03 (maximum capital gains
  rate amounts).
- 2024: Rev. Proc. 2023-34, sections 3.01 and 3.03.
- 2025: Rev. Proc. 2024-40, sections 3.01 and 3.03. The One Big Beautiful Bill Act (P.L.
  119-21, July 4, 2025) made the TCJA rate structure permanent and gave the 10%/12% (and 22%)
  brackets an extra year of inflation adjustment, but only for taxable years beginning after
  December 31, 2025; Rev. Proc. 2025-32 restates 2025 amounts only for provisions the Act
  changed for 2025 (e.g. the standard deduction), not the 2025 rate tables. The 2025 brackets
  below are therefore those of Rev. Proc. 2024-40.
- 2026: Rev. Proc. 2025-32, sections 4.01 and 4.03 (reflecting the One Big Beautiful Bill Act).

Verification (done when the tables were written): every figure was checked against two
independent published copies: the IRS-sourced parameter list in PSLmodels/Tax-Calculator
``update_pcl.py`` (which cites rp-22-38, rp-23-34, rp-24-40 and rp-25-32 and keeps the 2025
brackets unchanged after the OBBBA update), and tax-practitioner tables of each year (IRS
newsroom figures for 2024 and 2025; the 2026 single and joint brackets also from the
planomy-tax-data set citing Rev. Proc. 2025-32). No figure is unverified.

The net investment income tax thresholds are fixed by statute and not indexed for inflation
(IRC section 1411(b)); the capital loss limit is IRC section 1211(b).

Amounts are dollars of taxable income. A bracket applies from its ``start`` (exclusive) to the
next bracket's start (inclusive), as in the Revenue Procedures' "over ... but not over" tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from nestegg.core.tax.model import TaxError


class FilingStatus(StrEnum):
    SINGLE = "single"
    MARRIED_JOINT = "mfj"
    MARRIED_SEPARATE = "mfs"
    HEAD_OF_HOUSEHOLD = "hoh"


@dataclass(frozen=True, slots=True)
class Bracket:
    """A marginal rate applying to taxable income above ``start``."""

    start: Decimal
    rate: Decimal


@dataclass(frozen=True, slots=True)
class CapitalGainThresholds:
    """Top of the 0% and of the 15% capital-gain rate bands (taxable income, IRC 1(h)(1))."""

    zero_rate_max: Decimal
    fifteen_rate_max: Decimal


@dataclass(frozen=True, slots=True)
class TaxYearTables:
    year: int
    source: str
    ordinary: Mapping[FilingStatus, tuple[Bracket, ...]]
    capital_gains: Mapping[FilingStatus, CapitalGainThresholds]


_RATES = tuple(Decimal(r) for r in ("0.10", "0.12", "0.22", "0.24", "0.32", "0.35", "0.37"))


def _brackets(*starts: int) -> tuple[Bracket, ...]:
    """The seven TCJA/OBBBA brackets from the starts of the 12% … 37% bands."""
    assert len(starts) == len(_RATES) - 1
    return tuple(
        Bracket(Decimal(start), rate) for start, rate in zip((0, *starts), _RATES, strict=True)
    )


def _cg(zero_max: int, fifteen_max: int) -> CapitalGainThresholds:
    return CapitalGainThresholds(Decimal(zero_max), Decimal(fifteen_max))


_S, _MFJ, _MFS, _HOH = (
    FilingStatus.SINGLE,
    FilingStatus.MARRIED_JOINT,
    FilingStatus.MARRIED_SEPARATE,
    FilingStatus.HEAD_OF_HOUSEHOLD,
)

TAX_TABLES: Mapping[int, TaxYearTables] = {
    2023: TaxYearTables(
        year=2023,
        source="Rev. Proc. 2022-38 §3.01 (Tables 1-4), §3.03",
        ordinary={
            _S: _brackets(11_000, 44_725, 95_375, 182_100, 231_250, 578_125),
            _MFJ: _brackets(22_000, 89_450, 190_750, 364_200, 462_500, 693_750),
            _MFS: _brackets(11_000, 44_725, 95_375, 182_100, 231_250, 346_875),
            _HOH: _brackets(15_700, 59_850, 95_350, 182_100, 231_250, 578_100),
        },
        capital_gains={
            _S: _cg(44_625, 492_300),
            _MFJ: _cg(89_250, 553_850),
            _MFS: _cg(44_625, 276_900),
            _HOH: _cg(59_750, 523_050),
        },
    ),
    2024: TaxYearTables(
        year=2024,
        source="Rev. Proc. 2023-34 §3.01 (Tables 1-4), §3.03",
        ordinary={
            _S: _brackets(11_600, 47_150, 100_525, 191_950, 243_725, 609_350),
            _MFJ: _brackets(23_200, 94_300, 201_050, 383_900, 487_450, 731_200),
            _MFS: _brackets(11_600, 47_150, 100_525, 191_950, 243_725, 365_600),
            _HOH: _brackets(16_550, 63_100, 100_500, 191_950, 243_700, 609_350),
        },
        capital_gains={
            _S: _cg(47_025, 518_900),
            _MFJ: _cg(94_050, 583_750),
            _MFS: _cg(47_025, 291_850),
            _HOH: _cg(63_000, 551_350),
        },
    ),
    2025: TaxYearTables(
        year=2025,
        source="Rev. Proc. 2024-40 §3.01 (Tables 1-4), §3.03; rate tables not changed for 2025 "
        "by the One Big Beautiful Bill Act (see Rev. Proc. 2025-32)",
        ordinary={
            _S: _brackets(11_925, 48_475, 103_350, 197_300, 250_525, 626_350),
            _MFJ: _brackets(23_850, 96_950, 206_700, 394_600, 501_050, 751_600),
            _MFS: _brackets(11_925, 48_475, 103_350, 197_300, 250_525, 375_800),
            _HOH: _brackets(17_000, 64_850, 103_350, 197_300, 250_500, 626_350),
        },
        capital_gains={
            _S: _cg(48_350, 533_400),
            _MFJ: _cg(96_700, 600_050),
            _MFS: _cg(48_350, 300_000),
            _HOH: _cg(64_750, 566_700),
        },
    ),
    2026: TaxYearTables(
        year=2026,
        source="Rev. Proc. 2025-32 §4.01 (Tables 1-4), §4.03 (after the One Big Beautiful "
        "Bill Act)",
        ordinary={
            _S: _brackets(12_400, 50_400, 105_700, 201_775, 256_225, 640_600),
            _MFJ: _brackets(24_800, 100_800, 211_400, 403_550, 512_450, 768_700),
            _MFS: _brackets(12_400, 50_400, 105_700, 201_775, 256_225, 384_350),
            _HOH: _brackets(17_700, 67_450, 105_700, 201_750, 256_200, 640_600),
        },
        capital_gains={
            _S: _cg(49_450, 545_500),
            _MFJ: _cg(98_900, 613_700),
            _MFS: _cg(49_450, 306_850),
            _HOH: _cg(66_200, 579_600),
        },
    ),
}

NIIT_RATE = Decimal("0.038")
"""Net investment income tax rate, IRC section 1411(a)(1)."""

NIIT_THRESHOLDS: Mapping[FilingStatus, Decimal] = {
    # IRC section 1411(b): $250,000 joint (and surviving spouse), $125,000 married filing
    # separately, $200,000 otherwise. Not indexed for inflation.
    FilingStatus.SINGLE: Decimal(200_000),
    FilingStatus.MARRIED_JOINT: Decimal(250_000),
    FilingStatus.MARRIED_SEPARATE: Decimal(125_000),
    FilingStatus.HEAD_OF_HOUSEHOLD: Decimal(200_000),
}

CAPITAL_LOSS_LIMIT: Mapping[FilingStatus, Decimal] = {
    # IRC section 1211(b)(1): $3,000, or $1,500 for a married individual filing separately.
    FilingStatus.SINGLE: Decimal(3_000),
    FilingStatus.MARRIED_JOINT: Decimal(3_000),
    FilingStatus.MARRIED_SEPARATE: Decimal(1_500),
    FilingStatus.HEAD_OF_HOUSEHOLD: Decimal(3_000),
}

LONG_TERM_RATES = (Decimal(0), Decimal("0.15"), Decimal("0.20"))
"""The 0/15/20% rates on net capital gain, IRC section 1(h)(1)(B)-(D)."""


def tables_for(year: int) -> TaxYearTables:
    """The tables of ``year``; :class:`TaxError` when the year is not (yet) in the data."""
    try:
        return TAX_TABLES[year]
    except KeyError:
        known = ", ".join(str(y) for y in sorted(TAX_TABLES))
        raise TaxError(f"no federal tax tables for {year} (known years: {known})") from None


def nearest_tables(year: int) -> TaxYearTables:
    """The tables of ``year``, else of the closest year that has them (an explicit fallback)."""
    if year in TAX_TABLES:
        return TAX_TABLES[year]
    closest = min(TAX_TABLES, key=lambda known: (abs(known - year), known))
    return TAX_TABLES[closest]
