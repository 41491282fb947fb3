"""The hub, mailboxes and sources without a network: fan-out, backpressure, determinism."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

import pytest

from nestegg.app.live.broker import InProcessBroker
from nestegg.app.live.hub import LiveHub, Mailbox
from nestegg.app.live.quotes import Quote, quote_price
from nestegg.app.live.service import quote_mode
from nestegg.app.live.sources import PollSource, ReplaySource, bundled_closes
from nestegg.app.market.providers.base import ProviderError, ProviderQuote

AT = dt.datetime(2026, 7, 14, 15, 0, tzinfo=dt.UTC)


def quote(symbol: str, price: str, at: dt.datetime = AT) -> Quote:
    return Quote(symbol, Decimal(price), Decimal(100), at)


def test_quote_message_contract() -> None:
    message = json.loads(quote("SPY", "101.50").encode())
    assert message == {
        "type": "quote",
        "symbol": "SPY",
        "price": "101.5",
        "change": "1.5",
        "change_percent": "1.5",
        "as_of": "2026-07-14T15:00:00.000000Z",
    }
    assert Quote.from_wire(quote("SPY", "101.5").to_wire()) == quote("SPY", "101.5")
    assert quote_price(0.123456) == Decimal("0.1235") and quote_price(123.456) == Decimal("123.46")


def test_mailbox_keeps_the_newest_quote_per_symbol() -> None:
    box = Mailbox()
    for i in range(1000):
        box.put_quote("SPY", f"spy{i}")
        box.put_quote("QQQ", f"qqq{i}")
    box.put_portfolio("p1")
    box.put_portfolio("p2")
    box.put_heartbeat()
    assert len(box) == 4
    assert box.take() == ["spy999", "qqq999", "p2"]  # heartbeat only when nothing else goes
    box.put_heartbeat()
    assert box.take() == ['{"type": "heartbeat"}']
    assert box.take() == [] and not box.ready.is_set()


class FakeSocket:
    def __init__(self, *, blocked: bool = False) -> None:
        self.sent: list[dict[str, str]] = []
        self.gate = asyncio.Event()
        if not blocked:
            self.gate.set()

    async def send_text(self, data: str) -> None:
        await self.gate.wait()
        self.sent.append(json.loads(data))


def test_subscriptions_snapshot_and_slow_clients_do_not_delay_others() -> None:
    async def run() -> None:
        broker = InProcessBroker()
        hub = LiveHub(broker, heartbeat=3600, portfolio_interval=3600)
        await hub.start()
        await broker.publish([quote("SPY", "101")])
        fast_socket, slow_socket = FakeSocket(), FakeSocket(blocked=True)
        fast, slow = hub.connect(fast_socket), hub.connect(slow_socket)
        await hub.subscribe(fast, ["SPY", "QQQ"])
        await hub.subscribe(slow, ["SPY"])
        await asyncio.sleep(0.01)
        assert [m["price"] for m in fast_socket.sent] == ["101"]  # the snapshot on subscribe
        for i in range(500):
            await broker.publish(
                [quote("SPY", f"{102 + i}"), quote("QQQ", "50"), quote("IWM", "9")]
            )
            await asyncio.sleep(0)
        await asyncio.sleep(0.01)
        spy = [m["price"] for m in fast_socket.sent if m["symbol"] == "SPY"]
        assert spy[-1] == "601"
        assert {m["symbol"] for m in fast_socket.sent} == {"SPY", "QQQ"}
        assert len(slow.mailbox) <= 1  # bounded however far behind it is
        slow_socket.gate.set()
        await asyncio.sleep(0.01)
        # The slow client got its first message (blocked in flight) and then only the newest.
        assert [m["price"] for m in slow_socket.sent] == ["101", "601"]
        hub.unsubscribe(fast, ["SPY"])
        before = len(fast_socket.sent)
        await broker.publish([quote("SPY", "700"), quote("QQQ", "51")])
        await asyncio.sleep(0.01)
        assert [m["symbol"] for m in fast_socket.sent[before:]] == ["QQQ"]
        await hub.disconnect(slow)
        assert "SPY" not in hub.watchers
        await hub.stop()

    asyncio.run(run())


def test_portfolio_values_and_heartbeats_are_pushed() -> None:
    seen: list[dict[str, Decimal]] = []

    def value(prices: dict[str, Decimal]) -> tuple[Decimal, Decimal]:
        seen.append(prices)
        # Exact sums carry sub-cent digits; the message presents cents (half to even).
        return prices["SPY"] * Decimal("3.3333"), Decimal("-0.004")

    async def run() -> None:
        broker = InProcessBroker()
        hub = LiveHub(
            broker, heartbeat=0.05, portfolio_interval=0.01, portfolio_value=lambda: value
        )
        await hub.start()
        socket = FakeSocket()
        hub.connect(socket)
        await broker.publish([quote("SPY", "101.25")])
        await asyncio.sleep(0.2)
        portfolio = [m for m in socket.sent if m["type"] == "portfolio"]
        # 101.25 × 3.3333 = 337.496625
        assert portfolio[0]["total_value"] == "337.50" and portfolio[0]["day_change"] == "0.00"
        assert portfolio[0]["as_of"].endswith("Z")
        assert any(m["type"] == "heartbeat" for m in socket.sent)
        await hub.stop()

    asyncio.run(run())
    assert seen[0] == {"SPY": Decimal("101.25")}


def test_replay_is_deterministic_and_ends_on_the_real_close() -> None:
    replay = ReplaySource(interval=1.0, steps=390)
    closes = bundled_closes("VTI")
    first = [replay.quote_at("VTI", tick, AT) for tick in range(390)]
    again = ReplaySource(interval=1.0, steps=390)
    assert first == [again.quote_at("VTI", tick, AT) for tick in range(390)]
    assert all(q is not None for q in first)
    assert first[-1] is not None and first[-1].price == quote_price(closes[-1])
    assert first[0] is not None and first[0].previous_close == quote_price(closes[-2])
    prices = {q.price for q in first if q is not None}
    assert len(prices) > 50  # it moves
    assert replay.quote_at("NOPE", 0, AT) is None


def test_replay_run_publishes_the_wanted_symbols() -> None:
    got: list[list[Quote]] = []

    async def publish(quotes: list[Quote]) -> None:
        got.append(quotes)

    async def symbols() -> set[str]:
        return {"SPY", "AAPL"}

    replay = ReplaySource(interval=0.001, start_tick=0, max_ticks=3, clock=lambda: AT)
    asyncio.run(replay.run(publish, symbols))
    assert [[q.symbol for q in batch] for batch in got] == [["AAPL", "SPY"]] * 3
    assert got[2][1] == replay.quote_at("SPY", 2, AT)


class FakeQuotes:
    name = "fake"

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.fail = fail

    async def quotes(self, symbols: list[str]) -> dict[str, ProviderQuote]:
        self.calls.append(list(symbols))
        if self.fail:
            raise ProviderError("fake", "HTTP 503")
        return {s: ProviderQuote(s, Decimal("10.004"), Decimal("9.5"), AT) for s in symbols}


def test_poll_runs_only_during_market_hours() -> None:
    now = [dt.datetime(2024, 6, 10, 12, 0, tzinfo=dt.UTC)]  # Monday, 08:00 in New York
    pauses: list[float] = []
    published: list[Quote] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)
        now[0] += dt.timedelta(seconds=seconds)
        if len(pauses) >= 5:
            raise asyncio.CancelledError

    async def publish(quotes: list[Quote]) -> None:
        published.extend(quotes)

    async def symbols() -> set[str]:
        return {"SPY"}

    provider = FakeQuotes()
    source = PollSource(provider, interval=60.0, clock=lambda: now[0], sleep=sleep)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(source.run(publish, symbols))
    # One poll on start (closed), then sleeps until the 09:30 open, then polls every minute.
    assert pauses == [3600.0, 1800.0, 60.0, 60.0, 60.0]
    assert len(provider.calls) == 4 and published[0].price == Decimal("10.00")
    assert PollSource.seconds_until_open(dt.datetime(2024, 6, 10, 13, 0, tzinfo=dt.UTC)) == 1800.0
    assert (
        PollSource.seconds_until_open(dt.datetime(2024, 7, 3, 18, 0, tzinfo=dt.UTC))
        == (
            dt.datetime(2024, 7, 5, 13, 30, tzinfo=dt.UTC)
            - dt.datetime(2024, 7, 3, 18, 0, tzinfo=dt.UTC)
        ).total_seconds()
    )


def test_poll_backs_off_on_failures() -> None:
    now = [dt.datetime(2024, 6, 10, 15, 0, tzinfo=dt.UTC)]  # Monday, market open
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) >= 3:
            raise asyncio.CancelledError

    async def publish(quotes: list[Quote]) -> None:
        return None

    async def symbols() -> set[str]:
        return {"SPY"}

    source = PollSource(FakeQuotes(fail=True), interval=10.0, clock=lambda: now[0], sleep=sleep)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(source.run(publish, symbols))
    assert pauses == [20.0, 40.0, 80.0]


def test_quote_mode_defaults() -> None:
    assert quote_mode(None, demo=True, online=True) == "replay"
    assert quote_mode(None, demo=False, online=True) == "poll"
    assert quote_mode(None, demo=False, online=False) == "off"
    assert quote_mode("OFF", demo=True, online=False) == "off"
    with pytest.raises(ValueError, match="NESTEGG_QUOTES"):
        quote_mode("live", demo=False, online=False)


def test_the_source_can_be_switched_while_clients_stay_connected() -> None:
    async def until(condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(30):
            while not condition():
                await asyncio.sleep(0.01)

    async def run() -> None:
        hub = LiveHub(InProcessBroker(), heartbeat=3600, portfolio_interval=3600)
        await hub.start()
        assert not hub.serving  # nothing would ever publish in this process
        socket = FakeSocket()
        client = hub.connect(socket)
        await hub.subscribe(client, ["SPY"])

        hub.use_source(ReplaySource(interval=0.01))
        assert hub.serving
        await until(lambda: len(socket.sent) >= 3)
        assert {m["symbol"] for m in socket.sent} == {"SPY"} and hub.producing

        hub.use_source(None)
        assert not hub.serving
        await until(lambda: not hub.producing)
        await asyncio.sleep(0.1)  # ten ticks' time: the old producer has stopped for good
        count = len(socket.sent)
        await asyncio.sleep(0.1)
        assert len(socket.sent) == count

        hub.use_source(ReplaySource(interval=0.01))  # the same client, without reconnecting
        await until(lambda: len(socket.sent) > count)
        await hub.stop()

    asyncio.run(run())


def test_a_send_that_must_wait_finishes_in_order_and_then_drains_the_newest() -> None:
    async def run() -> None:
        broker = InProcessBroker()
        hub = LiveHub(broker, heartbeat=3600, portfolio_interval=3600)
        await hub.start()
        socket = FakeSocket(blocked=True)
        client = hub.connect(socket)
        await hub.subscribe(client, ["SPY", "QQQ"])
        await broker.publish([quote("SPY", "101"), quote("QQQ", "50")])
        await asyncio.sleep(0.01)  # the fan-out ran: SPY 101 waits in flight
        for i in range(100):
            await broker.publish([quote("SPY", f"{102 + i}")])
        await asyncio.sleep(0.01)
        assert socket.sent == [] and len(client.mailbox) == 1  # only the newest SPY waits
        socket.gate.set()
        async with asyncio.timeout(30):
            while len(socket.sent) < 3:
                await asyncio.sleep(0.01)
        assert [(m["symbol"], m["price"]) for m in socket.sent] == [
            ("SPY", "101"),
            ("QQQ", "50"),
            ("SPY", "201"),
        ]
        await hub.stop()

    asyncio.run(run())
