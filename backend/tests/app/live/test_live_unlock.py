"""Live quotes follow the vault: a demo household created or unlocked after start-up streams.

The real app (the ``client`` fixture) starts with no vault, so the automatic quote mode is
``off``; creating the demo household through the API must start the replay without a
restart, locking must stop it, and unlocking must start it again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from nestegg.app.live.hub import LiveHub
from nestegg.app.market.config import get_market_settings

PASSPHRASE = "demo after start-up"
SYMBOL = "VTI"  # held by the demo household
DEADLINE = 60.0  # seconds; a loaded 2-core CI machine is slow, a broken hook never delivers


@pytest.fixture
def automatic_quotes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The automatic quote mode, fast replay ticks, cheap key derivation for the new vault.
    (Requested before ``client``, so the app starts with these settings.)"""
    for name in ("NESTEGG_QUOTES", "NESTEGG_PRICE_PROVIDERS", "NESTEGG_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NESTEGG_REPLAY_INTERVAL", "0.05")
    monkeypatch.setenv("NESTEGG_KDF_MEMORY_KIB", "8192")
    monkeypatch.setenv("NESTEGG_KDF_TIME_COST", "1")
    monkeypatch.setenv("NESTEGG_KDF_PARALLELISM", "1")
    get_market_settings.cache_clear()
    yield
    get_market_settings.cache_clear()


def hub_of(client: TestClient) -> LiveHub:
    hub = client.app.state.live_hub  # type: ignore[attr-defined]
    assert isinstance(hub, LiveHub)
    return hub


def live_quote(ws: WebSocketTestSession) -> dict[str, str]:
    """The first quote of ``SYMBOL`` (heartbeats every 15 s bound each wait)."""
    ws.send_text(json.dumps({"type": "subscribe", "symbols": [SYMBOL]}))
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        message = json.loads(ws.receive_text())
        if message["type"] == "quote":
            return message  # type: ignore[no-any-return]
        assert message["type"] in ("heartbeat", "portfolio"), message
    pytest.fail(f"no quote of {SYMBOL} within {DEADLINE} s")


def wait_until(condition: object, what: str) -> None:
    assert callable(condition)
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {DEADLINE} s")
        time.sleep(0.05)


def test_a_demo_vault_created_after_start_up_streams_quotes(
    automatic_quotes: None, client: TestClient
) -> None:
    hub = hub_of(client)
    refresher = client.app.state.market_refresher  # type: ignore[attr-defined]
    # No vault yet: nothing to replay, and a client is told that live quotes are off.
    assert hub.source is None and not hub.serving
    assert client.get("/api/v1/vault/status").json()["exists"] is False
    wait_until(lambda: refresher.last_report is not None, "the start-up refresh")
    assert refresher.last_report.skipped  # locked at start-up

    assert client.post("/api/v1/vault/demo", json={"passphrase": PASSPHRASE}).status_code == 204
    # Chosen before the request answered: the replay runs without a restart.
    assert hub.source is not None and hub.source.name == "replay"
    with client.websocket_connect("/api/v1/ws") as ws:
        quote = live_quote(ws)
    assert quote["symbol"] == SYMBOL and float(quote["price"]) > 0
    assert quote["as_of"].endswith("Z")
    # The unlock also refreshed the market data of the newly opened household, in the
    # background (the start-up run had skipped: the store was locked).
    wait_until(
        lambda: refresher.last_report is not None and not refresher.last_report.skipped,
        "a market refresh after the vault opened",
    )


def test_locking_stops_the_replay_and_unlocking_resumes_it(
    automatic_quotes: None, client: TestClient
) -> None:
    hub = hub_of(client)
    assert client.post("/api/v1/vault/demo", json={"passphrase": PASSPHRASE}).status_code == 204
    assert hub.source is not None

    assert client.post("/api/v1/vault/lock").status_code == 204
    wait_until(lambda: hub.source is None, "switching the replay off after the lock")
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect("/api/v1/ws") as ws,
    ):
        ws.receive_text()
    assert refused.value.code == 4401  # locked: nobody is signed in

    response = client.post("/api/v1/vault/unlock", json={"passphrase": PASSPHRASE})
    assert response.status_code == 204
    assert hub.source is not None and hub.source.name == "replay"
    with client.websocket_connect("/api/v1/ws") as ws:
        assert live_quote(ws)["symbol"] == SYMBOL


def test_with_quotes_off_there_is_no_hub_but_unlocking_still_refreshes(
    automatic_quotes: None, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.setenv("NESTEGG_QUOTES", "off")
    get_market_settings.cache_clear()
    client: TestClient = request.getfixturevalue("client")  # starts the app with quotes off
    refresher = client.app.state.market_refresher  # type: ignore[attr-defined]
    assert client.app.state.live_hub is None  # type: ignore[attr-defined]
    wait_until(lambda: refresher.last_report is not None, "the start-up refresh")
    assert refresher.last_report.skipped  # locked at start-up
    assert client.post("/api/v1/vault/demo", json={"passphrase": PASSPHRASE}).status_code == 204
    assert client.app.state.live_hub is None  # type: ignore[attr-defined]
    wait_until(
        lambda: refresher.last_report is not None and not refresher.last_report.skipped,
        "a market refresh after the vault opened",
    )
