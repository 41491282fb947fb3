"""Serving the built web app: precompressed assets, cache headers and the app's routes.

``frontend/`` builds into ``dist/`` beside this module, with a ``.br`` and a ``.gz`` next to
every compressible file. This module serves them itself (not ``StaticFiles``) so that:

- a browser that accepts brotli or gzip gets the precompressed file with ``Content-Encoding``
  (and ``Vary: Accept-Encoding``), with no compression work per request;
- hashed files under ``/assets/`` are cached for a year (``immutable``), while
  ``index.html`` and ``sw.js`` are revalidated on every load (``no-cache``) so a new release
  shows at once;
- any other path without a file extension (``/``, ``/holdings``, ``/accounts/7`` …) answers
  ``index.html``, so deep links and reloads work in the single-page app;
- ``/api`` and everything under it is never touched: the API's own 404s (problem+json) and
  405s stay as they are;
- a signed-in browser opening a page that was prerendered at build time (``prerender/``, see
  frontend/src/prerender.tsx: the Dashboard and Holdings in their first, still-loading frame)
  gets that HTML instead of the empty ``index.html``, so it paints the page's frame before
  any script runs. Only the document itself (``Sec-Fetch-Dest: document``, a navigation) is
  varied: the service worker's own fetches and everyone not signed in get ``index.html``.
"""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route
from starlette.types import Scope

DIST = Path(__file__).with_name("dist")

ASSET_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
DEFAULT_CACHE = "public, max-age=3600"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
TEXT_TYPES = frozenset({"application/json", "application/manifest+json", "image/svg+xml"})
NO_CACHE_FILES = frozenset({"index.html", "sw.js", "manifest.webmanifest"})
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class WebRoute(Route):
    """A catch-all GET/HEAD route that never matches ``/api`` paths."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and _is_api(scope["path"]):
            return Match.NONE, {}
        return super().matches(scope)


def accepted_encodings(header: str) -> set[str]:
    """The content codings a client accepts (``q=0`` means refused)."""
    accepted: set[str] = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            accepted.add(name)
    return accepted


PRERENDER_DIR = "prerender"
PRERENDER_ROUTES = "routes.json"


class WebApp:
    def __init__(self, dist: Path, signed_in: Callable[[Request], bool] | None = None) -> None:
        self.dist = dist.resolve()
        self.index = self.dist / "index.html"
        self.signed_in = signed_in
        self.prerendered = self._prerendered()

    def _prerendered(self) -> dict[str, Path]:
        """App route → its prerendered HTML, from ``prerender/routes.json`` (written by the
        front end's build: ``{"/": "dashboard.html", ...}``)."""
        folder = self.dist / PRERENDER_DIR
        try:
            routes = json.loads((folder / PRERENDER_ROUTES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        found: dict[str, Path] = {}
        for route, name in routes.items():
            file = (folder / str(name)).resolve()
            if isinstance(route, str) and file.is_relative_to(folder.resolve()) and file.is_file():
                found[route.rstrip("/") or "/"] = file
        return found

    def page_for(self, request: Request) -> Path:
        """The HTML for an app route: prerendered for a signed-in navigation, else index."""
        if self.signed_in is None or request.headers.get("sec-fetch-dest") != "document":
            return self.index
        page = self.prerendered.get(request.url.path.rstrip("/") or "/")
        if page is None or not self.signed_in(request):
            return self.index
        return page

    def resolve(self, path: str) -> Path | None:
        """The file for a URL path inside dist, or None (no traversal out of it)."""
        relative = PurePosixPath("/" + path.lstrip("/"))
        if any(part in ("..", "") for part in relative.parts[1:]) or "\x00" in path:
            return None
        candidate = (self.dist / relative.relative_to("/")).resolve()
        if not candidate.is_relative_to(self.dist) or not candidate.is_file():
            return None
        return candidate

    def cache_control(self, file: Path) -> str:
        relative = file.relative_to(self.dist)
        if relative.parts and relative.parts[0] == "assets":
            return ASSET_CACHE
        if relative.name in NO_CACHE_FILES or relative.parts[0] == PRERENDER_DIR:
            return REVALIDATE
        return DEFAULT_CACHE

    def respond(self, request: Request, file: Path) -> Response:
        media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type in TEXT_TYPES:
            media_type = f"{media_type}; charset=utf-8"
        page = file == self.index or file.parent.name == PRERENDER_DIR
        headers = {
            "Cache-Control": self.cache_control(file),
            # An app page depends on the session too (prerendered or not).
            "Vary": "Accept-Encoding, Cookie" if page and self.prerendered else "Accept-Encoding",
            **SECURITY_HEADERS,
        }
        if file.parent.name == PRERENDER_DIR and file.parent.parent == self.dist:
            headers["X-Nestegg-Prerendered"] = file.stem
        served = file
        accepted = accepted_encodings(request.headers.get("accept-encoding", ""))
        for coding, suffix in ENCODINGS:
            compressed = file.with_name(file.name + suffix)
            if coding in accepted and compressed.is_file():
                served = compressed
                headers["Content-Encoding"] = coding
                break
        stat = served.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-{headers.get("Content-Encoding", "id")}"'
        if etag in _etags(request.headers.get("if-none-match", "")):
            not_modified = {k: v for k, v in headers.items() if k != "Content-Encoding"}
            return Response(status_code=304, headers={**not_modified, "ETag": etag})
        headers["ETag"] = etag
        return FileResponse(served, media_type=media_type, headers=headers, stat_result=stat)

    async def handle(self, request: Request) -> Response:
        path = request.url.path
        file = self.resolve(path)
        if file is not None and file.relative_to(self.dist).parts[0] == PRERENDER_DIR:
            file = None  # only ever sent in place of index.html
        if file is None or file == self.index:
            if file is None and _has_extension(path):
                raise StarletteHTTPException(status_code=404, detail="Not Found")
            file = self.page_for(request)
        return self.respond(request, file)


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _has_extension(path: str) -> bool:
    return "." in PurePosixPath(path).name


def install(
    app: FastAPI,
    dist: Path | None = None,
    *,
    signed_in: Callable[[Request], bool] | None = None,
) -> None:
    """Serve the web app from ``dist`` (the built front end) when it has been built;
    ``signed_in`` tells whether a request comes from a signed-in session (for the
    prerendered pages; without it, every page is ``index.html``)."""
    directory = Path(dist) if dist is not None else Path(os.environ.get("NESTEGG_WEB_DIST", DIST))
    if not (directory / "index.html").is_file():
        return
    web = WebApp(directory, signed_in)
    app.router.routes.append(
        WebRoute(
            "/{path:path}", web.handle, methods=["GET", "HEAD"], include_in_schema=False, name="web"
        )
    )
