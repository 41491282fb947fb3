"""The vault over HTTP: status, create, unlock (204 + httpOnly cookie), lock."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from nestegg.app.main import create_app
from nestegg.app.security.store import Store
from nestegg.app.settings import Settings


def make_client(tmp_path: Path) -> TestClient:
    settings = Settings(
        vault=tmp_path / "api.nestegg", kdf_memory_kib=8192, kdf_time_cost=1, kdf_parallelism=1
    )
    return TestClient(create_app(settings, Store(settings)))


def test_first_run_unlock_and_lock(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        status = client.get("/api/v1/vault/status").json()
        assert status == {
            "mode": "vault",
            "exists": False,
            "unlocked": False,
            "signed_in": False,
            "location": str(tmp_path / "api.nestegg"),
            "auto_lock_minutes": 15,
        }
        assert client.get("/api/v1/accounts").status_code == 401

        created = client.post("/api/v1/vault", json={"passphrase": "first passphrase"})
        assert created.status_code == 204
        assert client.get("/api/v1/accounts").json() == []

        assert client.post("/api/v1/vault/lock").status_code == 204
        client.cookies.clear()
        locked = client.get("/api/v1/accounts")
        assert locked.status_code == 401
        assert locked.headers["content-type"] == "application/problem+json"

        wrong = client.post("/api/v1/vault/unlock", json={"passphrase": "nope nope"})
        assert wrong.status_code == 401
        assert wrong.json()["detail"] == "wrong passphrase"

        unlocked = client.post("/api/v1/vault/unlock", json={"passphrase": "first passphrase"})
        assert unlocked.status_code == 204
        cookie = unlocked.headers["set-cookie"]
        assert "nestegg_session=" in cookie
        assert "HttpOnly" in cookie
        assert client.get("/api/v1/accounts").status_code == 200
        assert client.get("/api/v1/vault/status").json()["signed_in"] is True


def test_already_open_vault_still_checks_the_passphrase(tmp_path: Path) -> None:
    settings = Settings(
        vault=tmp_path / "open.nestegg", kdf_memory_kib=8192, kdf_time_cost=1, kdf_parallelism=1
    )
    store = Store(settings)
    store.create("the right passphrase")
    with TestClient(create_app(settings, store)) as client:
        assert client.get("/api/v1/vault/status").json()["unlocked"] is True
        assert (
            client.post("/api/v1/vault/unlock", json={"passphrase": "wrong one"}).status_code == 401
        )
        ok = client.post("/api/v1/vault/unlock", json={"passphrase": "the right passphrase"})
        assert ok.status_code == 204


def test_malformed_unlock_requests_get_problem_details(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        for body in ({}, {"passphrase": 5}, {"passphrase": ""}, {"passphrase": "x", "extra": 1}):
            response = client.post("/api/v1/vault/unlock", json=body)
            assert response.status_code == 422, body
            assert response.headers["content-type"] == "application/problem+json"
        garbage = client.post(
            "/api/v1/vault/unlock",
            content=b"{not json",
            headers={"content-type": "application/json"},
        )
        assert garbage.status_code == 422
