"""Every error the API can answer, mapped once to an HTTP status and a problem+json body
(RFC 9457)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from nestegg.core.errors import DomainError, LedgerError, ValidationError

PROBLEM_JSON = "application/problem+json"


class RowProblem(BaseModel):
    file: str
    line: int
    field: str
    message: str


class Problem(BaseModel):
    """An error answer (RFC 9457 problem details), with Nestegg's ``code`` and, for imports,
    every bad row."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str | None = None
    errors: list[RowProblem] | list[dict[str, Any]] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries declaring problem+json bodies for these statuses."""
    described = {
        400: "Bad request",
        401: "Not signed in, or a wrong passphrase",
        404: "Not found",
        409: "Conflict",
        422: "Invalid input (every problem is listed)",
        423: "The vault is locked",
    }
    return {
        status: {"description": described.get(status, "Error"), "model": Problem}
        for status in statuses
    }


def problem_media_type(schema: dict[str, Any]) -> dict[str, Any]:
    """Moves every error response's body in an OpenAPI document to ``application/problem+json``
    (RFC 9457 §3), the media type the handlers below send. FastAPI declares a response
    ``model`` under the route's own media type (``application/json``), so
    :func:`problem_responses` declares the model and this corrects the media type once the
    document is built (:func:`install_error_handlers` wraps ``app.openapi`` with it)."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).startswith(("4", "5")) and "application/json" in content:
                    content[PROBLEM_JSON] = content.pop("application/json")
    return schema


class NotFoundError(DomainError):
    code = "not_found"


class ConflictError(DomainError):
    code = "conflict"


class AuthError(DomainError):
    code = "unauthorized"


class LockedError(DomainError):
    code = "vault_locked"


def _status_of(exc: DomainError) -> int:
    from nestegg.app.ledger.importers import FileImportError
    from nestegg.app.security import vault

    table: list[tuple[type[DomainError], int]] = [
        (NotFoundError, 404),
        (vault.VaultNotFoundError, 404),
        (ConflictError, 409),
        (vault.VaultExistsError, 409),
        (AuthError, 401),
        (vault.WrongPassphraseError, 401),
        (LockedError, 423),
        (vault.VaultDamagedError, 500),
        (FileImportError, 422),
        (LedgerError, 422),
        (ValidationError, 422),
        (vault.VaultError, 400),
    ]
    for kind, status in table:
        if isinstance(exc, kind):
            return status
    return 400


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_error_handlers(app: FastAPI) -> None:
    """Every error answers problem+json, and the OpenAPI document says so."""
    from nestegg.app.ledger.importers import FileImportError

    build_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problem_media_type(build_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    async def domain_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        extra: dict[str, Any] = {"code": exc.code}
        if isinstance(exc, FileImportError):
            extra["errors"] = [
                {"file": e.file, "line": e.line, "field": e.field, "message": e.message}
                for e in exc.errors
            ]
        status = _status_of(exc)
        return problem(status, exc.code.replace("_", " "), exc.message, **extra)

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {
                "loc": [str(part) for part in err.get("loc", ())],
                "message": err.get("msg", ""),
                "type": err.get("type", ""),
            }
            for err in exc.errors()
        ]
        detail = "invalid request"
        if errors:
            where = ".".join(str(part) for part in errors[0]["loc"])
            message = str(errors[0]["message"])
            detail = f"{where}: {message}" if where else message
        return problem(422, "invalid request", detail, code="invalid_request", errors=errors)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return problem(exc.status_code, str(exc.detail), str(exc.detail))

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
