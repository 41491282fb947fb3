"""The ledger over HTTP: accounts, transactions, import upload, export and holdings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from nestegg.app.ledger.importers.canonical import HEADER

HEAD = ",".join(HEADER)


def add_account(
    client: TestClient, name: str = "Brokerage", type_: str = "taxable"
) -> dict[str, object]:
    response = client.post("/api/v1/accounts", json={"name": name, "type": type_})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_account_crud(client: TestClient) -> None:
    created = add_account(client, "Roth", "roth_ira")
    assert created["tax_treatment"] == "tax_free"
    assert created["market_value"] == "0.00"
    duplicate = client.post("/api/v1/accounts", json={"name": "Roth", "type": "taxable"})
    assert duplicate.status_code == 409
    renamed = client.patch(f"/api/v1/accounts/{created['id']}", json={"name": "Sam Roth IRA"})
    assert renamed.json()["name"] == "Sam Roth IRA"
    assert client.delete(f"/api/v1/accounts/{created['id']}").status_code == 204
    assert client.get("/api/v1/accounts").json() == []
    archived = client.get("/api/v1/accounts", params={"include_archived": True}).json()
    assert [a["archived"] for a in archived] == [True]
    assert client.get("/api/v1/accounts/9999").status_code == 404


def test_transaction_crud_rebooks_and_rejects_impossible_edits(client: TestClient) -> None:
    add_account(client)
    buy = client.post(
        "/api/v1/transactions",
        json={
            "date": "2024-01-02",
            "account": "Brokerage",
            "action": "buy",
            "symbol": "vti",
            "quantity": "10",
            "price": "236.17",
            "fees": "1",
        },
    )
    assert buy.status_code == 201, buy.text
    assert buy.json()["symbol"] == "VTI"
    assert buy.json()["quantity"] == "10"
    sell = client.post(
        "/api/v1/transactions",
        json={
            "date": "2024-06-03",
            "account": "Brokerage",
            "action": "sell",
            "symbol": "VTI",
            "quantity": "4",
            "price": "260",
        },
    )
    assert sell.status_code == 201
    # Shrinking the purchase below what was sold later is an impossible state.
    edit = client.put(
        f"/api/v1/transactions/{buy.json()['id']}",
        json={
            "date": "2024-01-02",
            "account": "Brokerage",
            "action": "buy",
            "symbol": "VTI",
            "quantity": "3",
            "price": "236.17",
        },
    )
    assert edit.status_code == 422
    assert "exceeds the 3 held" in edit.json()["detail"]
    # Deleting the purchase is impossible too; deleting the sale is fine.
    assert client.delete(f"/api/v1/transactions/{buy.json()['id']}").status_code == 422
    assert client.delete(f"/api/v1/transactions/{sell.json()['id']}").status_code == 204
    page = client.get("/api/v1/transactions", params={"symbol": "VTI"}).json()
    assert page["total"] == 1
    assert page["items"][0]["fees"] == "1"


@pytest.mark.parametrize(
    "bad",
    [
        {"quantity": False},
        {"quantity": "1e5"},
        {"quantity": "-3"},
        {"price": "abc"},
        {"action": "purchase"},
        {"date": "2024-02-30"},
        {"unexpected": 1},
    ],
)
def test_malformed_transactions_get_422_problems(
    client: TestClient, bad: dict[str, object]
) -> None:
    add_account(client)
    body = {
        "date": "2024-01-02",
        "account": "Brokerage",
        "action": "buy",
        "symbol": "VTI",
        "quantity": "1",
        "price": "100",
        **bad,
    }
    response = client.post("/api/v1/transactions", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 422


def test_import_upload_reports_every_bad_row_then_imports_the_fixed_file(
    client: TestClient,
) -> None:
    bad = "\n".join(
        [
            HEAD,
            "2024-01-02,Brokerage,taxable,self,deposit,,,,5000,,,",
            "2024-01-03,Brokerage,taxable,self,buy,VTI,abc,236.17,,,,",
            "2024-01-04,Brokerage,taxable,self,buy,VTI,2,,,,,",
        ]
    )
    response = client.post(
        "/api/v1/imports", files={"file": ("mine.csv", bad.encode(), "text/csv")}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["file"], e["line"], e["field"]) for e in errors] == [
        ("mine.csv", 3, "quantity"),
        ("mine.csv", 4, "price"),
    ]
    assert client.get("/api/v1/transactions").json()["total"] == 0

    fixed = bad.replace(",abc,", ",2,").replace(",2,,,,,", ",2,240,,,,")
    preview = client.post(
        "/api/v1/imports",
        params={"dry_run": True},
        files={"file": ("mine.csv", fixed.encode(), "text/csv")},
    )
    assert preview.json()["imported"] == 3
    assert client.get("/api/v1/transactions").json()["total"] == 0
    done = client.post("/api/v1/imports", files={"file": ("mine.csv", fixed.encode(), "text/csv")})
    assert done.json() == {
        "file": "mine.csv",
        "rows": 3,
        "imported": 3,
        "duplicates": 0,
        "accounts_created": ["Brokerage"],
    }
    exported = client.get("/api/v1/export")
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text.splitlines()[0] == HEAD


def test_holdings_for_the_demo_household(client: TestClient) -> None:
    from nestegg.app.ledger.demo import DEMO_CSV

    upload = client.post(
        "/api/v1/imports", files={"file": ("demo.csv", DEMO_CSV.read_bytes(), "text/csv")}
    )
    assert upload.status_code == 200, upload.text
    body = client.get("/api/v1/holdings", params={"include_lots": True}).json()
    assert body["as_of"] == "2025-09-29"
    total = Decimal(body["total_value"])
    assert Decimal(150000) <= total <= Decimal(300000)
    assert sum(Decimal(p["market_value"]) for p in body["positions"]) == pytest.approx(
        total, abs=Decimal("0.2")
    )
    weights = sum(Decimal(b["weight"]) for b in body["by_asset_class"])
    assert abs(weights - 1) < Decimal("1e-20")
    classes = {b["key"] for b in body["by_asset_class"]}
    assert {"us_equity", "us_bond", "cash"} <= classes
    vti = next(
        p for p in body["positions"] if p["symbol"] == "VTI" and p["account"] == "Joint Brokerage"
    )
    assert vti["lots"], "lot drill-down"
    assert {lot["term"] for lot in vti["lots"]} == {"long"}
    assert all(lot["days_until_long_term"] == 0 for lot in vti["lots"])
    # VTI closed at 327.18 on 2025-09-26 and 327.10 on 2025-09-29 (real data).
    assert vti["previous_close"] == "327.18"
    expected = (Decimal(vti["quantity"]) * Decimal("-0.08")).quantize(Decimal("0.01"))
    assert Decimal(vti["day_change"]) == expected
    rounded_sum = sum(
        (Decimal(p["day_change"]) for p in body["positions"] if p["day_change"] is not None),
        Decimal(0),
    )
    assert abs(Decimal(body["day_change"]) - rounded_sum) <= Decimal("0.01") * len(
        body["positions"]
    )
    assert Decimal(vti["market_value"]) == (
        Decimal(vti["quantity"]) * Decimal(vti["price"])
    ).quantize(Decimal("0.01"))
    account_id = next(
        a["id"] for a in client.get("/api/v1/accounts").json() if a["name"] == "Sam Roth IRA"
    )
    only = client.get("/api/v1/holdings", params={"account_id": account_id}).json()
    assert {p["account"] for p in only["positions"]} == {"Sam Roth IRA"}
    history = client.get("/api/v1/prices/VTI", params={"start": "2025-09-01"}).json()
    closes = [p for p in history["prices"] if p["close"] is not None]
    assert closes[-1]["date"] == "2025-09-29"
    assert closes[-1]["source"] == "bundled"
    assert history["prices"][-1]["adj_close"] is not None
    securities = {s["symbol"]: s for s in client.get("/api/v1/securities").json()}
    assert securities["VTI"]["asset_class"] == "us_equity"


def test_openapi_and_health(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/holdings" in schema["paths"]
    assert "/api/v1/vault/unlock" in schema["paths"]
