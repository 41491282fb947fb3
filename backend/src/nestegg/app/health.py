from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from nestegg import __version__

router = APIRouter(prefix="/api/v1", tags=["health"])


class HealthRead(BaseModel):
    status: str
    version: str


@router.get("/health")
def health() -> HealthRead:
    return HealthRead(status="ok", version=__version__)
