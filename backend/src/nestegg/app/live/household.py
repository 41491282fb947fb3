"""What the live hub needs from the household: who may connect, what is held, what it is worth."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from fastapi import FastAPI, WebSocket

from nestegg.app.db import Database
from nestegg.app.deps import SESSION_COOKIE
from nestegg.app.errors import LockedError
from nestegg.app.ledger import service as ledger
from nestegg.app.security.store import Store, StoreEvent
from nestegg.core.ledger import CASH_SYMBOL
from nestegg.core.performance import revalue


def open_database(store: Store) -> Database | None:
    try:
        return store.database()
    except LockedError:
        return None


def is_demo(store: Store) -> bool:
    """Whether the open store holds the demo household (unknown while locked: no)."""
    database = open_database(store)
    if database is None:
        return False
    with database.session() as session:
        return ledger.is_demo_household(session)


def install(app: FastAPI, store: Store) -> None:
    """Give the WebSocket route and the live hub their hooks into the store."""

    def authenticate_ws(websocket: WebSocket) -> bool:
        return open_database(store) is not None and store.has_session(
            websocket.cookies.get(SESSION_COOKIE)
        )

    def held_symbols() -> Iterable[str]:
        database = open_database(store)
        if database is None:
            return ()
        with database.session() as session:
            _, booked = ledger.booked(session)
        return {p.symbol for p in booked.positions if p.symbol != CASH_SYMBOL}

    def portfolio_value(prices: dict[str, Decimal]) -> tuple[Decimal, Decimal] | None:
        database = open_database(store)
        if database is None:
            return None
        with database.session() as session:
            valuation = ledger.holdings(session)
        return revalue(valuation, prices)

    def store_event(event: StoreEvent) -> None:
        # The market runtime (while the app runs) chooses the quote source again.
        forward = getattr(app.state, "store_event", None)
        if forward is not None:
            forward(event)

    app.state.authenticate_ws = authenticate_ws
    app.state.live_universe = held_symbols
    app.state.portfolio_value = portfolio_value
    store.add_listener(store_event)
