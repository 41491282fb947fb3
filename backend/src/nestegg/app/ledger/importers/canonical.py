"""The canonical Nestegg transactions CSV: a contract with users, other issues and checks.

Header: ``date,account,account_type,owner,action,symbol,quantity,price,amount,fees,lot,note``.
See docs/csv-format.md for the full description. Reading validates every row and reports all
problems (file, line, field) at once; writing is deterministic, so an export imported into an
empty vault exports to the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TextIO

from nestegg.app.ledger.importers.base import FileImportError, ParsedLedger, RowError
from nestegg.core.errors import ValidationError
from nestegg.core.ledger import (
    Account,
    AccountType,
    Action,
    Owner,
    Transaction,
    booking_order,
    validate_transaction,
)
from nestegg.core.money import ZERO, format_decimal, parse_decimal

HEADER: tuple[str, ...] = (
    "date",
    "account",
    "account_type",
    "owner",
    "action",
    "symbol",
    "quantity",
    "price",
    "amount",
    "fees",
    "lot",
    "note",
)
REQUIRED_COLUMNS = ("date", "account", "action")
_ACQUIRED = re.compile(r"\bacquired=(\d{4}-\d{2}-\d{2})\b")
_SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9.\-^=/]{0,19}$")


def source_id_for(values: Sequence[str], occurrence: int) -> str:
    """A stable id for a row: its normalised content and how often it occurred before.

    Importing the same file twice therefore recognises every row, while two genuinely equal
    rows in one file (two identical purchases on one day) stay two transactions.
    """
    digest = hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:24]
    return f"csv:{digest}:{occurrence}"


def _choice(enum: type[AccountType] | type[Owner] | type[Action], raw: str) -> object:
    try:
        return enum(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(f"{raw!r} is not one of: {allowed}") from None


def parse_canonical_csv(
    source: str | TextIO,
    *,
    file: str = "<upload>",
    known_accounts: Mapping[str, Account] | None = None,
) -> ParsedLedger:
    """Read a canonical CSV; raise :class:`FileImportError` listing every bad row and field."""
    known = known_accounts or {}
    stream = io.StringIO(source) if isinstance(source, str) else source
    reader = csv.reader(stream)
    parsed = ParsedLedger(file=file)
    errors: list[RowError] = []
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise FileImportError(file, [RowError(file, 1, "header", "the file is empty")]) from None
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    unknown = [h for h in header if h not in HEADER]
    missing = [h for h in REQUIRED_COLUMNS if h not in header]
    if unknown or missing or len(set(header)) != len(header):
        detail = []
        if missing:
            detail.append(f"missing columns: {', '.join(missing)}")
        if unknown:
            detail.append(f"unknown columns: {', '.join(unknown)}")
        if len(set(header)) != len(header):
            detail.append("a column appears twice")
        detail.append(f"expected: {','.join(HEADER)}")
        raise FileImportError(file, [RowError(file, 1, "header", "; ".join(detail))])
    index = {name: header.index(name) for name in header}
    declared_on: dict[str, int] = {}
    seen: Counter[tuple[str, ...]] = Counter()

    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            errors.append(
                RowError(file, line, "row", f"has {len(row)} fields, the header has {len(header)}")
            )
            continue
        values = {name: row[i].strip() for name, i in index.items()}
        row_errors: list[RowError] = []

        def bad(
            field: str, message: str, *, _line: int = line, _errs: list[RowError] = row_errors
        ) -> None:
            _errs.append(RowError(file, _line, field, message))

        date: dt.date | None = None
        try:
            date = dt.date.fromisoformat(values["date"])
            if len(values["date"]) != 10:
                raise ValueError
        except ValueError:
            bad("date", f"{values['date']!r} is not an ISO date (YYYY-MM-DD)")
        account_name = values["account"]
        if not account_name:
            bad("account", "is required")
        action: Action | None = None
        try:
            action = Action(values["action"].lower())
        except ValueError:
            bad(
                "action",
                f"{values['action']!r} is not one of: {', '.join(a.value for a in Action)}",
            )

        numbers: dict[str, Decimal | None] = {}
        for name in ("quantity", "price", "amount", "fees"):
            raw = values.get(name, "")
            if not raw:
                numbers[name] = None
                continue
            try:
                number = parse_decimal(raw)
            except ValidationError as exc:
                bad(name, exc.message)
                continue
            if number < ZERO:
                bad(name, "must not be negative (the action gives the direction)")
                continue
            numbers[name] = number

        symbol = values.get("symbol", "").upper() or None
        if symbol is not None and not _SYMBOL.match(symbol):
            bad("symbol", f"{values['symbol']!r} is not a ticker symbol")

        account = _account_for(values, account_name, known, parsed, declared_on, line, bad)

        if row_errors or date is None or action is None or account is None:
            errors.extend(row_errors)
            continue

        note = values.get("note", "")
        acquired: dt.date | None = None
        if action is Action.TRANSFER_IN and (match := _ACQUIRED.search(note)):
            try:
                acquired = dt.date.fromisoformat(match.group(1))
            except ValueError:
                bad("note", f"acquired date {match.group(1)!r} is not a valid date")
        key = tuple(row[i].strip() for i in range(len(row)))
        occurrence = seen[key]
        seen[key] += 1
        tx = Transaction(
            date=date,
            account=account_name,
            action=action,
            symbol=symbol,
            quantity=numbers.get("quantity"),
            price=numbers.get("price"),
            amount=numbers.get("amount"),
            fees=numbers.get("fees") or ZERO,
            lot=values.get("lot") or None,
            note=note,
            source_id=source_id_for(key, occurrence),
            acquired_date=acquired,
            seq=line,
            ref=f"{file}, line {line}",
        )
        for problem in validate_transaction(tx):
            bad(problem.field, problem.message)
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.line_of[len(parsed.transactions)] = line
        parsed.transactions.append(tx)

    if errors:
        raise FileImportError(file, errors)
    return parsed


def _account_for(
    values: Mapping[str, str],
    name: str,
    known: Mapping[str, Account],
    parsed: ParsedLedger,
    declared_on: dict[str, int],
    line: int,
    bad: object,
) -> Account | None:
    report = bad  # typed loosely to keep the closure signature simple
    assert callable(report)
    if not name:
        return None
    raw_type = values.get("account_type", "")
    raw_owner = values.get("owner", "")
    try:
        account_type = _choice(AccountType, raw_type) if raw_type else None
    except ValidationError as exc:
        report("account_type", exc.message)
        return None
    try:
        owner = _choice(Owner, raw_owner) if raw_owner else None
    except ValidationError as exc:
        report("owner", exc.message)
        return None
    existing = parsed.accounts.get(name) or known.get(name)
    if existing is None:
        if account_type is None:
            report("account_type", f"is required the first time account {name!r} appears")
            return None
        assert isinstance(account_type, AccountType)
        created = Account(
            name=name,
            type=account_type,
            owner=owner if isinstance(owner, Owner) else Owner.SELF,
        )
        parsed.accounts[name] = created
        declared_on[name] = line
        return created
    where = f"on line {declared_on[name]}" if name in declared_on else "in the vault"
    if account_type is not None and account_type != existing.type:
        report("account_type", f"account {name!r} is {existing.type.value} {where}")
        return None
    if owner is not None and owner != existing.owner:
        report("owner", f"account {name!r} belongs to {existing.owner.value} {where}")
        return None
    return existing


def _cell(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def write_canonical_csv(
    out: TextIO, accounts: Mapping[str, Account], transactions: Iterable[Transaction]
) -> int:
    """Write transactions in booking order; returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for tx in booking_order(transactions):
        account = accounts[tx.account]
        writer.writerow(
            (
                tx.date.isoformat(),
                tx.account,
                account.type.value,
                account.owner.value,
                tx.action.value,
                tx.symbol or "",
                _cell(tx.quantity),
                _cell(tx.price),
                _cell(tx.amount),
                "" if tx.fees == ZERO else format_decimal(tx.fees),
                tx.lot or "",
                tx.note,
            )
        )
        count += 1
    return count
