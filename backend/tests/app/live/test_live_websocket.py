"""``/api/v1/ws`` end to end over loopback: auth, subscribe/unsubscribe, errors, heartbeats."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from live_support import COOKIE, live_app, serve
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from nestegg.app.live.broker import InProcessBroker
from nestegg.app.live.hub import LiveHub
from nestegg.app.live.sources import ReplaySource


def replay_hub(**kw: Any) -> LiveHub:
    return LiveHub(InProcessBroker(), ReplaySource(interval=0.02), heartbeat=0.2, **kw)


async def receive(ws: ClientConnection, timeout: float = 5.0) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    assert isinstance(message, dict)
    return message


async def quotes(ws: ClientConnection, count: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while len(found) < count:
        message = await receive(ws)
        if message["type"] == "quote":
            found.append(message)
    return found


async def drain(ws: ClientConnection, seconds: float) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while (left := end - loop.time()) > 0:
        try:
            await asyncio.wait_for(ws.recv(), left)
        except TimeoutError:
            return


def test_a_client_gets_only_its_symbols_and_stops_after_unsubscribing() -> None:
    async def run(url: str) -> None:
        async with connect(url, additional_headers={"Cookie": COOKIE}) as ws:
            await ws.send(json.dumps({"type": "subscribe", "symbols": ["spy"]}))
            first = await quotes(ws, 10)
            assert {q["symbol"] for q in first} == {"SPY"}
            assert set(first[0]) == {"type", "symbol", "price", "change", "change_percent", "as_of"}
            assert first[0]["as_of"].endswith("Z") and isinstance(first[0]["price"], str)
            await ws.send(json.dumps({"type": "subscribe", "symbols": ["QQQ"]}))
            both = await quotes(ws, 20)
            assert {q["symbol"] for q in both} == {"SPY", "QQQ"}
            await ws.send(json.dumps({"type": "unsubscribe", "symbols": ["SPY"]}))
            await drain(ws, 0.2)  # what was already on the wire
            after = await quotes(ws, 15)
            assert {q["symbol"] for q in after} == {"QQQ"}
            await ws.send(json.dumps({"type": "unsubscribe", "symbols": ["QQQ"]}))
            await drain(ws, 0.2)
            messages = [await receive(ws) for _ in range(2)]
            assert {m["type"] for m in messages} == {"heartbeat"}

    with serve(live_app(replay_hub(universe=lambda: ["IWM"]))) as url:
        asyncio.run(run(url))


def test_bad_messages_get_errors_and_the_connection_stays() -> None:
    async def run(url: str) -> None:
        async with connect(url, additional_headers={"Cookie": COOKIE}) as ws:
            for bad, detail in [
                ("not json", "messages must be JSON"),
                ('{"type": "buy"}', "unknown message type 'buy'"),
                ('{"type": "subscribe", "symbols": "SPY"}', '"symbols" must be a list of strings'),
                (
                    '{"type": "subscribe", "symbols": ["DROP TABLE"]}',
                    "invalid symbol(s): DROP TABLE",
                ),
            ]:
                await ws.send(bad)
                message = await receive(ws)
                while message["type"] == "heartbeat":
                    message = await receive(ws)
                assert message == {"type": "error", "detail": detail}
            await ws.send(json.dumps({"type": "subscribe", "symbols": ["VTI"]}))
            assert (await quotes(ws, 1))[0]["symbol"] == "VTI"

    with serve(live_app(replay_hub())) as url:
        asyncio.run(run(url))


def test_portfolio_values_are_pushed() -> None:
    from decimal import Decimal

    def value(prices: dict[str, Decimal]) -> tuple[Decimal, Decimal] | None:
        if "VTI" not in prices:
            return None
        return prices["VTI"] * 100, Decimal("-3.5")

    async def run(url: str) -> None:
        async with connect(url, additional_headers={"Cookie": COOKIE}) as ws:
            for _ in range(100):
                message = await receive(ws)
                if message["type"] == "portfolio":
                    assert Decimal(message["total_value"]) > 10_000
                    assert message["day_change"] == "-3.50" and message["as_of"].endswith("Z")
                    return
            pytest.fail("no portfolio message")

    hub = replay_hub(universe=lambda: ["VTI"], portfolio_value=lambda: value)
    hub.portfolio_interval = 0.05
    with serve(live_app(hub)) as url:
        asyncio.run(run(url))


def test_unauthenticated_clients_are_closed_with_4401() -> None:
    async def run(url: str) -> None:
        for headers in ({}, {"Cookie": "nestegg_session=guess"}):
            async with connect(url, additional_headers=headers) as ws:
                with pytest.raises(ConnectionClosed) as info:
                    await asyncio.wait_for(ws.recv(), 5)
                assert info.value.rcvd is not None and info.value.rcvd.code == 4401

    with serve(live_app(replay_hub())) as url:
        asyncio.run(run(url))


@pytest.mark.parametrize("sourceless", [False, True], ids=["no hub", "a hub without a source"])
def test_quotes_off_says_so(sourceless: bool) -> None:
    # A hub without a source (the household asks for no quotes, yet) in a single process:
    # nobody would ever publish, so the client is told, as with no hub at all.
    async def run(url: str) -> None:
        async with connect(url, additional_headers={"Cookie": COOKIE}) as ws:
            assert await receive(ws) == {"type": "error", "detail": "live quotes are off"}
            with pytest.raises(ConnectionClosed) as info:
                await asyncio.wait_for(ws.recv(), 5)
            assert info.value.rcvd is not None and info.value.rcvd.code == 1013

    with serve(live_app(LiveHub(InProcessBroker()) if sourceless else None)) as url:
        asyncio.run(run(url))
