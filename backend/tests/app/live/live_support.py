"""Live-test helpers: a small app around the live router, served by uvicorn in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import uvicorn
from fastapi import FastAPI, WebSocket

from nestegg.app.live.hub import LiveHub
from nestegg.app.live.router import router
from nestegg.app.live.service import running

COOKIE = "nestegg_session=let-me-in"


def authenticate(websocket: WebSocket) -> bool:
    return websocket.cookies.get("nestegg_session") == "let-me-in"


def live_app(hub: LiveHub | None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with running(hub):
            yield

    app = FastAPI(lifespan=lifespan)
    app.include_router(router)
    app.state.live_hub = hub
    app.state.authenticate_ws = authenticate
    return app


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on a free loopback port; yields its ``ws://`` URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", ws="websockets-sansio", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"ws://127.0.0.1:{port}/api/v1/ws"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
