"""The shipped reference table of securities (data/securities.csv; see data/SECURITIES.md)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from nestegg.core.ledger import AssetClass, Security, SecurityKind


@lru_cache(maxsize=1)
def reference_securities() -> dict[str, Security]:
    text = (
        resources.files("nestegg.app.market")
        .joinpath("data", "securities.csv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, Security] = {}
    for row in csv.DictReader(io.StringIO(text)):
        ratio = row.get("expense_ratio") or ""
        table[row["symbol"]] = Security(
            symbol=row["symbol"],
            name=row["name"],
            kind=SecurityKind(row["kind"]),
            asset_class=AssetClass(row["asset_class"]),
            expense_ratio=Decimal(ratio) if ratio else None,
        )
    return table
