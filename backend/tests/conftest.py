"""Shared fixtures: one real database per run, a rolled-back transaction per test.

``NESTEGG_TEST_DB`` chooses the store: ``sqlcipher`` (default; an encrypted vault file) or
``postgresql`` (``NESTEGG_TEST_POSTGRES_URL``, default the machine's database ``test``). With
``CI=true`` a missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from nestegg.app import migrate
from nestegg.app.db import Database, url_engine
from nestegg.app.security.vault import KdfParams, create_vault

TEST_DB = os.environ.get("NESTEGG_TEST_DB", "sqlcipher")
POSTGRES_URL = os.environ.get(
    "NESTEGG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
FAST_KDF = KdfParams(memory_kib=8192, time_cost=1, parallelism=1)
"""Cheap key derivation for throwaway test vaults (the real defaults are tested separately)."""
PASSPHRASE = "correct horse battery staple"


def _postgres_database() -> Database:
    engine = url_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI but unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    migrate.upgrade(engine)
    return Database(engine)


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    if TEST_DB == "postgresql":
        db = _postgres_database()
    else:
        path = tmp_path_factory.mktemp("vault") / "test.nestegg"
        db = create_vault(path, PASSPHRASE, FAST_KDF)
    yield db
    db.dispose()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session in a transaction that is rolled back after the test."""
    with database.engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as db_session:
            yield db_session
        outer.rollback()


@pytest.fixture
def client(session: Session, tmp_path: Path) -> Iterator[TestClient]:
    """The real app, signed in, its requests sharing the test's rolled-back transaction."""
    from nestegg.app.deps import SESSION_COOKIE, get_session
    from nestegg.app.main import create_app
    from nestegg.app.security.store import Store
    from nestegg.app.settings import Settings

    settings = Settings(vault=tmp_path / "unused.nestegg", database_url=None)
    store = Store(settings)
    app = create_app(settings, store)

    def test_session(request: Request) -> Iterator[Session]:
        store.check_session(request.cookies.get(SESSION_COOKIE))
        with session.begin_nested():
            yield session

    app.dependency_overrides[get_session] = test_session
    with TestClient(app) as test_client:
        test_client.cookies.set(SESSION_COOKIE, store.new_session())
        yield test_client
