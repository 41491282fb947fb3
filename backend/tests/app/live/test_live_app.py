"""The real app's WebSocket: cookie authentication, quotes for subscribed symbols, portfolio."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from nestegg.app.main import create_app
from nestegg.app.market.config import get_market_settings
from nestegg.app.security.store import Store
from nestegg.app.settings import Settings


@pytest.fixture
def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("NESTEGG_QUOTES", "replay")
    monkeypatch.setenv("NESTEGG_REPLAY_INTERVAL", "0.05")
    get_market_settings.cache_clear()
    settings = Settings(
        vault=tmp_path / "live.nestegg", kdf_memory_kib=8192, kdf_time_cost=1, kdf_parallelism=1
    )
    store = Store(settings)
    database = store.create("live passphrase")
    from nestegg.app.ledger.service import load_demo_household

    with database.session() as session:
        load_demo_household(session)
    yield TestClient(create_app(settings, store))
    monkeypatch.undo()
    get_market_settings.cache_clear()


def test_websocket_needs_the_session_cookie(demo_app: TestClient) -> None:
    with demo_app as client:
        with (
            pytest.raises(WebSocketDisconnect) as info,
            client.websocket_connect("/api/v1/ws") as ws,
        ):
            ws.receive_text()
        assert info.value.code == 4401


def test_quotes_and_portfolio_values_reach_a_signed_in_client(demo_app: TestClient) -> None:
    with demo_app as client:
        assert (
            client.post("/api/v1/vault/unlock", json={"passphrase": "live passphrase"}).status_code
            == 204
        )
        total = Decimal(client.get("/api/v1/holdings").json()["total_value"])
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_text(json.dumps({"type": "subscribe", "symbols": ["VTI"]}))
            kinds: dict[str, dict[str, str]] = {}
            for _ in range(200):
                message = json.loads(ws.receive_text())
                kinds.setdefault(message["type"], message)
                if message["type"] == "quote":
                    assert message["symbol"] == "VTI"
                if "quote" in kinds and "portfolio" in kinds:
                    break
            quote = kinds["quote"]
            assert Decimal(quote["price"]) > 0
            assert quote["as_of"].endswith(("Z", "+00:00"))
            portfolio = kinds["portfolio"]
            # Live prices move around the last close: the household stays within a few percent.
            assert abs(Decimal(portfolio["total_value"]) / total - 1) < Decimal("0.05")
