"""Quote-to-client latency of /api/v1/ws with many concurrent WebSocket clients on loopback.

Starts a server process (uvicorn, 127.0.0.1, a free port; ``--workers N`` of them sharing one
stream through ``--redis``) with a minimal app: the live router and a replay source,
authentication always granted, the garbage-collector set-up of the real app. Then, from
client processes:

1. opens ``--clients`` idle connections and reports the servers' resident memory per idle
   connection (RSS after minus RSS before, divided by the count);
2. subscribes every client to one symbol and, for ``--seconds``, records for every quote the
   time it arrived minus its ``as_of`` (the instant the replay source produced it). The
   clients are lean: websockets' sans-I/O ``ClientProtocol`` for the handshake, then frames
   parsed in place on a bare transport (uvloop by default), so that the measuring side adds
   as little queueing of its own as it can;
3. prints p50, p90, p99 and max, the worst tick, the server side alone, CPU per tick of the
   servers and of the clients, the garbage collector's pauses and the load average, closes
   everything and stops the servers.

Both sides run on this machine, so client-side queueing (one Python process parsing a burst
of messages) is part of the figure: it is an upper bound of what the server adds.

    flock /tmp/nestegg-bench.lock .venv/bin/python bench/bench_ws_latency.py \
        [--clients 1000] [--seconds 15] [--interval 0.5] [--workers 2 --redis URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
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


class GcPauses:
    """The longest pause of Python's cyclic garbage collector per generation (a full
    collection walks every object: with 1,000 connections, tens of milliseconds)."""

    def __init__(self) -> None:
        self.longest = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self.full: list[tuple[float, float]] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        generation = info["generation"]
        took = time.perf_counter() - self._started
        self.longest[generation] = max(self.longest[generation], took)
        self.count[generation] += 1
        if generation == 2:
            self.full.append((time.time(), took))

    def counts(self) -> str:
        return ", ".join(
            f"gen{g} {n}x ≤{ms * 1000:.1f} ms"
            for g, (n, ms) in enumerate(zip(self.count, self.longest, strict=True))
        )

    def summary(self, since: float = 0.0) -> str:
        """Counts and longest pauses; full collections listed if they began after ``since``."""
        late = [f"{took * 1000:.0f} ms" for at, took in self.full if at >= since]
        return f"{self.counts()} (full collections while measuring: {', '.join(late) or 'none'})"


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
    redis_url: str | None = None,
    redis_prefix: str = "nestegg-bench",
    profile: str | None = None,
) -> None:
    raise_file_limit()
    from contextlib import asynccontextmanager

    import uvicorn
    from fastapi import FastAPI

    from nestegg.app.live.broker import Broker, InProcessBroker, RedisBroker
    from nestegg.app.live.hub import LiveHub
    from nestegg.app.live.router import router
    from nestegg.app.live.service import freeze_start_up_objects, running
    from nestegg.app.live.sources import ReplaySource

    # Server side alone: when each message was written to a socket. The hook runs inside the
    # fan-out, so it only appends, and to flat lists of strings and floats, which the cyclic
    # garbage collector does not track (30,000 tuples would trigger full collections, and
    # their pauses, that the server itself would not have).
    written: list[str] = []
    written_at: list[float] = []

    def on_sent(text: str) -> None:
        written.append(text)
        written_at.append(time.time())

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()

    broker: Broker = RedisBroker(redis_url, prefix=redis_prefix) if redis_url else InProcessBroker()
    hub = LiveHub(broker, ReplaySource(interval=interval), heartbeat=15.0, on_sent=on_sent)

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        if profiler is not None:
            profiler.enable()
        async with running(hub):
            freeze_start_up_objects()  # as the real app's market runtime does
            pauses = GcPauses()
            yield
        if profiler is not None and profile:
            profiler.disable()
            profiler.dump_stats(profile)
        if stats_path:
            # (as_of, written) of every quote; uvicorn re-raises SIGTERM after shutdown, so
            # this is written here rather than after uvicorn.run returns.
            stamps: dict[str, float] = {}
            pairs = [
                (stamps.setdefault(text, _as_of(text.encode())), at)
                for text, at in zip(written, written_at, strict=True)
                if '"type":"quote"' in text
            ]
            Path(stats_path).write_text(
                json.dumps({"pairs": pairs, "gc": pauses.counts(), "full": pauses.full})
            )

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

_STAMPS: dict[bytes, float] = {}


def _as_of(data: bytes | bytearray) -> float:
    """The ``as_of`` of a quote message, in seconds since the epoch.

    ``{"type":"quote",...,"as_of":"2026-01-02T15:04:05.123456Z"}``: sliced, not parsed; every
    client receives the same stamp in a tick, so each stamp is converted once."""
    start = data.rindex(b'"as_of":"') + 9
    stamp = bytes(data[start : start + 27])
    seconds = _STAMPS.get(stamp)
    if seconds is None:
        at = dt.datetime.strptime(stamp.decode(), "%Y-%m-%dT%H:%M:%S.%f%z")
        seconds = _STAMPS[stamp] = at.timestamp()
    return seconds


def _client_frame(opcode: int, payload: bytes) -> bytes:
    """A masked client-to-server frame (RFC 6455 section 5.2), payload under 126 bytes."""
    assert len(payload) < 126
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes((0x80 | opcode, 0x80 | len(payload))) + mask + masked


class LeanClient(asyncio.Protocol):
    """A WebSocket client on a bare asyncio transport.

    websockets' sans-I/O ``ClientProtocol`` does the opening handshake; after it, the
    server's frames (never masked, each message in one frame) are parsed here, ~10× cheaper
    than through the protocol object, and each message is timestamped with the moment its
    bytes were read. The high-level client spends ~150 µs of Python per message (futures,
    queues, a reader task); with 1,000 clients in one process that queueing, not the
    server, would dominate the figure.
    """

    def __init__(self, url: str, latencies: list[float]) -> None:
        from websockets.client import ClientProtocol
        from websockets.uri import parse_uri

        self.handshake: ClientProtocol | None = ClientProtocol(parse_uri(url))
        self.latencies = latencies
        self.open: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.subscribed = float("inf")
        self.received = 0
        self.transport: asyncio.Transport | None = None
        self._buffer = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no subclass
        assert self.handshake is not None
        self.handshake.send_request(self.handshake.connect())
        self.transport.write(b"".join(self.handshake.data_to_send()))

    def data_received(self, data: bytes) -> None:
        now = time.time()
        if self.handshake is not None:
            self._opening(data)
            return
        buffer = self._buffer
        buffer += data
        size = len(buffer)
        pos = 0
        while size - pos >= 2:
            length = buffer[pos + 1] & 0x7F
            head = 2
            if length == 126:
                if size - pos < 4:
                    break
                length = int.from_bytes(buffer[pos + 2 : pos + 4], "big")
                head = 4
            elif length == 127:
                if size - pos < 10:
                    break
                length = int.from_bytes(buffer[pos + 2 : pos + 10], "big")
                head = 10
            end = pos + head + length
            if end > size:
                break
            opcode = buffer[pos] & 0x0F
            payload = buffer[pos + head : end]
            pos = end
            if opcode == 0x1:  # text
                if b'"type":"quote"' in payload:
                    produced = _as_of(payload)
                    # The snapshot sent on subscribing is an older quote: not a live delivery.
                    if produced >= self.subscribed:
                        self.received += 1
                        # Flat floats, not tuples: nothing for the garbage collector to track.
                        self.latencies.append(produced)
                        self.latencies.append(now - produced)
            elif opcode == 0x9:  # ping: pong with the same payload
                self._write(_client_frame(0xA, bytes(payload)))
            elif opcode == 0x8:  # close: reply, then hang up
                self._write(_client_frame(0x8, bytes(payload[:2])))
                assert self.transport is not None
                self.transport.close()
        del buffer[:pos]

    def _opening(self, data: bytes) -> None:
        from websockets.http11 import Response

        assert self.handshake is not None
        self.handshake.receive_data(data)
        for event in self.handshake.events_received():
            if isinstance(event, Response) and not self.open.done():
                if event.status_code != 101:
                    self.open.set_exception(ConnectionError(f"HTTP {event.status_code}"))
                    return
                self.open.set_result(None)
                # The server sends nothing before it is asked to (no extensions negotiated).
                self.handshake = None

    def _write(self, data: bytes) -> None:
        assert self.transport is not None
        if not self.transport.is_closing():
            self.transport.write(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.open.done():
            self.open.set_exception(exc or ConnectionError("closed"))

    def send_text(self, text: str) -> None:
        self._write(_client_frame(0x1, text.encode()))

    def close(self) -> None:
        self._write(_client_frame(0x8, (1000).to_bytes(2, "big")))
        assert self.transport is not None
        self.transport.close()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _clients(
    urls: list[str], count: int, connected: mp.Barrier, subscribe: mp.Event, seconds: float
) -> tuple[list[float], list[int], float, str]:
    loop = asyncio.get_running_loop()
    latencies: list[float] = []  # produced, delay, produced, delay, ...
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
    cpu = cpu_seconds()
    pauses = GcPauses()
    message = json.dumps({"type": "subscribe", "symbols": [SYMBOL]})
    for client in clients:
        client.subscribed = time.time()
        client.send_text(message)
    await asyncio.sleep(seconds)
    cpu = cpu_seconds() - cpu
    for client in clients:
        client.close()
    await asyncio.sleep(0.5)
    return latencies, [c.received for c in clients], cpu, pauses.summary()


def client_process(
    urls: list[str],
    count: int,
    connected: mp.Barrier,
    subscribe: mp.Event,
    seconds: float,
    results: mp.Queue,
    loop: str = "asyncio",
    profile: str | None = None,
) -> None:
    raise_file_limit()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    run = asyncio.run
    if loop == "uvloop":
        import uvloop

        run = uvloop.run
    out = run(_clients(urls, count, connected, subscribe, seconds))
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    results.put(out)


def process_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    parser.add_argument("--loop", default="asyncio", help="the server's event loop")
    parser.add_argument(
        "--client-loop", default="uvloop", choices=("asyncio", "uvloop"), help="the clients' loop"
    )
    parser.add_argument("--workers", type=int, default=1, help="server processes (needs --redis)")
    parser.add_argument("--redis", help="Redis URL: the servers share one stream through it")
    parser.add_argument("--profile", help="directory for cProfile stats of every process")
    parser.add_argument("--ticks", action="store_true", help="print every tick's latencies")
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
            redis_url=args.redis,
            redis_prefix=args.prefix,
            profile=args.profile and str(Path(args.profile) / f"server-{args.serve}.prof"),
        )
        return
    if args.workers > 1 and not args.redis:
        parser.error("--workers above 1 needs --redis")
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)

    raise_file_limit()
    load_before = os.getloadavg()
    ports = [free_port() for _ in range(args.workers)]
    stats_dir = Path(tempfile.mkdtemp(prefix="bench-ws-"))
    prefix = f"nestegg-bench:{os.getpid()}"
    servers = [
        subprocess.Popen(
            [
                *(sys.executable, __file__, "--serve", str(port), "--interval", str(args.interval)),
                *("--ws", args.ws, "--loop", args.loop, "--stats", str(stats_dir / f"{port}.json")),
                *("--prefix", prefix),
                *(("--redis", args.redis) if args.redis else ()),
                *(("--profile", args.profile) if args.profile else ()),
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
                kwargs={
                    "loop": args.client_loop,
                    "profile": args.profile and str(Path(args.profile) / f"client-{i}.prof"),
                },
            )
            for i, share in enumerate(shares)
        ]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        connected.wait(180)
        connect_seconds = time.perf_counter() - started
        time.sleep(2.0)  # let the servers settle with every connection idle
        after = sum(rss_kib(server.pid) for server in servers)
        server_cpu = sum(process_cpu_seconds(server.pid) for server in servers)
        subscribed_at = time.time()
        subscribe.set()
        time.sleep(args.seconds)
        server_cpu = sum(process_cpu_seconds(server.pid) for server in servers) - server_cpu
        load_during = os.getloadavg()
        latencies: list[float] = []
        received: list[int] = []
        client_cpu = 0.0
        client_gc: list[str] = []
        for _ in workers:
            found, counts, cpu, collected = results.get(timeout=120)
            latencies.extend(found)
            received.extend(counts)
            client_cpu += cpu
            client_gc.append(collected)
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

    # Server side: quotes produced after the clients were told to subscribe (not snapshots).
    stats = [json.loads(f.read_text()) for f in sorted(stats_dir.glob("*.json"))]
    server_ms = [
        (at - produced) * 1000
        for found in stats
        for produced, at in found["pairs"]
        if produced >= subscribed_at
    ]
    shutil.rmtree(stats_dir, ignore_errors=True)
    by_tick: dict[float, list[float]] = {}
    for produced, delay in zip(latencies[::2], latencies[1::2], strict=True):
        by_tick.setdefault(produced, []).append(delay * 1000)
    ms = [delay * 1000 for delay in latencies[1::2]]
    ticks = len(by_tick)
    fanout = f"Redis {args.redis}" if args.redis else "in-process"
    if args.ticks:
        first = min(by_tick, default=0.0)
        for produced, values in sorted(by_tick.items()):
            print(
                f"  tick +{produced - first:6.2f} s: {len(values)} quotes,"
                f" p50 {statistics.median(values):.1f} ms, max {max(values):.1f} ms"
            )
    print(
        f"server: {args.workers} uvicorn process(es), ws={args.ws} loop={args.loop},"
        f" fan-out {fanout}, a quote every {args.interval} s"
    )
    print(
        f"clients: {args.clients} in {args.processes} process(es) (loop={args.client_loop}),"
        f" connected in {connect_seconds:.1f} s;"
        f" {sum(1 for n in received if n)} of {len(received)} received live quotes"
    )
    print(
        f"server RSS: {before / 1024:.1f} MiB idle, {after / 1024:.1f} MiB with every client"
        f" connected -> {(after - before) / args.clients:.1f} KiB per idle connection"
    )
    print(
        f"quotes received: {len(ms)} in {ticks} ticks (expected about"
        f" {int(args.seconds / args.interval) * args.clients}: {args.clients} clients x"
        f" {args.seconds / args.interval:.0f} ticks)"
    )
    if ms:
        worst = max(by_tick.values(), key=statistics.median)
        print(
            f"quote-to-client latency: p50 {statistics.median(ms):.1f} ms,"
            f" p90 {percentile(ms, 90):.1f} ms, p99 {percentile(ms, 99):.1f} ms,"
            f" max {max(ms):.1f} ms (target p99 < 100 ms);"
            f" worst tick p50 {statistics.median(worst):.1f} ms"
        )
    if server_ms:
        print(
            f"server side alone (as_of to written to the socket): p50"
            f" {statistics.median(server_ms):.1f} ms, p99 {percentile(server_ms, 99):.1f} ms"
        )
    late = [
        f"{took * 1000:.0f} ms"
        for found in stats
        for at, took in found["full"]
        if at >= subscribed_at
    ]
    print(
        "garbage collector: servers "
        + "; ".join(found["gc"] for found in stats)
        + f" (full collections while measuring: {', '.join(late) or 'none'}); clients "
        + "; ".join(client_gc)
    )
    per_tick = max(1.0, args.seconds / args.interval)
    print(
        f"CPU per tick: servers {server_cpu / per_tick * 1000:.1f} ms,"
        f" clients {client_cpu / per_tick * 1000:.1f} ms"
    )
    print(
        f"load average (1 min) before the run: {load_before[0]:.2f}, at its end:"
        f" {load_during[0]:.2f} (2 cores)"
    )


if __name__ == "__main__":
    main()
