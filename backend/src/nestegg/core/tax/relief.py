"""Lot relief methods: which lots a sale closes.

- ``fifo`` (the default; Treas. Reg. 1.1012-1(c)(1): without adequate identification the
  shares sold are the ones bought first), ``lifo`` and ``hifo`` (highest cost per share first,
  on the basis as adjusted by earlier wash sales) are standing orders for specific
  identification (Treas. Reg. 1.1012-1(c)(2)-(3)).
- ``specific``: the sale names its lot by the ``lot`` label of the purchase; an unknown label or
  a lot without enough shares left is an error.
- ``mintax``: Vanguard's MinTax order: short-term losses largest first, then long-term losses
  largest first, short-term lots at zero gain, long-term at zero, long-term gains smallest
  first, short-term gains smallest first. Gains are measured per share on the sale's net
  proceeds per share against each lot's adjusted basis per share, terms at the sale date.
- ``average``: single-category average cost for mutual-fund shares (Treas. Reg.
  1.1012-1(e)): basis per share is the position's total basis over its total shares at each
  sale; for the holding period the shares sold are the earliest acquired (1.1012-1(e)(7)(ii)),
  so one sale can yield short- and long-term rows. The basis left is re-spread over the
  remaining shares at the same average.

Ties are broken by acquisition order, so relief is deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol, TypeVar

from nestegg.core.ledger.model import LotMethod, Transaction
from nestegg.core.money import ZERO
from nestegg.core.tax.holding import holding_term
from nestegg.core.tax.model import TaxError, Term


class ReliefLot(Protocol):
    """What relief needs to know about an open lot."""

    @property
    def quantity(self) -> Decimal: ...
    @property
    def cost_basis(self) -> Decimal: ...
    @property
    def acquired_date(self) -> dt.date: ...
    @property
    def purchase_date(self) -> dt.date: ...
    @property
    def label(self) -> str | None: ...
    @property
    def order(self) -> int: ...


def method_for(tx: Transaction, default: LotMethod, override: LotMethod | None = None) -> LotMethod:
    """The relief method of one sale.

    A ``lot`` label on the sale means specific identification; else the sale's own
    ``lot_method``; else ``override`` (a run-wide choice such as the CLI's ``--method``); else
    the account's ``default``.
    """
    if tx.lot:
        return LotMethod.SPECIFIC
    return tx.lot_method or override or default


def _mintax_key(lot: ReliefLot, tx: Transaction, net_per_share: Decimal) -> tuple[object, ...]:
    per_share = lot.cost_basis / lot.quantity
    gain = net_per_share - per_share
    term = holding_term(lot.acquired_date, tx.date)
    if gain < ZERO:
        category = 0 if term is Term.SHORT else 1
        return (category, gain, lot.order)
    if gain == ZERO:
        return (2 if term is Term.SHORT else 3, ZERO, lot.order)
    return (4 if term is Term.LONG else 5, gain, lot.order)


_Lot = TypeVar("_Lot", bound=ReliefLot)


def order_lots(
    lots: Sequence[_Lot], tx: Transaction, method: LotMethod, net_proceeds: Decimal
) -> list[_Lot]:
    """The open lots in the order ``method`` relieves them (``specific`` filters by label)."""
    if method is LotMethod.SPECIFIC:
        if not tx.lot:
            raise TaxError(
                "specific identification needs the lot label of the shares sold",
                ref=tx.describe(),
            )
        return sorted(
            (lot for lot in lots if lot.label == tx.lot),
            key=lambda lot: (lot.purchase_date, lot.order),
        )
    if method is LotMethod.LIFO:
        return sorted(lots, key=lambda lot: (lot.purchase_date, lot.order), reverse=True)
    if method is LotMethod.HIFO:
        return sorted(lots, key=lambda lot: (-(lot.cost_basis / lot.quantity), lot.order))
    if method is LotMethod.MINTAX:
        quantity = tx.quantity or ZERO
        per_share = net_proceeds / quantity if quantity else ZERO
        return sorted(lots, key=lambda lot: _mintax_key(lot, tx, per_share))
    # fifo, and average (whose shares sold are the earliest acquired)
    return sorted(lots, key=lambda lot: (lot.purchase_date, lot.order))
