"""Two app instances (two hubs, two servers) sharing one quote stream through Redis."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from live_support import COOKIE, live_app, serve
from websockets.asyncio.client import ClientConnection, connect

from nestegg.app.live.broker import RedisBroker
from nestegg.app.live.hub import LiveHub
from nestegg.app.live.quotes import Quote
from nestegg.app.live.sources import ReplaySource


def redis_hub(url: str, prefix: str) -> LiveHub:
    broker = RedisBroker(url, prefix=prefix, lease_seconds=1.0)
    return LiveHub(broker, ReplaySource(interval=0.05), heartbeat=5, lease_interval=0.2)


async def stream(ws: ClientConnection, symbol: str, count: int) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    while len(found) < count:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if message["type"] == "quote":
            assert message["symbol"] == symbol
            found.append((message["as_of"], message["price"]))
    return found


def test_two_instances_serve_one_stream(redis_url: str, redis_prefix: str) -> None:
    first, second = redis_hub(redis_url, redis_prefix), redis_hub(redis_url, redis_prefix)

    async def run(url_a: str, url_b: str) -> None:
        for _ in range(100):
            if first.producing or second.producing:
                break
            await asyncio.sleep(0.05)
        assert first.producing != second.producing  # one producer holds the lease
        consumer_url = url_b if first.producing else url_a
        headers = {"Cookie": COOKIE}
        async with (
            connect(url_a, additional_headers=headers) as a,
            connect(url_b, additional_headers=headers) as b,
        ):
            # Only the non-producing instance's client asks for QQQ: the interest crosses Redis.
            consumer = b if consumer_url == url_b else a
            await a.send(json.dumps({"type": "subscribe", "symbols": ["SPY"]}))
            await b.send(json.dumps({"type": "subscribe", "symbols": ["SPY"]}))
            got_a, got_b = await asyncio.gather(stream(a, "SPY", 12), stream(b, "SPY", 12))
            # The same quotes (same production instant and price) reach both instances' clients.
            assert len(set(got_a) & set(got_b)) >= 8
            await a.send(json.dumps({"type": "unsubscribe", "symbols": ["SPY"]}))
            await b.send(json.dumps({"type": "unsubscribe", "symbols": ["SPY"]}))
            await consumer.send(json.dumps({"type": "subscribe", "symbols": ["QQQ"]}))
            while True:  # skip SPY quotes already on the wire
                message = json.loads(await asyncio.wait_for(consumer.recv(), 10))
                if message["type"] == "quote" and message["symbol"] == "QQQ":
                    break
            assert len(await stream(consumer, "QQQ", 5)) == 5

    with serve(live_app(first)) as url_a, serve(live_app(second)) as url_b:
        asyncio.run(run(url_a, url_b))


def test_the_lease_moves_when_the_producer_stops(redis_url: str, redis_prefix: str) -> None:
    async def run() -> None:
        seen: list[Quote] = []
        one, two = redis_hub(redis_url, redis_prefix), redis_hub(redis_url, redis_prefix)
        two.broker.add_listener(seen.append)
        await one.start()
        for _ in range(100):
            if one.producing:
                break
            await asyncio.sleep(0.02)
        await two.start()
        await asyncio.sleep(0.5)
        assert one.producing and not two.producing
        await one.stop()  # releases the lease
        for _ in range(100):
            if two.producing:
                break
            await asyncio.sleep(0.05)
        assert two.producing
        await asyncio.sleep(0.3)
        await two.stop()

    asyncio.run(run())


def test_a_burst_of_subscriptions_queues_for_redis(redis_url: str, redis_prefix: str) -> None:
    """500 clients subscribing at once must not exhaust Redis connections (each subscription
    may ask Redis for a snapshot; interest announcements are coalesced)."""

    class Socket:
        def __init__(self) -> None:
            self.sent: list[str] = []

        async def send_text(self, data: str) -> None:
            self.sent.append(data)

    async def run() -> None:
        hub = redis_hub(redis_url, redis_prefix)
        await hub.start()
        sockets = [Socket() for _ in range(500)]
        connections = [hub.connect(s) for s in sockets]
        await asyncio.gather(*(hub.subscribe(c, ["SPY"]) for c in connections))
        for _ in range(200):
            if all(any('"quote"' in m for m in s.sent) for s in sockets):
                break
            await asyncio.sleep(0.05)
        assert all(any('"quote"' in m for m in s.sent) for s in sockets)
        for connection in connections:
            await hub.disconnect(connection)
        await hub.stop()

    asyncio.run(run())
