"""The tax API on a real store: realized gains, lots, wash sales, summary, Form 8949."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from fastapi.testclient import TestClient

HEAD = "date,account,account_type,owner,action,symbol,quantity,price,amount,fees,lot,note"
# Pub. 550 "Wash Sales": a loss sale with substantially identical shares bought within 30 days
# (here by the spouse's IRA, which makes the disallowance permanent — Rev. Rul. 2008-5) and in
# the taxable account itself (basis added to the replacement).
LEDGER = "\n".join(
    [
        HEAD,
        "2024-01-02,Taxable,taxable,self,buy,VXUS,100,60,,,,",
        "2024-03-01,Taxable,,,sell,VXUS,100,55,,,,",
        "2024-03-10,Taxable,,,buy,VXUS,40,56,,,,",
        "2024-03-15,Spouse IRA,traditional_ira,spouse,buy,VXUS,60,57,,,,",
        "2024-11-04,Taxable,,,sell,VXUS,40,62,,,,",
    ]
)


def load(client: TestClient) -> None:
    response = client.post(
        "/api/v1/imports", files={"file": ("t.csv", LEDGER.encode(), "text/csv")}
    )
    assert response.status_code == 200, response.text


def test_realized_rows_and_wash_sales(client: TestClient) -> None:
    load(client)
    page = client.get("/api/v1/tax/realized", params={"year": 2024}).json()
    assert page["years"] == [2024]
    first, second = page["rows"]
    assert (first["proceeds"], first["cost_basis"], first["wash_sale_disallowed"]) == (
        "5500.00",
        "6000.00",
        "500.00",
    )
    assert first["gain"] == "0.00"
    assert first["permanently_disallowed"] == "300.00"
    # The taxable replacement carries 40 × $5 of the disallowed loss; its holding period starts
    # with the sold shares' (2024-01-02 + the days held), so its sale in November is short-term.
    assert Decimal(second["cost_basis"]) == Decimal(40 * 56 + 200)
    assert second["gain"] == "40.00"
    assert (second["purchase_date"], second["acquired_date"]) == ("2024-03-10", "2024-01-11")
    assert second["term"] == "short"
    washes = client.get("/api/v1/tax/wash-sales").json()
    assert sorted((w["replacement_account"], w["permanent"], w["disallowed"]) for w in washes) == [
        ("Spouse IRA", True, "300.00"),
        ("Taxable", False, "200.00"),
    ]


def test_summary_and_form_8949(client: TestClient) -> None:
    load(client)
    summary = client.get(
        "/api/v1/tax/summary",
        params={"year": 2024, "filing_status": "mfj", "ordinary_income": "90000"},
    ).json()
    assert summary["short_term_gain"] == "40.00"
    assert summary["wash_sale_disallowed_total"] == "500.00"
    assert summary["permanently_disallowed_total"] == "300.00"
    text = client.get("/api/v1/tax/form-8949.csv", params={"year": 2024}).text
    rows = list(csv.reader(io.StringIO(text)))
    assert any("W" in row for row in rows)
    assert client.get("/api/v1/tax/summary", params={"filing_status": "married"}).status_code == 422


def test_open_lots_with_term_and_days_until_long_term(client: TestClient) -> None:
    load(client)
    lots = client.get("/api/v1/tax/lots", params={"as_of": "2024-12-31"}).json()
    (ira,) = lots
    assert ira["account"] == "Spouse IRA"
    assert ira["term"] == "short"
    assert ira["days_until_long_term"] == 75  # acquired 2024-03-15: long-term from 2025-03-16
    assert ira["price"] is not None
