"""The store one process serves, and the browser sessions that may use it.

Local mode: the encrypted vault file, locked until a passphrase unlocks it (and locked again
after ``auto_lock_minutes`` without a request). Server mode (``NESTEGG_DATABASE_URL``):
PostgreSQL, always open; the passphrase is checked against an Argon2id verifier kept in the
``setting`` table.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from nestegg.app import migrate
from nestegg.app.db import Database, url_engine
from nestegg.app.errors import AuthError, LockedError
from nestegg.app.security import vault
from nestegg.app.security.models import SettingRow
from nestegg.app.settings import Settings

VERIFIER_KEY = "passphrase_verifier"

StoreEvent = Literal["created", "opened", "changed", "closed"]
"""What a store listener hears: a new, empty store was created (and opened), an existing one
opened (unlocked), its household replaced (e.g. the demo household loaded), or it was
locked."""

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoreStatus:
    mode: str
    exists: bool
    unlocked: bool
    location: str


class Store:
    def __init__(self, settings: Settings, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._database: Database | None = None
        self._sessions: dict[str, float] = {}
        self._last_activity = self._clock()
        self._lock = threading.RLock()
        self._listeners: list[Callable[[StoreEvent], None]] = []

    # --- the store ------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return "postgresql" if self.settings.server_mode else "vault"

    @property
    def vault_path(self) -> Path:
        return self.settings.vault

    def kdf_params(self) -> vault.KdfParams:
        s = self.settings
        return vault.KdfParams(s.kdf_memory_kib, s.kdf_time_cost, s.kdf_parallelism)

    def status(self) -> StoreStatus:
        self._expire_if_idle()
        if self.settings.server_mode:
            return StoreStatus("postgresql", True, True, "PostgreSQL")
        return StoreStatus(
            "vault",
            vault.vault_exists(self.vault_path),
            self._database is not None,
            str(self.vault_path),
        )

    def create(self, passphrase: str) -> Database:
        """Create an empty vault (local) or initialise the schema and verifier (server)."""
        with self._lock:
            if self.settings.server_mode:
                database = self._server_database()
                with database.session() as session:
                    if session.get(SettingRow, VERIFIER_KEY) is not None:
                        raise vault.VaultExistsError("this database already has a passphrase")
                    session.add(
                        SettingRow(key=VERIFIER_KEY, value=PasswordHasher().hash(passphrase))
                    )
            else:
                database = vault.create_vault(self.vault_path, passphrase, self.kdf_params())
                self._replace(database)
        self._notify("created")
        return database

    def unlock(self, passphrase: str) -> Database:
        """Check the passphrase and open the store (already open: only check)."""
        with self._lock:
            if self.settings.server_mode:
                database = self._server_database()
                with database.session() as session:
                    row = session.get(SettingRow, VERIFIER_KEY)
                    if row is None:
                        raise vault.VaultNotFoundError(
                            "this database has no passphrase yet; run `nestegg init`"
                        )
                    try:
                        PasswordHasher().verify(row.value, passphrase)
                    except VerificationError:
                        raise vault.WrongPassphraseError("wrong passphrase") from None
            elif self._database is not None:
                vault.derive_key(self.vault_path, passphrase)
                return self._database
            else:
                database = vault.open_vault(self.vault_path, passphrase)
                self._replace(database)
        self._notify("opened")
        return database

    def lock(self) -> None:
        with self._lock:
            self._sessions.clear()
            closing = not self.settings.server_mode and self._database is not None
            if closing:
                assert self._database is not None
                self._database.dispose()
                self._database = None
        if closing:
            self._notify("closed")

    def database(self) -> Database:
        self._expire_if_idle()
        if self.settings.server_mode:
            return self._server_database()
        if self._database is None:
            raise LockedError("the vault is locked; unlock it with your passphrase")
        return self._database

    def attach(self, database: Database) -> None:
        """Serve an already opened database (tests, and `nestegg serve` with a passphrase)."""
        with self._lock:
            self._replace(database)
        self._notify("opened")

    def close(self) -> None:
        with self._lock:
            self._sessions.clear()
            if self._database is not None:
                self._database.dispose()
                self._database = None

    # --- listeners ------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[StoreEvent], None]) -> None:
        """Call ``listener(event)`` after the store is created or opened, its household
        changes, or it locks.

        It runs in the thread that caused the event (a request's worker thread, or whichever
        thread noticed the idle timeout), possibly while the store's lock is held: it must be
        quick and must not wait on other threads. An exception is logged and ignored."""
        self._listeners.append(listener)

    def household_changed(self) -> None:
        """Tell the listeners that the household was replaced (the demo household loaded)."""
        self._notify("changed")

    def _notify(self, event: StoreEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a store listener failed on %r", event)

    def _replace(self, database: Database) -> None:
        if self._database is not None and self._database is not database:
            self._database.dispose()
        self._database = database
        self._last_activity = self._clock()

    def _server_database(self) -> Database:
        if self._database is None:
            assert self.settings.database_url is not None
            engine = url_engine(self.settings.database_url)
            migrate.upgrade(engine)
            self._database = Database(engine)
        return self._database

    # --- sessions -------------------------------------------------------------------------

    def new_session(self) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = self._clock()
            self._last_activity = self._clock()
        return token

    def check_session(self, token: str | None) -> None:
        self._expire_if_idle()
        with self._lock:
            if not token or token not in self._sessions:
                raise AuthError("not signed in: unlock the vault with your passphrase")
            now = self._clock()
            self._sessions[token] = now
            self._last_activity = now

    def end_session(self, token: str | None) -> None:
        with self._lock:
            if token:
                self._sessions.pop(token, None)

    def has_session(self, token: str | None) -> bool:
        with self._lock:
            return bool(token) and token in self._sessions

    def is_signed_in(self, token: str | None) -> bool:
        """Whether ``token`` is a live session of an open vault, without counting as activity
        (the web app asks this to choose which HTML to send)."""
        self._expire_if_idle()
        with self._lock:
            open_vault = self._database is not None or self.settings.server_mode
            return open_vault and bool(token) and token in self._sessions

    def _expire_if_idle(self) -> None:
        limit = self.settings.auto_lock_minutes * 60
        if limit <= 0 or self.settings.server_mode:
            return
        with self._lock:
            if self._database is not None and self._clock() - self._last_activity > limit:
                self.lock()
