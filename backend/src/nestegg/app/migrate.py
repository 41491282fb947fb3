"""Bring a store's schema to the latest Alembic revision (and check it)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.engine import Engine

SCRIPT_LOCATION = "nestegg.app:migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(engine: Engine) -> None:
    """Run pending migrations; a no-op (one query) when the schema is current."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head_revision():
        return
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def check(engine: Engine) -> None:
    """Raise if the models and the migrations disagree (``alembic check``)."""
    with engine.begin() as connection:
        command.check(alembic_config(connection))
