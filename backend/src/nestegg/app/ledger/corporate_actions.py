"""Splits and dividends from the market data, as ledger transactions.

:func:`nestegg.app.market.service.corporate_event_proposals` (pure logic in
:mod:`nestegg.core.market.ledger_events`) compares the stored corporate actions with the
ledger and proposes what it lacks. This module acts on the proposals:

- :func:`record_automatic` records every ``auto`` split as a ``split`` transaction. It runs
  after a ledger import (in the import's transaction) and after each market refresh (in the
  refresh job's worker thread).
- :func:`pending` lists what is left for a person: ``confirm`` splits, every dividend, and
  any ``auto`` split that could not be recorded (the booking check refused it).
- :func:`confirm` records one (a dividend's amount may be edited first); :func:`dismiss`
  sets one aside.

Each proposal has a stable key (``ProposedEvent.key``), stored as the recorded transaction's
``source_id``. Every decision (``recorded``, ``confirmed``, ``dismissed``) is kept in
``proposal_decision`` too, so a key is never proposed again — not even when the user later
deletes the transaction it recorded (an automatic split would otherwise come straight back).

Everything is written through :func:`nestegg.app.ledger.service.create_transactions`: the
whole ledger is replayed once (an impossible state is refused) and the ledger revision moves
on, so the cached holdings and tax results are recomputed. Services never commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Collection, Sequence
from dataclasses import replace
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nestegg.app.errors import ConflictError, NotFoundError
from nestegg.app.ledger import repository
from nestegg.app.ledger import service as ledger
from nestegg.app.ledger.models import TransactionRow
from nestegg.app.market import service as market
from nestegg.core.errors import DomainError, LedgerError, ValidationError
from nestegg.core.ledger import Action, Transaction, validate_transaction
from nestegg.core.market.bars import ActionKind
from nestegg.core.market.ledger_events import EventStatus, ProposedEvent

log = logging.getLogger(__name__)

RECORDED = "recorded"
"""Recorded automatically (an ``auto`` split)."""
CONFIRMED = "confirmed"
DISMISSED = "dismissed"

_KINDS = {Action.SPLIT.value: ActionKind.SPLIT, Action.DIVIDEND.value: ActionKind.DIVIDEND}
_SOURCE_ID_LENGTH = 160
"""The length of ``TransactionRow.source_id`` (String(160))."""


def source_id_for(key: str) -> str:
    """The recorded transaction's ``source_id``: the key itself, or a digest of it for the
    rare key longer than the column (an account name of more than about 110 characters)."""
    if len(key) <= _SOURCE_ID_LENGTH:
        return key
    return "market:" + hashlib.sha256(key.encode()).hexdigest()


def open_proposals(
    session: Session,
    *,
    as_of: dt.date,
    transactions: Sequence[Transaction] | None = None,
    kinds: Collection[ActionKind] | None = None,
) -> list[ProposedEvent]:
    """Every proposal not recorded yet (no transaction has its key as ``source_id``) and not
    decided, oldest first. ``transactions`` is the whole ledger when the caller has it in
    hand (an import), else it is read; ``kinds`` limits the corporate actions looked at."""
    if transactions is None:
        transactions = repository.all_transactions(session)
    proposals = market.corporate_event_proposals(session, transactions, as_of=as_of, kinds=kinds)
    if not proposals:
        return []
    recorded = {tx.source_id for tx in transactions if tx.source_id}
    decided = repository.proposal_decisions(session)
    return [p for p in proposals if source_id_for(p.key) not in recorded and p.key not in decided]


def pending(session: Session, *, as_of: dt.date) -> list[ProposedEvent]:
    """What a person needs to look at: ``confirm`` proposals (every dividend, and splits that
    disagree with the user's records), and ``auto`` splits that are not recorded yet — normally
    none, as the recorder runs after every import and refresh; one stays when recording it
    was refused (for example a reverse split followed by a sale of more than it leaves)."""
    return sorted(
        open_proposals(session, as_of=as_of),
        key=lambda p: (p.transaction.date, p.transaction.account, p.transaction.symbol or ""),
    )


def record_automatic(
    session: Session, *, as_of: dt.date, transactions: Sequence[Transaction] | None = None
) -> list[ProposedEvent]:
    """Record every open ``auto`` split; returns those recorded. Idempotent.

    All of them are recorded together (one replay of the ledger). If the ledger refuses the
    batch, each is tried on its own and those refused stay pending for a person. One that
    another transaction recorded meanwhile (the refresh job and an import racing) is skipped.
    """
    # Only splits are ever recorded without asking: the dividends need not be looked at.
    proposals = open_proposals(
        session, as_of=as_of, transactions=transactions, kinds={ActionKind.SPLIT}
    )
    auto = [p for p in proposals if p.status is EventStatus.AUTO]
    if not auto:
        return []
    try:
        with session.begin_nested():
            _record(session, auto, RECORDED)
    except (LedgerError, sa.exc.IntegrityError):
        pass
    else:
        return auto
    recorded: list[ProposedEvent] = []
    for proposal in auto:
        try:
            with session.begin_nested():
                _record(session, [proposal], RECORDED)
        except LedgerError as exc:
            log.warning("split %s not recorded automatically: %s", proposal.key, exc.message)
        except sa.exc.IntegrityError:
            log.info("split %s was recorded meanwhile", proposal.key)
        else:
            recorded.append(proposal)
    return recorded


def confirm(
    session: Session, key: str, *, as_of: dt.date, amount: Decimal | None = None
) -> TransactionRow:
    """Record an open proposal. ``amount`` replaces a dividend's proposed cash (what the
    broker actually paid, after any withholding)."""
    proposal = _open(session, key, as_of)
    tx = proposal.transaction
    if amount is not None:
        if tx.action is not Action.DIVIDEND:
            raise ValidationError("amount: only a dividend's amount can be changed")
        tx = replace(tx, amount=amount, note=f"{tx.note}; amount entered by the user")
        problems = validate_transaction(tx)
        if problems:
            raise ValidationError("; ".join(f"{p.field}: {p.message}" for p in problems))
    try:
        with session.begin_nested():
            return _record(session, [replace(proposal, transaction=tx)], CONFIRMED)[0]
    except sa.exc.IntegrityError:
        # Another request or the refresh job recorded it between our read and write.
        raise ConflictError(f"{key} was recorded meanwhile") from None


def dismiss(session: Session, key: str, *, as_of: dt.date) -> None:
    """Never propose this one again."""
    _open(session, key, as_of)
    try:
        with session.begin_nested():
            repository.add_proposal_decisions(session, {key: DISMISSED})
    except sa.exc.IntegrityError:
        raise ConflictError(f"{key} was decided meanwhile") from None


def _record(
    session: Session, proposals: Sequence[ProposedEvent], decision: str
) -> list[TransactionRow]:
    txs = [replace(p.transaction, source_id=source_id_for(p.key)) for p in proposals]
    rows = ledger.create_transactions(session, txs)
    repository.add_proposal_decisions(session, {p.key: decision for p in proposals})
    return rows


def _open(session: Session, key: str, as_of: dt.date) -> ProposedEvent:
    for proposal in open_proposals(session, as_of=as_of):
        if proposal.key == key:
            return proposal
    raise _not_open(session, key)


def _not_open(session: Session, key: str) -> DomainError:
    """409 for a key that was a proposal (decided, recorded, or no longer implied by the
    ledger); 404 for one that names no stored corporate action of an existing account."""
    decision = repository.proposal_decisions(session).get(key)
    if decision is not None:
        return ConflictError(f"{key} was already {decision}")
    if repository.existing_source_ids(session, [source_id_for(key)]):
        return ConflictError(f"{key} is already recorded")
    # The key's format: ProposedEvent.key in nestegg.core.market.ledger_events
    # (market:{action}:{symbol}:{ex-date}:{account}; the account name may contain ':').
    parts = key.split(":", 4)
    if len(parts) == 5 and parts[0] == "market" and parts[1] in _KINDS:
        _, action, symbol, day, account = parts
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            date = None
        kind = _KINDS[action]
        stored = date is not None and any(
            a.date == date and a.kind is kind
            for a in market.stored_corporate_actions(session, [symbol])
        )
        if stored and repository.account_by_name(session, account) is not None:
            return ConflictError(
                f"{key} is no longer proposed: the ledger changed since it was listed"
            )
    return NotFoundError(f"no proposed ledger event {key!r}")
