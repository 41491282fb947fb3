"""Database plumbing: exact-decimal column type, declarative base, engines for both stores.

The local store is a SQLCipher (AES-256) SQLite file opened with a raw 256-bit key (see
``nestegg.app.security.vault``); server mode uses PostgreSQL. Both run the same Alembic
migrations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import QueuePool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ExactDecimal(sa.types.TypeDecorator[Decimal]):
    """Decimal stored exactly: NUMERIC on PostgreSQL, TEXT elsewhere.

    SQLAlchemy's plain ``Numeric`` on SQLite goes through a float and loses digits, so on
    SQLite the value is kept as its plain decimal string. Do not compare or sum these columns
    in SQL on SQLite; load them and compute with ``Decimal``.
    """

    impl = sa.String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.Numeric(asdecimal=True))
        return dialect.type_descriptor(sa.String(64))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"ExactDecimal needs a Decimal, got {type(value).__name__}")
        if dialect.name == "postgresql":
            return value
        text = str(value)
        # str() switches to exponent notation for very small or large values; keep plain digits.
        return format(value, "f") if "E" in text else text

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(value)


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Timezone-aware UTC timestamps on both databases (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Database:
    """An engine and its session factory; the owner of one store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def sqlcipher_engine(path: Path, key: bytes, *, pool_size: int = 5) -> Engine:
    """An engine for a SQLCipher file keyed with a raw 256-bit key (no per-connection KDF)."""
    import sqlcipher3

    hex_key = key.hex()

    def connect() -> Any:
        connection = sqlcipher3.connect(str(path), check_same_thread=False)
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        return connection

    engine = sa.create_engine(
        "sqlite://",
        module=sqlcipher3,
        creator=connect,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=5,
    )
    _sqlite_pragmas(engine)
    return engine


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's implicit transactions fight SQLAlchemy's; take control of BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA cache_size = -65536")  # 64 MiB of decrypted pages
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def url_engine(url: str) -> Engine:
    """An engine for a database URL (PostgreSQL in server mode)."""
    engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    return engine


SessionFactory = Callable[[], Session]
