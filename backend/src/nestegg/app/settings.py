"""Settings from the environment (``NESTEGG_*``) with local-first defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "nestegg"


def default_vault_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault.nestegg"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NESTEGG_", extra="ignore")

    vault: Path = Field(default_factory=default_vault_path)
    passphrase: SecretStr | None = None
    database_url: str | None = None
    """``postgresql+psycopg://…`` switches from the local vault to PostgreSQL (server mode)."""
    redis_url: str | None = None
    quotes: Literal["replay", "poll", "off"] | None = None
    replay_interval: float = 1.0
    auto_lock_minutes: int = 15
    kdf_memory_kib: int = 65536
    """Argon2id memory cost for new vaults (RFC 9106's second recommended option: 64 MiB)."""
    kdf_time_cost: int = 3
    kdf_parallelism: int = 4
    host: str = "127.0.0.1"
    port: int = 8000
    cookie_secure: bool = False

    @property
    def server_mode(self) -> bool:
        return self.database_url is not None


@lru_cache
def get_settings() -> Settings:
    return Settings()
