"""The encrypted vault: AES-256 at rest, Argon2id key, wrong passphrase vs damaged file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from nestegg.app.ledger import service
from nestegg.app.ledger.demo import DEMO_CSV
from nestegg.app.ledger.importers.canonical import parse_canonical_csv
from nestegg.app.security.vault import (
    KdfParams,
    VaultDamagedError,
    VaultExistsError,
    VaultNotFoundError,
    WrongPassphraseError,
    create_vault,
    key_file,
    open_vault,
)

FAST = KdfParams(memory_kib=8192, time_cost=1, parallelism=1)
SECRET = "a long and secret passphrase"


def test_vault_holds_no_plain_text_of_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo.nestegg"
    database = create_vault(path, SECRET, FAST)
    with database.session() as session:
        service.import_ledger(session, parse_canonical_csv(DEMO_CSV.read_text(), file="demo"))
    database.dispose()
    # The database and its WAL (the key file holds random salt, no ledger data). Needles of
    # 4+ bytes: a 3-byte one turns up in a megabyte of ciphertext by chance (~6 %).
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if not p.name.endswith(".json"))
    for needle in (
        b"Joint Brokerage",
        b"Sam Roth IRA",
        b"VXUS",
        b"BNDX",
        b"ITOT",
        b"SQLite format",
    ):
        assert needle not in raw
    reopened = open_vault(path, SECRET)
    with reopened.session() as session:
        assert "Joint Brokerage" in service.accounts(session)
    reopened.dispose()


def test_wrong_passphrase_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "v.nestegg"
    create_vault(path, SECRET, FAST).dispose()
    with pytest.raises(WrongPassphraseError, match="wrong passphrase"):
        open_vault(path, "not the passphrase")


def test_damaged_file_is_told_apart_from_a_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "v.nestegg"
    create_vault(path, SECRET, FAST).dispose()
    data = bytearray(path.read_bytes())
    data[:4096] = b"\x00" * 4096
    path.write_bytes(bytes(data))
    with pytest.raises(VaultDamagedError, match="damaged"):
        open_vault(path, SECRET)


def test_missing_vault_and_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError):
        open_vault(tmp_path / "none.nestegg", SECRET)
    path = tmp_path / "v.nestegg"
    create_vault(path, SECRET, FAST).dispose()
    key_file(path).unlink()
    with pytest.raises(VaultDamagedError, match="key file"):
        open_vault(path, SECRET)


def test_cannot_create_over_an_existing_vault(tmp_path: Path) -> None:
    path = tmp_path / "v.nestegg"
    create_vault(path, SECRET, FAST).dispose()
    with pytest.raises(VaultExistsError):
        create_vault(path, SECRET, FAST)


def test_default_key_derivation_is_argon2id_with_documented_parameters(tmp_path: Path) -> None:
    path = tmp_path / "v.nestegg"
    database = create_vault(path, SECRET)
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert "4." in str(connection.exec_driver_sql("PRAGMA cipher_version").scalar())
    database.dispose()
    info = json.loads(key_file(path).read_text())
    assert info["kdf"] == "argon2id"
    assert (info["memory_kib"], info["time_cost"], info["parallelism"]) == (65536, 3, 4)
    assert SECRET not in key_file(path).read_text()


def test_pool_reuses_connections_without_rederiving(tmp_path: Path) -> None:
    database = create_vault(tmp_path / "v.nestegg", SECRET, FAST)
    for _ in range(20):
        with database.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    assert database.engine.pool.checkedout() == 0
    assert database.engine.pool.size() >= 1
    database.dispose()
