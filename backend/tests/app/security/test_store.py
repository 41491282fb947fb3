"""The store: server mode on PostgreSQL with a passphrase verifier, and auto-lock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from nestegg.app.errors import AuthError, LockedError
from nestegg.app.security.store import Store
from nestegg.app.security.vault import VaultExistsError, WrongPassphraseError
from nestegg.app.settings import Settings

POSTGRES_URL = os.environ.get(
    "NESTEGG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SCHEMA = "nestegg_store_test"


@pytest.fixture
def server_url() -> Iterator[str]:
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    except sa.exc.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{SCHEMA}"
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def test_server_mode_checks_the_passphrase_against_its_verifier(server_url: str) -> None:
    store = Store(Settings(database_url=server_url))
    try:
        assert store.status().mode == "postgresql"
        store.create("server passphrase")
        with pytest.raises(VaultExistsError):
            store.create("another")
        with pytest.raises(WrongPassphraseError):
            store.unlock("not the one")
        database = store.unlock("server passphrase")
        with database.session() as session:
            tables = session.execute(
                sa.text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": SCHEMA}
            ).scalars()
            assert {"account", "transaction", "price", "setting"} <= set(tables)
            verifier = session.execute(sa.text("SELECT value FROM setting")).scalar_one()
            assert verifier.startswith("$argon2id$")
    finally:
        store.close()


def test_idle_vault_locks_itself(tmp_path: Path) -> None:
    settings = Settings(
        vault=tmp_path / "idle.nestegg",
        auto_lock_minutes=1,
        kdf_memory_kib=8192,
        kdf_time_cost=1,
        kdf_parallelism=1,
    )
    now = [1000.0]
    store = Store(settings, clock=lambda: now[0])
    store.create("idle passphrase")
    token = store.new_session()
    now[0] += 59
    store.check_session(token)
    now[0] += 61
    with pytest.raises(LockedError):
        store.database()
    with pytest.raises(AuthError):
        store.check_session(token)
    assert store.status().unlocked is False
    store.close()
