"""Property tests of the tax engine over random households (Hypothesis).

A household has self, spouse and joint taxable accounts (each with a random relief method), a
traditional IRA and a Roth IRA, one to three symbols (two of them possibly declared
substantially identical), and a random, always feasible history of purchases, dividend
reinvestments, sales (with random per-sale methods and fees) and transfers between the taxable
accounts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nestegg.core.ledger import Account, AccountType, Action, LotMethod, Owner, Transaction
from nestegg.core.tax import TaxResult, realize

ZERO = Decimal(0)
TOLERANCE = Decimal("0.000001")
RELIEF = [LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO, LotMethod.MINTAX, LotMethod.AVERAGE]
TAXABLE = ["joint", "me", "wife"]
SHELTERED = ["ira", "roth"]


@dataclass(frozen=True)
class Household:
    transactions: list[Transaction]
    accounts: dict[str, Account]
    groups: tuple[tuple[str, ...], ...]


@st.composite
def households(draw: st.DrawFn) -> Household:
    methods = [draw(st.sampled_from(RELIEF)) for _ in TAXABLE]
    accounts = {
        "joint": Account("joint", AccountType.TAXABLE, Owner.JOINT, lot_method=methods[0]),
        "me": Account("me", AccountType.TAXABLE, Owner.SELF, lot_method=methods[1]),
        "wife": Account("wife", AccountType.TAXABLE, Owner.SPOUSE, lot_method=methods[2]),
        "ira": Account("ira", AccountType.TRADITIONAL_IRA, Owner.SELF),
        "roth": Account("roth", AccountType.ROTH_IRA, Owner.SPOUSE),
    }
    symbols = draw(st.sampled_from([["AAA"], ["AAA", "BBB"], ["AAA", "BBB", "CCC"]]))
    groups: tuple[tuple[str, ...], ...] = ()
    if len(symbols) > 1 and draw(st.booleans()):
        groups = (("AAA", "BBB"),)
    held: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    arriving: list[tuple[tuple[str, str], Decimal]] = []
    day = dt.date(2023, 1, 2)
    transactions: list[Transaction] = []

    def add(**fields: object) -> None:
        transactions.append(Transaction(date=day, seq=len(transactions) + 1, **fields))  # type: ignore[arg-type]

    for _ in range(draw(st.integers(1, 45))):
        step = draw(st.integers(0, 25))
        if step:
            day += dt.timedelta(days=step)
            for key, quantity in arriving:  # transfers in are booked at the end of their day
                held[key] += quantity
            arriving.clear()
        account = draw(st.sampled_from(TAXABLE + SHELTERED))
        symbol = draw(st.sampled_from(symbols))
        price = Decimal(draw(st.integers(400, 1600))) / 10
        fees = draw(st.sampled_from([ZERO, ZERO, Decimal("4.95")]))
        key = (account, symbol)
        kind = draw(st.sampled_from(["buy", "buy", "reinvest", "sell", "sell", "transfer"]))
        if kind in ("sell", "transfer") and held[key] > ZERO:
            quantity = min(held[key], Decimal(draw(st.integers(1, 200))) / 4)
            held[key] -= quantity
            if kind == "transfer" and account in TAXABLE:
                target = draw(st.sampled_from([a for a in TAXABLE if a != account]))
                add(account=account, action=Action.TRANSFER_OUT, symbol=symbol, quantity=quantity)
                add(account=target, action=Action.TRANSFER_IN, symbol=symbol, quantity=quantity)
                arriving.append(((target, symbol), quantity))
                continue
            method = draw(st.sampled_from([None, None, *RELIEF]))
            add(
                account=account,
                action=Action.SELL,
                symbol=symbol,
                quantity=quantity,
                price=price,
                fees=fees,
                lot_method=method,
            )
        else:
            quantity = Decimal(draw(st.integers(1, 200))) / 4
            held[key] += quantity
            action = Action.REINVEST if kind == "reinvest" else Action.BUY
            add(
                account=account,
                action=action,
                symbol=symbol,
                quantity=quantity,
                price=price,
                fees=fees if action is Action.BUY else ZERO,
            )
    return Household(transactions, accounts, groups)


def run(household: Household) -> TaxResult:
    return realize(household.transactions, household.accounts, identical_groups=household.groups)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(households())
def test_quantity_is_conserved(household: Household) -> None:
    result = run(household)
    bought = sum(
        (
            tx.quantity or ZERO
            for tx in household.transactions
            if tx.action in (Action.BUY, Action.REINVEST)
        ),
        ZERO,
    )
    sold = sum((row.quantity for row in result.realized + result.sheltered), ZERO)
    held = sum((lot.quantity for lot in result.lots), ZERO)
    assert bought == sold + held
    assert not result.transferred_out


@SETTINGS
@given(households())
def test_basis_is_conserved(household: Household) -> None:
    """basis bought = basis sold + open basis - wash adjustments added + permanently lost."""
    result = run(household)
    rows = result.realized + result.sheltered
    bought = sum(
        (
            tx.gross + tx.fees
            for tx in household.transactions
            if tx.action in (Action.BUY, Action.REINVEST)
        ),
        ZERO,
    )
    sold = sum((row.cost_basis for row in rows), ZERO)
    held = sum((lot.cost_basis for lot in result.lots), ZERO)
    disallowed = sum((row.wash_sale_disallowed for row in rows), ZERO)
    permanent = sum((row.permanently_disallowed for row in rows), ZERO)
    assert bought == sold + held - disallowed + permanent  # exactly: pieces are exact
    adjustments = sum((lot.wash_adjustment for lot in result.lots), ZERO)
    assert adjustments >= ZERO
    assert all(lot.account in TAXABLE for lot in result.lots if lot.wash_adjusted)


@SETTINGS
@given(households())
def test_no_wash_sale_without_a_loss(household: Household) -> None:
    result = run(household)
    assert all(row.wash_sale_disallowed == ZERO for row in result.sheltered)
    washed_by_row: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for event in result.wash_sales:
        assert event.disallowed > ZERO
        washed_by_row[event.loss_row_id] += event.disallowed
    for row in result.realized:
        assert ZERO <= row.permanently_disallowed <= row.wash_sale_disallowed
        if row.wash_sale_disallowed > ZERO:
            # the loss at the sale, before any later adjustment, bounds what was disallowed
            assert row.proceeds < row.cost_basis
            assert row.wash_sale_disallowed <= row.cost_basis - row.proceeds + TOLERANCE
        assert row.acquired_date <= row.sale_date
    pieces: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in result.realized:
        pieces[row.row_id] += row.wash_sale_disallowed
    for row_id, amount in washed_by_row.items():
        assert abs(pieces[row_id] - amount) < TOLERANCE


@SETTINGS
@given(households(), st.randoms(use_true_random=False))
def test_listing_order_of_accounts_does_not_matter(
    household: Household, rng: random.Random
) -> None:
    """Interleave the accounts' transactions differently (each account keeps its own order)."""
    by_account: dict[str, list[Transaction]] = defaultdict(list)
    for tx in household.transactions:
        by_account[tx.account].append(tx)
    queues = {name: list(reversed(txs)) for name, txs in by_account.items()}
    shuffled: list[Transaction] = []
    while queues:
        name = rng.choice(sorted(queues))
        shuffled.append(replace(queues[name].pop(), seq=len(shuffled) + 1))
        if not queues[name]:
            del queues[name]
    rng.shuffle(shuffled)  # the list order itself carries no meaning either
    assert run(household) == run(replace(household, transactions=shuffled))


@SETTINGS
@given(households())
def test_replay_is_deterministic(household: Household) -> None:
    first, second = run(household), run(household)
    assert first == second
    assert (
        first.realized
        == run(replace(household, transactions=household.transactions[::-1])).realized
    )
