"""Quote-to-client latency of /api/v1/ws with many concurrent WebSocket clients on loopback.

Starts a server process (uvicorn, 127.0.0.1, a free port) with a minimal app: the live router
and a replay source, authentication always granted. Then, from client processes:

1. opens ``--clients`` idle connections and reports the server's resident memory per idle
   connection (RSS after minus RSS before, divided by the count);
2. subscribes every client to one symbol and, for ``--seconds``, records for every quote the
   time it arrived minus its ``as_of`` (the instant the replay source produced it). The
   clients are websockets' sans-I/O ``ClientProtocol`` on plain asyncio transports, so that
   the measuring side adds as little queueing of its own as it can;
3. prints p50, p90, p99 and max, closes everything and stops the server.

Both sides run on this machine, so client-side queueing (one Python process parsing a burst
of messages) is part of the figure: it is an upper bound of what the server adds.

    .venv/bin/python bench/bench_ws_latency.py [--clients 1000] [--seconds 15] [--interval 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import multiprocessing as mp
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYMBOL = "SPY"


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 65536)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


# --- the server --------------------------------------------------------------------------


def serve(
    port: int,
    interval: float,
    ws: str = "websockets-sansio",
    loop: str = "asyncio",
    stats_path: str | None = None,
    skip_first: int = 0,
    redis_url: str | None = None,
    redis_prefix: str = "nestegg-bench",
) -> None:
    raise_file_limit()
    from contextlib import asynccontextmanager

    import uvicorn
    from fastapi import FastAPI

    from nestegg.app.live.broker import Broker, InProcessBroker, RedisBroker
    from nestegg.app.live.hub import LiveHub
    from nestegg.app.live.router import router
    from nestegg.app.live.service import running
    from nestegg.app.live.sources import ReplaySource

    written: list[float] = []

    def on_sent(text: str) -> None:
        # Server side alone: the quote's as_of to the moment it was written to the socket.
        if '"type":"quote"' in text:
            written.append(time.time() - _as_of(text))

    broker: Broker = RedisBroker(redis_url, prefix=redis_prefix) if redis_url else InProcessBroker()
    hub = LiveHub(broker, ReplaySource(interval=interval), heartbeat=15.0, on_sent=on_sent)

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        async with running(hub):
            yield
        if stats_path:
            Path(stats_path).write_text(json.dumps(written[skip_first:]))

    app = FastAPI(lifespan=lifespan)
    app.include_router(router)
    app.state.live_hub = hub
    app.state.authenticate_ws = lambda websocket: True
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws=ws,  # type: ignore[arg-type]
        loop=loop,  # type: ignore[arg-type]
        ws_per_message_deflate=False,
        backlog=4096,
        timeout_graceful_shutdown=2,
    )


# --- the clients -------------------------------------------------------------------------


def _as_of(text: str) -> float:
    # {"type":"quote",...,"as_of":"2026-01-02T15:04:05.123456Z"}: slice, don't parse it all.
    start = text.rindex('"as_of":"') + 9
    stamp = text[start : start + 26]
    return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=dt.UTC).timestamp()


class LeanClient(asyncio.Protocol):
    """A WebSocket client on websockets' sans-I/O protocol and a bare asyncio transport.

    The high-level client spends ~150 µs of Python per message (futures, queues, a reader
    task); with 1,000 of them in one process that queueing would dominate the figure. This
    one parses frames as they arrive and timestamps them at once.
    """

    def __init__(self, url: str, latencies: list[float]) -> None:
        from websockets.client import ClientProtocol
        from websockets.uri import parse_uri

        self.protocol = ClientProtocol(parse_uri(url))
        self.latencies = latencies
        self.open: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.subscribed = float("inf")
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no subclass
        self.protocol.send_request(self.protocol.connect())
        self._flush()

    def _flush(self) -> None:
        assert self.transport is not None
        data = self.protocol.data_to_send()
        if data:
            self.transport.write(b"".join(data))

    def data_received(self, data: bytes) -> None:
        from websockets.frames import Frame, Opcode

        now = time.time()
        self.protocol.receive_data(data)
        for event in self.protocol.events_received():
            if isinstance(event, Frame):
                if event.opcode is Opcode.TEXT and b'"type":"quote"' in event.data:
                    produced = _as_of(event.data.decode())
                    # The snapshot sent on subscribing is an older quote: not a live delivery.
                    if produced >= self.subscribed:
                        self.latencies.append(now - produced)
            elif not self.open.done():
                self.open.set_result(None)
        self._flush()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.open.done():
            self.open.set_exception(exc or ConnectionError("closed"))

    def send_text(self, text: str) -> None:
        self.protocol.send_text(text.encode())
        self._flush()

    def close(self) -> None:
        self.protocol.send_close(1000)
        self._flush()
        assert self.transport is not None
        self.transport.close()


async def _clients(
    urls: list[str], count: int, connected: mp.Barrier, subscribe: mp.Event, seconds: float
) -> list[float]:
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    clients: list[LeanClient] = []
    for i in range(count):
        url = urls[i % len(urls)]
        port = int(url.split(":")[2].split("/")[0])
        _, client = await loop.create_connection(
            lambda url=url: LeanClient(url, latencies),  # type: ignore[misc]
            "127.0.0.1",
            port,
        )
        await asyncio.wait_for(client.open, 30)
        clients.append(client)
    await asyncio.to_thread(connected.wait, 120)
    await asyncio.to_thread(subscribe.wait, 120)
    message = json.dumps({"type": "subscribe", "symbols": [SYMBOL]})
    for client in clients:
        client.subscribed = time.time()
        client.send_text(message)
    await asyncio.sleep(seconds)
    for client in clients:
        client.close()
    await asyncio.sleep(0.5)
    return latencies


def client_process(
    urls: list[str],
    count: int,
    connected: mp.Barrier,
    subscribe: mp.Event,
    seconds: float,
    results: mp.Queue,
) -> None:
    raise_file_limit()
    results.put(asyncio.run(_clients(urls, count, connected, subscribe, seconds)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between ticks")
    parser.add_argument("--processes", type=int, default=1, help="client processes")
    parser.add_argument("--ws", default="websockets-sansio", help="uvicorn's WebSocket protocol")
    parser.add_argument("--loop", default="asyncio", help="uvicorn's event loop (asyncio, uvloop)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (needs --redis)")
    parser.add_argument("--redis", help="Redis URL: the servers share one stream through it")
    parser.add_argument("--prefix", default="nestegg-bench", help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--stats", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(
            args.serve,
            args.interval,
            args.ws,
            args.loop,
            args.stats,
            skip_first=args.clients,
            redis_url=args.redis,
            redis_prefix=args.prefix,
        )
        return
    if args.workers > 1 and not args.redis:
        parser.error("--workers above 1 needs --redis")

    raise_file_limit()
    ports = [free_port() for _ in range(args.workers)]
    stats_dir = Path(tempfile.mkdtemp(prefix="bench-ws-"))
    prefix = f"nestegg-bench:{os.getpid()}"
    per_server = args.clients // args.workers
    servers = [
        subprocess.Popen(
            [
                *(sys.executable, __file__, "--serve", str(port), "--interval", str(args.interval)),
                *("--ws", args.ws, "--loop", args.loop, "--stats", str(stats_dir / f"{port}.json")),
                *("--clients", str(per_server), "--prefix", prefix),
                *(("--redis", args.redis) if args.redis else ()),
            ],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_for_port(port)
        time.sleep(1.0)
        before = sum(rss_kib(server.pid) for server in servers)
        urls = [f"ws://127.0.0.1:{port}/api/v1/ws" for port in ports]
        ctx = mp.get_context("spawn")
        connected = ctx.Barrier(args.processes + 1)
        subscribe = ctx.Event()
        results: mp.Queue = ctx.Queue()
        shares = [args.clients // args.processes] * args.processes
        shares[0] += args.clients - sum(shares)
        workers = [
            ctx.Process(
                target=client_process,
                args=(urls, share, connected, subscribe, args.seconds, results),
            )
            for share in shares
        ]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        connected.wait(180)
        connect_seconds = time.perf_counter() - started
        time.sleep(2.0)  # let the servers settle with every connection idle
        after = sum(rss_kib(server.pid) for server in servers)
        subscribe.set()
        latencies: list[float] = []
        for _ in workers:
            latencies.extend(results.get(timeout=args.seconds + 120))
        for worker in workers:
            worker.join(30)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.redis:
            import redis

            client = redis.Redis.from_url(args.redis)
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)
            client.close()

    # The first message to each client is the snapshot sent on subscribing (skipped).
    server_ms = [x for f in stats_dir.glob("*.json") for x in json.loads(f.read_text())]
    shutil.rmtree(stats_dir, ignore_errors=True)
    server_ms = [x * 1000 for x in server_ms]
    ms = [x * 1000 for x in latencies]
    ticks = args.seconds / args.interval
    fanout = f"Redis {args.redis}" if args.redis else "in-process"
    print(
        f"server: {args.workers} uvicorn process(es), ws={args.ws} loop={args.loop},"
        f" fan-out {fanout}, a quote every {args.interval} s"
    )
    print(
        f"clients: {args.clients} in {args.processes} process(es),"
        f" connected in {connect_seconds:.1f} s"
    )
    print(
        f"server RSS: {before / 1024:.1f} MiB idle, {after / 1024:.1f} MiB with every client"
        f" connected -> {(after - before) / args.clients:.1f} KiB per idle connection"
    )
    print(
        f"quotes received: {len(ms)} (expected about {int(ticks * args.clients)}:"
        f" {args.clients} clients x {ticks:.0f} ticks)"
    )
    if ms:
        print(
            f"quote-to-client latency: p50 {statistics.median(ms):.1f} ms,"
            f" p90 {percentile(ms, 90):.1f} ms, p99 {percentile(ms, 99):.1f} ms,"
            f" max {max(ms):.1f} ms (target p99 < 100 ms)"
        )

    if server_ms:
        print(
            f"server side alone (as_of to written to the socket): p50"
            f" {statistics.median(server_ms):.1f} ms, p99 {percentile(server_ms, 99):.1f} ms"
        )
    print(f"load average during the run: {os.getloadavg()[0]:.2f} (2 cores)")


if __name__ == "__main__":
    main()
