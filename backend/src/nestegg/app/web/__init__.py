"""Serving the built front end (frontend/ → nestegg/app/web/dist) from the API process."""

from __future__ import annotations

from fastapi import FastAPI


def mount_web(app: FastAPI) -> None:
    """Serve the single-page app when it has been built; the API works without it."""
    try:
        from nestegg.app.web.static import install
    except ImportError:  # pragma: no cover - the module ships with the package
        return
    install(app)
