"""Import a valid 100,000-row canonical CSV into a fresh encrypted vault; print the median.

Target (Foundation issue): under 10 s on the development machine.
Run: .venv/bin/python bench/bench_import.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from nestegg.app.ledger import service
from nestegg.app.ledger.importers import parse_file
from nestegg.app.security.vault import KdfParams, create_vault

SYMBOLS = ("VTI", "VXUS", "BND", "ITOT", "AGG", "BNDX")
ACCOUNTS = (
    ("Alex 401(k)", "traditional_401k", "self"),
    ("Sam 401(k)", "traditional_401k", "spouse"),
    ("Joint Brokerage", "taxable", "joint"),
    ("Sam Roth IRA", "roth_ira", "spouse"),
)


def make_csv(rows: int) -> bytes:
    """Deposits, buys, reinvestments and occasional sales spread over 20 years."""
    import datetime as dt

    lines = ["date,account,account_type,owner,action,symbol,quantity,price,amount,fees,lot,note"]
    start = dt.date(2005, 1, 3)
    for i in range(rows):
        day = (start + dt.timedelta(days=i * 7300 // rows)).isoformat()
        block, step = divmod(i, 10)
        name, kind, owner = ACCOUNTS[block % len(ACCOUNTS)]
        symbol = SYMBOLS[(block // len(ACCOUNTS)) % len(SYMBOLS)]
        if step == 0:
            lines.append(f"{day},{name},{kind},{owner},contribution,,,,2500.00,,,payroll")
        elif step == 9:
            lines.append(f"{day},{name},{kind},{owner},sell,{symbol},0.5,{80 + i % 40}.25,,,,")
        elif step == 5:
            lines.append(
                f"{day},{name},{kind},{owner},reinvest,{symbol},0.1234,{70 + i % 30}.5,,,,"
            )
        else:
            lines.append(f"{day},{name},{kind},{owner},buy,{symbol},3.25,{60 + i % 50}.75,,,,")
    return ("\n".join(lines) + "\n").encode()


def run_once(data: bytes) -> float:
    with tempfile.TemporaryDirectory() as folder:
        database = create_vault(Path(folder) / "bench.nestegg", "benchmark passphrase", KdfParams())
        started = time.perf_counter()
        with database.session() as session:
            parsed = parse_file("bench.csv", data)
            summary = service.import_ledger(session, parsed)
        elapsed = time.perf_counter() - started
        database.dispose()
        assert summary.imported == data.count(b"\n") - 1, summary
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = make_csv(args.rows)
    times = [run_once(data) for _ in range(args.repeat)]
    print(
        f"import {args.rows} canonical CSV rows into a new SQLCipher vault: "
        f"median {statistics.median(times):.2f} s over {args.repeat} runs "
        f"(min {min(times):.2f} s, max {max(times):.2f} s; target < 10 s)"
    )


if __name__ == "__main__":
    main()
