"""``/api/v1/ws``: live quotes and portfolio values over a WebSocket.

Client → server: ``{"type": "subscribe", "symbols": [...]}``, ``{"type": "unsubscribe",
"symbols": [...]}``. Server → client: ``quote``, ``portfolio``, ``heartbeat`` and ``error``
messages (see :mod:`nestegg.app.live.quotes`). The connection is authenticated by the
session cookie through ``app.state.authenticate_ws(websocket) -> bool`` (sync or async);
without it, or when it says no, the socket is closed with code 4401.
"""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from nestegg.app.live.hub import Connection, LiveHub

router = APIRouter(tags=["live"])

UNAUTHORIZED = 4401
SYMBOL = re.compile(r"^[A-Z0-9.\-^=/]{1,20}$")
MAX_MESSAGE = 64 * 1024


async def _authenticated(websocket: WebSocket) -> bool:
    authenticate = getattr(websocket.app.state, "authenticate_ws", None)
    if authenticate is None:
        return False
    result = authenticate(websocket)
    if inspect.isawaitable(result):
        result = await result
    return bool(result)


def _symbols(message: dict[str, Any]) -> list[str] | str:
    raw = message.get("symbols")
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        return '"symbols" must be a list of strings'
    symbols = [s.strip().upper() for s in raw]
    bad = [s for s in symbols if not SYMBOL.match(s)]
    if bad:
        return f"invalid symbol(s): {', '.join(bad[:5])}"
    return list(dict.fromkeys(symbols))


async def _handle(hub: LiveHub, connection: Connection, text: str) -> None:
    if len(text) > MAX_MESSAGE:
        connection.error("message too large")
        return
    try:
        message = json.loads(text)
    except ValueError:
        connection.error("messages must be JSON")
        return
    if not isinstance(message, dict):
        connection.error("messages must be JSON objects")
        return
    kind = message.get("type")
    if kind not in ("subscribe", "unsubscribe"):
        connection.error(f"unknown message type {kind!r}")
        return
    symbols = _symbols(message)
    if isinstance(symbols, str):
        connection.error(symbols)
    elif kind == "subscribe":
        await hub.subscribe(connection, symbols)
    else:
        hub.unsubscribe(connection, symbols)


@router.websocket("/api/v1/ws")
async def live(websocket: WebSocket) -> None:
    await websocket.accept()
    if not await _authenticated(websocket):
        # Accept first: a close before accepting reaches the browser as a bare HTTP 403,
        # without the code that tells the page to sign in again.
        await websocket.close(code=UNAUTHORIZED, reason="sign in first")
        return
    hub = getattr(websocket.app.state, "live_hub", None)
    if not isinstance(hub, LiveHub) or not hub.serving:
        await websocket.send_text(json.dumps({"type": "error", "detail": "live quotes are off"}))
        await websocket.close(code=1013, reason="live quotes are off")
        return
    connection = hub.connect(websocket)
    try:
        while not connection.closed.is_set():
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            text = message.get("text")
            if text is None:
                connection.error("send JSON text frames")
                continue
            await _handle(hub, connection, text)
    except WebSocketDisconnect:
        pass
    finally:
        await hub.disconnect(connection)
