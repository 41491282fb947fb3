"""The hub: who watches what, per-client mailboxes, heartbeats and portfolio values.

Backpressure: the broker's listener never waits on a client. It drops each quote into the
mailboxes of the clients watching that symbol; a mailbox keeps only the newest quote per
symbol (plus the newest portfolio value and one pending heartbeat). One fan-out pass then
writes every mailbox to its socket without waiting: a write the socket cannot take at once
(a slow client) is finished by a task of that client's own, which then sends whatever is in
its mailbox by then. A slow client therefore gets the newest quote of each symbol, late,
and never delays the others; its mailbox is bounded by the number of symbols it watches.
Each quote's JSON text is built once per tick, whoever receives it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import inspect
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Generator, Iterable
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
    """A flag that tells its owner when it goes up (the mailbox's "has mail")."""

    __slots__ = ("_flag", "_on_set")

    def __init__(self, on_set: Callable[[], None] | None = None) -> None:
        self._flag = False
        self._on_set = on_set

    def set(self) -> None:
        if self._flag:
            return
        self._flag = True
        if self._on_set is not None:
            self._on_set()

    def clear(self) -> None:
        self._flag = False

    def is_set(self) -> bool:
        return self._flag


class Mailbox:
    def __init__(self, on_mail: Callable[[], None] | None = None) -> None:
        self._quotes: dict[str, str] = {}
        self._portfolio: str | None = None
        self._heartbeat = False
        self._control: deque[str] = deque(maxlen=32)
        self.ready = _Signal(on_mail)

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


class _Resume:
    """Await a coroutine that has already run up to its first suspension (on ``waiting``)
    outside of this task: the rest of a send that could not complete at once."""

    __slots__ = ("_coro", "_waiting")

    def __init__(self, coro: Coroutine[Any, Any, None], waiting: Any) -> None:
        self._coro = coro
        self._waiting = waiting

    def __await__(self) -> Generator[Any, None, None]:
        coro, waiting = self._coro, self._waiting
        while True:
            try:
                yield waiting
            except BaseException as exc:  # cancelled while it waits: pass it on
                try:
                    waiting = coro.throw(exc)
                except StopIteration:
                    return
            else:
                try:
                    waiting = coro.send(None)
                except StopIteration:
                    return


class Connection:
    """One client: its subscriptions and mailbox, and how its mail reaches the socket.

    Sends are direct: the hub's fan-out writes each connection's mail in one pass, driving
    each ``send_text`` coroutine by hand, which completes without suspending whenever the
    socket can take the bytes (no task, future or loop round trip per client and message).
    Only a send that has to wait (the socket's buffer is full: a slow client) is handed,
    suspended as it is, to a task of the connection's own, which finishes it and then drains
    the mailbox until it is empty. Meanwhile the mailbox keeps collecting the newest mail, and
    nobody else waits.
    """

    def __init__(self, socket: Sender, hub: LiveHub) -> None:
        self.socket = socket
        self.hub = hub
        self.symbols: set[str] = set()
        self.mailbox = Mailbox(self._has_mail)
        self.sent = 0
        self.sending_since: float | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopped = False
        self.closed = asyncio.Event()

    def _has_mail(self) -> None:
        if self._task is None:  # else the sender task takes it when its send is done
            self.hub.wake(self)

    def deliver(self) -> None:
        """Write what is in the mailbox now, without waiting (called by the hub's fan-out)."""
        if self._task is not None or self._stopped or self.closed.is_set():
            return
        texts = self.mailbox.take()
        for i, text in enumerate(texts):
            send = self.socket.send_text(text)
            try:
                waiting = send.send(None)
            except StopIteration:
                self._written(text)
                continue
            except Exception as exc:
                self._drop(exc)
                return
            self.sending_since = time.monotonic()
            self._task = asyncio.create_task(
                self._finish(_Resume(send, waiting), text, texts[i + 1 :]), name="ws-sender"
            )
            return

    async def _finish(self, pending: _Resume, text: str, rest: list[str]) -> None:
        try:
            # No wait_for here (it costs a task per message); the heartbeat loop drops a
            # client stuck in one send longer than send_timeout.
            await pending
            self.sending_since = None
            self._written(text)
            while True:
                for text in rest:
                    self.sending_since = time.monotonic()
                    await self.socket.send_text(text)
                    self.sending_since = None
                    self._written(text)
                if not self.mailbox.ready.is_set():
                    break
                rest = self.mailbox.take()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # gone or stuck beyond send_timeout: drop it
            self._drop(exc)
        finally:
            self.sending_since = None
            self._task = None

    def _written(self, text: str) -> None:
        self.sent += 1
        if self.hub.on_sent is not None:
            self.hub.on_sent(text)

    def _drop(self, exc: BaseException) -> None:
        log.info("dropping a live client: %s", type(exc).__name__)
        self.closed.set()

    async def stop(self) -> None:
        self._stopped = True
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
        self._producer: asyncio.Task[None] | None = None
        self._retired: set[asyncio.Task[None]] = set()
        self._started = False
        self._outbox: list[Connection] = []
        self._fanout_waiter: asyncio.Future[None] | None = None
        self.producing = False
        """Whether this process holds the producer lease and runs the source."""
        broker.add_listener(self.on_quote)

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        await self.broker.start()
        self._tasks = [
            asyncio.create_task(self._fanout(), name="live-fanout"),
            asyncio.create_task(self._heartbeats(), name="live-heartbeat"),
            asyncio.create_task(self._portfolio_loop(), name="live-portfolio"),
            asyncio.create_task(self._interest_loop(), name="live-interest"),
        ]
        self._started = True
        self._start_producer()

    async def stop(self) -> None:
        self._started = False
        self._retire_producer()
        for task in [*self._retired, *self._tasks]:
            await cancel_and_wait(task)
        self._retired.clear()
        self._tasks = []
        for connection in list(self.connections):
            await connection.stop()
        await self.broker.stop()

    @property
    def serving(self) -> bool:
        """Whether clients may expect quotes: this process has a source, or the broker is
        shared with other processes (one of which may run one)."""
        return self.source is not None or self.broker.shared

    def use_source(self, source: QuoteSource | None) -> None:
        """Switch to another quote source, or to none, while running (the household was
        opened, changed or locked). Takes effect at once; the old producer winds down in the
        background."""
        if source is self.source:
            return
        self.source = source
        if self._started:
            self._retire_producer()
            self._start_producer()

    def _start_producer(self) -> None:
        if self.source is not None:
            self._producer = asyncio.create_task(self._produce(self.source), name="live-producer")

    def _retire_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None and not producer.done():
            producer.cancel()
            self._retired.add(producer)
            producer.add_done_callback(self._retired.discard)

    def household_changed(self) -> None:
        """The vault was opened, replaced or locked: ask for the held symbols again, and push
        a fresh portfolio value."""
        self._universe_until = 0.0
        self._portfolio_dirty = True

    # --- clients -------------------------------------------------------------------------------

    def connect(self, socket: Sender) -> Connection:
        connection = Connection(socket, self)
        self.connections.add(connection)
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

    def wake(self, connection: Connection) -> None:
        """``connection`` has mail: the fan-out writes it on its next pass."""
        self._outbox.append(connection)
        waiter = self._fanout_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _fanout(self) -> None:
        """One pass per batch of mail (a tick, a portfolio value, a subscription) writes every
        waiting connection's mail; none of it waits on a client (see :class:`Connection`)."""
        loop = asyncio.get_running_loop()
        while True:
            if not self._outbox:
                self._fanout_waiter = loop.create_future()
                try:
                    await self._fanout_waiter
                finally:
                    self._fanout_waiter = None
            outbox, self._outbox = self._outbox, []
            for connection in outbox:
                try:
                    connection.deliver()
                except Exception:  # a bug must not stop the fan-out for everybody
                    log.exception("live delivery failed")

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

    async def _produce(self, source: QuoteSource) -> None:
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
                        if self._producer in (None, asyncio.current_task()):
                            self.producing = False  # (not when a successor took over)
                    if run.done() and not run.cancelled() and run.exception() is not None:
                        log.error("quote source stopped: %r", run.exception())
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("quote producer failed")
            await asyncio.sleep(self.lease_interval)
