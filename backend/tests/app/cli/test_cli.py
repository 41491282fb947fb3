"""The `nestegg` command line, run as a real process where the contract says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from nestegg.app.cli.main import app

NESTEGG = [sys.executable, "-m", "nestegg.app.cli"]


def env_with(passphrase: str) -> dict[str, str]:
    return {**os.environ, "NESTEGG_PASSPHRASE": passphrase, "NESTEGG_KDF_MEMORY_KIB": "8192"}


def test_demo_then_holdings_json_contract(tmp_path: Path) -> None:
    vault = tmp_path / "demo.nestegg"
    env = env_with("demo passphrase")
    made = subprocess.run(
        [*NESTEGG, "demo", "--vault", str(vault)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert "2025-09-29" in made.stderr
    shown = subprocess.run(
        [*NESTEGG, "holdings", "--vault", str(vault), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    payload = json.loads(shown.stdout)
    assert set(payload) == {"as_of", "total_value", "positions"}
    assert payload["as_of"] == "2025-09-29"
    assert Decimal(150000) <= Decimal(payload["total_value"]) <= Decimal(300000)
    first = payload["positions"][0]
    assert set(first) == {"account", "symbol", "quantity", "price", "market_value", "cost_basis"}
    assert all(isinstance(first[k], str) for k in first)

    wrong = subprocess.run(
        [*NESTEGG, "holdings", "--vault", str(vault), "--json"],
        env=env_with("not it at all"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 1
    assert wrong.stdout == ""
    assert "wrong passphrase" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_import_export_round_trip_and_bad_file(tmp_path: Path) -> None:
    runner = CliRunner()
    vault = tmp_path / "v.nestegg"
    env = env_with("round trip passphrase")
    assert runner.invoke(app, ["init", "--vault", str(vault)], env=env).exit_code == 0
    source = tmp_path / "in.csv"
    source.write_text(
        "date,account,account_type,owner,action,symbol,quantity,price,amount,fees,lot,note\n"
        "2024-01-02,Brokerage,taxable,joint,deposit,,,,5000.00,,,opening\n"
        '2024-01-03,Brokerage,taxable,joint,buy,VTI,10,236.17,2361.70,1.00,A,"first, lot"\n'
    )
    result = runner.invoke(app, ["import", str(source), "--vault", str(vault), "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"] == 2
    again = runner.invoke(app, ["import", str(source), "--vault", str(vault), "--json"], env=env)
    assert json.loads(again.stdout) == {
        "file": "in.csv",
        "rows": 2,
        "imported": 0,
        "duplicates": 2,
        "accounts_created": [],
    }
    first = tmp_path / "out1.csv"
    assert runner.invoke(app, ["export", str(first), "--vault", str(vault)], env=env).exit_code == 0
    other = tmp_path / "other.nestegg"
    assert runner.invoke(app, ["init", "--vault", str(other)], env=env).exit_code == 0
    assert runner.invoke(app, ["import", str(first), "--vault", str(other)], env=env).exit_code == 0
    second = tmp_path / "out2.csv"
    assert (
        runner.invoke(app, ["export", str(second), "--vault", str(other)], env=env).exit_code == 0
    )
    assert first.read_bytes() == second.read_bytes()
    assert '"first, lot"' in first.read_text()

    bad = tmp_path / "bad.csv"
    bad.write_text(source.read_text() + "2024-13-01,Brokerage,,,buy,VTI,1,1,,,,\n")
    failed = runner.invoke(app, ["import", str(bad), "--vault", str(vault)], env=env)
    assert failed.exit_code == 1
    assert "bad.csv, line 4, field date" in failed.stderr
