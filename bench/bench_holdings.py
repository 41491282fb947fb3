"""Latency of GET /api/v1/holdings for the demo household over loopback; prints p50 and p95.

Target (Foundation issue): p95 under 50 ms. Starts a real `nestegg serve` on a free port with a
fresh demo vault, signs in, warms up, then times sequential requests.
Run: .venv/bin/python bench/bench_holdings.py [--requests N]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PASSPHRASE = "benchmark passphrase"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    nestegg = [sys.executable, "-m", "nestegg.app.cli"]
    with tempfile.TemporaryDirectory() as folder:
        vault = Path(folder) / "demo.nestegg"
        env = {**os.environ, "NESTEGG_PASSPHRASE": PASSPHRASE, "NESTEGG_QUOTES": "off"}
        subprocess.run(
            [*nestegg, "demo", "--vault", str(vault)], env=env, check=True, capture_output=True
        )
        port = free_port()
        server = subprocess.Popen(
            [*nestegg, "serve", "--vault", str(vault), "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=10) as client:
                for _ in range(100):
                    try:
                        client.get("/api/v1/health")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                unlocked = client.post("/api/v1/vault/unlock", json={"passphrase": PASSPHRASE})
                unlocked.raise_for_status()
                for _ in range(20):
                    client.get("/api/v1/holdings").raise_for_status()
                times = []
                for _ in range(args.requests):
                    started = time.perf_counter()
                    response = client.get("/api/v1/holdings")
                    times.append((time.perf_counter() - started) * 1000)
                    response.raise_for_status()
        finally:
            server.terminate()
            server.wait(timeout=10)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"GET /api/v1/holdings (demo household, {len(response.json()['positions'])} positions): "
        f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {len(times)} requests "
        "(target p95 < 50 ms)"
    )


if __name__ == "__main__":
    main()
