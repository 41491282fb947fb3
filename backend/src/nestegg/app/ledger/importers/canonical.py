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
from nestegg.core.ledger import (
    Account,
    AccountType,
    Action,
    Owner,
    Transaction,
    booking_order,
    validate_transaction,
)
from nestegg.core.money import ZERO, format_decimal

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
_PLAIN_NUMBER = re.compile(r"^\+?(\d+(\.\d*)?|\.\d+)$|^-(\d+(\.\d*)?|\.\d+)$")
_NUMBER_COLUMNS = ("quantity", "price", "amount", "fees")
_ACTIONS = {a.value: a for a in Action}
_ACCOUNT_TYPES = {t.value: t for t in AccountType}
_OWNERS = {o.value: o for o in Owner}


def source_id_for(values: Sequence[str], occurrence: int) -> str:
    """A stable id for a row: its normalised content and how often it occurred before.

    Importing the same file twice therefore recognises every row, while two genuinely equal
    rows in one file (two identical purchases on one day) stay two transactions.
    """
    digest = hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:24]
    return f"csv:{digest}:{occurrence}"


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
    position = {name: header.index(name) for name in header}
    width = len(header)
    declared_on: dict[str, int] = {}
    seen: Counter[tuple[str, ...]] = Counter()
    account_cache: dict[tuple[str, str, str], Account] = {}
    numbers_cache: dict[str, Decimal] = {}

    def cell(row: list[str], name: str) -> str:
        at = position.get(name)
        return row[at].strip() if at is not None else ""

    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip():
            continue
        if len(row) != width:
            errors.append(
                RowError(file, line, "row", f"has {len(row)} fields, the header has {width}")
            )
            continue
        row_errors: list[RowError] = []
        raw_date = cell(row, "date")
        date: dt.date | None = None
        try:
            if len(raw_date) != 10:
                raise ValueError
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            row_errors.append(
                RowError(file, line, "date", f"{raw_date!r} is not an ISO date (YYYY-MM-DD)")
            )
        account_name = cell(row, "account")
        if not account_name:
            row_errors.append(RowError(file, line, "account", "is required"))
        raw_action = cell(row, "action")
        action = _ACTIONS.get(raw_action.lower())
        if action is None:
            row_errors.append(
                RowError(
                    file,
                    line,
                    "action",
                    f"{raw_action!r} is not one of: {', '.join(a.value for a in Action)}",
                )
            )

        numbers: dict[str, Decimal | None] = {}
        for name in _NUMBER_COLUMNS:
            raw = cell(row, name)
            if not raw:
                numbers[name] = None
                continue
            number = numbers_cache.get(raw)
            if number is None:
                if not _PLAIN_NUMBER.match(raw):
                    row_errors.append(
                        RowError(file, line, name, f"not a plain decimal number: {raw!r}")
                    )
                    continue
                number = numbers_cache[raw] = Decimal(raw)
            if number < ZERO:
                row_errors.append(
                    RowError(
                        file, line, name, "must not be negative (the action gives the direction)"
                    )
                )
                continue
            numbers[name] = number

        raw_symbol = cell(row, "symbol")
        symbol = raw_symbol.upper() or None
        if symbol is not None and not _SYMBOL.match(symbol):
            row_errors.append(
                RowError(file, line, "symbol", f"{raw_symbol!r} is not a ticker symbol")
            )

        account: Account | None = None
        if account_name:
            account_key = (account_name, cell(row, "account_type"), cell(row, "owner"))
            account = account_cache.get(account_key)
            if account is None:
                account = _account_for(
                    account_key, known, parsed, declared_on, line, file, row_errors
                )
                if account is not None:
                    account_cache[account_key] = account

        if row_errors or date is None or action is None or account is None:
            errors.extend(row_errors)
            continue

        note = cell(row, "note")
        acquired: dt.date | None = None
        if action is Action.TRANSFER_IN and (match := _ACQUIRED.search(note)):
            try:
                acquired = dt.date.fromisoformat(match.group(1))
            except ValueError:
                errors.append(
                    RowError(file, line, "note", f"acquired date {match.group(1)!r} is not valid")
                )
                continue
        key = tuple(value.strip() for value in row)
        occurrence = seen[key]
        seen[key] += 1
        tx = Transaction(
            date=date,
            account=account_name,
            action=action,
            symbol=symbol,
            quantity=numbers["quantity"],
            price=numbers["price"],
            amount=numbers["amount"],
            fees=numbers["fees"] or ZERO,
            lot=cell(row, "lot") or None,
            note=note,
            source_id=source_id_for(key, occurrence),
            acquired_date=acquired,
            seq=line,
            ref=f"{file}, line {line}",
        )
        problems = validate_transaction(tx)
        if problems:
            errors.extend(RowError(file, line, p.field, p.message) for p in problems)
            continue
        parsed.line_of[len(parsed.transactions)] = line
        parsed.transactions.append(tx)

    if errors:
        raise FileImportError(file, errors)
    return parsed


def _account_for(
    key: tuple[str, str, str],
    known: Mapping[str, Account],
    parsed: ParsedLedger,
    declared_on: dict[str, int],
    line: int,
    file: str,
    errors: list[RowError],
) -> Account | None:
    """The account a row names, created on first sight; a row error when it contradicts."""
    name, raw_type, raw_owner = key
    account_type = _ACCOUNT_TYPES.get(raw_type.lower()) if raw_type else None
    if raw_type and account_type is None:
        allowed = ", ".join(t.value for t in AccountType)
        errors.append(
            RowError(file, line, "account_type", f"{raw_type!r} is not one of: {allowed}")
        )
        return None
    owner = _OWNERS.get(raw_owner.lower()) if raw_owner else None
    if raw_owner and owner is None:
        allowed = ", ".join(o.value for o in Owner)
        errors.append(RowError(file, line, "owner", f"{raw_owner!r} is not one of: {allowed}"))
        return None
    existing = parsed.accounts.get(name) or known.get(name)
    if existing is None:
        if account_type is None:
            errors.append(
                RowError(
                    file,
                    line,
                    "account_type",
                    f"is required the first time account {name!r} appears",
                )
            )
            return None
        created = Account(name=name, type=account_type, owner=owner or Owner.SELF)
        parsed.accounts[name] = created
        declared_on[name] = line
        return created
    where = f"on line {declared_on[name]}" if name in declared_on else "in the vault"
    if account_type is not None and account_type != existing.type:
        errors.append(
            RowError(
                file, line, "account_type", f"account {name!r} is {existing.type.value} {where}"
            )
        )
        return None
    if owner is not None and owner != existing.owner:
        errors.append(
            RowError(
                file, line, "owner", f"account {name!r} belongs to {existing.owner.value} {where}"
            )
        )
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
