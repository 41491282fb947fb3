from __future__ import annotations

from pydantic import Field

from nestegg.app.kit.schemas import InputSchema, OutputSchema


class Passphrase(InputSchema):
    passphrase: str = Field(min_length=1, max_length=1024)


class VaultStatusRead(OutputSchema):
    mode: str
    exists: bool
    unlocked: bool
    signed_in: bool
    location: str
    auto_lock_minutes: int
