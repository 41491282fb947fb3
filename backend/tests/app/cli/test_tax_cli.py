"""`nestegg tax realized` file mode: the JSON contract used by outside checks (docs/tax.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nestegg.app.cli.tax import tax_app

HEAD = "date,account,account_type,owner,action,symbol,quantity,price,amount,fees,lot,note"
# Pub. 550 "Wash Sales": a loss sale of 100 shares ($10 a share) replaced by 30 shares in an IRA
# (permanent, Rev. Rul. 2008-5) and 50 shares bought by the spouse (basis +$500, holding period
# tacked: 153 days held, Jun 25 - 153 days = Jan 24), which the spouse sells in December.
WASH = "\n".join(
    [
        HEAD,
        "2024-01-02,Brokerage,taxable,self,buy,XYZ,100,50,,,,",
        "2024-06-03,Brokerage,,,sell,XYZ,100,40,,,,",
        "2024-06-20,IRA,traditional_ira,self,buy,XYZ,30,41,,,,",
        "2024-06-25,Joint of spouse,taxable,spouse,buy,XYZ,50,42,,,,",
        "2024-12-01,Joint of spouse,,,sell,XYZ,50,60,,,,",
    ]
)
TWO_YEARS = "\n".join(
    [
        HEAD,
        "2023-01-10,B,taxable,self,buy,ABC,10,100,,,A,",
        "2023-06-10,B,,,buy,ABC,10,120,,,B,",
        "2023-09-01,B,,,sell,ABC,5,130,,,,",
        "2025-03-01,B,,,sell,ABC,10,90,,5,,",
    ]
)

REALIZED_KEYS = {
    "sell_date",
    "symbol",
    "account",
    "quantity",
    "acquired_date",
    "proceeds",
    "cost_basis",
    "wash_sale_disallowed",
    "gain",
    "term",
}
LOT_KEYS = {
    "symbol",
    "account",
    "quantity",
    "cost_basis",
    "acquired_date",
    "purchase_date",
    "wash_adjusted",
}
SUMMARY_KEYS = {
    "short_term_gain",
    "long_term_gain",
    "wash_sale_disallowed_total",
    "permanently_disallowed_total",
    "capital_loss_deduction",
    "carryforward_short",
    "carryforward_long",
    "ltcg_tax",
    "niit",
}


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def run_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(tax_app, ["realized", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def test_json_contract_and_values(tmp_path: Path) -> None:
    payload = run_json("--transactions", str(write(tmp_path, WASH)))
    assert set(payload) == {"realized", "lots", "summary"}
    assert all(set(row) == REALIZED_KEYS for row in payload["realized"])
    assert all(set(lot) == LOT_KEYS for lot in payload["lots"])
    assert set(payload["summary"]) == SUMMARY_KEYS
    loss, spouse = payload["realized"]
    assert loss == {
        "sell_date": "2024-06-03",
        "symbol": "XYZ",
        "account": "Brokerage",
        "quantity": "100",
        "acquired_date": "2024-01-02",
        "proceeds": "4000.00",
        "cost_basis": "5000.00",
        "wash_sale_disallowed": "800.00",
        "gain": "-200.00",
        "term": "short",
    }
    assert spouse["account"] == "Joint of spouse"
    assert (spouse["cost_basis"], spouse["acquired_date"], spouse["gain"]) == (
        "2600.00",
        "2024-01-24",
        "400.00",
    )
    assert payload["lots"] == [
        {
            "symbol": "XYZ",
            "account": "IRA",
            "quantity": "30",
            "cost_basis": "1230.00",
            "acquired_date": "2024-06-20",
            "purchase_date": "2024-06-20",
            "wash_adjusted": False,
        }
    ]
    summary = payload["summary"]
    assert summary["short_term_gain"] == "200.00"
    assert summary["wash_sale_disallowed_total"] == "800.00"
    assert summary["permanently_disallowed_total"] == "300.00"
    assert all(isinstance(value, str) for value in summary.values())


def test_open_lot_carries_the_wash_adjustment(tmp_path: Path) -> None:
    csv = "\n".join(WASH.splitlines()[:-1])  # the spouse keeps the replacement shares
    lots = run_json("--transactions", str(write(tmp_path, csv)))["lots"]
    spouse = next(lot for lot in lots if lot["account"] == "Joint of spouse")
    assert spouse == {
        "symbol": "XYZ",
        "account": "Joint of spouse",
        "quantity": "50",
        "cost_basis": "2600.00",
        "acquired_date": "2024-01-24",
        "purchase_date": "2024-06-25",
        "wash_adjusted": True,
    }


def test_year_filter_and_default_summary_year(tmp_path: Path) -> None:
    path = str(write(tmp_path, TWO_YEARS))
    everything = run_json("--transactions", path)
    assert [row["sell_date"] for row in everything["realized"]] == [
        "2023-09-01",
        "2025-03-01",
        "2025-03-01",
    ]
    # default summary: the latest year (2025): lots A (5 left, long) and B (5, long) at $89.50
    # net: (447.50 - 500) + (447.50 - 600) = -205.00 long-term
    assert everything["summary"]["long_term_gain"] == "-205.00"
    assert everything["summary"]["capital_loss_deduction"] == "205.00"
    only_2023 = run_json("--transactions", path, "--year", "2023")
    assert [row["sell_date"] for row in only_2023["realized"]] == ["2023-09-01"]
    assert only_2023["summary"]["short_term_gain"] == "150.00"  # 5 x (130 - 100)
    assert only_2023["summary"]["long_term_gain"] == "0.00"
    assert run_json("--transactions", path, "--year", "2024")["realized"] == []


def test_method_option(tmp_path: Path) -> None:
    path = str(write(tmp_path, TWO_YEARS.replace(",,A,", ",,,").replace(",,B,", ",,,")))
    fifo = run_json("--transactions", path, "--year", "2023")["realized"]
    hifo = run_json("--transactions", path, "--year", "2023", "--method", "hifo")["realized"]
    assert fifo[0]["acquired_date"] == "2023-01-10" and fifo[0]["gain"] == "150.00"
    assert hifo[0]["acquired_date"] == "2023-06-10" and hifo[0]["gain"] == "50.00"


def test_lot_label_means_specific_identification(tmp_path: Path) -> None:
    csv = TWO_YEARS.replace(
        "2023-09-01,B,,,sell,ABC,5,130,,,,", "2023-09-01,B,,,sell,ABC,5,130,,,B,"
    )
    rows = run_json("--transactions", str(write(tmp_path, csv)), "--year", "2023")["realized"]
    assert (rows[0]["acquired_date"], rows[0]["gain"]) == ("2023-06-10", "50.00")


def test_summary_options(tmp_path: Path) -> None:
    csv = "\n".join(
        [
            HEAD,
            "2023-01-03,B,taxable,self,buy,ABC,100,100,,,,",
            "2024-06-03,B,,,sell,ABC,100,300,,,,",
        ]
    )
    summary = run_json(
        "--transactions",
        str(write(tmp_path, csv)),
        "--filing-status",
        "single",
        "--ordinary-income",
        "40000",
        "--magi",
        "260000",
        "--carryforward-long",
        "0",
    )["summary"]
    # 2024 single: 40,000 + 20,000 long-term: 7,025 at 0% and 12,975 at 15% = 1,946.25
    assert summary["long_term_gain"] == "20000.00"
    assert summary["ltcg_tax"] == "1946.25"
    assert summary["niit"] == "760.00"  # 3.8% x min(20,000, 260,000 - 200,000)
    carried = run_json(
        "--transactions",
        str(write(tmp_path, csv)),
        "--carryforward-short",
        "25000",
        "--filing-status",
        "mfs",
    )["summary"]
    assert carried["capital_loss_deduction"] == "1500.00"  # 20,000 - 25,000: MFS limit
    assert carried["carryforward_short"] == "3500.00"
    assert carried["ltcg_tax"] == "0.00"


def test_year_without_tables_warns_and_still_prints_json(tmp_path: Path) -> None:
    csv = "\n".join(
        [
            HEAD,
            "2019-01-03,B,taxable,self,buy,ABC,10,100,,,,",
            "2021-06-03,B,,,sell,ABC,10,300,,,,",
        ]
    )
    result = CliRunner().invoke(
        tax_app, ["realized", "--transactions", str(write(tmp_path, csv)), "--json"]
    )
    assert result.exit_code == 0
    assert "no federal tax tables for 2021" in result.stderr
    assert json.loads(result.stdout)["summary"]["long_term_gain"] == "2000.00"


@pytest.mark.parametrize(
    ("csv", "args", "message"),
    [
        (WASH, ["--method", "fifo2"], "--method must be one of"),
        (WASH, ["--filing-status", "married"], "--filing-status must be one of"),
        (WASH, ["--ordinary-income", "-5"], "--ordinary-income must not be negative"),
        (WASH, ["--magi", "1e6"], "--magi: not a plain decimal number"),
        (WASH, ["--year", "24"], "--year must be a year"),
        (WASH, ["--method", "specific"], "specific identification needs the lot label"),
        (
            HEAD
            + "\n2024-01-02,B,taxable,self,buy,XYZ,10,50,,,,\n2024-02-02,B,,,sell,XYZ,11,50,,,,",
            [],
            "line 3 (2024-02-02 B sell XYZ): sell of 11 XYZ exceeds the 10 held",
        ),
        (
            HEAD + "\n2024-01-02,B,taxable,self,buy,XYZ,ten,50,,,,\n2024-01-03,B,,,sel,XYZ,1,1,,,,",
            [],
            "line 2, field quantity",
        ),
        ("date,account\n", [], "missing columns: action"),
    ],
)
def test_bad_input_is_one_line_on_stderr(
    tmp_path: Path, csv: str, args: list[str], message: str
) -> None:
    path = write(tmp_path, csv)
    result = CliRunner().invoke(tax_app, ["realized", "--transactions", str(path), *args, "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_missing_file_and_missing_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        tax_app, ["realized", "--transactions", str(tmp_path / "none.csv"), "--json"]
    )
    assert (result.exit_code, result.stdout) == (1, "")
    assert "cannot read" in result.stderr
    result = CliRunner().invoke(tax_app, ["realized", "--json"])
    assert result.exit_code == 1 and "--transactions FILE.csv is required" in result.stderr


def test_text_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(tax_app, ["realized", "--transactions", str(write(tmp_path, WASH))])
    assert result.exit_code == 0
    assert "Realized gains and losses" in result.stdout
    assert "wash-sale adjusted" not in result.stdout  # the IRA lot is not adjusted
    assert "permanently disallowed total: 300.00" in result.stdout


def test_installed_command(tmp_path: Path) -> None:
    """The contract is `nestegg tax realized`: run the real entry point as a process."""
    path = write(tmp_path, WASH)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nestegg.app.cli",
            "tax",
            "realized",
            "--transactions",
            str(path),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["wash_sale_disallowed_total"] == "800.00"
