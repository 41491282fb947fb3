"""Holding periods, the tax tables and the Form 8949 presentation."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from tax_ledger import parse_ledger

from nestegg.core.tax import (
    CAPITAL_LOSS_LIMIT,
    NIIT_THRESHOLDS,
    TAX_TABLES,
    FilingStatus,
    TaxError,
    Term,
    days_until_long_term,
    form_8949_csv,
    form_8949_rows,
    form_8949_totals,
    holding_term,
    long_term_date,
    nearest_tables,
    realize,
    tables_for,
)

d = dt.date


@pytest.mark.parametrize(
    ("acquired", "first_long"),
    [
        (d(2023, 2, 5), d(2024, 2, 6)),  # Pub. 550 "Holding Period" example
        (d(2015, 2, 28), d(2016, 3, 1)),  # period starts Mar 1, 2015 (Fairmark, Rev. Rul. 66-7)
        (d(2024, 2, 28), d(2025, 3, 1)),  # period starts Feb 29, 2024: no anniversary
        (d(2024, 2, 29), d(2025, 3, 1)),  # period starts Mar 1, 2024
        (d(2023, 12, 31), d(2025, 1, 1)),
    ],
)
def test_long_term_date(acquired: dt.date, first_long: dt.date) -> None:
    assert long_term_date(acquired) == first_long
    assert holding_term(acquired, first_long) is Term.LONG
    assert holding_term(acquired, first_long - dt.timedelta(days=1)) is Term.SHORT


def test_days_until_long_term() -> None:
    transactions, accounts = parse_ledger(
        """
        accounts me:taxable
        2024-01-02 me buy XYZ 10 @10
        """
    )
    (lot,) = realize(transactions, accounts).lots
    assert days_until_long_term(lot, d(2024, 1, 2)) == 367  # long-term from 2025-01-03 (leap year)
    assert days_until_long_term(lot, d(2025, 1, 2)) == 1
    assert days_until_long_term(lot, d(2025, 1, 3)) == 0
    assert days_until_long_term(lot, d(2026, 1, 1)) == 0


@pytest.mark.parametrize("year", sorted(TAX_TABLES))
def test_tables_are_complete_and_ordered(year: int) -> None:
    tables = TAX_TABLES[year]
    assert "Rev. Proc." in tables.source
    for status in FilingStatus:
        brackets = tables.ordinary[status]
        assert [b.rate for b in brackets] == [
            Decimal(r) for r in ("0.10", "0.12", "0.22", "0.24", "0.32", "0.35", "0.37")
        ]
        starts = [b.start for b in brackets]
        assert starts[0] == 0 and starts == sorted(starts) and len(set(starts)) == 7
        limits = tables.capital_gains[status]
        assert 0 < limits.zero_rate_max < limits.fifteen_rate_max


@pytest.mark.parametrize(
    ("year", "status", "twelve_from", "top_from", "zero_max", "fifteen_max"),
    [
        (2024, FilingStatus.SINGLE, 11_600, 609_350, 47_025, 518_900),  # Rev. Proc. 2023-34
        (2024, FilingStatus.MARRIED_JOINT, 23_200, 731_200, 94_050, 583_750),
        (2025, FilingStatus.MARRIED_SEPARATE, 11_925, 375_800, 48_350, 300_000),  # 2024-40
        (2025, FilingStatus.HEAD_OF_HOUSEHOLD, 17_000, 626_350, 64_750, 566_700),
        (2026, FilingStatus.SINGLE, 12_400, 640_600, 49_450, 545_500),  # Rev. Proc. 2025-32
        (2026, FilingStatus.MARRIED_SEPARATE, 12_400, 384_350, 49_450, 306_850),
    ],
)
def test_published_figures(
    year: int,
    status: FilingStatus,
    twelve_from: int,
    top_from: int,
    zero_max: int,
    fifteen_max: int,
) -> None:
    tables = tables_for(year)
    assert tables.ordinary[status][1].start == twelve_from
    assert tables.ordinary[status][-1].start == top_from
    assert tables.capital_gains[status].zero_rate_max == zero_max
    assert tables.capital_gains[status].fifteen_rate_max == fifteen_max


def test_statutory_constants() -> None:
    assert NIIT_THRESHOLDS[FilingStatus.SINGLE] == 200_000  # IRC 1411(b)
    assert NIIT_THRESHOLDS[FilingStatus.MARRIED_JOINT] == 250_000
    assert NIIT_THRESHOLDS[FilingStatus.MARRIED_SEPARATE] == 125_000
    assert NIIT_THRESHOLDS[FilingStatus.HEAD_OF_HOUSEHOLD] == 200_000
    assert CAPITAL_LOSS_LIMIT[FilingStatus.MARRIED_SEPARATE] == 1_500  # IRC 1211(b)
    assert CAPITAL_LOSS_LIMIT[FilingStatus.SINGLE] == 3_000


def test_table_lookup() -> None:
    with pytest.raises(TaxError, match="known years: 2023, 2024, 2025, 2026"):
        tables_for(2030)
    assert nearest_tables(2030).year == 2026
    assert nearest_tables(2010).year == 2023
    assert nearest_tables(2025).year == 2025


FORM_LEDGER = """
accounts me:taxable ira:roth_ira
2023-01-03 me buy XYZ 10 @5
2023-12-01 me buy XYZ 10 @15
2024-03-01 me sell XYZ 20 @10
2024-03-10 me buy XYZ 4 @10
2024-03-11 ira buy XYZ 2 @10
"""


def test_form_8949_rows_and_totals() -> None:
    transactions, accounts = parse_ledger(FORM_LEDGER)
    rows = form_8949_rows(realize(transactions, accounts).realized, year=2024)
    assert [row.term for row in rows] == [Term.SHORT, Term.LONG]  # Part I then Part II
    short, long = rows
    assert short.description == "10 sh. XYZ"
    assert short.code == "W"
    assert short.adjustment == Decimal("30.00")  # 4 shares in 'me' + 2 in the Roth: 6 x $5
    assert short.permanently_disallowed == Decimal("10.00")
    assert short.gain == short.proceeds - short.cost_basis + short.adjustment == Decimal("-20.00")
    assert long.code == "" and long.gain == Decimal("50.00")
    totals = form_8949_totals(rows, Term.SHORT)
    assert totals.gain == Decimal("-20.00") and totals.adjustment == Decimal("30.00")
    assert form_8949_rows(realize(transactions, accounts).realized, year=2023) == []


def test_form_8949_csv() -> None:
    transactions, accounts = parse_ledger(FORM_LEDGER)
    text = form_8949_csv(form_8949_rows(realize(transactions, accounts).realized))
    records = list(csv.reader(io.StringIO(text)))
    assert records[0] == [
        "part",
        "description",
        "date_acquired",
        "date_sold",
        "proceeds",
        "cost_basis",
        "code",
        "adjustment",
        "gain_or_loss",
    ]
    assert records[1] == [
        "I short-term",
        "10 sh. XYZ",
        "2023-12-01",
        "2024-03-01",
        "100.00",
        "150.00",
        "W",
        "30.00",
        "-20.00",
    ]
    assert records[2][:2] == ["I short-term", "Totals"] and records[2][-1] == "-20.00"
    assert records[3][0] == "II long-term" and records[3][-1] == "50.00"
    assert records[4][1] == "Totals" and records[4][-1] == "50.00"
