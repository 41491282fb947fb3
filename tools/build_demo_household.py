#!/usr/bin/env python3
"""Build the demo household ledger shipped with Nestegg (``nestegg demo``).

Writes ``backend/src/nestegg/app/ledger/demo/household.csv`` in the canonical transactions
format, deterministically (no randomness: run it twice, get the same bytes), from the real
closes, dividends and splits in ``backend/src/nestegg/app/market/data/prices.csv.gz``.

The household: Alex (self, 44) and Sam (spouse, 41), from 2019-10-01 to 2025-09-29.

- "Alex 401(k)" / "Sam 401(k)" (traditional_401k): semi-monthly payroll deferral plus
  employer match, invested the same day in VTI/VXUS/BND (60/30/10 and 70/20/10), fractional
  shares to 4 decimals; dividends reinvested.
- "Sam Roth IRA" (roth_ira): one contribution a year at the IRS limit, whole shares of
  VTI/VXUS/BNDX (60/30/10); dividends reinvested.
- "Joint Brokerage" (taxable): deposits and lump purchases on several dates (VTI in 2019 and
  2022, ITOT at the March 2020 low, BND and BNDX near their 2020-21 highs, VXUS), two single
  stocks bought before their splits (AAPL 4:1 on 2020-08-31; NVDA 4:1 on 2021-07-20 and 10:1
  on 2024-06-10) and sold in November 2024 to diversify into VTI. VTI and ITOT dividends are
  reinvested, the others are paid in cash.
- "Alex HSA" (hsa): monthly payroll contributions, a $1,000 cash buffer, the rest in
  ITOT/AGG (80/20); one qualified medical withdrawal; dividends reinvested.
- "Emergency Fund" (savings): deposits, one withdrawal, monthly interest.

Prices. Every buy, sell and reinvestment uses the real ``close`` of that symbol on that day,
rounded to the cent (the file's older closes carry float noise such as 152.460007 for a
152.46 close). ``close`` in the file is split-adjusted to the last split in the data (Yahoo
convention), so a trade dated before a split is priced at ``close × product of the split
ratios after the trade date`` — the price the shares actually traded at then — with the
pre-split quantity, and the ``split`` row multiplies the quantity on the ex-date. Check: NVDA
closed at 18.779752 (adjusted) on 2021-07-19, i.e. 18.779752 × 4 × 10 = $751.19 a share before
the 4:1 split, and 18.612002 × 10 = $186.12 on 2021-07-20, the split day. The file's
``dividend`` is likewise per split-adjusted share and is scaled the same way.

Dividends are booked on the ex-date on the shares held at the previous close (the file has no
pay dates; a real DRIP buys a few days later at the pay-date price). A reinvestment buys
``round(cash / close, 4)`` shares at the close; its ``amount`` is that quantity × the price in
cents, so it can differ from dividend × shares by a cent or two (as on broker statements).

Not market data: the salaries, contribution schedules and the savings account's interest rates
(a hand-made schedule resembling online savings accounts' published APYs) are illustrative.

Run: ``.venv/bin/python tools/build_demo_household.py`` from the repository root. It checks
the result with the app's own parser and booking, and prints a summary.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import gzip
import io
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRICES = ROOT / "backend/src/nestegg/app/market/data/prices.csv.gz"
OUT = ROOT / "backend/src/nestegg/app/ledger/demo/household.csv"

START = dt.date(2019, 10, 1)
AS_OF = dt.date(2025, 9, 29)
"""The last date with closes and dividends for VTI, ITOT, VXUS, BND, AGG and BNDX."""

SYMBOLS = ("VTI", "ITOT", "VXUS", "BND", "AGG", "BNDX", "NVDA", "AAPL")
SINGLE_STOCKS_LAST_CLOSE = dt.date(2024, 12, 6)

HEADER = (
    "date",
    "account",
    "account_type",
    "owner",
    "action",
    "symbol",
    "quantity",
    "price",
    "amount",
    "fees",
    "lot",
    "note",
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
SHARE_4 = Decimal("0.0001")

ALEX_401K = "Alex 401(k)"
SAM_401K = "Sam 401(k)"
ROTH = "Sam Roth IRA"
BROKERAGE = "Joint Brokerage"
HSA = "Alex HSA"
SAVINGS = "Emergency Fund"

ACCOUNTS: dict[str, tuple[str, str]] = {
    ALEX_401K: ("traditional_401k", "self"),
    SAM_401K: ("traditional_401k", "spouse"),
    ROTH: ("roth_ira", "spouse"),
    BROKERAGE: ("taxable", "joint"),
    HSA: ("hsa", "self"),
    SAVINGS: ("savings", "joint"),
}


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- market data


@dataclass
class Market:
    close: dict[str, dict[dt.date, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    dividend: dict[str, dict[dt.date, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    splits: dict[str, dict[dt.date, Decimal]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def load(cls, path: Path) -> Market:
        market = cls()
        with gzip.open(path, "rt", newline="") as fh:
            for row in csv.DictReader(fh):
                symbol = row["symbol"]
                if symbol not in SYMBOLS:
                    continue
                day = dt.date.fromisoformat(row["date"])
                if row["split_ratio"] and Decimal(row["split_ratio"]) != 1:
                    market.splits[symbol][day] = Decimal(row["split_ratio"])
                if not row["close"]:
                    continue  # outside the close/div range: unknown, not zero
                market.close[symbol][day] = Decimal(row["close"])
                if row["dividend"] and Decimal(row["dividend"]) != 0:
                    market.dividend[symbol][day] = Decimal(row["dividend"])
        return market

    def factor(self, symbol: str, day: dt.date) -> Decimal:
        """Shares of the file's (split-adjusted) unit per share as traded on ``day``.

        The product of the split ratios of every split after ``day``: on the split's ex-date
        itself the shares already trade split, so that split does not count.
        """
        result = Decimal(1)
        for split_day, ratio in self.splits[symbol].items():
            if split_day > day:
                result *= ratio
        return result

    def price(self, symbol: str, day: dt.date) -> Decimal:
        """The price a share traded at on ``day`` (the close, unadjusted, in cents)."""
        close = self.close[symbol].get(day)
        if close is None:
            raise KeyError(f"no close for {symbol} on {day}")
        return cents(close * self.factor(symbol, day))

    def dividend_per_share(self, symbol: str, day: dt.date) -> Decimal:
        per_adjusted_share = self.dividend[symbol].get(day, ZERO)
        return per_adjusted_share * self.factor(symbol, day)

    def trading_days(self) -> list[dt.date]:
        return sorted(d for d in self.close["VTI"] if START <= d <= AS_OF)


# --------------------------------------------------------------------------- the ledger


@dataclass
class Ledger:
    market: Market
    rows: list[dict[str, str]] = field(default_factory=list)
    held: dict[tuple[str, str], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    cash: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def _row(self, day: dt.date, account: str, action: str, **values: str) -> None:
        account_type, owner = ACCOUNTS[account]
        row = dict.fromkeys(HEADER, "")
        row.update(
            date=day.isoformat(),
            account=account,
            account_type=account_type,
            owner=owner,
            action=action,
        )
        row.update(values)
        self.rows.append(row)

    # cash actions -------------------------------------------------------------------
    def cash_in(
        self, day: dt.date, account: str, action: str, amount: Decimal, note: str = ""
    ) -> None:
        amount = cents(amount)
        assert amount > 0, (day, account, action)
        self.cash[account] += amount
        self._row(day, account, action, amount=f"{amount:.2f}", note=note)

    def cash_out(
        self, day: dt.date, account: str, action: str, amount: Decimal, note: str = ""
    ) -> None:
        amount = cents(amount)
        assert 0 < amount <= self.cash[account], (day, account, action, amount)
        self.cash[account] -= amount
        self._row(day, account, action, amount=f"{amount:.2f}", note=note)

    def dividend(self, day: dt.date, account: str, symbol: str, amount: Decimal, note: str) -> None:
        amount = cents(amount)
        if amount <= 0:
            return
        self.cash[account] += amount
        self._row(day, account, "dividend", symbol=symbol, amount=f"{amount:.2f}", note=note)

    # trades -------------------------------------------------------------------------
    def _trade(
        self,
        day: dt.date,
        account: str,
        action: str,
        symbol: str,
        quantity: Decimal,
        *,
        fees: Decimal = ZERO,
        lot: str = "",
        note: str = "",
    ) -> Decimal:
        assert quantity > 0, (day, account, symbol)
        price = self.market.price(symbol, day)
        amount = cents(quantity * price)
        self._row(
            day,
            account,
            action,
            symbol=symbol,
            quantity=_plain(quantity),
            price=f"{price:.2f}",
            amount=f"{amount:.2f}",
            fees=f"{fees:.2f}" if fees else "",
            lot=lot,
            note=note,
        )
        return amount

    def buy(
        self,
        day: dt.date,
        account: str,
        symbol: str,
        quantity: Decimal,
        *,
        fees: Decimal = ZERO,
        lot: str = "",
        note: str = "",
    ) -> None:
        amount = self._trade(day, account, "buy", symbol, quantity, fees=fees, lot=lot, note=note)
        assert amount + fees <= self.cash[account], (day, account, symbol, amount, self.cash)
        self.cash[account] -= amount + fees
        self.held[(account, symbol)] += quantity

    def sell(
        self, day: dt.date, account: str, symbol: str, quantity: Decimal, note: str = ""
    ) -> None:
        assert quantity <= self.held[(account, symbol)], (day, account, symbol)
        amount = self._trade(day, account, "sell", symbol, quantity, note=note)
        self.cash[account] += amount
        self.held[(account, symbol)] -= quantity

    def reinvest(self, day: dt.date, account: str, symbol: str, cash: Decimal, note: str) -> None:
        quantity = (cash / self.market.price(symbol, day)).quantize(SHARE_4, ROUND_HALF_UP)
        if quantity <= 0:
            return
        self._trade(day, account, "reinvest", symbol, quantity, note=note)
        self.held[(account, symbol)] += quantity

    def split(self, day: dt.date, account: str, symbol: str, ratio: Decimal) -> None:
        self._row(
            day,
            account,
            "split",
            symbol=symbol,
            quantity=_plain(ratio),
            note=f"{_plain(ratio)}-for-1 stock split",
        )
        self.held[(account, symbol)] *= ratio

    def invest(
        self,
        day: dt.date,
        account: str,
        weights: dict[str, Decimal],
        budget: Decimal,
        *,
        whole_shares: bool,
        note: str = "",
    ) -> None:
        """Buy ``weights`` with ``budget`` of cash (fractional shares floored to 4 decimals)."""
        for symbol, weight in weights.items():
            price = self.market.price(symbol, day)
            step = Decimal(1) if whole_shares else SHARE_4
            quantity = (budget * weight / price).quantize(step, rounding=ROUND_DOWN)
            if quantity > 0:
                self.buy(day, account, symbol, quantity, note=note)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# --------------------------------------------------------------------------- the plans


def last_trading_on_or_before(days: list[dt.date], day: dt.date) -> dt.date:
    return max(d for d in days if d <= day)


def first_trading_on_or_after(days: list[dt.date], day: dt.date) -> dt.date:
    return min(d for d in days if d >= day)


def paydays(days: list[dt.date]) -> list[dt.date]:
    """The 15th and the last day of every month, moved back to the previous trading day."""
    result: list[dt.date] = []
    year, month = START.year, START.month
    while (year, month) <= (AS_OF.year, AS_OF.month):
        last = calendar.monthrange(year, month)[1]
        for dom in (15, last):
            nominal = dt.date(year, month, dom)
            if START <= nominal <= AS_OF:
                result.append(last_trading_on_or_before(days, nominal))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


@dataclass(frozen=True)
class Payroll:
    """Salary in 2019 (a raise each January), deferral and employer match as salary fractions."""

    salary: Decimal
    raise_rate: Decimal
    deferral: Decimal
    match: Decimal
    match_note: str
    weights: dict[str, Decimal]


# Alex defers 5% although the plan matches half of the first 6%: a missed match to point out.
PAYROLL = {
    ALEX_401K: Payroll(
        salary=Decimal(72000),
        raise_rate=Decimal("0.03"),
        deferral=Decimal("0.05"),
        match=Decimal("0.025"),
        match_note="employer match (50% of the first 6%)",
        weights={"VTI": Decimal("0.60"), "VXUS": Decimal("0.30"), "BND": Decimal("0.10")},
    ),
    SAM_401K: Payroll(
        salary=Decimal(61000),
        raise_rate=Decimal("0.035"),
        deferral=Decimal("0.04"),
        match=Decimal("0.04"),
        match_note="employer match (100% of the first 4%)",
        weights={"VTI": Decimal("0.70"), "VXUS": Decimal("0.20"), "BND": Decimal("0.10")},
    ),
}

# Roth IRA: one contribution a year at the IRS limit for that tax year.
ROTH_CONTRIBUTIONS = {
    dt.date(2021, 1, 15): (Decimal(6000), "2021 Roth IRA contribution"),
    dt.date(2022, 1, 18): (Decimal(6000), "2022 Roth IRA contribution"),
    dt.date(2023, 1, 17): (Decimal(6500), "2023 Roth IRA contribution"),
    dt.date(2024, 1, 16): (Decimal(7000), "2024 Roth IRA contribution"),
    dt.date(2025, 1, 15): (Decimal(7000), "2025 Roth IRA contribution"),
}
ROTH_WEIGHTS = {"VTI": Decimal("0.60"), "VXUS": Decimal("0.30"), "BNDX": Decimal("0.10")}

HSA_MONTHLY = {2019: Decimal(200), 2020: Decimal(200), 2021: Decimal(225), 2022: Decimal(225)}
HSA_MONTHLY_LATER = Decimal(275)
HSA_BUFFER = Decimal(1000)
HSA_WEIGHTS = {"ITOT": Decimal("0.80"), "AGG": Decimal("0.20")}
HSA_WITHDRAWALS = {dt.date(2023, 3, 14): (Decimal("640.00"), "qualified medical expense (dental)")}

# Emergency fund: an opening deposit, monthly savings, one withdrawal; interest at the end of
# each month at an illustrative APY (online savings accounts' published rates, roughly).
SAVINGS_APY = [
    (dt.date(2019, 10, 1), Decimal("0.0190")),
    (dt.date(2020, 3, 1), Decimal("0.0160")),
    (dt.date(2020, 5, 1), Decimal("0.0125")),
    (dt.date(2020, 8, 1), Decimal("0.0090")),
    (dt.date(2021, 1, 1), Decimal("0.0050")),
    (dt.date(2022, 5, 1), Decimal("0.0075")),
    (dt.date(2022, 7, 1), Decimal("0.0150")),
    (dt.date(2022, 10, 1), Decimal("0.0250")),
    (dt.date(2023, 1, 1), Decimal("0.0330")),
    (dt.date(2023, 5, 1), Decimal("0.0375")),
    (dt.date(2023, 8, 1), Decimal("0.0425")),
    (dt.date(2024, 10, 1), Decimal("0.0400")),
    (dt.date(2025, 1, 1), Decimal("0.0375")),
    (dt.date(2025, 5, 1), Decimal("0.0350")),
]


def apy_on(day: dt.date) -> Decimal:
    return [rate for start, rate in SAVINGS_APY if start <= day][-1]


# Which dividends the taxable account reinvests; the others are paid in cash.
TAXABLE_REINVESTS = frozenset({"VTI", "ITOT"})


TAXABLE_DATES = (
    dt.date(2019, 10, 1),
    dt.date(2020, 3, 23),
    dt.date(2020, 8, 3),
    dt.date(2021, 2, 1),
    dt.date(2021, 6, 14),
    dt.date(2021, 12, 1),
    dt.date(2023, 5, 10),
    dt.date(2024, 11, 18),
    dt.date(2025, 4, 8),
)


def taxable_plan(ledger: Ledger, day: dt.date) -> None:
    """The joint brokerage account's deposits and trades (dates are trading days)."""
    b = BROKERAGE
    if day == dt.date(2019, 10, 1):
        ledger.cash_in(day, b, "deposit", Decimal(10000), "opening deposit")
        # Commissions went to $0 at the big brokers a week later.
        ledger.buy(day, b, "AAPL", Decimal(8), fees=Decimal("4.95"), note="commission $4.95")
        ledger.buy(day, b, "VTI", Decimal(40), lot="VTI-2019-10")
    elif day == dt.date(2020, 3, 23):
        ledger.cash_in(day, b, "deposit", Decimal(4000))
        ledger.buy(day, b, "NVDA", Decimal(2))
        ledger.buy(day, b, "ITOT", Decimal(60), lot="ITOT-2020-03")
    elif day == dt.date(2020, 8, 3):
        ledger.cash_in(day, b, "deposit", Decimal(3000))
        ledger.buy(day, b, "BND", Decimal(33), lot="BND-2020-08")
    elif day == dt.date(2021, 2, 1):
        ledger.cash_in(day, b, "deposit", Decimal(2000))
        ledger.buy(day, b, "BNDX", Decimal(34))
    elif day == dt.date(2021, 6, 14):
        ledger.cash_in(day, b, "deposit", Decimal(4000))
        ledger.buy(day, b, "VXUS", Decimal(59))
    elif day == dt.date(2021, 12, 1):
        ledger.cash_in(day, b, "deposit", Decimal(3000))
        ledger.buy(day, b, "BND", Decimal(35), lot="BND-2021-12")
    elif day == dt.date(2023, 5, 10):
        ledger.cash_in(day, b, "deposit", Decimal(3000))
        ledger.buy(day, b, "VXUS", Decimal(53))
    elif day == dt.date(2024, 11, 18):
        # Diversify: sell both single stocks, put the proceeds and idle cash into VTI.
        for symbol in ("NVDA", "AAPL"):
            quantity = ledger.held[(b, symbol)]
            ledger.sell(day, b, symbol, quantity, note="diversify into VTI")
        ledger.cash_out(day, b, "withdrawal", Decimal(10000), "home renovation")
        budget = ledger.cash[b] - Decimal(250)
        ledger.invest(day, b, {"VTI": Decimal(1)}, budget, whole_shares=True, note="diversify")
    elif day == dt.date(2025, 4, 8):
        ledger.cash_in(day, b, "deposit", Decimal(2500))
        ledger.buy(day, b, "VTI", Decimal(10), note="bought the April 2025 dip")


def build(market: Market) -> Ledger:
    ledger = Ledger(market)
    days = market.trading_days()
    trading = set(days)
    pay = paydays(days)
    pay_set = set(pay)
    first_pay_of_month = {
        min(d for d in pay if (d.year, d.month) == ym) for ym in {(d.year, d.month) for d in pay}
    }
    roth_days = {first_trading_on_or_after(days, d): v for d, v in ROTH_CONTRIBUTIONS.items()}
    for day in (START, *roth_days, *TAXABLE_DATES):
        assert day in trading, day

    day = START
    while day <= AS_OF:
        if day in trading:
            _corporate_actions(ledger, day)
        # Emergency fund ------------------------------------------------------------
        if day == START:
            ledger.cash_in(day, SAVINGS, "deposit", Decimal(12000), "opening deposit")
        elif day in first_pay_of_month and day.year <= 2022:
            ledger.cash_in(day, SAVINGS, "deposit", Decimal(150), "monthly savings")
        elif day in first_pay_of_month:
            ledger.cash_in(day, SAVINGS, "deposit", Decimal(100), "monthly savings")
        if day == dt.date(2022, 8, 22):
            ledger.cash_out(day, SAVINGS, "withdrawal", Decimal("3180.00"), "car repair")
        # 401(k)s -------------------------------------------------------------------
        if day in pay_set:
            for account, plan in PAYROLL.items():
                _payroll(ledger, day, account, plan)
        # HSA ---------------------------------------------------------------------------
        if day in HSA_WITHDRAWALS:
            amount, note = HSA_WITHDRAWALS[day]
            ledger.cash_out(day, HSA, "withdrawal", amount, note)
        if day in first_pay_of_month:
            monthly = HSA_MONTHLY.get(day.year, HSA_MONTHLY_LATER)
            ledger.cash_in(day, HSA, "contribution", monthly, "payroll HSA contribution")
            spare = ledger.cash[HSA] - HSA_BUFFER
            if spare > 0:
                ledger.invest(day, HSA, HSA_WEIGHTS, spare, whole_shares=False)
        # Roth IRA ------------------------------------------------------------------
        if day in roth_days:
            amount, note = roth_days[day]
            ledger.cash_in(day, ROTH, "contribution", amount, note)
            ledger.invest(day, ROTH, ROTH_WEIGHTS, ledger.cash[ROTH], whole_shares=True)
        # Taxable -------------------------------------------------------------------
        if day in trading:
            taxable_plan(ledger, day)
        # Month-end interest on the savings account ----------------------------------
        if (day + dt.timedelta(days=1)).month != day.month:
            rate = apy_on(day)
            interest = cents(ledger.cash[SAVINGS] * rate / 12)
            if interest > 0:
                ledger.cash_in(
                    day, SAVINGS, "interest", interest, f"interest at {rate * 100:.2f}% a year"
                )
        day += dt.timedelta(days=1)
    return ledger


def _payroll(ledger: Ledger, day: dt.date, account: str, plan: Payroll) -> None:
    salary = plan.salary * (1 + plan.raise_rate) ** (day.year - 2019)
    per_check = salary / 24
    deferral = cents(per_check * plan.deferral)
    match = cents(per_check * plan.match)
    note = f"payroll deferral {plan.deferral * 100:.0f}%"
    ledger.cash_in(day, account, "contribution", deferral, note)
    ledger.cash_in(day, account, "contribution", match, plan.match_note)
    ledger.invest(day, account, plan.weights, ledger.cash[account], whole_shares=False)


def _corporate_actions(ledger: Ledger, day: dt.date) -> None:
    market = ledger.market
    # Splits first: they take effect at the open (booking does the same).
    for (account, symbol), quantity in sorted(ledger.held.items()):
        ratio = market.splits[symbol].get(day)
        if ratio is not None and quantity > 0:
            ledger.split(day, account, symbol, ratio)
    # Dividends on the shares held at the previous close (before today's trades).
    for (account, symbol), quantity in sorted(ledger.held.items()):
        per_share = market.dividend_per_share(symbol, day)
        if quantity <= 0 or per_share == 0:
            continue
        cash = cents(per_share * quantity)
        note = f"dividend {_plain(per_share.normalize())}/sh on {_plain(quantity)} sh"
        if account == BROKERAGE and symbol not in TAXABLE_REINVESTS:
            ledger.dividend(day, account, symbol, cash, note)
        else:
            ledger.reinvest(day, account, symbol, cash, note)


# --------------------------------------------------------------------------- output


def render(ledger: Ledger) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    # Chronological; on one date splits first, then account by account (the booking order).
    order = sorted(
        enumerate(ledger.rows),
        key=lambda item: (
            item[1]["date"],
            item[1]["action"] != "split",
            item[1]["account"],
            item[0],
        ),
    )
    for _, row in order:
        writer.writerow(row)
    return out.getvalue()


def summarise(text: str, market: Market) -> None:
    """Check the file with the app's parser and booking, and print what it holds."""
    sys.path.insert(0, str(ROOT / "backend/src"))
    from nestegg.app.ledger.importers.canonical import parse_canonical_csv
    from nestegg.core.ledger import book

    parsed = parse_canonical_csv(text, file=OUT.name)
    result = book(parsed.transactions, parsed.accounts)
    dates = [tx.date for tx in parsed.transactions]
    say(f"rows: {len(parsed.transactions)}  from {min(dates)} to {max(dates)}")
    total = ZERO
    for name in ACCOUNTS:
        value = result.cash.get(name, ZERO)
        holdings = []
        for position in result.positions:
            if position.account != name:
                continue
            close = market.close[position.symbol][AS_OF]
            value += position.quantity * close
            holdings.append(f"{position.symbol} {_plain(position.quantity)}")
        total += value
        cash = result.cash.get(name, ZERO)
        say(f"  {name:16} {cents(value):>12,.2f}   {', '.join(holdings)}; cash {cents(cash):,.2f}")
    say(f"  {'total':16} {cents(total):>12,.2f} at {AS_OF}")
    say("taxable lots:")
    for lot in result.lots():
        if ACCOUNTS[lot.account][0] != "taxable":
            continue
        value = lot.quantity * market.close[lot.symbol][AS_OF]
        gain = value - lot.cost_basis
        term = "long" if (AS_OF - lot.acquired_date).days > 365 else "short"
        tag = "LOSS" if cents(gain) < 0 else "gain"
        say(
            f"  {lot.acquired_date} {lot.symbol:5} {_plain(lot.quantity):>10} sh "
            f"basis {cents(lot.cost_basis):>10,.2f} value {cents(value):>10,.2f} "
            f"{tag} {cents(gain):>10,.2f} ({term}-term) {lot.label or ''}"
        )
    for disposal in result.disposals:
        say(
            f"  sold {disposal.date} {disposal.symbol} {_plain(disposal.quantity)} sh: "
            f"gain {cents(disposal.gain):,.2f} (bought {disposal.acquired_date})"
        )


def main() -> None:
    market = Market.load(PRICES)
    ledger = build(market)
    for (account, symbol), quantity in ledger.held.items():
        if quantity > 0:
            assert AS_OF in market.close[symbol], f"{account} still holds {symbol}"
    text = render(ledger)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    say(f"wrote {OUT.relative_to(ROOT)}")
    summarise(text, market)


if __name__ == "__main__":
    main()
