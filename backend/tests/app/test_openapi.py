"""The OpenAPI document the front end's types are generated from tells the truth about errors."""

from __future__ import annotations

from typing import Any

from nestegg.app.errors import PROBLEM_JSON
from nestegg.app.main import create_app

PUBLIC = {"/api/v1/health", "/api/v1/vault/status", "/api/v1/vault", "/api/v1/vault/demo"}


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_error_body_is_declared_as_problem_json() -> None:
    schema = create_app().openapi()
    errors = 0
    for path, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            errors += 1
            assert set(response.get("content", {})) == {PROBLEM_JSON}, (path, method, status)
            body = response["content"][PROBLEM_JSON]["schema"]
            assert body == {"$ref": "#/components/schemas/Problem"}, (path, method, status)
    assert errors > 50
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_every_route_behind_the_vault_declares_401_and_423() -> None:
    schema = create_app().openapi()
    for path, method, operation in operations(schema):
        if path in PUBLIC or path.startswith("/api/v1/vault/"):
            continue
        assert {"401", "423"} <= set(operation["responses"]), (path, method)
