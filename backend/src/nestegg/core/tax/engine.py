"""Replay a household's transactions into realized gains, tax lots and wash sales.

The replay follows the ledger's booking order (:func:`nestegg.core.ledger.booking_order`), so
the result never depends on how same-day transactions of different accounts were listed. Each
sale is relieved first (:mod:`nestegg.core.tax.relief`), producing one row per (sale, lot);
then every row at a loss in a taxable account is tested for a wash sale. Wash-sale adjustments
change the basis that later relief decisions see (HIFO and MinTax use the adjusted basis).

Wash sales (IRC section 1091; Treas. Reg. 1.1091-1; IRS Publication 550, "Wash Sales";
Rev. Rul. 2008-5; Form 8949 instructions, code W):

- A loss is washed when substantially identical shares are acquired from 30 days before to 30
  days after the sale date, in any account of the household: the spouse's accounts (Pub. 550:
  "your spouse … buys substantially identical stock") and IRAs or Roth IRAs included.
  Purchases and dividend reinvestments are acquisitions; transfers between the household's own
  accounts and transfers in from outside (gifts, broker moves) are not.
- Partial wash: only as many shares as were acquired are washed (Treas. Reg. 1.1091-1(c)).
  Loss sales are processed in date order and the replacement shares matched in acquisition
  order, each replacement share absorbing at most one washed share (1.1091-1(b)/(d)).
- The disallowed loss is added to the replacement shares' basis (IRC 1091(d)), in whichever
  household account they sit, and their holding period includes the sold shares' (IRC
  1223(3)): a replacement bought after the sale has its acquisition date moved earlier by the
  days the sold shares were held; one bought on or before the sale date starts its holding
  period with the sold shares' (or keeps its own, when that is earlier). A replacement later
  sold at a loss and washed again carries both adjustments along (chains).
- A replacement bought in an IRA or Roth IRA makes the loss disallowed for good and adds no
  basis anywhere (Rev. Rul. 2008-5). HSAs and 529 plans, also tax-advantaged accounts outside
  the taxable basis system, are treated the same way (every account whose tax treatment is not
  taxable).
- Gains are never washed, and each (sale, lot) row is tested on its own, so a washed loss
  never offsets a gain on another block sold the same day.
- Policy: shares of the very purchase lot being sold, and shares sold in the same sale, are not
  replacements.
- Replacement shares bought within 30 days before the loss sale count even when they were
  sold before it (IRC 1091(a) asks only that they were acquired). Their basis adjustment then
  goes, retroactively, to that earlier sale's row (split off if only some of its shares are
  matched); the adjusted earlier row is not itself tested again, which would loop.
- "Substantially identical" means the same symbol, plus user-declared groups (share classes of
  one fund, for example).

Streaming matching. Acquisitions are indexed per group of identical symbols in acquisition
order. A loss row first takes unused replacement shares acquired in the 30 days before (and on)
its sale date, in acquisition order; the rest waits in the group's queue and takes shares
acquired up to 30 days later, the oldest waiting loss first. This is the same matching as
processing the losses in date order over their full windows, in one pass.

Performance: the replay keeps each position's lots in FIFO order (sorting only after a transfer
in), indexes acquisitions per group with a moving window start, and pauses CPython's cyclic
garbage collector while it runs: it allocates hundreds of thousands of long-lived objects, none
of which become garbage during the replay, and the generational collector would otherwise
traverse them again and again (about 40% of the run time on 100,000 transactions).

Exactness: every pro-rata piece (basis, proceeds, a disallowed loss shared by several
replacements) is kept to 10 decimal places like the ledger's booking
(:data:`nestegg.core.ledger.booking.QUANTUM`) and the last piece takes the remainder, so pieces
always add up exactly and basis is conserved to the last digit.

Limitations: shares are counted as recorded; a stock split inside a loss's 30-day window is
not converted between pre- and post-split shares for the matching.
"""

from __future__ import annotations

import datetime as dt
import gc
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from nestegg.core.ledger.booking import QUANTUM, booking_order, split_pro_rata
from nestegg.core.ledger.model import Account, Action, LotMethod, TaxTreatment, Transaction
from nestegg.core.money import ZERO
from nestegg.core.tax.holding import long_term_date
from nestegg.core.tax.model import (
    RealizedGain,
    TaxError,
    TaxLot,
    TaxResult,
    Term,
    WashSaleEvent,
)
from nestegg.core.tax.relief import method_for, order_lots

WASH_WINDOW = dt.timedelta(days=30)
"""30 days before and after the sale date (IRC 1091(a))."""

_LONG, _SHORT = Term.LONG, Term.SHORT
_new_gain = _new_event = tuple.__new__
"""Build a named-tuple record from its field tuple, skipping its Python-level ``__new__``."""


@dataclass(slots=True, eq=False)
class _Acquisition:
    """One purchase or reinvestment; ``pieces`` are its shares, open or sold, wherever they are."""

    date: dt.date
    unused: Decimal
    """Shares not yet matched as replacement shares (open or sold, still in the household)."""
    pieces: list[_Lot | _Row]


@dataclass(slots=True, eq=False)
class _Lot:
    account: str
    symbol: str
    quantity: Decimal
    cost_basis: Decimal
    acquired_date: dt.date
    purchase_date: dt.date
    label: str | None
    order: int
    source: Transaction
    acquisition: _Acquisition | None
    wash_adjustment: Decimal = ZERO
    used: bool = False
    """These shares already absorbed a washed share as replacement shares."""
    departed: bool = False
    batch: list[_Lot] | None = None
    """The transfer batch while the shares are in transit between two household accounts."""

    def freeze(self) -> TaxLot:
        return TaxLot(
            self.account,
            self.symbol,
            self.quantity,
            self.cost_basis,
            self.acquired_date,
            self.purchase_date,
            self.label,
            self.wash_adjustment,
            _ref(self.source),
        )


@dataclass(slots=True)
class _Part:
    """Shares of an already-sold row matched later as replacement shares."""

    quantity: Decimal
    amount: Decimal
    acquired_date: dt.date


@dataclass(slots=True, eq=False)
class _Row:
    row_id: int
    tx: Transaction
    sale_index: int
    quantity: Decimal
    proceeds: Decimal
    cost_basis: Decimal
    lot: _Lot
    """The lot the shares came from (its state at the sale is copied below)."""
    acquired_date: dt.date
    basis_adjustment: Decimal
    taxable: bool
    used_quantity: Decimal
    disallowed: Decimal = ZERO
    permanent: Decimal = ZERO
    parts: list[_Part] | None = None
    # set by the wash-sale test of a loss row only
    loss_left: Decimal = field(init=False)
    wash_left: Decimal = field(init=False)
    expires: dt.date = field(init=False)

    @property
    def account(self) -> str:
        return self.tx.account

    @property
    def symbol(self) -> str:
        return self.lot.symbol

    @property
    def purchase_date(self) -> dt.date:
        return self.lot.purchase_date


@dataclass(slots=True)
class _Group:
    """Acquisitions and waiting losses of one group of substantially identical symbols."""

    acquisitions: list[_Acquisition] = field(default_factory=list)
    start: int = 0
    pending: deque[_Row] = field(default_factory=deque)


_fifo_key: Callable[[_Lot], tuple[dt.date, int]] = attrgetter("purchase_date", "order")
"""FIFO order: trade date, then the order in which the purchases were booked."""


def _ref(tx: Transaction) -> str:
    """How results name a transaction: its source reference, else a description."""
    return tx.ref or tx.describe()


def identical_symbol_groups(groups: Iterable[Iterable[str]]) -> dict[str, str]:
    """Map each declared symbol to its group's key (groups sharing a symbol are merged)."""
    parent: dict[str, str] = {}

    def find(symbol: str) -> str:
        root = symbol
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[symbol] != root:
            parent[symbol], symbol = root, parent[symbol]
        return root

    for group in groups:
        members = sorted({symbol.upper() for symbol in group})
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {symbol: find(symbol) for symbol in parent}


def _require_trade(tx: Transaction) -> tuple[str, Decimal]:
    symbol, quantity = tx.symbol, tx.quantity
    if not symbol:
        raise TaxError(f"{tx.action.value} needs a symbol", ref=tx.describe())
    if quantity is None or quantity <= ZERO:
        raise TaxError(f"{tx.action.value} needs a quantity above zero", ref=tx.describe())
    return symbol, quantity


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (see the module docstring), restoring its state.

    On the way out the objects allocated meanwhile are moved to the oldest generation
    (``gc.freeze`` then ``gc.unfreeze``) rather than being traversed at once by a young
    collection; the replay breaks its own reference cycles so its scratch state is freed by
    reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


class _Replay:
    def __init__(
        self,
        accounts: Mapping[str, Account],
        method_override: LotMethod | None,
        group_of: Mapping[str, str],
    ) -> None:
        self.accounts = accounts
        self.method_override = method_override
        self.group_of = group_of
        self.taxable: dict[str, bool] = {
            name: account.tax_treatment is TaxTreatment.TAXABLE
            for name, account in accounts.items()
        }
        self.positions: dict[tuple[str, str], list[_Lot]] = defaultdict(list)
        self.labels: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.groups: dict[str, _Group] = {}
        self.group_by_symbol: dict[str, _Group] = {}
        self.realized: list[RealizedGain | _Row] = []
        """Rows in sale order: final ones as they are, those that may still change as _Row."""
        self.sheltered: list[RealizedGain | _Row] = []
        self.row_count = 0
        self.events: list[WashSaleEvent] = []
        self.in_transit: dict[tuple[dt.date, str, Decimal], list[list[_Lot]]] = defaultdict(list)
        self.transit_day: dt.date | None = None
        self.departed: list[_Lot] = []
        self.unsorted: set[tuple[str, str]] = set()
        self.long_term_from: dict[dt.date, dt.date] = {}
        self.counter = 0

    # -- driver ---------------------------------------------------------------------------

    def run(self, transactions: Iterable[Transaction]) -> TaxResult:
        accounts = self.accounts
        buy, reinvest, sell = Action.BUY, Action.REINVEST, Action.SELL
        for index, tx in enumerate(booking_order(transactions)):
            if self.transit_day is not None and tx.date != self.transit_day:
                self._flush_transit()
            account = accounts.get(tx.account)
            if account is None:
                raise TaxError(f"unknown account {tx.account!r}", ref=tx.describe())
            action = tx.action
            if action is buy or action is reinvest:
                self._buy(tx)
            elif action is sell:
                self._sell(tx, account, index)
            elif action is Action.TRANSFER_OUT:
                self._transfer_out(tx, account)
            elif action is Action.TRANSFER_IN:
                self._transfer_in(tx)
            elif action is Action.SPLIT:
                self._split(tx)
        self._flush_transit()
        return self._result()

    def _group(self, symbol: str) -> _Group:
        group = self.group_by_symbol.get(symbol)
        if group is None:
            key = self.group_of.get(symbol, symbol)
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = _Group()
            self.group_by_symbol[symbol] = group
        return group

    # -- acquisitions ---------------------------------------------------------------------

    def _buy(self, tx: Transaction) -> None:
        symbol, quantity = _require_trade(tx)
        date = tx.date
        pieces: list[_Lot | _Row] = []
        acquisition = _Acquisition(date, quantity, pieces)
        self.counter += 1
        lot = _Lot(
            tx.account,
            symbol,
            quantity,
            tx.gross + tx.fees,
            date,
            date,
            tx.lot,
            self.counter,
            tx,
            acquisition,
        )
        pieces.append(lot)
        key = (tx.account, symbol)
        self.positions[key].append(lot)
        if tx.lot:
            self.labels[key].add(tx.lot)
        group = self.group_by_symbol.get(symbol) or self._group(symbol)
        group.acquisitions.append(acquisition)
        if group.pending:
            self._match_waiting(group, lot, date)

    # -- relief ---------------------------------------------------------------------------

    def _fifo(self, key: tuple[str, str]) -> list[_Lot]:
        """The position's lots, kept in FIFO order (sorted again only after a transfer in)."""
        lots = self.positions[key]
        if key in self.unsorted:
            lots.sort(key=_fifo_key)
            self.unsorted.discard(key)
        return lots

    def _take(
        self, tx: Transaction, symbol: str, quantity: Decimal, method: LotMethod, net: Decimal
    ) -> list[tuple[_Lot, Decimal]]:
        key = (tx.account, symbol)
        ordered: Iterable[_Lot]
        if method is LotMethod.FIFO or method is LotMethod.AVERAGE:
            ordered = self._fifo(key)
        elif method is LotMethod.LIFO:
            ordered = reversed(self._fifo(key))
        else:
            ordered = order_lots(self.positions[key], tx, method, net)
            if method is LotMethod.SPECIFIC and not ordered:
                if tx.lot in self.labels.get(key, ()):
                    problem = f"lot {tx.lot!r} of {symbol} in account {tx.account!r} is exhausted"
                else:
                    problem = f"no lot {tx.lot!r} of {symbol} in account {tx.account!r}"
                raise TaxError(problem, ref=tx.describe())
        pieces: list[tuple[_Lot, Decimal]] = []
        left = quantity
        for lot in ordered:
            lot_quantity = lot.quantity
            if lot_quantity >= left:
                pieces.append((lot, left))
                left = ZERO
                break
            pieces.append((lot, lot_quantity))
            left -= lot_quantity
        if left > ZERO:
            held = quantity - left
            where = f" in lot {tx.lot!r}" if method is LotMethod.SPECIFIC else ""
            raise TaxError(
                f"{tx.action.value} of {quantity} {symbol} exceeds the {held} held{where} "
                f"in account {tx.account!r} on {tx.date.isoformat()}",
                ref=tx.describe(),
            )
        return pieces

    def _drop_closed(self, key: tuple[str, str], closed: int, in_order: bool) -> None:
        """Remove the ``closed`` lots a sale emptied (the first ones when relief was FIFO)."""
        if not closed:
            return
        lots = self.positions[key]
        if in_order:
            del lots[:closed]
        else:
            self.positions[key] = [lot for lot in lots if lot.quantity]

    def _split_off(self, lot: _Lot, quantity: Decimal) -> _Lot:
        """Cut ``quantity`` shares off ``lot`` into a new lot next to it (basis pro rata)."""
        basis = (lot.cost_basis * quantity / lot.quantity).quantize(QUANTUM)
        adjustment = ZERO
        if lot.wash_adjustment:
            adjustment = (lot.wash_adjustment * quantity / lot.quantity).quantize(QUANTUM)
        lot.quantity -= quantity
        lot.cost_basis -= basis
        lot.wash_adjustment -= adjustment
        piece = _Lot(
            lot.account,
            lot.symbol,
            quantity,
            basis,
            lot.acquired_date,
            lot.purchase_date,
            lot.label,
            lot.order,
            lot.source,
            lot.acquisition,
            adjustment,
            lot.used,
            lot.departed,
            lot.batch,
        )
        if not lot.departed:
            container = lot.batch
            if container is not None:
                container.append(piece)
            else:
                key = (lot.account, lot.symbol)
                container = self.positions[key]
                if key in self.unsorted or container[-1] is lot:
                    container.append(piece)
                else:
                    # after the lots of the same (purchase date, order): FIFO order is kept
                    where = bisect_right(container, _fifo_key(lot), key=_fifo_key)
                    container.insert(where, piece)
        if lot.acquisition is not None:
            lot.acquisition.pieces.append(piece)
        return piece

    def _sell(self, tx: Transaction, account: Account, index: int) -> None:
        symbol, quantity = _require_trade(tx)
        method = method_for(tx, account.lot_method, self.method_override)
        net = tx.gross - tx.fees
        key = (tx.account, symbol)
        if method is LotMethod.FIFO:
            # the common case, inlined: the position is kept in FIFO order
            lots = self._fifo(key)
            pieces: list[tuple[_Lot, Decimal]] = []
            left = quantity
            for lot in lots:
                if lot.quantity >= left:
                    pieces.append((lot, left))
                    break
                pieces.append((lot, lot.quantity))
                left -= lot.quantity
            else:
                self._take(tx, symbol, quantity, method, net)  # raises: not enough shares
        else:
            pieces = self._take(tx, symbol, quantity, method, net)
        average = None
        if method is LotMethod.AVERAGE:
            average = self._average_bases(key, pieces, quantity)
        taxable = self.taxable[tx.account]
        out = self.realized if taxable else self.sheltered
        sale_date = tx.date
        # shares bought before this are never replacement shares of a later loss sale
        candidate_from = sale_date - WASH_WINDOW
        long_term_from = self.long_term_from
        allocated = ZERO
        losses: list[_Row] = []
        emptied = 0
        last = len(pieces) - 1
        row_id = self.row_count
        account_name = tx.account
        sale_ref = tx.ref or tx.describe()
        emit = out.append
        for i, (lot, take) in enumerate(pieces):
            if average is not None:
                basis, adjustment = average[i]
            else:
                lot_quantity = lot.quantity
                if take == lot_quantity:
                    basis, adjustment = lot.cost_basis, lot.wash_adjustment
                    lot.quantity = lot.cost_basis = lot.wash_adjustment = ZERO
                else:
                    basis = (lot.cost_basis * take / lot_quantity).quantize(QUANTUM)
                    lot.quantity = lot_quantity - take
                    lot.cost_basis -= basis
                    adjustment = lot.wash_adjustment
                    if adjustment:
                        adjustment = (adjustment * take / lot_quantity).quantize(QUANTUM)
                        lot.wash_adjustment -= adjustment
            if not lot.quantity:
                emptied += 1
            if i == last:
                proceeds = net - allocated
            else:
                proceeds = (net * take / quantity).quantize(QUANTUM)
                allocated += proceeds
            row_id += 1
            acquisition = lot.acquisition
            loss = taxable and proceeds < basis
            candidate = acquisition is not None and lot.purchase_date >= candidate_from
            if not loss and not candidate:
                # final already: emit the row now rather than keeping it open
                acquired = lot.acquired_date
                first_long = long_term_from.get(acquired)
                if first_long is None:
                    first_long = long_term_from[acquired] = long_term_date(acquired)
                source = lot.source
                emit(
                    _new_gain(
                        RealizedGain,
                        (
                            row_id,
                            sale_date,
                            account_name,
                            symbol,
                            take,
                            proceeds,
                            basis,
                            acquired,
                            lot.purchase_date,
                            lot.label,
                            ZERO,
                            ZERO,
                            adjustment,
                            _LONG if sale_date >= first_long else _SHORT,
                            sale_ref,
                            source.ref or source.describe(),
                        ),
                    )
                )
                continue
            row = _Row(
                row_id,
                tx,
                index,
                take,
                proceeds,
                basis,
                lot,
                lot.acquired_date,
                adjustment,
                taxable,
                take if lot.used else ZERO,
            )
            emit(row)
            if candidate:
                assert acquisition is not None
                acquisition.pieces.append(row)
            if loss:
                losses.append(row)
        self.row_count = row_id
        self._drop_closed(key, emptied, method is LotMethod.FIFO or method is LotMethod.AVERAGE)
        for row in losses:
            self._wash(row)

    def _average_bases(
        self, key: tuple[str, str], pieces: list[tuple[_Lot, Decimal]], quantity: Decimal
    ) -> list[tuple[Decimal, Decimal]]:
        """Average-cost relief: sold and kept shares share one basis per share.

        Reduces the lots' quantities, re-spreads the basis kept over the remaining shares and
        returns (basis, wash adjustment) for each piece sold.
        """
        lots = self.positions[key]
        total_quantity = sum((lot.quantity for lot in lots), ZERO)
        total_basis = sum((lot.cost_basis for lot in lots), ZERO)
        total_adjustment = sum((lot.wash_adjustment for lot in lots), ZERO)
        if quantity == total_quantity:
            sold_basis, sold_adjustment = total_basis, total_adjustment
        else:
            sold_basis = (total_basis * quantity / total_quantity).quantize(QUANTUM)
            sold_adjustment = (total_adjustment * quantity / total_quantity).quantize(QUANTUM)
        takes = [take for _, take in pieces]
        bases = split_pro_rata(sold_basis, takes)
        adjustments = split_pro_rata(sold_adjustment, takes)
        for lot, take in pieces:
            lot.quantity -= take
            if lot.quantity == ZERO:
                lot.cost_basis = lot.wash_adjustment = ZERO
        kept = [lot for lot in lots if lot.quantity > ZERO]
        weights = [lot.quantity for lot in kept]
        for lot, basis, adjustment in zip(
            kept,
            split_pro_rata(total_basis - sold_basis, weights),
            split_pro_rata(total_adjustment - sold_adjustment, weights),
            strict=True,
        ):
            lot.cost_basis = basis
            lot.wash_adjustment = adjustment
        return list(zip(bases, adjustments, strict=True))

    # -- wash sales -----------------------------------------------------------------------

    def _wash(self, row: _Row) -> None:
        """Match a loss row with replacement shares acquired up to now, then wait for more."""
        row.loss_left = row.cost_basis - row.proceeds
        row.wash_left = row.quantity
        symbol = row.lot.symbol
        group = self.group_by_symbol.get(symbol) or self._group(symbol)
        sale_date = row.tx.date
        floor = sale_date - WASH_WINDOW
        acquisitions = group.acquisitions
        start = group.start
        end = len(acquisitions)
        while start < end and (
            acquisitions[start].date < floor or acquisitions[start].unused <= ZERO
        ):
            start += 1
        group.start = start
        own = row.lot.acquisition
        sale_index = row.sale_index
        for position in range(start, end):
            acquisition = acquisitions[position]
            if acquisition.unused <= ZERO or acquisition is own:
                continue
            # pieces appended meanwhile are split-off replacement shares, already used
            for piece in acquisition.pieces:
                if isinstance(piece, _Lot):
                    if piece.used or piece.departed or not piece.quantity:
                        continue
                    available = piece.quantity
                else:
                    if piece.sale_index == sale_index:
                        continue
                    available = piece.quantity - piece.used_quantity
                    if available <= ZERO:
                        continue
                self._match(row, piece, min(available, row.wash_left), acquisition)
                if not row.wash_left:
                    return
        row.expires = sale_date + WASH_WINDOW
        group.pending.append(row)

    def _match_waiting(self, group: _Group, lot: _Lot, date: dt.date) -> None:
        """Offer newly acquired shares to the losses still waiting, oldest first."""
        pending = group.pending
        while pending and (pending[0].expires < date or not pending[0].wash_left):
            pending.popleft()
        acquisition = lot.acquisition
        assert acquisition is not None
        for row in list(pending):
            if lot.used or not lot.quantity:
                break
            if row.wash_left:
                self._match(row, lot, min(lot.quantity, row.wash_left), acquisition)
        while pending and not pending[0].wash_left:
            pending.popleft()

    def _match(
        self, row: _Row, piece: _Lot | _Row, quantity: Decimal, acquisition: _Acquisition
    ) -> None:
        """Wash ``quantity`` shares of the loss ``row`` against replacement shares ``piece``."""
        if quantity == row.wash_left:
            amount = row.loss_left
        else:
            amount = (row.loss_left * quantity / row.wash_left).quantize(QUANTUM)
        row.loss_left -= amount
        row.wash_left -= quantity
        row.disallowed += amount
        acquisition.unused -= quantity
        sale_date = row.tx.date
        permanent = not self.taxable[piece.account]
        if permanent:
            row.permanent += amount
        if isinstance(piece, _Lot):
            target = piece if quantity == piece.quantity else self._split_off(piece, quantity)
            target.used = True
            if not permanent:
                target.cost_basis += amount
                target.wash_adjustment += amount
                if target.purchase_date > sale_date:
                    target.acquired_date -= sale_date - row.acquired_date
                elif row.acquired_date < target.acquired_date:
                    target.acquired_date = row.acquired_date
            replacement_acquired = target.acquired_date
            source = target.source
            sold = False
        else:
            piece.used_quantity += quantity
            replacement_acquired = piece.acquired_date
            if not permanent:
                if piece.purchase_date > sale_date:
                    replacement_acquired -= sale_date - row.acquired_date
                elif row.acquired_date < replacement_acquired:
                    replacement_acquired = row.acquired_date
                if piece.parts is None:
                    piece.parts = []
                piece.parts.append(_Part(quantity, amount, replacement_acquired))
            source = piece.lot.source
            sold = True
        tx = row.tx
        self.events.append(
            _new_event(
                WashSaleEvent,
                (
                    sale_date,
                    tx.ref or tx.describe(),
                    row.row_id,
                    row.tx.account,
                    row.lot.symbol,
                    quantity,
                    amount,
                    permanent,
                    piece.account,
                    piece.symbol,
                    piece.purchase_date,
                    replacement_acquired,
                    source.ref or source.describe(),
                    sold,
                ),
            )
        )

    # -- transfers and splits -------------------------------------------------------------

    def _transfer_out(self, tx: Transaction, account: Account) -> None:
        symbol, quantity = _require_trade(tx)
        method = method_for(tx, account.lot_method, self.method_override)
        if method in (LotMethod.MINTAX, LotMethod.AVERAGE):
            method = LotMethod.FIFO
        key = (tx.account, symbol)
        moving: list[_Lot] = []
        for lot, take in self._take(tx, symbol, quantity, method, ZERO):
            part = lot if take == lot.quantity else self._split_off(lot, take)
            moving.append(part)
        self.positions[key] = [lot for lot in self.positions[key] if lot not in moving]
        for lot in moving:
            lot.batch = moving
        self.in_transit[(tx.date, symbol, quantity)].append(moving)
        self.transit_day = tx.date

    def _transfer_in(self, tx: Transaction) -> None:
        symbol, quantity = _require_trade(tx)
        key = (tx.account, symbol)
        waiting = self.in_transit.get((tx.date, symbol, quantity))
        if waiting:
            for lot in waiting.pop(0):
                lot.account = tx.account
                lot.batch = None
                self.positions[key].append(lot)
                if lot.label:
                    self.labels[key].add(lot.label)
            self.unsorted.add(key)
            return
        if tx.amount is None and tx.price is None:
            raise TaxError(
                "a transfer in without a matching transfer out on the same date needs its cost "
                "basis in amount (or price per share)",
                ref=tx.describe(),
            )
        acquired = tx.acquired_date or tx.date
        self.counter += 1
        self.positions[key].append(
            _Lot(
                tx.account,
                symbol,
                quantity,
                tx.gross + tx.fees,
                acquired,
                acquired,
                tx.lot,
                self.counter,
                tx,
                None,
            )
        )
        self.unsorted.add(key)
        if tx.lot:
            self.labels[key].add(tx.lot)

    def _flush_transit(self) -> None:
        """Shares transferred out that no household account took in have left the household."""
        for batches in self.in_transit.values():
            for batch in batches:
                for lot in batch:
                    lot.departed = True
                    lot.batch = None
                    if not lot.used and lot.acquisition is not None:
                        lot.acquisition.unused -= lot.quantity
                    self.departed.append(lot)
        self.in_transit.clear()
        self.transit_day = None

    def _split(self, tx: Transaction) -> None:
        if not tx.symbol or tx.quantity is None or tx.quantity <= ZERO:
            raise TaxError("a split needs a symbol and a ratio above zero", ref=tx.describe())
        for lot in self.positions.get((tx.account, tx.symbol), []):
            before = lot.quantity
            lot.quantity *= tx.quantity
            if not lot.used and lot.acquisition is not None:
                lot.acquisition.unused += lot.quantity - before

    # -- result ---------------------------------------------------------------------------

    def _term(self, acquired: dt.date, sold: dt.date) -> Term:
        first_long = self.long_term_from.get(acquired)
        if first_long is None:
            first_long = self.long_term_from[acquired] = long_term_date(acquired)
        return Term.LONG if sold >= first_long else Term.SHORT

    def _emit(self, row: _Row, out: list[RealizedGain]) -> None:
        tx, lot = row.tx, row.lot
        sale_date = tx.date
        sale_ref = tx.ref or tx.describe()
        source = lot.source
        lot_ref = source.ref or source.describe()
        if not row.parts:
            acquired = row.acquired_date
            first_long = self.long_term_from.get(acquired)
            if first_long is None:
                first_long = self.long_term_from[acquired] = long_term_date(acquired)
            out.append(
                RealizedGain(
                    row.row_id,
                    sale_date,
                    tx.account,
                    lot.symbol,
                    row.quantity,
                    row.proceeds,
                    row.cost_basis,
                    row.acquired_date,
                    lot.purchase_date,
                    lot.label,
                    row.disallowed,
                    row.permanent,
                    row.basis_adjustment,
                    Term.LONG if sale_date >= first_long else Term.SHORT,
                    sale_ref,
                    lot_ref,
                )
            )
            return
        parts = row.parts
        remainder = row.quantity - sum((part.quantity for part in parts), ZERO)
        quantities = [part.quantity for part in parts]
        if remainder > ZERO:
            quantities.append(remainder)
        proceeds = split_pro_rata(row.proceeds, quantities)
        bases = split_pro_rata(row.cost_basis, quantities)
        disallowed = split_pro_rata(row.disallowed, quantities)
        permanent = split_pro_rata(row.permanent, quantities)
        adjustments = split_pro_rata(row.basis_adjustment, quantities)
        for i, quantity in enumerate(quantities):
            part = parts[i] if i < len(parts) else None
            late = part.amount if part else ZERO
            acquired = part.acquired_date if part else row.acquired_date
            out.append(
                RealizedGain(
                    row.row_id,
                    sale_date,
                    tx.account,
                    lot.symbol,
                    quantity,
                    proceeds[i],
                    bases[i] + late,
                    acquired,
                    lot.purchase_date,
                    lot.label,
                    disallowed[i],
                    permanent[i],
                    adjustments[i] + late,
                    self._term(acquired, sale_date),
                    sale_ref,
                    lot_ref,
                )
            )

    def _result(self) -> TaxResult:
        realized: list[RealizedGain] = []
        sheltered: list[RealizedGain] = []
        for items, out in ((self.realized, realized), (self.sheltered, sheltered)):
            for item in items:
                if isinstance(item, _Row):
                    self._emit(item, out)
                else:
                    out.append(item)
        lots: list[TaxLot] = []
        for key in sorted(self.positions):
            live = [lot for lot in self.positions[key] if lot.quantity > ZERO]
            live.sort(key=_fifo_key)
            lots.extend(lot.freeze() for lot in live)
        for group in self.groups.values():
            for acquisition in group.acquisitions:
                acquisition.pieces.clear()
        return TaxResult(
            realized=tuple(realized),
            sheltered=tuple(sheltered),
            lots=tuple(lots),
            wash_sales=tuple(self.events),
            transferred_out=tuple(lot.freeze() for lot in self.departed if lot.quantity > ZERO),
        )


def realize(
    transactions: Iterable[Transaction],
    accounts: Mapping[str, Account],
    *,
    method_override: LotMethod | None = None,
    identical_groups: Iterable[Iterable[str]] = (),
) -> TaxResult:
    """Replay the household's transactions into realized gains, open lots and wash sales.

    Parameters
    ----------
    transactions
        Every transaction of every account of the household (the spouse's and IRAs
        included: wash sales look across all of them). Order does not matter.
    accounts
        Account name → :class:`Account`; its ``lot_method`` is the default relief method and
        its ``tax_treatment`` decides what is reportable and which replacements are permanent.
    method_override
        Relief method for sales without their own ``lot_method`` (and without a ``lot``
        label, which always means specific identification); ``None`` keeps each account's.
    identical_groups
        Groups of symbols to treat as substantially identical for wash sales.

    Returns
    -------
    TaxResult
        Exact (unrounded) dollars and shares.

    Raises
    ------
    TaxError
        Naming the transaction: an unknown account, a sale of more shares than are held, an
        unknown or exhausted lot label, specific identification without a label.
    """
    groups = identical_symbol_groups(identical_groups)
    with _collector_paused():
        return _Replay(accounts, method_override, groups).run(transactions)
