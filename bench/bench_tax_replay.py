"""Benchmark: replay 100,000 generated transactions with wash-sale detection.

Run from the repository root::

    .venv/bin/python bench/bench_tax_replay.py [--transactions N] [--runs K]
        [--sell-share P]

Generates a deterministic household (five accounts: self, spouse and joint taxable accounts,
a traditional IRA and a Roth IRA; 40 symbols, two declared share-class groups; ten years of
daily trading with buys, dividend reinvestments and sales on a random walk of prices, so there
are many losses and many wash sales), then times ``nestegg.core.tax.realize`` over it and prints
the median of the runs (wall clock, and the process's CPU time, which is less disturbed when
other jobs share the machine). The target is under 2 s. The default mix is a stress test: 40% of
the transactions on held positions are sales, giving about 114,000 (sale, lot) rows and 50,000
wash-sale matches; ``--sell-share 0.2`` is closer to a saving household.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend" / "src"))

from nestegg.core.ledger import Account, AccountType, Action, Owner, Transaction
from nestegg.core.tax import realize

ACCOUNTS = {
    "joint": Account("joint", AccountType.TAXABLE, Owner.JOINT),
    "self": Account("self", AccountType.TAXABLE, Owner.SELF),
    "spouse": Account("spouse", AccountType.TAXABLE, Owner.SPOUSE),
    "ira": Account("ira", AccountType.TRADITIONAL_IRA, Owner.SELF),
    "roth": Account("roth", AccountType.ROTH_IRA, Owner.SPOUSE),
}
SYMBOLS = [f"S{i:02d}" for i in range(40)]
GROUPS = [("S00", "S01"), ("S02", "S03", "S04")]


def generate(count: int, seed: int = 20240101, sell_share: float = 0.4) -> list[Transaction]:
    rng = random.Random(seed)
    prices = dict.fromkeys(SYMBOLS, 100.0)
    held: dict[tuple[str, str], Decimal] = {}
    names = list(ACCOUNTS)
    out: list[Transaction] = []
    day = dt.date(2015, 1, 2)
    per_day = 40
    while len(out) < count:
        for symbol in SYMBOLS:
            prices[symbol] *= 1 + rng.gauss(0.0003, 0.02)
        for _ in range(per_day):
            if len(out) >= count:
                break
            account = rng.choice(names)
            symbol = rng.choice(SYMBOLS)
            price = Decimal(f"{prices[symbol]:.2f}")
            key = (account, symbol)
            position = held.get(key, Decimal(0))
            roll = rng.random()
            if position > 0 and roll < sell_share:
                quantity = min(position, Decimal(rng.randint(1, 60)))
                action = Action.SELL
                held[key] = position - quantity
            else:
                action = Action.REINVEST if roll > 0.85 else Action.BUY
                quantity = Decimal(f"{rng.uniform(0.5, 50):.3f}")
                held[key] = position + quantity
            fees = Decimal("4.95") if rng.random() < 0.1 else Decimal(0)
            out.append(
                Transaction(
                    date=day,
                    account=account,
                    action=action,
                    symbol=symbol,
                    quantity=quantity,
                    price=price,
                    fees=fees,
                    seq=len(out),
                    ref=f"tx {len(out)}",
                )
            )
        day += dt.timedelta(days=1 if day.weekday() < 4 else 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--sell-share",
        type=float,
        default=0.4,
        help="chance that a transaction on a held position is a sale (0.4: a stress mix)",
    )
    args = parser.parse_args()
    transactions = generate(args.transactions, sell_share=args.sell_share)
    timings = []
    cpu = []
    result = None
    for _ in range(args.runs):
        result = None  # free the previous run's result outside the timed section
        start, start_cpu = time.perf_counter(), time.process_time()
        result = realize(transactions, ACCOUNTS, identical_groups=GROUPS)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert result is not None
    print(
        f"replayed {len(transactions):,} transactions: {len(result.realized):,} realized rows, "
        f"{len(result.wash_sales):,} wash-sale matches, {len(result.lots):,} open lots"
    )
    print(f"runs: {', '.join(f'{t:.3f}' for t in timings)} s")
    print(
        f"median: {statistics.median(timings):.3f} s wall, "
        f"{statistics.median(cpu):.3f} s CPU (target < 2 s)"
    )


if __name__ == "__main__":
    main()
