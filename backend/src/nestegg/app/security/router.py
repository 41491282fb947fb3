"""Vault status, create, unlock and lock."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from nestegg.app.deps import SESSION_COOKIE, StoreDep
from nestegg.app.errors import problem_responses
from nestegg.app.security.schemas import Passphrase, VaultStatusRead

router = APIRouter(
    responses=problem_responses(400, 401, 404, 409, 422), prefix="/api/v1/vault", tags=["vault"]
)


def _sign_in(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.store.settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
        path="/",
    )


@router.get("/status")
def vault_status(request: Request, store: StoreDep) -> VaultStatusRead:
    current = store.status()
    return VaultStatusRead(
        mode=current.mode,
        exists=current.exists,
        unlocked=current.unlocked,
        signed_in=current.unlocked and store.has_session(request.cookies.get(SESSION_COOKIE)),
        location=current.location,
        auto_lock_minutes=store.settings.auto_lock_minutes,
    )


@router.post("", status_code=status.HTTP_204_NO_CONTENT)
def create_vault(body: Passphrase, request: Request, response: Response, store: StoreDep) -> None:
    """Create a new, empty vault protected by the passphrase, and sign in."""
    store.create(body.passphrase)
    _sign_in(request, response, store.new_session())


@router.post("/demo", status_code=status.HTTP_204_NO_CONTENT)
def create_demo_vault(
    body: Passphrase, request: Request, response: Response, store: StoreDep
) -> None:
    """Create a new vault holding the demo household (real prices), and sign in."""
    from nestegg.app.ledger.service import load_demo_household

    database = store.create(body.passphrase)
    with database.session() as session:
        load_demo_household(session)
    store.household_changed()  # e.g. live quotes: the demo household streams replayed prices
    _sign_in(request, response, store.new_session())


@router.post("/unlock", status_code=status.HTTP_204_NO_CONTENT)
def unlock_vault(body: Passphrase, request: Request, response: Response, store: StoreDep) -> None:
    """Check the passphrase, open the vault and set the httpOnly session cookie."""
    store.unlock(body.passphrase)
    _sign_in(request, response, store.new_session())


@router.post("/lock", status_code=status.HTTP_204_NO_CONTENT)
def lock_vault(response: Response, store: StoreDep) -> None:
    """Close the vault and end every session."""
    store.lock()
    response.delete_cookie(SESSION_COOKIE, path="/")
