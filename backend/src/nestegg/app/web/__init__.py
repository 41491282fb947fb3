"""Serving the built front end (frontend/ → nestegg/app/web/dist) from the API process."""

from __future__ import annotations

from fastapi import FastAPI


def mount_web(app: FastAPI) -> None:
    """Serve the single-page app when it has been built; the API works without it."""
    try:
        from nestegg.app.web.static import install
    except ImportError:  # pragma: no cover - the module ships with the package
        return
    from fastapi import Request

    from nestegg.app.deps import SESSION_COOKIE
    from nestegg.app.security.store import Store

    def signed_in(request: Request) -> bool:
        store = getattr(request.app.state, "store", None)
        return isinstance(store, Store) and store.is_signed_in(request.cookies.get(SESSION_COOKIE))

    install(app, signed_in=signed_in)
