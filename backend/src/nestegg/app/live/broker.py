"""Fan-out of quotes: in-process, or through Redis pub/sub across API worker processes.

Every process runs a hub that listens to the broker; exactly one process (the holder of the
producer lease) runs the quote source and publishes. With Redis:

- quotes go to one channel; every worker receives all of them (a household's universe is
  tens of symbols, so per-symbol channels would buy nothing);
- which symbols anybody is watching is kept in a sorted set scored by expiry, refreshed by
  each worker, so the producer serves the union of every worker's subscriptions;
- the newest quote of each symbol is kept in a hash, so a client that subscribes on another
  worker gets a snapshot at once;
- the producer lease is a key set with ``NX`` and a TTL and renewed by its holder; when the
  holder dies, another worker takes over within one TTL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Protocol

from nestegg.app.live.quotes import Quote
from nestegg.app.market.tasks import cancel_and_wait

log = logging.getLogger(__name__)

QuoteListener = Callable[[Quote], None]


class Broker(Protocol):
    shared: bool
    """Whether other processes publish and receive through it too."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def add_listener(self, listener: QuoteListener) -> None: ...

    async def publish(self, quotes: Iterable[Quote]) -> None: ...

    async def announce_interest(self, symbols: Iterable[str]) -> None:
        """This process's clients watch ``symbols`` (called periodically)."""
        ...

    async def interest(self) -> set[str]:
        """Symbols watched by any process's clients."""
        ...

    async def snapshot(self, symbols: Iterable[str]) -> list[Quote]:
        """The newest known quote of each of ``symbols`` (from any process)."""
        ...

    async def hold_producer_lease(self) -> bool:
        """Take or renew the right to run the quote source; ``False`` if another holds it."""
        ...


class InProcessBroker:
    """One process: publishing calls the listeners directly."""

    shared = False

    def __init__(self) -> None:
        self._listeners: list[QuoteListener] = []
        self._interest: set[str] = set()
        self._latest: dict[str, Quote] = {}

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def add_listener(self, listener: QuoteListener) -> None:
        self._listeners.append(listener)

    async def publish(self, quotes: Iterable[Quote]) -> None:
        for quote in quotes:
            self._latest[quote.symbol] = quote
            for listener in self._listeners:
                listener(quote)

    async def announce_interest(self, symbols: Iterable[str]) -> None:
        self._interest = set(symbols)

    async def interest(self) -> set[str]:
        return set(self._interest)

    async def snapshot(self, symbols: Iterable[str]) -> list[Quote]:
        return [self._latest[s] for s in symbols if s in self._latest]

    async def hold_producer_lease(self) -> bool:
        return True


# Renew only a lease we hold (compare-and-extend in one step).
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class RedisBroker:
    shared = True

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "nestegg:live",
        lease_seconds: float = 5.0,
        interest_seconds: float = 30.0,
    ) -> None:
        import redis.asyncio as redis

        self._redis = redis.Redis.from_url(url, max_connections=64)
        # Commands queue here rather than opening connections: a burst of subscriptions must
        # wait its turn, not fail with "too many connections". (redis-py's blocking pool was
        # tried: a cancelled waiter in it could hang shutdown.)
        self._commands = asyncio.Semaphore(16)
        self._prefix = prefix
        self.channel = f"{prefix}:quotes"
        self._lease_key = f"{prefix}:producer"
        self._interest_key = f"{prefix}:interest"
        self._latest_key = f"{prefix}:latest"
        self._lease_ms = int(lease_seconds * 1000)
        self._interest_seconds = interest_seconds
        self.instance = uuid.uuid4().hex
        self._listeners: list[QuoteListener] = []
        self._reader: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        await self._redis.ping()
        self._reader = asyncio.create_task(self._read(), name="redis-quotes")
        await asyncio.wait_for(self._subscribed.wait(), timeout=10)

    async def stop(self) -> None:
        if self._reader is not None:
            await cancel_and_wait(self._reader)
            self._reader = None
        with contextlib.suppress(Exception):
            await self._redis.eval(_RELEASE, 1, self._lease_key, self.instance)
        await self._redis.aclose()

    def add_listener(self, listener: QuoteListener) -> None:
        self._listeners.append(listener)

    async def _read(self) -> None:
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self._subscribed.set()
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    try:
                        quote = Quote.from_wire(message["data"])
                    except (ValueError, KeyError):
                        log.warning("dropped a malformed quote on %s", self.channel)
                        continue
                    for listener in self._listeners:
                        listener(quote)
            except asyncio.CancelledError:
                raise
            except Exception:  # a dropped connection: resubscribe after a pause
                log.exception("redis quote subscription failed; retrying")
                await asyncio.sleep(1.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def publish(self, quotes: Iterable[Quote]) -> None:
        batch = list(quotes)
        if not batch:
            return
        async with self._commands, self._redis.pipeline(transaction=False) as pipe:
            for quote in batch:
                wire = quote.to_wire()
                pipe.publish(self.channel, wire)
                pipe.hset(self._latest_key, quote.symbol, wire)
            await pipe.execute()

    async def announce_interest(self, symbols: Iterable[str]) -> None:
        wanted = list(symbols)
        if wanted:
            expiry = time.time() + self._interest_seconds
            async with self._commands:
                await self._redis.zadd(self._interest_key, dict.fromkeys(wanted, expiry))

    async def interest(self) -> set[str]:
        now = time.time()
        async with self._commands:
            await self._redis.zremrangebyscore(self._interest_key, "-inf", now)
            members = await self._redis.zrangebyscore(self._interest_key, now, "+inf")
        return {m.decode() if isinstance(m, bytes) else str(m) for m in members}

    async def snapshot(self, symbols: Iterable[str]) -> list[Quote]:
        wanted = list(symbols)
        if not wanted:
            return []
        async with self._commands:
            values = await self._redis.hmget(self._latest_key, wanted)
        return [Quote.from_wire(v) for v in values if v is not None]

    async def hold_producer_lease(self) -> bool:
        async with self._commands:
            taken = await self._redis.set(
                self._lease_key, self.instance, nx=True, px=self._lease_ms
            )
            if taken:
                return True
            renewed = await self._redis.eval(
                _RENEW, 1, self._lease_key, self.instance, str(self._lease_ms)
            )
        return bool(renewed)
