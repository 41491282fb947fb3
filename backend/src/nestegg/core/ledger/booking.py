"""Booking: replay transactions into open lots, positions, cash and disposals.

The replay is deterministic. Transactions are ordered by date; on one date a split comes first
(it takes effect at the open), then every other event account by account in the order it was
recorded (``seq``), and transfers in come last so that they can pick up the lots a transfer
out of another household account released the same day. The order in which different
accounts' transactions were listed therefore never changes the result.

A sale closes lots chosen by a relief method. The ledger knows the simple ones (``fifo``,
``lifo``, ``hifo`` and ``specific`` by lot label); :mod:`nestegg.core.tax` adds the rest and
the wash-sale adjustments on top of this booking.

Partial relief allocates basis (and a sale's proceeds) pro rata by quantity, with the remainder
kept on the open lot (or on the last closed piece), so totals are conserved exactly.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from nestegg.core.errors import LedgerError
from nestegg.core.ledger.model import Account, Action, LotMethod, Transaction
from nestegg.core.money import ZERO

QUANTUM = Decimal("1e-10")
"""Pro-rata pieces of basis and proceeds are kept to 10 decimal places, so that the pieces
and the remainder always add up exactly (28-digit division would round the remainder)."""

_PHASE = {Action.SPLIT: 0, Action.TRANSFER_IN: 2}


def booking_order(transactions: Iterable[Transaction]) -> list[Transaction]:
    """Transactions in the order booking replays them (see the module docstring)."""
    return sorted(transactions, key=lambda t: (t.date, _PHASE.get(t.action, 1), t.account, t.seq))


@dataclass(frozen=True, slots=True)
class Lot:
    """Shares of one symbol acquired together, still held.

    ``purchase_date`` is the trade date; ``acquired_date`` the date the holding period counts
    from (they differ after a transfer of an older lot or, in the tax engine, a wash sale).
    ``cost_basis`` is the total basis of the lot, fees included.
    """

    account: str
    symbol: str
    quantity: Decimal
    cost_basis: Decimal
    acquired_date: dt.date
    purchase_date: dt.date
    label: str | None = None
    opened_by: str = ""

    @property
    def cost_per_share(self) -> Decimal:
        return self.cost_basis / self.quantity if self.quantity else ZERO


@dataclass(frozen=True, slots=True)
class Disposal:
    """Part of a sale (or transfer out) that closed shares of one lot."""

    date: dt.date
    account: str
    symbol: str
    action: Action
    quantity: Decimal
    proceeds: Decimal
    cost_basis: Decimal
    acquired_date: dt.date
    purchase_date: dt.date
    lot_label: str | None
    ref: str

    @property
    def gain(self) -> Decimal:
        return self.proceeds - self.cost_basis


@dataclass(frozen=True, slots=True)
class Position:
    account: str
    symbol: str
    quantity: Decimal
    cost_basis: Decimal
    lots: tuple[Lot, ...]


@dataclass(frozen=True, slots=True)
class Book:
    """The derived state of a ledger after replaying every transaction."""

    positions: tuple[Position, ...]
    cash: Mapping[str, Decimal]
    disposals: tuple[Disposal, ...]

    def lots(self) -> list[Lot]:
        return [lot for position in self.positions for lot in position.lots]


@dataclass(slots=True)
class OpenLot:
    """A lot while booking runs (mutable); frozen into :class:`Lot` at the end."""

    symbol: str
    quantity: Decimal
    cost_basis: Decimal
    acquired_date: dt.date
    purchase_date: dt.date
    label: str | None
    opened_by: str
    order: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def cost_per_share(self) -> Decimal:
        return self.cost_basis / self.quantity if self.quantity else ZERO

    def freeze(self, account: str) -> Lot:
        return Lot(
            account=account,
            symbol=self.symbol,
            quantity=self.quantity,
            cost_basis=self.cost_basis,
            acquired_date=self.acquired_date,
            purchase_date=self.purchase_date,
            label=self.label,
            opened_by=self.opened_by,
        )


Relief = Callable[[Sequence[OpenLot], Transaction, LotMethod], list[tuple[OpenLot, Decimal]]]
"""Picks ``(lot, quantity)`` pieces for a sale or transfer out; must cover its full quantity.

It receives the account's open lots of the symbol in first-in order (purchase date, then the
order in which they were opened)."""


def _take_in_order(
    lots: Iterable[OpenLot], wanted: Decimal, tx: Transaction
) -> list[tuple[OpenLot, Decimal]]:
    pieces: list[tuple[OpenLot, Decimal]] = []
    left = wanted
    for lot in lots:
        if left <= ZERO:
            break
        take = min(lot.quantity, left)
        if take > ZERO:
            pieces.append((lot, take))
            left -= take
    if left > ZERO:
        held = wanted - left
        raise LedgerError(
            f"{tx.action.value} of {wanted} {tx.symbol} exceeds the {held} held"
            + (f" in lot {tx.lot!r}" if tx.lot else "")
            + f" in account {tx.account!r} on {tx.date.isoformat()}",
            ref=tx.describe(),
        )
    return pieces


def relieve_lots(
    lots: Sequence[OpenLot], tx: Transaction, method: LotMethod
) -> list[tuple[OpenLot, Decimal]]:
    """The ledger's default relief: a named ``lot`` label first, else the account's method."""
    wanted = tx.quantity or ZERO
    if tx.lot:
        labelled = [lot for lot in lots if lot.label == tx.lot]
        if not labelled:
            raise LedgerError(
                f"lot {tx.lot!r} of {tx.symbol} is not open in account {tx.account!r}",
                ref=tx.describe(),
            )
        return _take_in_order(labelled, wanted, tx)
    if method is LotMethod.SPECIFIC:
        raise LedgerError("specific identification needs the lot label", ref=tx.describe())
    if method is LotMethod.LIFO:
        return _take_in_order(reversed(lots), wanted, tx)
    if method is LotMethod.HIFO:
        return _take_in_order(sorted(lots, key=lambda lot: -lot.cost_per_share), wanted, tx)
    return _take_in_order(lots, wanted, tx)


def split_pro_rata(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights``; the last share takes the remainder."""
    whole = sum(weights, ZERO)
    if not weights:
        return []
    if whole == ZERO:
        return [ZERO] * (len(weights) - 1) + [total]
    shares = [(total * w / whole).quantize(QUANTUM) for w in weights[:-1]]
    shares.append(total - sum(shares, ZERO))
    return shares


@dataclass(slots=True)
class _State:
    lots: dict[tuple[str, str], list[OpenLot]] = field(default_factory=lambda: defaultdict(list))
    cash: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    disposals: list[Disposal] = field(default_factory=list)
    in_transit: dict[tuple[dt.date, str, Decimal], list[list[OpenLot]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    counter: int = 0


def replay(
    transactions: Iterable[Transaction],
    accounts: Mapping[str, Account],
    *,
    relief: Relief = relieve_lots,
) -> None:
    """Replay ``transactions`` only to prove the ledger is possible (raises like :func:`book`)."""
    _replay(transactions, accounts, relief)


def book(
    transactions: Iterable[Transaction],
    accounts: Mapping[str, Account],
    *,
    relief: Relief = relieve_lots,
) -> Book:
    """Replay ``transactions`` into lots, positions, cash balances and disposals.

    Raises :class:`LedgerError` naming the transaction for an impossible state: an unknown
    account, a sale or transfer of more shares than are held, an unknown lot label.
    """
    state = _replay(transactions, accounts, relief)
    positions: list[Position] = []
    for (account_name, symbol), open_lots in sorted(state.lots.items()):
        if not open_lots:
            continue
        frozen = tuple(lot.freeze(account_name) for lot in open_lots)
        positions.append(
            Position(
                account=account_name,
                symbol=symbol,
                quantity=sum((lot.quantity for lot in open_lots), ZERO),
                cost_basis=sum((lot.cost_basis for lot in open_lots), ZERO),
                lots=frozen,
            )
        )
    return Book(
        positions=tuple(positions),
        cash=dict(sorted(state.cash.items())),
        disposals=tuple(state.disposals),
    )


def _replay(
    transactions: Iterable[Transaction], accounts: Mapping[str, Account], relief: Relief
) -> _State:
    state = _State()
    for tx in booking_order(transactions):
        account = accounts.get(tx.account)
        if account is None:
            raise LedgerError(f"unknown account {tx.account!r}", ref=tx.describe())
        _apply(state, tx, account, relief)
    return state


def _first_in(lot: OpenLot) -> tuple[dt.date, int]:
    return (lot.purchase_date, lot.order)


def _open(state: _State, account: str, lot: OpenLot) -> None:
    state.counter += 1
    lot.order = state.counter
    lots = state.lots[(account, lot.symbol)]
    if not lots or _first_in(lots[-1]) <= _first_in(lot):
        lots.append(lot)
    else:  # a transferred lot with an older purchase date
        bisect.insort(lots, lot, key=_first_in)


def _close(
    state: _State, tx: Transaction, account: Account, relief: Relief
) -> list[tuple[OpenLot, Decimal, Decimal]]:
    """Remove the sale's shares from their lots; returns (piece, quantity, basis) triples."""
    assert tx.symbol is not None
    open_lots = state.lots[(tx.account, tx.symbol)]
    method = tx.lot_method or account.lot_method
    pieces = relief(open_lots, tx, method)
    closed: list[tuple[OpenLot, Decimal, Decimal]] = []
    for lot, quantity in pieces:
        if quantity == lot.quantity:
            basis = lot.cost_basis
        else:
            basis = (lot.cost_basis * quantity / lot.quantity).quantize(QUANTUM)
        lot.quantity -= quantity
        lot.cost_basis -= basis
        closed.append((lot, quantity, basis))
    exhausted = sum(1 for lot, _, _ in closed if lot.quantity == ZERO)
    if exhausted:
        _drop_closed(open_lots, exhausted)
    return closed


def _drop_closed(lots: list[OpenLot], exhausted: int) -> None:
    """Remove exhausted lots, cheaply at either end (FIFO and LIFO close lots there)."""
    head = 0
    while head < len(lots) and lots[head].quantity == ZERO:
        head += 1
    if head:
        del lots[:head]
    removed = head
    while lots and lots[-1].quantity == ZERO:
        lots.pop()
        removed += 1
    if removed < exhausted:
        lots[:] = [lot for lot in lots if lot.quantity != ZERO]


def _apply(state: _State, tx: Transaction, account: Account, relief: Relief) -> None:
    action = tx.action
    if action is Action.BUY or action is Action.REINVEST:
        assert tx.symbol is not None and tx.quantity is not None
        cost = tx.gross + tx.fees
        _open(
            state,
            tx.account,
            OpenLot(tx.symbol, tx.quantity, cost, tx.date, tx.date, tx.lot, tx.ref),
        )
        state.cash[tx.account] -= tx.fees if action is Action.REINVEST else cost
    elif action is Action.SELL:
        closed = _close(state, tx, account, relief)
        net = tx.gross - tx.fees
        state.cash[tx.account] += net
        proceeds = split_pro_rata(net, [quantity for _, quantity, _ in closed])
        for (lot, quantity, basis), share in zip(closed, proceeds, strict=True):
            state.disposals.append(_disposal(tx, lot, quantity, share, basis))
    elif action is Action.TRANSFER_OUT:
        closed = _close(state, tx, account, relief)
        moving: list[OpenLot] = []
        for lot, quantity, basis in closed:
            state.disposals.append(_disposal(tx, lot, quantity, ZERO, basis))
            moving.append(
                OpenLot(
                    lot.symbol,
                    quantity,
                    basis,
                    lot.acquired_date,
                    lot.purchase_date,
                    lot.label,
                    lot.opened_by,
                    extra=dict(lot.extra),
                )
            )
        assert tx.symbol is not None and tx.quantity is not None
        state.in_transit[(tx.date, tx.symbol, tx.quantity)].append(moving)
    elif action is Action.TRANSFER_IN:
        assert tx.symbol is not None and tx.quantity is not None
        waiting = state.in_transit.get((tx.date, tx.symbol, tx.quantity))
        if waiting:
            for lot in waiting.pop(0):
                _open(state, tx.account, lot)
        else:
            if tx.amount is None and tx.price is None:
                raise LedgerError(
                    "a transfer in without a matching transfer out on the same date needs "
                    "its cost basis in amount (or price per share)",
                    ref=tx.describe(),
                )
            acquired = tx.acquired_date or tx.date
            _open(
                state,
                tx.account,
                OpenLot(
                    tx.symbol, tx.quantity, tx.gross + tx.fees, acquired, acquired, tx.lot, tx.ref
                ),
            )
    elif action is Action.SPLIT:
        assert tx.symbol is not None and tx.quantity is not None
        for lot in state.lots.get((tx.account, tx.symbol), []):
            lot.quantity *= tx.quantity
    elif action in (Action.DIVIDEND, Action.INTEREST, Action.DEPOSIT, Action.CONTRIBUTION):
        state.cash[tx.account] += tx.amount or ZERO
    elif action in (Action.WITHDRAWAL, Action.FEE):
        state.cash[tx.account] -= tx.amount or ZERO
    else:  # pragma: no cover - exhaustive over Action
        raise LedgerError(f"unsupported action {action}", ref=tx.describe())


def _disposal(
    tx: Transaction, lot: OpenLot, quantity: Decimal, proceeds: Decimal, basis: Decimal
) -> Disposal:
    return Disposal(
        date=tx.date,
        account=tx.account,
        symbol=lot.symbol,
        action=tx.action,
        quantity=quantity,
        proceeds=proceeds,
        cost_basis=basis,
        acquired_date=lot.acquired_date,
        purchase_date=lot.purchase_date,
        lot_label=lot.label,
        ref=tx.ref,
    )
