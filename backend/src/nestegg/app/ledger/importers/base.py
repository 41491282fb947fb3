"""What every importer returns: accounts first seen, transactions, and every row error."""

from __future__ import annotations

from dataclasses import dataclass, field

from nestegg.core.errors import DomainError
from nestegg.core.ledger import Account, Transaction


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem with one field of one row of one file (line 1 is the header)."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, field {self.field}: {self.message}"


@dataclass(slots=True)
class ParsedLedger:
    """The contents of one file, ready to be written in one transaction."""

    file: str
    accounts: dict[str, Account] = field(default_factory=dict)
    transactions: list[Transaction] = field(default_factory=list)
    line_of: dict[int, int] = field(default_factory=dict)
    """Index in ``transactions`` → line in the file, for errors found later (booking)."""


class FileImportError(DomainError):
    """A file could not be imported; ``errors`` lists every bad row. Nothing was written."""

    code = "import_failed"

    def __init__(self, file: str, errors: list[RowError]) -> None:
        shown = "\n".join(str(e) for e in errors[:50])
        more = f"\n… and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(
            f"{file}: {len(errors)} problem{'s' if len(errors) != 1 else ''}, nothing imported:\n"
            f"{shown}{more}"
        )
        self.file = file
        self.errors = errors
