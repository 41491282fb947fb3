"""The bundled securities reference table: allowed values, unique symbols, full coverage."""

from __future__ import annotations

import csv
import gzip
import io
from decimal import Decimal
from importlib.resources import files

import pytest

from nestegg.app.ledger.demo import demo_csv_text
from nestegg.app.ledger.importers.canonical import parse_canonical_csv
from nestegg.core.ledger import CASH_SYMBOL, AssetClass, SecurityKind
from nestegg.core.money import parse_decimal

DATA = files("nestegg.app") / "market" / "data"
HEADER = ["symbol", "name", "kind", "asset_class", "expense_ratio"]
INDEXES = frozenset({"^GSPC"})
"""Price indexes in prices.csv.gz: they cannot be held, so they are not securities."""


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    text = (DATA / "securities.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == HEADER
    return list(reader)


def test_values_are_from_the_allowed_sets(rows: list[dict[str, str]]) -> None:
    kinds = {k.value for k in SecurityKind}
    classes = {c.value for c in AssetClass}
    for row in rows:
        assert row["symbol"] and row["symbol"] == row["symbol"].strip().upper(), row
        assert row["name"].strip(), row
        assert row["kind"] in kinds, row
        assert row["asset_class"] in classes, row
        if row["kind"] in ("stock", "cash"):
            assert row["expense_ratio"] == "", row
        else:
            ratio = parse_decimal(row["expense_ratio"])
            # A fraction, not a percentage: 0.0003 is 0.03%; nothing here costs 1% or more.
            assert Decimal(0) <= ratio < Decimal("0.01"), row


def test_symbols_are_unique(rows: list[dict[str, str]]) -> None:
    symbols = [row["symbol"] for row in rows]
    assert len(symbols) == len(set(symbols))


def test_size_and_cash_row(rows: list[dict[str, str]]) -> None:
    assert 60 <= len(rows) <= 80
    cash = next(row for row in rows if row["symbol"] == CASH_SYMBOL)
    assert cash == {
        "symbol": "USD",
        "name": "US dollar cash",
        "kind": "cash",
        "asset_class": "cash",
        "expense_ratio": "",
    }


def test_covers_every_symbol_of_the_price_file(rows: list[dict[str, str]]) -> None:
    with (DATA / "prices.csv.gz").open("rb") as raw, gzip.open(raw, "rt", newline="") as fh:
        priced = {row["symbol"] for row in csv.DictReader(fh)}
    missing = priced - INDEXES - {row["symbol"] for row in rows}
    assert not missing


def test_covers_every_symbol_of_the_demo_household(rows: list[dict[str, str]]) -> None:
    parsed = parse_canonical_csv(demo_csv_text(), file="household.csv")
    used = {tx.symbol for tx in parsed.transactions if tx.symbol}
    assert used
    assert not used - {row["symbol"] for row in rows}


def test_known_classifications(rows: list[dict[str, str]]) -> None:
    by_symbol = {row["symbol"]: row for row in rows}
    assert by_symbol["VTI"]["asset_class"] == "us_equity"
    assert by_symbol["BNDX"]["asset_class"] == "intl_bond"
    assert by_symbol["VWO"]["asset_class"] == "emerging_equity"
    assert by_symbol["TIP"]["asset_class"] == "tips"
    assert by_symbol["VTSAX"]["kind"] == "mutual_fund"
    assert by_symbol["NVDA"]["kind"] == "stock"
