import datetime as dt
from decimal import Decimal

from nestegg.core.ledger import Account, AccountType, Action, Transaction, book
from nestegg.core.market.bars import ActionKind, CorporateAction
from nestegg.core.market.ledger_events import EventStatus, propose_events

D = dt.date
Q = Decimal
ACCOUNTS = {"Brokerage": Account("Brokerage", AccountType.TAXABLE)}
SPLIT = CorporateAction("NVDA", D(2024, 6, 10), ActionKind.SPLIT, Q(10))


def buy(day: dt.date, qty: str, price: str, symbol: str = "NVDA") -> Transaction:
    return Transaction(day, "Brokerage", Action.BUY, symbol, Q(qty), Q(price))


def test_split_is_proposed_automatically_and_books_into_the_lots() -> None:
    txs = [buy(D(2024, 1, 8), "4", "522.53"), buy(D(2024, 6, 3), "10", "1150.00")]
    (event,) = propose_events(txs, [SPLIT], as_of=D(2024, 12, 31))
    assert event.status is EventStatus.AUTO
    assert event.transaction.action is Action.SPLIT and event.transaction.quantity == 10
    assert event.key == "market:split:NVDA:2024-06-10:Brokerage"
    (position,) = book([*txs, event.transaction], ACCOUNTS).positions
    assert position.quantity == 140
    assert position.cost_basis == Q("13590.12")
    assert [lot.quantity for lot in position.lots] == [40, 100]
    assert position.lots[1].cost_per_share == Q(115)


def test_recorded_split_is_not_proposed_again() -> None:
    txs = [buy(D(2024, 6, 3), "10", "1150")]
    txs.append(Transaction(D(2024, 6, 11), "Brokerage", Action.SPLIT, "NVDA", Q(10)))
    assert propose_events(txs, [SPLIT], as_of=D(2024, 12, 31)) == []


def test_conflicting_split_needs_confirmation() -> None:
    txs = [buy(D(2024, 6, 3), "10", "1150")]
    txs.append(Transaction(D(2024, 6, 10), "Brokerage", Action.SPLIT, "NVDA", Q(2)))
    (event,) = propose_events(txs, [SPLIT], as_of=D(2024, 12, 31))
    assert event.status is EventStatus.CONFIRM
    assert "2-for-1" in event.reason


def test_trades_at_pre_split_prices_need_confirmation() -> None:
    txs = [buy(D(2024, 6, 3), "10", "1150"), buy(D(2024, 6, 12), "1", "1250")]
    closes = {("NVDA", D(2024, 6, 12)): Q("125.20")}
    (event,) = propose_events(txs, [SPLIT], closes, as_of=D(2024, 12, 31))
    assert event.status is EventStatus.CONFIRM
    txs[1] = buy(D(2024, 6, 12), "1", "125.10")
    (event,) = propose_events(txs, [SPLIT], closes, as_of=D(2024, 12, 31))
    assert event.status is EventStatus.AUTO


def test_no_holding_no_proposal_and_future_actions_ignored() -> None:
    txs = [buy(D(2024, 6, 11), "10", "120")]
    assert propose_events(txs, [SPLIT], as_of=D(2024, 12, 31)) == []
    txs = [buy(D(2024, 6, 3), "10", "1150")]
    assert propose_events(txs, [SPLIT], as_of=D(2024, 6, 9)) == []


def test_missing_dividend_is_proposed_in_as_traded_shares() -> None:
    # 0.004 per split-adjusted share before a later 10:1 split is 0.04 per share as traded;
    # that holds whatever as_of is, since the stored dividend is adjusted for every known split.
    dividend = CorporateAction("NVDA", D(2024, 3, 5), ActionKind.DIVIDEND, Q("0.004"))
    txs = [buy(D(2024, 1, 8), "100", "500")]
    (event,) = propose_events(txs, [dividend, SPLIT], as_of=D(2024, 5, 1))
    assert event.transaction.action is Action.DIVIDEND
    assert event.transaction.amount == Q("4.00")
    assert event.status is EventStatus.CONFIRM
    events = propose_events(txs, [dividend, SPLIT], as_of=D(2024, 12, 31))
    assert [e.transaction.action for e in events] == [Action.DIVIDEND, Action.SPLIT]
    assert events[0].transaction.amount == Q("4.00")


def test_dividend_after_an_unrecorded_split_counts_post_split_shares() -> None:
    later = CorporateAction("NVDA", D(2024, 9, 12), ActionKind.DIVIDEND, Q("0.01"))
    txs = [buy(D(2024, 6, 3), "10", "1150")]
    events = propose_events(txs, [SPLIT, later], as_of=D(2024, 12, 31))
    assert [e.transaction.action for e in events] == [Action.SPLIT, Action.DIVIDEND]
    assert events[1].transaction.amount == Q("1.00")


def test_recorded_dividend_is_not_proposed() -> None:
    dividend = CorporateAction("KO", D(2024, 3, 14), ActionKind.DIVIDEND, Q("0.485"))
    txs = [buy(D(2024, 1, 8), "100", "60", "KO")]
    txs.append(Transaction(D(2024, 4, 1), "Brokerage", Action.DIVIDEND, "KO", amount=Q("48.50")))
    assert propose_events(txs, [dividend], as_of=D(2024, 12, 31)) == []
