"""Use cases of the ledger domain. Services never commit: the request or command does."""

from __future__ import annotations

import dataclasses
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from sqlalchemy.orm import Session

from nestegg.app.errors import ConflictError, NotFoundError
from nestegg.app.kit.clock import local_today
from nestegg.app.ledger import repository
from nestegg.app.ledger.importers import FileImportError, ParsedLedger, RowError
from nestegg.app.ledger.importers.canonical import write_canonical_csv
from nestegg.app.ledger.models import AccountRow, TransactionRow
from nestegg.app.market import service as market
from nestegg.core.errors import LedgerError
from nestegg.core.ledger import Account, Book, Transaction, book, replay
from nestegg.core.performance import Valuation, value_book

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    file: str
    rows: int
    imported: int
    duplicates: int
    accounts_created: list[str]


def accounts(session: Session) -> dict[str, Account]:
    return {row.name: repository.to_account(row) for row in repository.account_rows(session)}


def load_book(session: Session) -> tuple[dict[str, Account], list[Transaction], Book]:
    known = accounts(session)
    transactions = repository.all_transactions(session)
    return known, transactions, book(transactions, known)


# --- the booked ledger, cached per revision ----------------------------------------------------
# Every write of the ledger stores a new random revision token in the same transaction, so a
# token names exactly one state of the ledger (a rollback restores the old token together with
# the old rows). Other processes serving the same PostgreSQL database see the new token too.

_BOOKS: OrderedDict[tuple[int, str], tuple[dict[str, Account], Book]] = OrderedDict()
_BOOKS_KEPT = 8


def bump_revision(session: Session) -> None:
    repository.set_revision(session, uuid.uuid4().hex)


def booked(session: Session) -> tuple[dict[str, Account], Book]:
    """The accounts and the booked ledger, from the cache when the ledger has not changed."""
    revision = repository.revision(session)
    key = (id(session.get_bind().engine), revision or "")
    if revision is not None and key in _BOOKS:
        _BOOKS.move_to_end(key)
        return _BOOKS[key]
    known, _, result = load_book(session)
    if revision is not None:
        _BOOKS[key] = (known, result)
        while len(_BOOKS) > _BOOKS_KEPT:
            _BOOKS.popitem(last=False)
    return known, result


def import_ledger(
    session: Session, parsed: ParsedLedger, *, progress: Progress | None = None
) -> ImportSummary:
    """Write a parsed file in the caller's transaction; all or nothing.

    Rows already imported (same source id) are skipped, so importing a file twice writes
    nothing the second time. The whole ledger is booked with the new rows before anything is
    written, and an impossible state (a sale of more than is held) is reported with its line.
    Afterwards, splits the ledger lacks are recorded from the market data
    (:func:`nestegg.app.ledger.corporate_actions.record_automatic`).
    """
    known_rows = {row.name: row for row in repository.account_rows(session)}
    ids = [tx.source_id for tx in parsed.transactions if tx.source_id]
    existing = repository.existing_source_ids(session, ids)
    fresh = [tx for tx in parsed.transactions if tx.source_id not in existing]
    if not fresh:
        return ImportSummary(parsed.file, len(parsed.transactions), 0, len(existing), [])

    current = repository.all_transactions(session)
    # New rows will be stored after the existing ones, so on a (date, account) the ledger
    # already has, they must book after them too.
    offset = max((tx.seq for tx in current), default=0)
    occupied = {(tx.date, tx.account) for tx in current}
    fresh = [
        dataclasses.replace(tx, seq=offset + tx.seq) if (tx.date, tx.account) in occupied else tx
        for tx in fresh
    ]
    all_accounts = {name: repository.to_account(row) for name, row in known_rows.items()}
    new_accounts = [a for name, a in parsed.accounts.items() if name not in all_accounts]
    all_accounts.update({a.name: a for a in new_accounts})
    try:
        replay([*current, *fresh], all_accounts)
    except LedgerError as exc:
        line = _line_of(exc.ref)
        message = exc.reason if line else f"{exc.reason} ({exc.ref})"
        raise FileImportError(parsed.file, [RowError(parsed.file, line, "row", message)]) from None

    for account in new_accounts:
        row = AccountRow(
            name=account.name,
            type=account.type.value,
            owner=account.owner.value,
            institution=account.institution,
            currency=account.currency,
            lot_method=account.lot_method.value,
        )
        session.add(row)
        known_rows[account.name] = row
    session.flush()

    rows = [_row_values(tx, known_rows[tx.account].id) for tx in fresh]
    step = 5000
    for start in range(0, len(rows), step):
        repository.insert_transactions(session, rows[start : start + step])
        if progress:
            progress(min(start + step, len(rows)), len(rows))
    market.ensure_market_data(session, {tx.symbol for tx in fresh if tx.symbol})
    bump_revision(session)
    # Splits of the held securities that the file lacks, from the stored corporate actions
    # (the bundled history for symbols first seen here), in the same transaction.
    from nestegg.app.ledger import corporate_actions

    corporate_actions.record_automatic(
        session, as_of=local_today(), transactions=[*current, *fresh]
    )
    return ImportSummary(
        file=parsed.file,
        rows=len(parsed.transactions),
        imported=len(fresh),
        duplicates=len(existing),
        accounts_created=[a.name for a in new_accounts],
    )


def _line_of(ref: str) -> int:
    """The line number in a ref such as ``"(file.csv, line 12 (2020-01-02 …))"``."""
    marker = ", line "
    if marker in ref:
        digits = ref.split(marker, 1)[1]
        number = "".join(ch for ch in digits.split(" ", 1)[0] if ch.isdigit())
        if number:
            return int(number)
    return 0


def _row_values(tx: Transaction, account_id: int) -> dict[str, object]:
    return {
        "account_id": account_id,
        "date": tx.date,
        "action": tx.action.value,
        "symbol": tx.symbol,
        "quantity": tx.quantity,
        "price": tx.price,
        "amount": tx.amount,
        "fees": tx.fees,
        "lot": tx.lot,
        "note": tx.note,
        "source_id": tx.source_id,
        "lot_method": tx.lot_method.value if tx.lot_method else None,
        "acquired_date": tx.acquired_date,
    }


DEMO_SETTING = "demo_household"


def load_demo_household(session: Session) -> ImportSummary:
    """Import the shipped demo household (through the same path as users' files)."""
    from nestegg.app.ledger.demo import DEMO_CSV, DEMO_PRICES_AS_OF
    from nestegg.app.ledger.importers.canonical import parse_canonical_csv
    from nestegg.app.security.models import SettingRow

    parsed = parse_canonical_csv(
        DEMO_CSV.read_text(encoding="utf-8"),
        file="demo household",
        known_accounts=accounts(session),
    )
    summary = import_ledger(session, parsed)
    session.merge(SettingRow(key=DEMO_SETTING, value=DEMO_PRICES_AS_OF.isoformat()))
    return summary


def is_demo_household(session: Session) -> bool:
    from nestegg.app.security.models import SettingRow

    return session.get(SettingRow, DEMO_SETTING) is not None


def export_csv(session: Session, out: TextIO) -> int:
    known = accounts(session)
    return write_canonical_csv(out, known, repository.all_transactions(session))


def holdings(session: Session) -> Valuation:
    known, ledger = booked(session)
    symbols = {p.symbol for p in ledger.positions}
    closes = market.closing_prices(session, symbols)
    latest = {symbol: last for symbol, (last, _) in closes.items()}
    before = {symbol: prev[1] for symbol, (_, prev) in closes.items() if prev is not None}
    return value_book(ledger, known, latest, market.securities(session, symbols), before)


# --- accounts -------------------------------------------------------------------------------


def account_rows(session: Session, *, include_archived: bool = True) -> list[AccountRow]:
    return repository.account_rows(session, include_archived=include_archived)


list_transactions = repository.list_transactions


def get_account(session: Session, account_id: int) -> AccountRow:
    row = repository.account_row(session, account_id)
    if row is None:
        raise NotFoundError(f"account {account_id} not found")
    return row


def create_account(session: Session, account: Account) -> AccountRow:
    if repository.account_by_name(session, account.name) is not None:
        raise ConflictError(f"an account named {account.name!r} already exists")
    row = AccountRow(
        name=account.name,
        type=account.type.value,
        owner=account.owner.value,
        institution=account.institution,
        currency=account.currency,
        lot_method=account.lot_method.value,
    )
    session.add(row)
    session.flush()
    bump_revision(session)
    return row


def update_account(session: Session, account_id: int, changes: dict[str, object]) -> AccountRow:
    row = get_account(session, account_id)
    new_name = changes.get("name")
    if new_name is not None and new_name != row.name:
        clash = repository.account_by_name(session, str(new_name))
        if clash is not None:
            raise ConflictError(f"an account named {new_name!r} already exists")
    for field, value in changes.items():
        setattr(row, field, value)
    session.flush()
    _check_ledger(session)
    return row


def account_values(session: Session) -> dict[str, Decimal]:
    return dict(holdings(session).by_account)


# --- transactions ---------------------------------------------------------------------------


def get_transaction(session: Session, tx_id: int) -> tuple[TransactionRow, str]:
    row = repository.transaction_row(session, tx_id)
    if row is None:
        raise NotFoundError(f"transaction {tx_id} not found")
    return row, get_account(session, row.account_id).name


def create_transaction(session: Session, tx: Transaction) -> TransactionRow:
    return create_transactions(session, [tx])[0]


def create_transactions(session: Session, txs: Sequence[Transaction]) -> list[TransactionRow]:
    """Add transactions (with their ``source_id``) and check the whole ledger once."""
    rows: list[TransactionRow] = []
    for tx in txs:
        account = repository.account_by_name(session, tx.account)
        if account is None:
            raise NotFoundError(f"account {tx.account!r} not found")
        rows.append(TransactionRow(**_row_values(tx, account.id)))
    session.add_all(rows)
    session.flush()
    _check_ledger(session)
    symbols = {tx.symbol for tx in txs if tx.symbol}
    if symbols:
        market.ensure_market_data(session, symbols)
    return rows


def update_transaction(session: Session, tx_id: int, tx: Transaction) -> TransactionRow:
    row, _ = get_transaction(session, tx_id)
    account = repository.account_by_name(session, tx.account)
    if account is None:
        raise NotFoundError(f"account {tx.account!r} not found")
    values = _row_values(tx, account.id)
    values["source_id"] = row.source_id
    for field, value in values.items():
        setattr(row, field, value)
    session.flush()
    _check_ledger(session)
    if tx.symbol:
        market.ensure_market_data(session, {tx.symbol})
    return row


def delete_transaction(session: Session, tx_id: int) -> None:
    row, _ = get_transaction(session, tx_id)
    session.delete(row)
    session.flush()
    _check_ledger(session)


def _check_ledger(session: Session) -> None:
    """Re-derive everything; an impossible state aborts the change (the caller rolls back).

    Every write of the ledger ends here, so this is also where its revision moves on."""
    replay(repository.all_transactions(session), accounts(session))
    bump_revision(session)
