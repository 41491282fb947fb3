"""``nestegg tax``: realized gains, wash sales and the tax summary from a transactions file.

File mode is a contract used by outside checks (docs/tax.md): it needs no vault, reads a
canonical transactions CSV and runs the same core code as the app. With ``--json`` only JSON is
written to stdout; a bad input gives one line on stderr and exit status 1.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from nestegg.app.ledger.importers.canonical import parse_canonical_csv
from nestegg.core.errors import DomainError, ValidationError
from nestegg.core.ledger import LotMethod
from nestegg.core.money import ZERO, format_decimal, parse_decimal, to_cents
from nestegg.core.tax import (
    TAX_TABLES,
    FilingStatus,
    RealizedGain,
    TaxLot,
    TaxResult,
    TaxYearSummary,
    form_8949_row,
    nearest_tables,
    realize,
    summarize_year,
)

tax_app = typer.Typer(
    help="Tax lots, realized gains, wash sales and capital-gains tax.",
    no_args_is_help=True,
    add_completion=False,
)


@tax_app.callback()
def _tax() -> None:
    """Tax lots, realized gains, wash sales and capital-gains tax."""


class _BadInputError(Exception):
    pass


def _cents(value: Decimal) -> str:
    text = format(to_cents(value), "f")
    return "0.00" if text == "-0.00" else text


def _amount(name: str, raw: str | None) -> Decimal | None:
    if raw is None:
        return None
    try:
        value = parse_decimal(raw)
    except ValidationError as exc:
        raise _BadInputError(f"--{name}: {exc.message}") from None
    if value < ZERO:
        raise _BadInputError(f"--{name} must not be negative: {raw}")
    return value


_Choice = TypeVar("_Choice", LotMethod, FilingStatus)


def _choice(option: str, raw: str, enum: type[_Choice]) -> _Choice:
    try:
        return enum(raw.strip().lower())
    except ValueError:
        allowed = "|".join(member.value for member in enum)
        raise _BadInputError(f"{option} must be one of {allowed}, not {raw!r}") from None


def _realized_json(row: RealizedGain) -> dict[str, Any]:
    form = form_8949_row(row)
    return {
        "sell_date": row.sale_date.isoformat(),
        "symbol": row.symbol,
        "account": row.account,
        "quantity": format_decimal(row.quantity),
        "acquired_date": row.acquired_date.isoformat(),
        "proceeds": _cents(form.proceeds),
        "cost_basis": _cents(form.cost_basis),
        "wash_sale_disallowed": _cents(form.adjustment),
        "gain": _cents(form.gain),
        "term": row.term.value,
    }


def _lot_json(lot: TaxLot) -> dict[str, Any]:
    return {
        "symbol": lot.symbol,
        "account": lot.account,
        "quantity": format_decimal(lot.quantity),
        "cost_basis": _cents(lot.cost_basis),
        "acquired_date": lot.acquired_date.isoformat(),
        "purchase_date": lot.purchase_date.isoformat(),
        "wash_adjusted": lot.wash_adjusted,
    }


def _summary_json(summary: TaxYearSummary) -> dict[str, Any]:
    return {
        "short_term_gain": _cents(summary.short_term_gain),
        "long_term_gain": _cents(summary.long_term_gain),
        "wash_sale_disallowed_total": _cents(summary.wash_sale_disallowed_total),
        "permanently_disallowed_total": _cents(summary.permanently_disallowed_total),
        "capital_loss_deduction": _cents(summary.capital_loss_deduction),
        "carryforward_short": _cents(summary.carryforward_short),
        "carryforward_long": _cents(summary.carryforward_long),
        "ltcg_tax": _cents(summary.ltcg_tax),
        "niit": _cents(summary.niit),
    }


def _summary_year(result: TaxResult, dates: list[dt.date], year: int | None) -> int | None:
    if year is not None:
        return year
    years = result.years()
    if years:
        return years[-1]
    return max(dates).year if dates else None


def _render_text(
    rows: list[RealizedGain], lots: tuple[TaxLot, ...], summary: TaxYearSummary
) -> str:
    lines = ["Realized gains and losses"]
    header = (
        f"{'sold':<10} {'account':<14} {'symbol':<8} {'quantity':>10} {'acquired':<10} "
        f"{'proceeds':>12} {'basis':>12} {'wash':>10} {'gain':>12} term"
    )
    lines.append(header)
    for row in rows:
        data = _realized_json(row)
        lines.append(
            f"{data['sell_date']:<10} {row.account[:14]:<14} {row.symbol:<8} "
            f"{data['quantity']:>10} {data['acquired_date']:<10} {data['proceeds']:>12} "
            f"{data['cost_basis']:>12} {data['wash_sale_disallowed']:>10} {data['gain']:>12} "
            f"{data['term']}"
        )
    lines.append("")
    lines.append("Open lots")
    for lot in lots:
        mark = " (wash-sale adjusted)" if lot.wash_adjusted else ""
        lines.append(
            f"{lot.account[:14]:<14} {lot.symbol:<8} {format_decimal(lot.quantity):>10} "
            f"basis {_cents(lot.cost_basis):>12} acquired {lot.acquired_date.isoformat()} "
            f"bought {lot.purchase_date.isoformat()}{mark}"
        )
    lines.append("")
    lines.append(f"Summary {summary.year if summary.year is not None else ''}".rstrip())
    for key, value in _summary_json(summary).items():
        lines.append(f"  {key.replace('_', ' ')}: {value}")
    return "\n".join(lines)


@tax_app.command("realized")
def realized_command(
    transactions: Annotated[
        Path | None,
        typer.Option("--transactions", help="Canonical transactions CSV file.", dir_okay=False),
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(help="Lot relief method: fifo|lifo|hifo|specific|mintax|average."),
    ] = None,
    year: Annotated[
        str | None, typer.Option(help="Tax year (YYYY) of the realized rows and summary.")
    ] = None,
    filing_status: Annotated[
        str, typer.Option("--filing-status", help="single|mfj|mfs|hoh.")
    ] = "single",
    ordinary_income: Annotated[
        str | None,
        typer.Option("--ordinary-income", help="Taxable ordinary income of the year (dollars)."),
    ] = None,
    magi: Annotated[
        str | None, typer.Option(help="Modified adjusted gross income, for the NIIT.")
    ] = None,
    carryforward_short: Annotated[
        str | None,
        typer.Option("--carryforward-short", help="Short-term capital loss carried in."),
    ] = None,
    carryforward_long: Annotated[
        str | None,
        typer.Option("--carryforward-long", help="Long-term capital loss carried in."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
) -> None:
    """Realized gains per (sale, lot), open lots and the tax-year summary of a file."""
    try:
        if transactions is None:
            raise _BadInputError("--transactions FILE.csv is required")
        method_choice = _choice("--method", method, LotMethod) if method else None
        status = _choice("--filing-status", filing_status, FilingStatus)
        tax_year: int | None = None
        if year is not None:
            if not (year.strip().isdigit() and len(year.strip()) == 4):
                raise _BadInputError(f"--year must be a year such as 2025, not {year!r}")
            tax_year = int(year)
        income = _amount("ordinary-income", ordinary_income)
        magi_value = _amount("magi", magi)
        carry_short = _amount("carryforward-short", carryforward_short) or ZERO
        carry_long = _amount("carryforward-long", carryforward_long) or ZERO
        try:
            with transactions.open(encoding="utf-8", newline="") as stream:
                parsed = parse_canonical_csv(stream, file=transactions.name)
        except OSError as exc:
            raise _BadInputError(f"cannot read {transactions}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise _BadInputError(f"{transactions} is not a UTF-8 text file") from None

        result = realize(parsed.transactions, parsed.accounts, method_override=method_choice)
        rows = list(result.realized if tax_year is None else result.realized_in(tax_year))
        summary_year = _summary_year(result, [t.date for t in parsed.transactions], tax_year)
        tables = None
        if summary_year is not None and summary_year not in TAX_TABLES:
            tables = nearest_tables(summary_year)
        summary = summarize_year(
            result.realized,
            summary_year,
            filing_status=status,
            ordinary_income=income,
            magi=magi_value,
            carryforward_short=carry_short,
            carryforward_long=carry_long,
            tables=tables,
        )
        if summary.tables_year is not None and summary.tables_year != summary_year:
            typer.echo(
                f"warning: no federal tax tables for {summary_year}; "
                f"taxes computed with the {summary.tables_year} tables",
                err=True,
            )
    except (_BadInputError, DomainError) as exc:
        first, *rest = [line.strip() for line in str(exc).splitlines() if line.strip()] or [""]
        message = f"{first} {'; '.join(rest)}" if rest else first
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(code=1) from None

    if as_json:
        payload = {
            "realized": [_realized_json(row) for row in rows],
            "lots": [_lot_json(lot) for lot in result.lots],
            "summary": _summary_json(summary),
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        typer.echo(_render_text(rows, result.lots, summary))
