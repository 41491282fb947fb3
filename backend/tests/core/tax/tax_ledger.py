"""A compact ledger notation for tax scenarios (test helper).

::

    accounts me:taxable wife:taxable:spouse ira:traditional_ira b:taxable:self:hifo
    2024-01-02 me buy XYZ 100 @10 fee=1 lot=A
    2024-03-01 me sell XYZ 100 @7.5 method=lifo
    2024-03-05 me reinvest XYZ 2 @8
    2024-04-01 me split XYZ 2
    2024-04-02 me transfer_out XYZ 10
    2024-04-02 wife transfer_in XYZ 10

An account is ``name:type[:owner[:lot_method]]``. A trade is ``date account action symbol
quantity @price`` with optional ``fee=``, ``amount=``, ``lot=``, ``method=`` and ``acquired=``.
Each line becomes a :class:`Transaction` whose ``seq`` is its line number.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nestegg.core.ledger import Account, AccountType, Action, LotMethod, Owner, Transaction


def parse_ledger(text: str) -> tuple[list[Transaction], dict[str, Account]]:
    accounts: dict[str, Account] = {}
    transactions: list[Transaction] = []
    for number, raw in enumerate(text.strip().splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0] == "accounts":
            for spec in words[1:]:
                name, kind, *rest = spec.split(":")
                owner = Owner(rest[0]) if rest else Owner.SELF
                method = LotMethod(rest[1]) if len(rest) > 1 else LotMethod.FIFO
                accounts[name] = Account(name, AccountType(kind), owner, lot_method=method)
            continue
        date, account, action = dt.date.fromisoformat(words[0]), words[1], Action(words[2])
        fields: dict[str, object] = {}
        positional: list[str] = []
        for word in words[3:]:
            if word.startswith("@"):
                fields["price"] = Decimal(word[1:])
            elif "=" in word:
                key, value = word.split("=", 1)
                if key == "fee":
                    fields["fees"] = Decimal(value)
                elif key == "amount":
                    fields["amount"] = Decimal(value)
                elif key == "lot":
                    fields["lot"] = value
                elif key == "method":
                    fields["lot_method"] = LotMethod(value)
                elif key == "acquired":
                    fields["acquired_date"] = dt.date.fromisoformat(value)
                else:
                    raise ValueError(f"unknown field {key!r} on line {number}")
            else:
                positional.append(word)
        symbol = positional[0] if positional else None
        quantity = Decimal(positional[1]) if len(positional) > 1 else None
        transactions.append(
            Transaction(
                date=date,
                account=account,
                action=action,
                symbol=symbol,
                quantity=quantity,
                seq=number,
                **fields,  # type: ignore[arg-type]
            )
        )
    return transactions, accounts
