"""The hub: who watches what, per-client mailboxes, heartbeats and portfolio values.

Backpressure: the broker's listener never waits on a client. It drops each quote into the
mailboxes of the clients watching that symbol; a mailbox keeps only the newest quote per
symbol (plus the newest portfolio value and one pending heartbeat), and a task per client
sends what is there whenever the client's socket can take it. A slow client therefore gets
the newest quote of each symbol, late, and never delays the others; its mailbox is bounded
by the number of symbols it watches.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import inspect
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from decimal import Decimal
from typing import Any, Protocol

from nestegg.app.live.broker import Broker
from nestegg.app.live.quotes import HEARTBEAT, Quote, error_message, portfolio_message
from nestegg.app.live.sources import QuoteSource, utc_now
from nestegg.app.market.tasks import cancel_and_wait

log = logging.getLogger(__name__)

MAX_SYMBOLS_PER_CLIENT = 500
PortfolioValue = Callable[
    [dict[str, Decimal]],
    tuple[Decimal, Decimal] | Awaitable[tuple[Decimal, Decimal] | None] | None,
]
"""``prices → (total_value, day_change)`` or ``None`` (no household open)."""


class Sender(Protocol):
    async def send_text(self, data: str) -> None: ...


class _Signal:
    """A one-waiter wake-up, lighter than :class:`asyncio.Event` (one future per wait, made
    only when the waiter would block): the fan-out sets thousands of these per tick."""

    __slots__ = ("_flag", "_waiter")

    def __init__(self) -> None:
        self._flag = False
        self._waiter: asyncio.Future[None] | None = None

    def set(self) -> None:
        if self._flag:
            return
        self._flag = True
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def clear(self) -> None:
        self._flag = False

    def is_set(self) -> bool:
        return self._flag

    async def wait(self) -> None:
        if self._flag:
            return
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None


class Mailbox:
    def __init__(self) -> None:
        self._quotes: dict[str, str] = {}
        self._portfolio: str | None = None
        self._heartbeat = False
        self._control: deque[str] = deque(maxlen=32)
        self.ready = _Signal()

    def put_quote(self, symbol: str, text: str) -> None:
        # Re-inserting moves the symbol to the end, so updates go out in arrival order.
        self._quotes.pop(symbol, None)
        self._quotes[symbol] = text
        self.ready.set()

    def discard(self, symbol: str) -> None:
        self._quotes.pop(symbol, None)

    def put_portfolio(self, text: str) -> None:
        self._portfolio = text
        self.ready.set()

    def put_heartbeat(self) -> None:
        self._heartbeat = True
        self.ready.set()

    def put_control(self, text: str) -> None:
        self._control.append(text)
        self.ready.set()

    def __len__(self) -> int:
        return (
            len(self._quotes) + len(self._control) + (self._portfolio is not None) + self._heartbeat
        )

    def take(self) -> list[str]:
        out = list(self._control)
        self._control.clear()
        out.extend(self._quotes.values())
        self._quotes.clear()
        if self._portfolio is not None:
            out.append(self._portfolio)
            self._portfolio = None
        if self._heartbeat and not out:
            out.append(HEARTBEAT)  # any message proves liveness; send one only when idle
        self._heartbeat = False
        self.ready.clear()
        return out


class Connection:
    def __init__(self, socket: Sender, hub: LiveHub) -> None:
        self.socket = socket
        self.hub = hub
        self.symbols: set[str] = set()
        self.mailbox = Mailbox()
        self.sent = 0
        self.sending_since: float | None = None
        self._task: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._send_loop(), name="ws-sender")

    async def _send_loop(self) -> None:
        try:
            while True:
                await self.mailbox.ready.wait()
                for text in self.mailbox.take():
                    # No wait_for here (it costs a task per message); the heartbeat loop
                    # drops a client stuck in one send longer than send_timeout.
                    self.sending_since = time.monotonic()
                    await self.socket.send_text(text)
                    self.sending_since = None
                    self.sent += 1
                    if self.hub.on_sent is not None:
                        self.hub.on_sent(text)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # gone or stuck beyond send_timeout: drop it
            log.info("dropping a live client: %s", type(exc).__name__)
            self.closed.set()

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)

    def error(self, detail: str) -> None:
        self.mailbox.put_control(error_message(detail))


class LiveHub:
    def __init__(
        self,
        broker: Broker,
        source: QuoteSource | None = None,
        *,
        universe: Callable[[], Iterable[str]] | None = None,
        portfolio_value: Callable[[], PortfolioValue | None] | None = None,
        heartbeat: float = 15.0,
        portfolio_interval: float = 1.0,
        lease_interval: float = 1.0,
        send_timeout: float = 30.0,
        clock: Callable[[], dt.datetime] = utc_now,
        on_sent: Callable[[str], None] | None = None,
    ) -> None:
        self.broker = broker
        self.source = source
        self._universe = universe or (lambda: ())
        self._portfolio_value = portfolio_value or (lambda: None)
        self.heartbeat = heartbeat
        self.portfolio_interval = portfolio_interval
        self.lease_interval = lease_interval
        self.send_timeout = send_timeout
        self.on_sent = on_sent
        """Called with each message once it is written to a client's socket (measurement)."""
        self._clock = clock
        self.connections: set[Connection] = set()
        self.watchers: dict[str, set[Connection]] = {}
        self.latest: dict[str, Quote] = {}
        self._portfolio_dirty = False
        self.universe_ttl = 30.0
        self._universe_cache: set[str] = set()
        self._universe_until = 0.0
        self._interest_changed = asyncio.Event()
        self._announced: set[str] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self.producing = False
        broker.add_listener(self.on_quote)

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        await self.broker.start()
        self._tasks = [
            asyncio.create_task(self._heartbeats(), name="live-heartbeat"),
            asyncio.create_task(self._portfolio_loop(), name="live-portfolio"),
            asyncio.create_task(self._interest_loop(), name="live-interest"),
        ]
        if self.source is not None:
            self._tasks.append(asyncio.create_task(self._produce(), name="live-producer"))

    async def stop(self) -> None:
        for task in self._tasks:
            await cancel_and_wait(task)
        self._tasks = []
        for connection in list(self.connections):
            await connection.stop()
        await self.broker.stop()

    # --- clients -------------------------------------------------------------------------------

    def connect(self, socket: Sender) -> Connection:
        connection = Connection(socket, self)
        self.connections.add(connection)
        connection.start()
        self._portfolio_dirty = True  # the newcomer needs the current value too
        return connection

    async def disconnect(self, connection: Connection) -> None:
        self.connections.discard(connection)
        for symbol in connection.symbols:
            watching = self.watchers.get(symbol)
            if watching is not None:
                watching.discard(connection)
                if not watching:
                    del self.watchers[symbol]
        connection.symbols.clear()
        await connection.stop()

    async def subscribe(self, connection: Connection, symbols: Iterable[str]) -> None:
        wanted = [s for s in symbols if s not in connection.symbols]
        if len(connection.symbols) + len(wanted) > MAX_SYMBOLS_PER_CLIENT:
            connection.error(f"at most {MAX_SYMBOLS_PER_CLIENT} symbols per connection")
            return
        for symbol in wanted:
            connection.symbols.add(symbol)
            self.watchers.setdefault(symbol, set()).add(connection)
        if not wanted:
            return
        if any(s not in self._announced for s in wanted):
            self._interest_changed.set()  # the interest task tells the producer, coalesced
        known = {s: self.latest[s] for s in wanted if s in self.latest}
        missing = [s for s in wanted if s not in known]
        if missing:
            try:
                for quote in await self.broker.snapshot(missing):
                    known.setdefault(quote.symbol, quote)
            except Exception:  # no snapshot: the next tick brings the quote anyway
                log.warning("quote snapshot failed", exc_info=True)
        for symbol in wanted:
            if symbol in known:
                connection.mailbox.put_quote(symbol, known[symbol].encode())

    def unsubscribe(self, connection: Connection, symbols: Iterable[str]) -> None:
        for symbol in symbols:
            if symbol not in connection.symbols:
                continue
            connection.symbols.discard(symbol)
            connection.mailbox.discard(symbol)
            watching = self.watchers.get(symbol)
            if watching is not None:
                watching.discard(connection)
                if not watching:
                    del self.watchers[symbol]

    # --- fan-out -------------------------------------------------------------------------------

    def on_quote(self, quote: Quote) -> None:
        """The broker's listener: O(watchers), never waits."""
        self.latest[quote.symbol] = quote
        self._portfolio_dirty = True
        watching = self.watchers.get(quote.symbol)
        if not watching:
            return
        text = quote.encode()
        for connection in watching:
            connection.mailbox.put_quote(quote.symbol, text)

    async def _heartbeats(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            now = time.monotonic()
            for connection in list(self.connections):
                if connection.closed.is_set():
                    continue
                since = connection.sending_since
                if since is not None and now - since > self.send_timeout:
                    log.info("dropping a live client stuck for %.0f s", now - since)
                    connection.closed.set()
                    await connection.stop()
                    continue
                connection.mailbox.put_heartbeat()

    async def _portfolio_loop(self) -> None:
        while True:
            await asyncio.sleep(self.portfolio_interval)
            if not self._portfolio_dirty or not self.connections:
                continue
            self._portfolio_dirty = False
            value = self._portfolio_value()
            if value is None:
                continue
            prices = {s: q.price for s, q in self.latest.items()}
            try:
                result: Any
                if inspect.iscoroutinefunction(value):
                    result = await value(prices)
                else:
                    # It may read the database: keep that off the event loop.
                    result = await asyncio.to_thread(value, prices)
                    if inspect.isawaitable(result):
                        result = await result
            except Exception:
                log.exception("portfolio value failed")
                continue
            if result is None:
                continue
            total, change = result
            text = portfolio_message(total, change, self._clock())
            for connection in self.connections:
                connection.mailbox.put_portfolio(text)

    async def _interest_loop(self) -> None:
        """Tell the producer what this process's clients watch: at once when a new symbol is
        subscribed (however many subscribe at the same moment, in one call), and every few
        seconds to keep the interest from expiring."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._interest_changed.wait(), self.lease_interval * 5)
            self._interest_changed.clear()
            symbols = set(self.watchers)
            try:
                await self.broker.announce_interest(symbols)
                self._announced = symbols
            except Exception:
                log.warning("announcing live interest failed", exc_info=True)

    async def wanted_symbols(self) -> set[str]:
        """What the producer serves: every process's subscriptions and the held symbols."""
        wanted = set(await self.broker.interest()) | set(self.watchers)
        now = time.monotonic()
        if now >= self._universe_until:
            self._universe_until = now + self.universe_ttl
            try:
                # It may read the database: in a worker thread, and at most every universe_ttl.
                self._universe_cache = set(await asyncio.to_thread(lambda: set(self._universe())))
            except Exception:
                log.exception("live universe failed")
        return wanted | self._universe_cache

    async def _produce(self) -> None:
        assert self.source is not None
        source = self.source
        while True:
            try:
                if await self.broker.hold_producer_lease():
                    self.producing = True
                    run = asyncio.create_task(source.run(self.broker.publish, self.wanted_symbols))
                    try:
                        while not run.done():
                            await asyncio.sleep(self.lease_interval)
                            if not await self.broker.hold_producer_lease():
                                break
                    finally:
                        await cancel_and_wait(run)
                        self.producing = False
                    if run.done() and not run.cancelled() and run.exception() is not None:
                        log.error("quote source stopped: %r", run.exception())
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("quote producer failed")
            await asyncio.sleep(self.lease_interval)
