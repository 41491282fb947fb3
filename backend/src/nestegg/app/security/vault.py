"""The encrypted local vault: one SQLCipher (AES-256) file opened with the user's passphrase.

The passphrase never reaches SQLCipher. A raw 256-bit key is derived from it once per unlock
with Argon2id (RFC 9106; the default parameters are its second recommended option, 64 MiB of
memory, 3 passes, 4 lanes) and handed to SQLCipher as a raw key, so opening a pooled
connection costs no key derivation. The salt, the parameters and a key-check value live in a
small JSON file beside the vault (``<vault>.key.json``). SQLCipher reports a wrong key and a
damaged file alike ("file is not a database"); the key check tells them apart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from argon2.low_level import Type, hash_secret_raw

from nestegg.app.db import Database, sqlcipher_engine
from nestegg.core.errors import DomainError

KEY_FILE_SUFFIX = ".key.json"
_CHECK_CONTEXT = b"nestegg vault key check v1"


class VaultError(DomainError):
    code = "vault_error"


class VaultNotFoundError(VaultError):
    code = "vault_not_found"


class VaultExistsError(VaultError):
    code = "vault_exists"


class WrongPassphraseError(VaultError):
    code = "wrong_passphrase"


class VaultDamagedError(VaultError):
    code = "vault_damaged"


@dataclass(frozen=True, slots=True)
class KdfParams:
    memory_kib: int = 65536
    time_cost: int = 3
    parallelism: int = 4

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        return hash_secret_raw(
            passphrase.encode("utf-8"),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )


def key_file(vault: Path) -> Path:
    return vault.with_name(vault.name + KEY_FILE_SUFFIX)


def _key_check(key: bytes) -> str:
    return hmac.new(key, _CHECK_CONTEXT, hashlib.sha256).hexdigest()


def vault_exists(vault: Path) -> bool:
    return vault.exists() or key_file(vault).exists()


def derive_key(vault: Path, passphrase: str) -> bytes:
    """The vault's raw key; raises when the passphrase is wrong (nothing is opened)."""
    info_path = key_file(vault)
    if not vault.exists():
        raise VaultNotFoundError(f"no vault at {vault}; create one with `nestegg init`")
    if not info_path.exists():
        raise VaultDamagedError(
            f"the key file {info_path.name} beside the vault is missing; restore it from backup"
        )
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
        params = KdfParams(
            memory_kib=int(info["memory_kib"]),
            time_cost=int(info["time_cost"]),
            parallelism=int(info["parallelism"]),
        )
        salt = base64.b64decode(info["salt"])
        expected = str(info["key_check"])
        if info.get("kdf") != "argon2id":
            raise ValueError("unknown kdf")
    except (ValueError, KeyError, TypeError) as exc:
        raise VaultDamagedError(f"the key file {info_path.name} is damaged ({exc})") from None
    key = params.derive(passphrase, salt)
    if not hmac.compare_digest(_key_check(key), expected):
        raise WrongPassphraseError("wrong passphrase")
    return key


def create_vault(vault: Path, passphrase: str, params: KdfParams | None = None) -> Database:
    """Create an empty encrypted vault and its key file, then open it."""
    if vault_exists(vault):
        raise VaultExistsError(f"a vault already exists at {vault}")
    if len(passphrase) < 8:
        raise VaultError("the passphrase must have at least 8 characters")
    params = params or KdfParams()
    salt = secrets.token_bytes(16)
    key = params.derive(passphrase, salt)
    vault.parent.mkdir(parents=True, exist_ok=True)
    info = {
        "format": 1,
        "kdf": "argon2id",
        "memory_kib": params.memory_kib,
        "time_cost": params.time_cost,
        "parallelism": params.parallelism,
        "salt": base64.b64encode(salt).decode("ascii"),
        "key_check": _key_check(key),
    }
    tmp = key_file(vault).with_suffix(".tmp")
    tmp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(key_file(vault))
    database = _open_with_key(vault, key, creating=True)
    os.chmod(vault, 0o600)
    return database


def open_vault(vault: Path, passphrase: str) -> Database:
    """Open an existing vault; raises a :class:`VaultError` with a clear message otherwise."""
    return _open_with_key(vault, derive_key(vault, passphrase), creating=False)


def _open_with_key(vault: Path, key: bytes, *, creating: bool) -> Database:
    engine = sqlcipher_engine(vault, key)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        if creating:
            raise
        raise VaultDamagedError(
            f"the vault file {vault} is damaged or not a Nestegg vault "
            f"(the passphrase is right: {exc.orig})"
        ) from None
    from nestegg.app import migrate

    migrate.upgrade(engine)
    return Database(engine)
