"""Staleness in API responses (the real app through the shared ``client`` fixture)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from nestegg.app.market import service


def test_price_history_and_status_report_staleness(client: TestClient, session: Session) -> None:
    service.ensure_market_data(session, ["VTI"])
    history = client.get("/api/v1/prices/VTI", params={"start": "2026-07-01"}).json()
    freshness = history["freshness"]
    assert freshness["symbol"] == "VTI" and freshness["source"] == "bundled"
    assert freshness["last_date"] == "2026-07-13"
    # The bundled closes stop earlier (adjusted closes only after): valuations use closes.
    assert freshness["last_close_date"] == "2025-09-29"
    assert freshness["stale"] is True  # the shipped history ends in the past: offline data say so
    status = client.get("/api/v1/market/status", params={"symbol": ["vti"]}).json()
    assert [(s["symbol"], s["stale"]) for s in status] == [("VTI", True)]
    everything = client.get("/api/v1/market/status").json()
    assert "VTI" in {s["symbol"] for s in everything} and "USD" not in {
        s["symbol"] for s in everything
    }
