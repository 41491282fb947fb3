"""The built web app: precompressed assets, cache headers, deep links, and /api left alone."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from nestegg.app.errors import install_error_handlers
from nestegg.app.main import create_app
from nestegg.app.settings import Settings
from nestegg.app.web.static import accepted_encodings, install

INDEX = "<!doctype html><title>Nestegg</title><div id=root></div>" + " " * 600
SCRIPT = "console.log('nestegg');" * 40


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX)
    (root / "index.html.gz").write_bytes(gzip.compress(INDEX.encode()))
    (root / "index.html.br").write_bytes(b"brotli-index")
    (root / "assets" / "index-Ab12Cd.js").write_text(SCRIPT)
    (root / "assets" / "index-Ab12Cd.js.gz").write_bytes(gzip.compress(SCRIPT.encode()))
    (root / "assets" / "index-Ab12Cd.js.br").write_bytes(b"brotli-script")
    (root / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    (root / "manifest.webmanifest").write_text('{"name": "Nestegg"}')
    (root / "icon-192.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "secret.txt").write_text("outside dist")
    return root


@pytest.fixture
def client(dist: Path) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/api/v1/thing")
    def thing() -> dict[str, str]:
        return {"ok": "yes"}

    install(app, dist=dist)
    return TestClient(app)


def test_index_answers_every_app_route(client: TestClient) -> None:
    for path in ["/", "/accounts", "/holdings", "/transactions", "/import", "/future/page/7"]:
        response = client.get(path, headers={"Accept-Encoding": "identity"})
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["cache-control"] == "no-cache"
        assert "<div id=root>" in response.text


def test_brotli_preferred_then_gzip_then_plain(client: TestClient) -> None:
    path = "/assets/index-Ab12Cd.js"
    br = client.get(path, headers={"Accept-Encoding": "gzip, br"})
    assert br.headers["content-encoding"] == "br"
    assert br.headers["vary"] == "Accept-Encoding"
    assert br.headers["content-type"].startswith("text/javascript")

    gz = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip"
    assert gz.text == SCRIPT  # httpx decodes gzip

    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text == SCRIPT

    refused = client.get(path, headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.headers["content-encoding"] == "gzip"


def test_cache_headers(client: TestClient) -> None:
    asset = client.get("/assets/index-Ab12Cd.js")
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/sw.js").headers["cache-control"] == "no-cache"
    assert client.get("/index.html").headers["cache-control"] == "no-cache"
    assert client.get("/icon-192.png").headers["cache-control"] == "public, max-age=3600"
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert manifest.headers["x-content-type-options"] == "nosniff"


def test_conditional_request_gets_304(client: TestClient) -> None:
    first = client.get("/assets/index-Ab12Cd.js", headers={"Accept-Encoding": "br"})
    again = client.get(
        "/assets/index-Ab12Cd.js",
        headers={"Accept-Encoding": "br", "If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304
    other_coding = client.get(
        "/assets/index-Ab12Cd.js",
        headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]},
    )
    assert other_coding.status_code == 200


def test_head_request(client: TestClient) -> None:
    response = client.head("/holdings")
    assert response.status_code == 200
    assert response.content == b""


def test_missing_file_with_extension_is_404(client: TestClient) -> None:
    assert client.get("/assets/missing-123.js").status_code == 404
    assert client.get("/favicon.ico").status_code == 404


def test_no_path_traversal(client: TestClient) -> None:
    for path in ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"]:
        response = client.get(path)
        assert "outside dist" not in response.text, path


def test_api_paths_stay_problem_json(client: TestClient) -> None:
    assert client.get("/api/v1/thing").json() == {"ok": "yes"}
    for method, path in [("GET", "/api/v1/nothing"), ("GET", "/api"), ("POST", "/api/v1/nothing")]:
        response = client.request(method, path)
        assert response.status_code == 404, (method, path)
        assert response.headers["content-type"] == "application/problem+json"


def test_post_to_an_app_route_is_not_allowed(client: TestClient) -> None:
    assert client.post("/holdings").status_code == 405


def test_nothing_is_mounted_without_a_build(tmp_path: Path) -> None:
    app = FastAPI()
    routes = len(app.router.routes)
    install(app, dist=tmp_path / "nowhere")
    assert len(app.router.routes) == routes


def test_the_real_app_serves_the_build(
    dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NESTEGG_WEB_DIST", str(dist))
    app = create_app(Settings(vault=tmp_path / "vault.nestegg"))
    with TestClient(app) as client:
        assert "<div id=root>" in client.get("/transactions").text
        status = client.get("/api/v1/vault/status")
        assert status.status_code == 200
        assert status.json()["exists"] is False
        missing = client.get("/api/v1/no-such-thing")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert "/{path}" not in str(app.openapi()["paths"])


# --- prerendered pages ------------------------------------------------------------------

DASHBOARD = (
    "<!doctype html><title>Dashboard</title><div id=root><h1>Dashboard</h1></div>" + " " * 600
)
NAVIGATE = {"Sec-Fetch-Dest": "document", "Accept-Encoding": "identity"}


@pytest.fixture
def prerendered(dist: Path) -> Path:
    folder = dist / "prerender"
    folder.mkdir()
    (folder / "dashboard.html").write_text(DASHBOARD)
    (folder / "dashboard.html.gz").write_bytes(gzip.compress(DASHBOARD.encode()))
    (folder / "routes.json").write_text('{"/": "dashboard.html", "/gone": "missing.html"}')
    return dist


def signed_in_when_header(request: Request) -> bool:
    return request.headers.get("x-signed-in") == "yes"


def test_prerendered_page_only_for_a_signed_in_navigation(prerendered: Path) -> None:
    app = FastAPI()
    install(app, dist=prerendered, signed_in=signed_in_when_header)
    client = TestClient(app)
    signed_in = {**NAVIGATE, "X-Signed-In": "yes"}

    page = client.get("/", headers=signed_in)
    assert page.text == DASHBOARD
    assert page.headers["x-nestegg-prerendered"] == "dashboard"
    assert page.headers["cache-control"] == "no-cache"
    assert page.headers["vary"] == "Accept-Encoding, Cookie"
    assert (
        client.get("/", headers={**signed_in, "Accept-Encoding": "gzip"}).headers[
            "content-encoding"
        ]
        == "gzip"
    )

    # Not signed in, not a navigation (the service worker's fetch), or another route: index.
    for headers, path in [
        (NAVIGATE, "/"),
        ({"X-Signed-In": "yes", "Accept-Encoding": "identity"}, "/"),
        (signed_in, "/accounts"),
        (signed_in, "/gone"),
    ]:
        response = client.get(path, headers=headers)
        assert response.text == INDEX, (headers, path)
        assert "x-nestegg-prerendered" not in response.headers
        assert response.headers["vary"] == "Accept-Encoding, Cookie"

    # The files are never served under their own names.
    assert client.get("/prerender/dashboard.html", headers=signed_in).status_code == 404
    assert client.get("/prerender/routes.json", headers=signed_in).status_code == 404


def test_without_a_session_check_every_page_is_index(prerendered: Path) -> None:
    app = FastAPI()
    install(app, dist=prerendered)
    assert TestClient(app).get("/", headers=NAVIGATE).text == INDEX


def test_the_real_app_prerenders_for_its_own_session(
    prerendered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NESTEGG_WEB_DIST", str(prerendered))
    settings = Settings(
        vault=tmp_path / "vault.nestegg", kdf_memory_kib=8192, kdf_time_cost=1, kdf_parallelism=1
    )
    with TestClient(create_app(settings)) as client:
        assert client.get("/", headers=NAVIGATE).text == INDEX
        created = client.post("/api/v1/vault", json={"passphrase": "correct horse battery staple"})
        assert created.status_code == 204
        assert client.get("/", headers=NAVIGATE).text == DASHBOARD
        assert client.post("/api/v1/vault/lock").status_code == 204
        assert client.get("/", headers=NAVIGATE).text == INDEX


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", {"gzip", "deflate", "br"}),
        ("br;q=0, gzip;q=0.5", {"gzip"}),
        ("", set()),
        ("gzip;q=nonsense", set()),
    ],
)
def test_accepted_encodings(header: str, expected: set[str]) -> None:
    assert accepted_encodings(header) == expected
