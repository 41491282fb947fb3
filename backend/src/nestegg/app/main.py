"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from nestegg import __version__
from nestegg.app.errors import install_error_handlers
from nestegg.app.security.store import Store
from nestegg.app.settings import Settings, get_settings


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or get_settings()
    store = store or Store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from nestegg.app.live import household
        from nestegg.app.live.service import market_runtime

        try:
            async with market_runtime(
                app,
                database=lambda: household.open_database(store),
                demo=lambda: household.is_demo(store),
            ):
                yield
        finally:
            store.close()

    app = FastAPI(
        title="Nestegg",
        version=__version__,
        description="A private, local-first investment adviser.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    # Starlette skips responses that are already encoded (the web app's precompressed files).
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.state.store = store
    app.state.settings = settings
    install_error_handlers(app)

    from nestegg.app.health import router as health_router
    from nestegg.app.ledger.router import router as ledger_router
    from nestegg.app.live import household
    from nestegg.app.live.router import router as live_router
    from nestegg.app.market.router import router as market_router
    from nestegg.app.performance.router import router as performance_router
    from nestegg.app.security.router import router as vault_router
    from nestegg.app.tax.router import router as tax_router

    app.include_router(health_router)
    app.include_router(vault_router)
    app.include_router(ledger_router)
    app.include_router(market_router)
    app.include_router(performance_router)
    app.include_router(tax_router)
    app.include_router(live_router)
    household.install(app, store)

    from nestegg.app.web import mount_web

    mount_web(app)
    return app
