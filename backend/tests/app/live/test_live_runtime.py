"""``market_runtime``: the refresh job and the live hub wired into an app's lifespan."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from live_support import COOKIE, authenticate, serve
from websockets.asyncio.client import connect

from nestegg.app import migrate
from nestegg.app.db import Database, url_engine
from nestegg.app.live.router import router
from nestegg.app.live.service import market_runtime
from nestegg.app.market import service
from nestegg.app.market.config import MarketSettings


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    engine = url_engine(f"sqlite:///{tmp_path / 'runtime.db'}")
    migrate.upgrade(engine)
    db = Database(engine)
    with db.session() as session:
        service.ensure_market_data(session, ["VTI"])
    yield db
    db.dispose()


def runtime_app(database: Database, settings: MarketSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with market_runtime(app, database=lambda: database, demo=True, settings=settings):
            yield

    app = FastAPI(lifespan=lifespan)
    app.include_router(router)
    app.state.authenticate_ws = authenticate
    app.state.live_universe = lambda: ["VTI"]
    app.state.portfolio_value = lambda prices: (
        (prices["VTI"] * 3, Decimal(0)) if "VTI" in prices else None
    )
    return app


def test_runtime_streams_the_demo_and_refreshes(database: Database) -> None:
    settings = MarketSettings(
        price_providers="bundled", quotes=None, replay_interval=0.05, redis_url=None
    )
    app = runtime_app(database, settings)

    async def run(url: str) -> None:
        async with connect(url, additional_headers={"Cookie": COOKIE}) as ws:
            await ws.send(json.dumps({"type": "subscribe", "symbols": ["VTI"]}))
            kinds: set[str] = set()
            while kinds != {"quote", "portfolio"}:
                message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                kinds.add(message["type"])
                if message["type"] == "quote":
                    # The replay ends each session on the store's last close of VTI.
                    assert Decimal(message["price"]) > 100

    with serve(app) as url:
        asyncio.run(run(url))
        deadline = time.monotonic() + 10
        while app.state.market_refresher.last_report is None and time.monotonic() < deadline:
            time.sleep(0.05)
    report = app.state.market_refresher.last_report
    assert report is not None and not report.failed and "tbill_3m" in report.macro


def test_quotes_off_means_no_hub(database: Database) -> None:
    async def hub_for(settings: MarketSettings, *, demo: bool) -> object:
        app = FastAPI()
        async with market_runtime(app, database=lambda: database, demo=demo, settings=settings):
            return app.state.live_hub

    assert asyncio.run(hub_for(MarketSettings(quotes="off"), demo=True)) is None
    # Unset, the hub runs without a source until a household asks for quotes; with Redis,
    # through the shared stream.
    hub = asyncio.run(
        hub_for(MarketSettings(quotes=None, redis_url="redis://127.0.0.1:6379/0"), demo=False)
    )
    assert hub is not None and type(hub.broker).__name__ == "RedisBroker"
