"""Accounts, transactions, import/export and holdings."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Body, Depends, File, Path, Query, UploadFile, status
from fastapi.responses import Response
from sqlalchemy.orm import Session

from nestegg.app.deps import SessionDep, require_signed_in
from nestegg.app.errors import problem_responses
from nestegg.app.kit.clock import local_today
from nestegg.app.ledger import corporate_actions, service
from nestegg.app.ledger.importers import FileImportError, ParsedLedger, RowError, parse_file
from nestegg.app.ledger.models import AccountRow, TransactionRow
from nestegg.app.ledger.schemas import (
    AccountCreate,
    AccountRead,
    AccountUpdate,
    BreakdownRead,
    HoldingRead,
    HoldingsRead,
    ImportRead,
    LotRead,
    ProposalConfirm,
    ProposalRead,
    TransactionIn,
    TransactionPage,
    TransactionRead,
)
from nestegg.app.market import service as market
from nestegg.core.ledger import Account, AccountType, Action, LotMethod, Owner, Transaction
from nestegg.core.market.ledger_events import ProposedEvent
from nestegg.core.money import ZERO
from nestegg.core.tax import holding_term, long_term_date

PROBLEMS = problem_responses(401, 404, 409, 422, 423)

router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_signed_in)], responses=PROBLEMS)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _account_read(row: AccountRow, values: dict[str, Decimal]) -> AccountRead:
    account = Account(name=row.name, type=AccountType(row.type))
    return AccountRead(
        id=row.id,
        name=row.name,
        type=AccountType(row.type),
        owner=Owner(row.owner),
        institution=row.institution,
        currency=row.currency,
        lot_method=LotMethod(row.lot_method),
        archived=row.archived,
        tax_treatment=account.tax_treatment,
        market_value=values.get(row.name, ZERO),
    )


@router.get("/accounts", tags=["accounts"])
def list_accounts(session: SessionDep, include_archived: bool = False) -> list[AccountRead]:
    values = service.account_values(session)
    rows = service.account_rows(session, include_archived=include_archived)
    return [_account_read(row, values) for row in rows]


@router.post("/accounts", status_code=status.HTTP_201_CREATED, tags=["accounts"])
def create_account(body: AccountCreate, session: SessionDep) -> AccountRead:
    row = service.create_account(
        session,
        Account(
            name=body.name,
            type=body.type,
            owner=body.owner,
            institution=body.institution,
            lot_method=body.lot_method,
        ),
    )
    return _account_read(row, {})


@router.get("/accounts/{account_id}", tags=["accounts"])
def get_account(account_id: int, session: SessionDep) -> AccountRead:
    return _account_read(service.get_account(session, account_id), service.account_values(session))


@router.patch("/accounts/{account_id}", tags=["accounts"])
def update_account(account_id: int, body: AccountUpdate, session: SessionDep) -> AccountRead:
    changes = {
        key: (value.value if hasattr(value, "value") else value)
        for key, value in body.model_dump(exclude_unset=True).items()
        if value is not None
    }
    row = service.update_account(session, account_id, changes)
    return _account_read(row, service.account_values(session))


@router.delete("/accounts/{account_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["accounts"])
def archive_account(account_id: int, session: SessionDep) -> None:
    """Archive an account (its transactions stay part of the ledger)."""
    service.update_account(session, account_id, {"archived": True})


def _transaction_read(row: TransactionRow, account: str) -> TransactionRead:
    return TransactionRead(
        id=row.id,
        date=row.date,
        account=account,
        account_id=row.account_id,
        action=Action(row.action),
        symbol=row.symbol,
        quantity=row.quantity,
        price=row.price,
        amount=row.amount,
        fees=row.fees,
        lot=row.lot,
        note=row.note,
        lot_method=LotMethod(row.lot_method) if row.lot_method else None,
        acquired_date=row.acquired_date,
    )


def _to_core(body: TransactionIn) -> Transaction:
    return Transaction(
        date=body.date,
        account=body.account,
        action=body.action,
        symbol=body.symbol,
        quantity=body.quantity,
        price=body.price,
        amount=body.amount,
        fees=body.fees,
        lot=body.lot,
        note=body.note,
        lot_method=body.lot_method,
        acquired_date=body.acquired_date,
        ref="the new transaction",
    )


def _validated(body: TransactionIn) -> Transaction:
    from nestegg.core.errors import ValidationError
    from nestegg.core.ledger import validate_transaction

    tx = _to_core(body)
    problems = validate_transaction(tx)
    if problems:
        raise ValidationError("; ".join(f"{p.field} {p.message}" for p in problems))
    return tx


@router.get("/transactions", tags=["transactions"])
def list_transactions(
    session: SessionDep,
    account_id: int | None = None,
    symbol: Annotated[str | None, Query(max_length=20)] = None,
    action: Action | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 100,
) -> TransactionPage:
    total, rows = service.list_transactions(
        session,
        account_id=account_id,
        symbol=symbol,
        action=action.value if action else None,
        start=start,
        end=end,
        offset=offset,
        limit=limit,
    )
    return TransactionPage(
        total=total,
        offset=offset,
        limit=limit,
        items=[_transaction_read(row, name) for row, name in rows],
    )


@router.post("/transactions", status_code=status.HTTP_201_CREATED, tags=["transactions"])
def create_transaction(body: TransactionIn, session: SessionDep) -> TransactionRead:
    row = service.create_transaction(session, _validated(body))
    return _transaction_read(row, body.account)


@router.get("/transactions/{tx_id}", tags=["transactions"])
def get_transaction(tx_id: int, session: SessionDep) -> TransactionRead:
    row, account = service.get_transaction(session, tx_id)
    return _transaction_read(row, account)


@router.put("/transactions/{tx_id}", tags=["transactions"])
def update_transaction(tx_id: int, body: TransactionIn, session: SessionDep) -> TransactionRead:
    row = service.update_transaction(session, tx_id, _validated(body))
    return _transaction_read(row, body.account)


@router.delete(
    "/transactions/{tx_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["transactions"]
)
def delete_transaction(tx_id: int, session: SessionDep) -> None:
    service.delete_transaction(session, tx_id)


@router.post("/imports", tags=["import"])
def import_file(
    session: SessionDep,
    file: Annotated[UploadFile, File(description="A canonical CSV or an OFX/QFX statement")],
    format: Annotated[str | None, Query(pattern="^(csv|ofx)$")] = None,
    dry_run: bool = False,
) -> ImportRead:
    """Import a file in one transaction; every bad row is reported and nothing is written.
    Splits the ledger then lacks are recorded from the market data in the same transaction.

    With ``dry_run`` the file is checked (a preview) and nothing is written either way.
    """
    # A plain function, so FastAPI runs it in a worker thread: parsing, booking and recording
    # splits never hold up the event loop (the upload is already spooled by then).
    name = file.filename or "upload"
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileImportError(name, [RowError(name, 0, "file", "is larger than 50 MB")])
    parsed = _parse_upload(session, name, data, format)
    if dry_run:
        nested = session.begin_nested()
        summary = service.import_ledger(session, parsed)
        nested.rollback()
    else:
        summary = service.import_ledger(session, parsed)
    return ImportRead(
        file=summary.file,
        rows=summary.rows,
        imported=summary.imported,
        duplicates=summary.duplicates,
        accounts_created=summary.accounts_created,
    )


def _parse_upload(session: Session, name: str, data: bytes, fmt: str | None) -> ParsedLedger:
    return parse_file(name, data, fmt, known_accounts=service.accounts(session))


@router.get("/export", tags=["import"], response_class=Response)
def export_csv(session: SessionDep) -> Response:
    """The whole ledger as a canonical CSV."""
    out = io.StringIO()
    service.export_csv(session, out)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="nestegg-transactions.csv"'},
    )


@router.get("/holdings", tags=["holdings"])
def holdings(
    session: SessionDep, account_id: int | None = None, include_lots: bool = False
) -> HoldingsRead:
    """Positions by account and household with market value, basis, gain, weight and mix.

    ``include_lots`` adds each position's open lots (the drill-down); ``lots`` is null
    otherwise, which keeps the answer small."""
    valuation = service.holdings(session)
    today = local_today()
    names = {s: sec.name for s, sec in market.securities(session).items()}
    account_name = service.get_account(session, account_id).name if account_id else None
    positions = []
    for h in valuation.holdings:
        if account_name and h.account != account_name:
            continue
        positions.append(
            HoldingRead(
                account=h.account,
                symbol=h.symbol,
                name=names.get(h.symbol, h.symbol),
                asset_class=h.asset_class.value if h.asset_class else None,
                quantity=h.quantity,
                price=h.price,
                price_date=h.price_date,
                market_value=h.market_value,
                cost_basis=h.cost_basis,
                unrealized_gain=h.unrealized_gain,
                unrealized_gain_percent=h.unrealized_gain_percent,
                weight=h.weight,
                previous_close=h.previous_close,
                day_change=h.day_change,
                lots=None
                if not include_lots
                else [
                    LotRead(
                        quantity=held.lot.quantity,
                        cost_basis=held.lot.cost_basis,
                        acquired_date=held.lot.acquired_date,
                        purchase_date=held.lot.purchase_date,
                        label=held.lot.label,
                        term=holding_term(held.lot.acquired_date, today),
                        days_until_long_term=max(
                            0, (long_term_date(held.lot.acquired_date) - today).days
                        ),
                        market_value=held.market_value,
                        unrealized_gain=held.unrealized_gain,
                    )
                    for held in h.lots
                ],
            )
        )
    total = valuation.total_value

    def breakdown(values: dict[str, Decimal]) -> list[BreakdownRead]:
        return [
            BreakdownRead(key=k, market_value=v, weight=valuation.weight_of(v))
            for k, v in values.items()
        ]

    return HoldingsRead(
        as_of=valuation.as_of,
        prices_as_of_note=(
            f"Valued at the latest known closing prices, from {valuation.as_of.isoformat()}."
            if valuation.as_of
            else "No prices are known yet."
        ),
        total_value=total,
        total_cost_basis=valuation.total_cost_basis,
        unrealized_gain=total - valuation.total_cost_basis,
        day_change=valuation.day_change,
        day_change_percent=valuation.day_change_percent,
        positions=positions,
        by_account=breakdown(dict(valuation.by_account)),
        by_asset_class=breakdown(dict(valuation.by_asset_class)),
        by_tax_treatment=breakdown(dict(valuation.by_tax_treatment)),
        unpriced=list(valuation.unpriced),
    )


# --- ledger events proposed from the corporate actions (splits, dividends) ------------------

ProposalKey = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        description="The proposal's key, e.g. `market:split:NVDA:2024-06-10:Joint Brokerage` "
        "(URL-encoded)",
    ),
]


def _proposal_read(proposal: ProposedEvent) -> ProposalRead:
    tx = proposal.transaction
    return ProposalRead(
        key=proposal.key,
        action="split" if tx.action is Action.SPLIT else "dividend",
        account=tx.account,
        symbol=tx.symbol or "",
        date=tx.date,
        quantity=tx.quantity,
        amount=tx.amount,
        status=proposal.status,
        reason=proposal.reason,
        note=tx.note,
    )


@router.get("/ledger/proposals", tags=["proposals"])
def list_proposals(session: SessionDep) -> list[ProposalRead]:
    """Splits and dividends the market data imply and the ledger lacks, waiting for a
    decision (splits consistent with the ledger are recorded automatically)."""
    return [_proposal_read(p) for p in corporate_actions.pending(session, as_of=local_today())]


@router.post(
    "/ledger/proposals/{key:path}/confirm",
    status_code=status.HTTP_201_CREATED,
    tags=["proposals"],
)
def confirm_proposal(
    key: ProposalKey,
    session: SessionDep,
    body: Annotated[ProposalConfirm | None, Body()] = None,
) -> TransactionRead:
    """Record a proposal as a transaction (a dividend with the amount the broker paid, if
    given). 404: no such proposal; 409: already recorded or dismissed, or no longer implied
    by the ledger."""
    amount = body.amount if body is not None else None
    row = corporate_actions.confirm(session, key, as_of=local_today(), amount=amount)
    return _transaction_read(row, service.get_account(session, row.account_id).name)


@router.post(
    "/ledger/proposals/{key:path}/dismiss",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["proposals"],
)
def dismiss_proposal(key: ProposalKey, session: SessionDep) -> None:
    """Set a proposal aside for good (it is never proposed again)."""
    corporate_actions.dismiss(session, key, as_of=local_today())
