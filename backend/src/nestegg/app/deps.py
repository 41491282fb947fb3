"""FastAPI dependencies: the store, the signed-in session, a database session per request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from nestegg.app.security.store import Store

SESSION_COOKIE = "nestegg_session"


def get_store(request: Request) -> Store:
    store = request.app.state.store
    assert isinstance(store, Store)
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def require_signed_in(request: Request, store: StoreDep) -> None:
    store.check_session(request.cookies.get(SESSION_COOKIE))


def get_session(request: Request, store: StoreDep) -> Iterator[Session]:
    """A database session for one request; the request owns the transaction."""
    store.check_session(request.cookies.get(SESSION_COOKIE))
    database = store.database()
    with database.sessions() as session, session.begin():
        yield session


# scope="function": the transaction commits before the response is sent. With the default
# ("request") FastAPI runs the code after ``yield`` only after sending the response, so a
# client that asks again at once could read the state from before its own write (and a
# failed commit could not change the answer). https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-with-yield/
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
