"""The refresh job against a real (SQLite) store of its own: it commits, as it does in the app."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from nestegg.app import migrate
from nestegg.app.db import Database, url_engine
from nestegg.app.market import service
from nestegg.app.market.providers.base import FailoverProvider, MacroObservation, ProviderError
from nestegg.app.market.providers.bundled import BundledProvider
from nestegg.app.market.tasks import MarketRefresher
from nestegg.core.market.bars import DailyBar

D = dt.date
NOW = dt.datetime(2026, 7, 20, 12, 0, tzinfo=dt.UTC)  # a Monday; 2026-07-17 is the last session


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    engine = url_engine(f"sqlite:///{tmp_path / 'market.db'}")
    migrate.upgrade(engine)
    db = Database(engine)
    with db.session() as session:
        service.load_bundled_prices(session, ["SPY"])
    yield db
    db.dispose()


class Down:
    name = "down"

    def __init__(self) -> None:
        self.calls: list[tuple[str, dt.date]] = []

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        self.calls.append((symbol, start))
        raise ProviderError(self.name, "HTTP 503")


class Fresh:
    name = "fresh"

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        days = [D(2026, 7, 13), D(2026, 7, 14), D(2026, 7, 15), D(2026, 7, 16), D(2026, 7, 17)]
        return [
            DailyBar(symbol, d, Decimal(600 + i), Decimal(600 + i), Decimal(0))
            for i, d in enumerate(days)
            if start <= d <= end
        ]


def refresher(database: Database, *providers: object, **kw: object) -> MarketRefresher:
    return MarketRefresher(
        lambda: database, FailoverProvider(providers, timeout=1.0), clock=lambda: NOW, **kw
    )  # type: ignore[arg-type]


def freshness(database: Database) -> service.Freshness:
    with database.session() as session:
        return service.price_freshness(session, ["SPY"], now=NOW)["SPY"]


def test_refresh_fails_over_and_updates_incrementally(database: Database) -> None:
    down = Down()
    report = asyncio.run(refresher(database, down, Fresh()).refresh())
    assert down.calls == [("SPY", D(2026, 7, 13))]  # from the newest stored bar (the overlap)
    assert report.updated == {"SPY": 4} and report.failed == {}
    fresh = freshness(database)
    assert not fresh.stale and fresh.last_date == D(2026, 7, 17) and fresh.source == "fresh"
    # Up to date now: nothing is asked.
    down.calls.clear()
    report = asyncio.run(refresher(database, down, Fresh()).refresh())
    assert down.calls == [] and report.updated == {}


def test_offline_refresh_keeps_the_data_and_marks_it_stale(database: Database) -> None:
    report = asyncio.run(refresher(database, Down()).refresh())
    assert report.failed == {"SPY": "down: HTTP 503"}
    fresh = freshness(database)
    assert fresh.stale and fresh.error == "down: HTTP 503"
    assert fresh.last_date == D(2026, 7, 13) and fresh.refreshed_at is not None
    # Bundled only (the offline default): it answers, but has nothing newer.
    report = asyncio.run(refresher(database, BundledProvider()).refresh())
    assert report.current == ["SPY"] and report.failed == {}
    fresh = freshness(database)
    assert fresh.stale and fresh.error is None


def test_locked_store_is_skipped() -> None:
    job = MarketRefresher(lambda: None, FailoverProvider([Fresh()]), clock=lambda: NOW)
    assert asyncio.run(job.refresh()).skipped


def test_new_symbol_starts_at_the_beginning(database: Database) -> None:
    down = Down()
    asyncio.run(refresher(database, down).refresh(["ZZNEW"]))
    assert down.calls == [("ZZNEW", D(2000, 1, 3))]


class FredDown:
    name = "fred"

    async def series(self, series: str, start: dt.date | None = None) -> list[MacroObservation]:
        raise ProviderError("fred", "offline")


def test_macro_falls_back_to_the_bundled_history(database: Database) -> None:
    job = refresher(database, BundledProvider(), macro=[FredDown(), BundledProvider()])
    report = asyncio.run(job.refresh())
    assert report.macro["tbill_3m"] > 9000 and report.macro["cpi_u_nsa"] > 1300
    with database.session() as session:
        assert service.macro_series(session, "cpi_u_nsa", D(2026, 5, 1)) == [
            (D(2026, 5, 1), Decimal("335.123"))
        ]


def test_the_schedule_runs_at_start_and_stops(database: Database) -> None:
    async def run() -> None:
        job = refresher(database, Fresh(), interval=3600)
        job.start()
        for _ in range(200):
            if job.last_report is not None:
                break
            await asyncio.sleep(0.01)
        await job.stop()
        assert job.last_report is not None and job.last_report.updated == {"SPY": 4}

    asyncio.run(run())


def test_replay_history_comes_from_the_store_or_the_bundle(database: Database) -> None:
    from nestegg.app.live.service import database_closes
    from nestegg.app.live.sources import bundled_closes

    with database.session() as session:
        service.store_bars(
            session,
            [
                DailyBar("ZZR", D(2026, 7, 13), Decimal(10), None, None),
                DailyBar("ZZR", D(2026, 7, 14), Decimal(11), None, None),
            ],
            source="csv",
            retrieved_at=NOW,
        )
    assert database_closes(lambda: database)("ZZR") == [Decimal(10), Decimal(11)]
    assert database_closes(lambda: None)("SPY") == bundled_closes("SPY")
    assert database_closes(lambda: database)("QQQ") == bundled_closes("QQQ")


class Splitting:
    """ZZS splits 2-for-1 on 2026-07-15 (closes split-adjusted, as Yahoo publishes them)."""

    name = "splitting"

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        if symbol != "ZZS":
            return []
        days = [D(2026, 7, 13), D(2026, 7, 14), D(2026, 7, 15), D(2026, 7, 16), D(2026, 7, 17)]
        return [
            DailyBar(symbol, d, Decimal(50 + i), None, None, Decimal(2 if i == 2 else 1))
            for i, d in enumerate(days)
            if start <= d <= end
        ]


def test_a_new_split_of_a_held_symbol_is_recorded_in_the_ledger(database: Database) -> None:
    from nestegg.app.ledger import service as ledger
    from nestegg.core.ledger import Account, AccountType, Action, Transaction

    with database.session() as session:
        service.store_bars(
            session,
            [DailyBar("ZZS", D(2026, 7, 13), Decimal(100), None, None)],
            source="csv",
            retrieved_at=NOW,
        )
        ledger.create_account(session, Account("Brokerage", AccountType.TAXABLE))
        ledger.create_transaction(
            session,
            Transaction(D(2026, 7, 13), "Brokerage", Action.BUY, "ZZS", Decimal(10), Decimal(100)),
        )
    report = asyncio.run(refresher(database, Splitting()).refresh())
    assert report.updated == {"ZZS": 4}
    assert report.recorded == ["market:split:ZZS:2026-07-15:Brokerage"]
    with database.session() as session:
        _, booked = ledger.booked(session)
        (zzs,) = [p for p in booked.positions if p.symbol == "ZZS"]
        assert (zzs.quantity, zzs.cost_basis) == (20, 1000)
    # Nothing twice.
    assert asyncio.run(refresher(database, Splitting()).refresh()).recorded == []
