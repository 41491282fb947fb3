"""Ledger events implied by corporate actions: splits to record, dividends that look missing.

The market data know when a security split or paid a dividend; the ledger knows what the
household held. Combining them:

- **Splits.** Every account that held the symbol at the ex-date needs a ``split`` transaction
  (quantity = ratio) so that booking multiplies its lots' quantities while keeping their
  basis. It is proposed for automatic recording unless the user's own records disagree: a
  split of another ratio recorded near the ex-date, or trades soon after the ex-date whose
  prices sit at the pre-split level (the user's broker statement may already be in old
  shares). Those need a person's confirmation. A split already recorded with the same ratio
  within :data:`SPLIT_MATCH_DAYS` of the ex-date counts as recorded.
- **Dividends.** An account that held shares at the end of the day before an ex-date and has
  no ``dividend`` or ``reinvest`` of the symbol from :data:`DIVIDEND_EARLY_DAYS` before to
  :data:`DIVIDEND_LATE_DAYS` after it is proposed the cash ``shares × dividend per share`` (as
  traded: the split-adjusted dividend times the later splits). Dividends always need
  confirmation: withholding, reinvestment and payable dates vary by broker.

Quantities are replayed from the transactions alone (buys, reinvestments and transfers in
add, sales and transfers out remove, splits multiply), which matches :func:`booking.book`'s
totals without choosing lots. A split proposed for automatic recording counts as recorded for
the dividends after it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from nestegg.core.ledger.booking import booking_order
from nestegg.core.ledger.model import Action, Transaction
from nestegg.core.market.bars import ActionKind, CorporateAction, splits_after
from nestegg.core.money import ZERO, format_decimal, to_cents

SPLIT_MATCH_DAYS = 10
DIVIDEND_EARLY_DAYS = 5
DIVIDEND_LATE_DAYS = 60
POST_SPLIT_TRADE_DAYS = 30


class EventStatus(StrEnum):
    AUTO = "auto"
    """Consistent with the user's records: may be recorded without asking."""
    CONFIRM = "confirm"
    """Needs a person's decision (see ``reason``)."""


@dataclass(frozen=True, slots=True)
class ProposedEvent:
    """A transaction the market data suggest, with why and whether to ask first."""

    transaction: Transaction
    status: EventStatus
    reason: str

    @property
    def key(self) -> str:
        """A stable identity (usable as the transaction's ``source_id``) so that a proposal
        recorded or dismissed once is recognised when it is proposed again."""
        tx = self.transaction
        return f"market:{tx.action.value}:{tx.symbol}:{tx.date.isoformat()}:{tx.account}"


_QUANTITY_SIGN = {
    Action.BUY: 1,
    Action.REINVEST: 1,
    Action.TRANSFER_IN: 1,
    Action.SELL: -1,
    Action.TRANSFER_OUT: -1,
}


def _apply(held: Decimal, tx: Transaction) -> Decimal:
    """Shares after ``tx`` (booking order), given ``held`` before it."""
    if tx.quantity is None:
        return held
    if tx.action is Action.SPLIT:
        return held * tx.quantity
    sign = _QUANTITY_SIGN.get(tx.action)
    return held + sign * tx.quantity if sign else held


def propose_events(
    transactions: Iterable[Transaction],
    actions: Iterable[CorporateAction],
    closes: dict[tuple[str, dt.date], Decimal] | None = None,
    *,
    as_of: dt.date,
) -> list[ProposedEvent]:
    """Split and dividend transactions the ledger lacks, given the corporate actions.

    Parameters
    ----------
    transactions
        The household's ledger.
    actions
        Corporate actions of the held symbols (split-adjusted dividends, as stored).
    closes
        Optional split-adjusted closes by ``(symbol, date)``, used to tell whether trades
        after a split were recorded at pre-split prices.
    as_of
        Actions after this date are ignored.

    Each (account, symbol) is walked once in booking order with its actions in date order
    (the shares held before an ex-date accumulate as the walk goes), so the cost grows with
    transactions plus actions, not their product. Proposals come out ordered by action
    (date, kind, symbol), then account.
    """
    all_actions = sorted(actions, key=lambda a: (a.date, a.kind.value, a.symbol))
    by_symbol: dict[str, list[CorporateAction]] = defaultdict(list)
    splits: dict[str, list[CorporateAction]] = defaultdict(list)
    for action in all_actions:
        if action.date <= as_of:
            by_symbol[action.symbol].append(action)
        if action.kind is ActionKind.SPLIT:
            splits[action.symbol].append(action)
    by_pair: dict[tuple[str, str], list[Transaction]] = defaultdict(list)
    for tx in booking_order(transactions):
        if tx.symbol and tx.symbol in by_symbol:
            by_pair[(tx.account, tx.symbol)].append(tx)
    found: list[tuple[tuple[dt.date, str, str, str], ProposedEvent]] = []
    for (account, symbol), txs in by_pair.items():
        income = sorted(tx.date for tx in txs if tx.action in (Action.DIVIDEND, Action.REINVEST))
        held = ZERO
        done = 0  # txs[:done] are in ``held``
        for action in by_symbol[symbol]:
            while done < len(txs) and txs[done].date < action.date:
                held = _apply(held, txs[done])
                done += 1
            if held <= ZERO:
                continue
            if action.kind is ActionKind.SPLIT:
                proposal = _split_event(action, account, txs, held, closes or {})
                if proposal is not None and proposal.status is EventStatus.AUTO:
                    # Later dividends are per post-split share: count the split as recorded.
                    # It books first on its date (booking_order), right after txs[:done].
                    txs = [*txs[:done], proposal.transaction, *txs[done:]]
                    held = _apply(held, proposal.transaction)
                    done += 1
            else:
                factor = splits_after(splits[symbol], symbol, action.date)
                proposal = _dividend_event(action, account, income, held, factor)
            if proposal is not None:
                order = (action.date, action.kind.value, action.symbol, account)
                found.append((order, proposal))
    found.sort(key=lambda item: item[0])
    return [proposal for _, proposal in found]


def _split_event(
    action: CorporateAction,
    account: str,
    txs: Sequence[Transaction],
    held: Decimal,
    closes: dict[tuple[str, dt.date], Decimal],
) -> ProposedEvent | None:
    ratio = action.value
    near = [
        tx
        for tx in txs
        if tx.action is Action.SPLIT and abs((tx.date - action.date).days) <= SPLIT_MATCH_DAYS
    ]
    if any(tx.quantity == ratio for tx in near):
        return None
    tx = Transaction(
        date=action.date,
        account=account,
        action=Action.SPLIT,
        symbol=action.symbol,
        quantity=ratio,
        note=f"{format_decimal(ratio)}-for-1 split (market data)",
    )
    shown = format_decimal(ratio)
    if near:
        other = near[0]
        return ProposedEvent(
            tx,
            EventStatus.CONFIRM,
            f"the ledger records a {format_decimal(other.quantity or ZERO)}-for-1 split on "
            f"{other.date.isoformat()}; the market data say {shown}-for-1 on "
            f"{action.date.isoformat()}",
        )
    for trade in txs:
        if trade.action not in (Action.BUY, Action.SELL) or trade.price is None:
            continue
        if not action.date <= trade.date <= action.date + dt.timedelta(POST_SPLIT_TRADE_DAYS):
            continue
        close = closes.get((action.symbol, trade.date))
        if close is None or close <= ZERO:
            continue
        # Nearer to the pre-split price level than to the post-split one (geometric middle).
        if trade.price * trade.price > close * close * ratio:
            return ProposedEvent(
                tx,
                EventStatus.CONFIRM,
                f"the {trade.action.value} on {trade.date.isoformat()} at {trade.price} looks "
                f"priced in pre-split shares (close {close}); confirm the {shown}-for-1 split",
            )
    return ProposedEvent(
        tx,
        EventStatus.AUTO,
        f"{held} shares held at the {shown}-for-1 split on {action.date.isoformat()}",
    )


def _dividend_event(
    action: CorporateAction,
    account: str,
    income: Sequence[dt.date],
    held: Decimal,
    later_splits: Decimal,
) -> ProposedEvent | None:
    """``income``: the sorted dates of the pair's dividends and reinvestments."""
    early = action.date - dt.timedelta(days=DIVIDEND_EARLY_DAYS)
    late = action.date + dt.timedelta(days=DIVIDEND_LATE_DAYS)
    first = bisect_left(income, early)
    if first < len(income) and income[first] <= late:
        return None
    per_share = action.value * later_splits
    amount = to_cents(held * per_share)
    if amount <= ZERO:
        return None
    tx = Transaction(
        date=action.date,
        account=account,
        action=Action.DIVIDEND,
        symbol=action.symbol,
        amount=amount,
        note=f"dividend {format_decimal(per_share)} per share on {held} shares (market data)",
    )
    return ProposedEvent(
        tx,
        EventStatus.CONFIRM,
        f"no dividend of {action.symbol} recorded within {DIVIDEND_LATE_DAYS} days of the "
        f"ex-date {action.date.isoformat()}",
    )
