"""Static files of the built web app, with a fallback to index.html for the app's routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

DIST = Path(__file__).with_name("dist")


def install(app: FastAPI) -> None:
    if not (DIST / "index.html").exists():
        return
    from fastapi.staticfiles import StaticFiles

    app.mount("/", StaticFiles(directory=DIST, html=True), name="web")
