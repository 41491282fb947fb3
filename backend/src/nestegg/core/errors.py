"""Domain errors raised by the pure core.

They carry no HTTP knowledge; ``nestegg.app.errors`` maps each family to a status code and a
problem+json body. Every error names what it is about so a user can find and fix it.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the core raises on purpose."""

    code: str = "domain_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """An input value is malformed or out of range."""

    code = "invalid_input"


class LedgerError(DomainError):
    """The ledger cannot be booked: an impossible state such as selling more than is held."""

    code = "ledger_error"

    def __init__(self, message: str, *, ref: str = "") -> None:
        super().__init__(f"{ref}: {message}" if ref else message)
        self.ref = ref
        self.reason = message
