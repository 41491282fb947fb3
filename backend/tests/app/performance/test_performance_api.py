"""GET /api/v1/performance/history for the demo household."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from fastapi.testclient import TestClient


def test_history_ends_at_the_holdings_value(client: TestClient) -> None:
    from nestegg.app.ledger.demo import DEMO_CSV

    client.post("/api/v1/imports", files={"file": ("demo.csv", DEMO_CSV.read_bytes(), "text/csv")})
    holdings = client.get("/api/v1/holdings").json()
    history = client.get("/api/v1/performance/history").json()
    assert history["benchmark"] == "VTI"
    assert history["as_of"] == holdings["as_of"] == "2025-09-29"
    points = history["points"]
    assert points[0]["date"] == "2019-10-01"
    assert points[-1]["date"] == "2025-09-29"
    assert points[-1]["value"] == holdings["total_value"]
    assert Decimal(points[-1]["net_contributions"]) < Decimal(points[-1]["value"])
    # No day jumps by more than 15 % (splits in the data must not show up as jumps).
    values = [Decimal(p["value"]) for p in points]
    assert max(abs(b / a - 1) for a, b in pairwise(values)) < Decimal("0.15")
    later = client.get(
        "/api/v1/performance/history", params={"start": "2025-01-02", "benchmark": ""}
    )
    assert later.json()["points"][0]["date"] == "2025-01-02"
    assert later.json()["benchmark"] is None


def test_history_of_an_empty_ledger(client: TestClient) -> None:
    body = client.get("/api/v1/performance/history").json()
    assert body["points"] == []
