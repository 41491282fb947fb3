"""Importing files into the store: all or nothing, every bad row reported, idempotent."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nestegg.app.ledger import repository, service
from nestegg.app.ledger.importers import FileImportError, parse_file
from nestegg.app.ledger.importers.canonical import HEADER, parse_canonical_csv

HEAD = ",".join(HEADER)


def good_rows(n: int) -> list[str]:
    rows = ["2020-01-02,Brokerage,taxable,self,deposit,,,,1000000,,,"]
    for i in range(n - 1):
        day = f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}"
        rows.append(f"{day},Brokerage,taxable,self,buy,VTI,1,{100 + i % 50}.25,,,,")
    return rows


def test_three_bad_rows_among_a_thousand_are_all_reported_and_nothing_is_written(
    session: Session,
) -> None:
    rows = good_rows(1000)
    rows[100] = "2020-02-30,Brokerage,taxable,self,buy,VTI,1,100,,,,"  # impossible date
    rows[500] = "2020-03-02,Brokerage,taxable,self,buy,VTI,-1,100,,,,"  # negative quantity
    rows[900] = "2020-03-02,Brokerage,taxable,self,purchase,VTI,1,100,,,,"  # unknown action
    text = "\n".join([HEAD, *rows]) + "\n"
    with pytest.raises(FileImportError) as info:
        parse_canonical_csv(text, file="big.csv")
    errors = [(e.file, e.line, e.field) for e in info.value.errors]
    assert errors == [
        ("big.csv", 102, "date"),
        ("big.csv", 502, "quantity"),
        ("big.csv", 902, "action"),
    ]
    assert repository.all_transactions(session) == []


def test_selling_more_than_held_names_the_line_and_writes_nothing(session: Session) -> None:
    text = "\n".join(
        [
            HEAD,
            "2020-01-02,Brokerage,taxable,self,buy,VTI,2,100,,,,",
            "2020-02-03,Brokerage,taxable,self,sell,VTI,3,110,,,,",
        ]
    )
    parsed = parse_canonical_csv(text, file="oversell.csv")
    with pytest.raises(FileImportError) as info:
        service.import_ledger(session, parsed)
    (error,) = info.value.errors
    assert (error.file, error.line) == ("oversell.csv", 3)
    assert "exceeds the 2 held" in error.message
    assert repository.all_transactions(session) == []
    assert service.accounts(session) == {}


def test_importing_the_same_file_twice_writes_nothing_the_second_time(session: Session) -> None:
    text = "\n".join([HEAD, *good_rows(50), good_rows(50)[-1]]) + "\n"
    first = service.import_ledger(session, parse_canonical_csv(text, file="a.csv"))
    assert (first.imported, first.duplicates, first.accounts_created) == (51, 0, ["Brokerage"])
    again = parse_canonical_csv(text, file="a.csv", known_accounts=service.accounts(session))
    second = service.import_ledger(session, again)
    assert (second.imported, second.duplicates) == (0, 51)
    assert len(repository.all_transactions(session)) == 51


def test_import_export_import_export_is_byte_identical(session: Session) -> None:
    from nestegg.app.ledger.demo import DEMO_CSV
    from nestegg.app.ledger.models import AccountRow, TransactionRow

    service.import_ledger(session, parse_canonical_csv(DEMO_CSV.read_text(), file="demo"))
    first = io.StringIO()
    service.export_csv(session, first)

    session.execute(sa.delete(TransactionRow))
    session.execute(sa.delete(AccountRow))
    assert repository.all_transactions(session) == []

    service.import_ledger(session, parse_canonical_csv(first.getvalue(), file="export.csv"))
    second = io.StringIO()
    service.export_csv(session, second)
    assert second.getvalue() == first.getvalue()
    assert first.getvalue().count("\n") == len(repository.all_transactions(session)) + 1


def test_parse_file_detects_the_format_and_rejects_binary() -> None:
    with pytest.raises(FileImportError) as info:
        parse_file("x.csv", b"\xff\xfe\x00garbage")
    assert info.value.errors[0].field == "file"


def test_holdings_values_the_ledger_at_bundled_prices(session: Session) -> None:
    text = "\n".join(
        [
            HEAD,
            "2024-01-02,Brokerage,taxable,self,deposit,,,,10000,,,",
            "2024-01-02,Brokerage,taxable,self,buy,VTI,10,236.17,,1,,",
        ]
    )
    service.import_ledger(session, parse_canonical_csv(text, file="h.csv"))
    valuation = service.holdings(session)
    vti = next(h for h in valuation.holdings if h.symbol == "VTI")
    assert valuation.as_of is not None
    assert vti.price is not None
    assert vti.price_date == valuation.as_of
    assert vti.market_value == vti.price * 10
    assert vti.cost_basis == Decimal("2362.70")
    cash = next(h for h in valuation.holdings if h.symbol == "USD")
    assert cash.market_value == Decimal("10000") - Decimal("2362.70")
    assert valuation.total_value == vti.price * 10 + cash.quantity
