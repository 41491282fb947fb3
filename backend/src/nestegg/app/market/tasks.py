"""The refresh job: daily history and macro series, at start-up and on a schedule.

It runs as an asyncio task beside the API and never blocks it: providers are async (blocking
clients run in threads) and every database step runs in a worker thread with its own
session and transaction. Refreshes are incremental — each symbol from its newest stored bar
(the overlap day links the adjusted close, see :func:`service.store_bars`), or from the
first session of a recent gap. A provider that is offline or failing changes nothing but the
symbol's status: the last data stay in place and the API reports them as stale.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from nestegg.app.db import Database, utcnow
from nestegg.app.market import repository, service
from nestegg.app.market.providers.base import (
    AllProvidersFailedError,
    FailoverProvider,
    MacroObservation,
    MacroProvider,
    ProviderError,
)
from nestegg.core.ledger import CASH_SYMBOL
from nestegg.core.market.bars import DailyBar

log = logging.getLogger(__name__)

DEFAULT_START = dt.date(2000, 1, 3)
"""Where a symbol with no stored history starts (the bundled history's first session)."""
GAP_LOOKBACK = dt.timedelta(days=60)
"""Gaps this recent are fetched again; older ones are history the providers lack too."""
MACRO_SERIES = ("tbill_3m", "cpi_u_nsa")

DatabaseSource = Callable[[], Database | None]
"""The open store, or ``None`` while the vault is locked (the job then waits for the next run)."""


async def cancel_and_wait(task: asyncio.Task[Any], *, attempts: int = 50) -> None:
    """Cancel ``task`` and wait until it has finished, cancelling again if it swallowed the
    first request (CPython 3.11's ``asyncio.timeout``, which redis-py uses around reads, can
    lose a cancellation that races its own deadline). Never swallows a cancellation of the
    caller, unlike awaiting the task under ``suppress(CancelledError)``."""
    while not task.done() and attempts > 0:
        task.cancel()
        await asyncio.wait({task}, timeout=0.2)
        attempts -= 1
    if not task.done():
        log.error("task %s ignored cancellation; leaving it behind", task.get_name())


@dataclass(slots=True)
class RefreshReport:
    started_at: dt.datetime
    updated: dict[str, int] = field(default_factory=dict)
    """Symbols that received bars, with how many."""
    failed: dict[str, str] = field(default_factory=dict)
    current: list[str] = field(default_factory=list)
    """Symbols already up to date (nothing asked)."""
    macro: dict[str, int] = field(default_factory=dict)
    skipped: bool = False
    """The store was locked."""
    recorded: list[str] = field(default_factory=list)
    """Keys of the split transactions recorded in the ledger from the corporate actions."""


class MarketRefresher:
    def __init__(
        self,
        database: DatabaseSource,
        prices: FailoverProvider,
        *,
        macro: Sequence[MacroProvider] = (),
        interval: float = 6 * 3600.0,
        concurrency: int = 4,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._database = database
        self._prices = prices
        self._macro = list(macro)
        self.interval = interval
        self._semaphore = asyncio.Semaphore(concurrency)
        self._clock = clock
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._db_lock = threading.Lock()
        self.last_report: RefreshReport | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Run a refresh now and then every ``interval`` seconds, in the background."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._loop(), name="market-refresh")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await self.refresh()
            except Exception:  # the schedule must survive any one failed run
                log.exception("market refresh failed")
            await asyncio.sleep(self.interval)

    @contextmanager
    def _session(self, database: Database) -> Iterator[Session]:
        """A transaction for one of the job's database steps; the steps run one at a time.
        Symbols are fetched concurrently, and on SQLite two transactions that each read and
        then write would collide: a deferred transaction cannot become a writer once another
        connection has committed since its read, and fails with SQLITE_BUSY ("database is
        locked") without waiting (https://www.sqlite.org/lang_transaction.html)."""
        with self._db_lock, database.session() as session:
            yield session

    # --- one run -------------------------------------------------------------------------------

    async def refresh(self, symbols: Sequence[str] | None = None) -> RefreshReport:
        async with self._lock:
            report = RefreshReport(started_at=self._clock())
            database = self._database()
            if database is None:
                report.skipped = True
                self.last_report = report
                return report
            plan = await asyncio.to_thread(self._plan, database, symbols)
            await asyncio.gather(
                *(self._refresh_symbol(database, s, *span, report) for s, span in plan.items())
            )
            if self._macro:
                await self._refresh_macro(database, report)
            # After every run, not only when a split arrived: this also catches ledger changes
            # since the last run, and recording is idempotent (nothing twice).
            report.recorded = await asyncio.to_thread(self._record_ledger_events, database)
            self.last_report = report
            return report

    def _plan(
        self, database: Database, symbols: Sequence[str] | None
    ) -> dict[str, tuple[dt.date, dt.date | None]]:
        """For each symbol to ask about: the first date to ask for and its newest stored bar.
        Symbols that are up to date with no recent gap are left out."""
        expected = service.expected_last_date(self._clock())
        plan: dict[str, tuple[dt.date, dt.date | None]] = {}
        with self._session(database) as session:
            wanted = set(symbols) if symbols is not None else repository.tracked_symbols(session)
            wanted.discard(CASH_SYMBOL)
            last = repository.last_dates(session, wanted)
            for symbol in sorted(wanted):
                newest = last.get(symbol)
                if newest is None:
                    plan[symbol] = (DEFAULT_START, None)
                    continue
                recent = newest - GAP_LOOKBACK
                gaps = service.price_gaps(session, symbol, start=recent)
                if newest >= expected and not gaps:
                    continue
                plan[symbol] = (min([newest, *(g.first for g in gaps)]), newest)
        return plan

    async def _refresh_symbol(
        self,
        database: Database,
        symbol: str,
        start: dt.date,
        newest: dt.date | None,
        report: RefreshReport,
    ) -> None:
        end = self._clock().date()
        async with self._semaphore:
            try:
                result = await self._prices.history(symbol, start, end)
            except AllProvidersFailedError as exc:
                report.failed[symbol] = str(exc)
                await asyncio.to_thread(self._failed, database, symbol, str(exc))
                return
        fresh = [bar for bar in result.bars if bar.symbol == symbol]
        new = [b for b in fresh if b.date != newest]
        if result.source is None or not new:
            report.current.append(symbol)
            await asyncio.to_thread(
                self._failed, database, symbol, "no provider has newer bars", soft=True
            )
            return
        await asyncio.to_thread(self._store, database, result.source, fresh, result.retrieved_at)
        report.updated[symbol] = len(new)

    def _store(
        self, database: Database, source: str, bars: list[DailyBar], at: dt.datetime
    ) -> None:
        with self._session(database) as session:
            service.store_bars(session, bars, source=source, retrieved_at=at)

    def _failed(self, database: Database, symbol: str, error: str, *, soft: bool = False) -> None:
        with self._session(database) as session:
            if soft:
                service.record_refresh_checked(session, symbol, self._clock())
            else:
                service.record_refresh_failure(session, symbol, error, self._clock())

    def _record_ledger_events(self, database: Database) -> list[str]:
        """Record the splits the ledger lacks (``auto`` proposals), in a transaction of its
        own; a failure is logged and leaves the refresh's results in place."""
        # Imported here: the ledger depends on the market domain, not the other way round.
        from nestegg.app.ledger import corporate_actions

        try:
            with self._session(database) as session:
                recorded = corporate_actions.record_automatic(session, as_of=self._clock().date())
        except Exception:
            log.exception("recording splits from the corporate actions failed")
            return []
        if recorded:
            log.info("recorded %d split(s) from the market data", len(recorded))
        return [p.key for p in recorded]

    async def _refresh_macro(self, database: Database, report: RefreshReport) -> None:
        for series in MACRO_SERIES:
            start = await asyncio.to_thread(self._last_macro, database, series)
            for provider in self._macro:
                try:
                    observations = await asyncio.wait_for(
                        provider.series(series, start), self._prices.timeout
                    )
                except (ProviderError, TimeoutError) as exc:
                    log.info("macro provider %s failed on %s: %s", provider.name, series, exc)
                    continue
                if observations:
                    await asyncio.to_thread(
                        self._store_macro, database, provider.name, observations
                    )
                    report.macro[series] = len(observations)
                break

    def _last_macro(self, database: Database, series: str) -> dt.date | None:
        with self._session(database) as session:
            return repository.last_macro_date(session, series)

    def _store_macro(
        self, database: Database, source: str, observations: list[MacroObservation]
    ) -> None:
        with self._session(database) as session:
            service.store_macro(session, observations, source=source, retrieved_at=self._clock())
