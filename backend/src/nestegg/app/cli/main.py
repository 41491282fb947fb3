"""The `nestegg` command line (Typer + Rich).

Every command takes ``--vault PATH`` (default: the platform's data directory, or
``NESTEGG_VAULT``). The passphrase comes from ``NESTEGG_PASSPHRASE`` or a prompt on the terminal.
With ``--json`` only JSON is printed on standard output; messages go to standard error.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session

from nestegg.app.settings import Settings
from nestegg.core.errors import DomainError

app = typer.Typer(
    name="nestegg",
    help="Nestegg: a private, local-first investment adviser.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

VaultOption = Annotated[
    Path | None,
    typer.Option(
        "--vault",
        envvar="NESTEGG_VAULT",
        help="Vault file (default: the platform's user data directory).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print only JSON on standard output.")]

T = TypeVar("T")


_FOUR = Decimal("0.0001")


def fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(1)


def settings_for(vault: Path | None) -> Settings:
    settings = Settings()
    if vault is not None:
        settings = settings.model_copy(update={"vault": vault.expanduser()})
    return settings


def passphrase(*, confirm: bool = False) -> str:
    from_env = os.environ.get("NESTEGG_PASSPHRASE")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        fail("no passphrase: set NESTEGG_PASSPHRASE or run in a terminal")
    first = getpass.getpass("Vault passphrase: ", stream=sys.stderr)
    if confirm:
        err.print(
            "[yellow]Keep this passphrase safe: a lost passphrase cannot be recovered, "
            "and neither can the vault.[/]"
        )
        if getpass.getpass("Repeat the passphrase: ", stream=sys.stderr) != first:
            fail("the passphrases do not match")
    return first


def guarded(action: Callable[[], T]) -> T:
    """Run a command body; domain errors become one clear line on stderr and exit code 1."""
    try:
        return action()
    except DomainError as exc:
        fail(exc.message)


@contextmanager
def open_session(vault: Path | None) -> Iterator[Session]:
    from nestegg.app.security.store import Store

    store = Store(settings_for(vault))
    try:
        database = guarded(lambda: store.unlock(passphrase()))
        with database.session() as session:
            yield session
    finally:
        store.close()


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")


@app.command()
def init(vault: VaultOption = None) -> None:
    """Create a new, empty encrypted vault."""
    from nestegg.app.security.store import Store

    store = Store(settings_for(vault))
    try:
        guarded(lambda: store.create(passphrase(confirm=True)))
    finally:
        store.close()
    where = "the PostgreSQL database" if store.settings.server_mode else str(store.vault_path)
    err.print(f"Created an empty vault at {where}.")


@app.command()
def demo(vault: VaultOption = None) -> None:
    """Create a vault holding the demo household (real prices up to the demo's date)."""
    from nestegg.app.ledger import service
    from nestegg.app.ledger.demo import DEMO_PRICES_AS_OF
    from nestegg.app.security.store import Store

    store = Store(settings_for(vault))
    try:
        database = guarded(lambda: store.create(passphrase(confirm=True)))
        with database.session() as session:
            summary = guarded(lambda: service.load_demo_household(session))
    finally:
        store.close()
    where = "the PostgreSQL database" if store.settings.server_mode else str(store.vault_path)
    err.print(
        f"Created the demo household at {where}: {summary.imported} transactions in "
        f"{len(summary.accounts_created)} accounts, valued at real closing prices of "
        f"{DEMO_PRICES_AS_OF.isoformat()}."
    )


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    format: Annotated[
        str | None, typer.Option("--format", help="csv or ofx (default: from the file)")
    ] = None,
    vault: VaultOption = None,
    json_output: JsonOption = False,
) -> None:
    """Import a canonical CSV or an OFX/QFX statement (all or nothing)."""
    from nestegg.app.ledger import service
    from nestegg.app.ledger.importers import parse_file

    if format not in (None, "csv", "ofx"):
        fail("--format must be csv or ofx")
    data = file.read_bytes()
    with open_session(vault) as session:
        parsed = guarded(
            lambda: parse_file(file.name, data, format, known_accounts=service.accounts(session))
        )
        with Progress(
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=json_output or not err.is_terminal,
        ) as progress:
            task = progress.add_task("import", total=len(parsed.transactions))
            summary = guarded(
                lambda: service.import_ledger(
                    session,
                    parsed,
                    progress=lambda done, total: progress.update(task, completed=done, total=total),
                )
            )
    if json_output:
        print_json(
            {
                "file": summary.file,
                "rows": summary.rows,
                "imported": summary.imported,
                "duplicates": summary.duplicates,
                "accounts_created": summary.accounts_created,
            }
        )
    else:
        err.print(
            f"Imported {summary.imported} of {summary.rows} transactions from {file.name}"
            + (f" ({summary.duplicates} already imported)" if summary.duplicates else "")
            + (
                f"; new accounts: {', '.join(summary.accounts_created)}"
                if summary.accounts_created
                else ""
            )
            + "."
        )


@app.command()
def export(
    file: Annotated[
        Path | None, typer.Argument(help="Output file (default: standard output)")
    ] = None,
    vault: VaultOption = None,
) -> None:
    """Write the whole ledger as a canonical CSV."""
    import io

    from nestegg.app.ledger import service

    buffer = io.StringIO()
    with open_session(vault) as session:
        count = service.export_csv(session, buffer)
    if file is None:
        sys.stdout.write(buffer.getvalue())
    else:
        file.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        err.print(f"Wrote {count} transactions to {file}.")


@app.command()
def holdings(vault: VaultOption = None, json_output: JsonOption = False) -> None:
    """Positions with price, market value and cost basis."""
    from nestegg.app.ledger import service
    from nestegg.core.money import format_cents, format_decimal

    with open_session(vault) as session:
        valuation = service.holdings(session)
    if json_output:
        print_json(
            {
                "as_of": valuation.as_of.isoformat() if valuation.as_of else None,
                "total_value": format_cents(valuation.total_value),
                "positions": [
                    {
                        "account": h.account,
                        "symbol": h.symbol,
                        "quantity": format_decimal(h.quantity),
                        "price": format_decimal(h.price) if h.price is not None else None,
                        "market_value": (
                            format_cents(h.market_value) if h.market_value is not None else None
                        ),
                        "cost_basis": format_cents(h.cost_basis),
                    }
                    for h in valuation.holdings
                ],
            }
        )
        return
    table = Table(title=f"Holdings at closing prices of {valuation.as_of or 'unknown date'}")
    for column in ("Account", "Symbol", "Quantity", "Price", "Market value", "Cost basis", "Gain"):
        table.add_column(column, justify="left" if column in ("Account", "Symbol") else "right")
    for h in valuation.holdings:
        table.add_row(
            h.account,
            h.symbol,
            format_decimal(h.quantity.quantize(_FOUR))
            if h.quantity % 1
            else format_decimal(h.quantity),
            f"{h.price:,.2f}" if h.price is not None else "—",
            f"{h.market_value:,.2f}" if h.market_value is not None else "—",
            f"{h.cost_basis:,.2f}",
            f"{h.unrealized_gain:+,.2f}" if h.unrealized_gain is not None else "—",
        )
    out.print(table)
    out.print(f"Total value: ${valuation.total_value:,.2f}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    vault: VaultOption = None,
) -> None:
    """Serve the web app and the API."""
    import uvicorn

    from nestegg.app.main import create_app
    from nestegg.app.security.store import Store

    settings = settings_for(vault)
    store = Store(settings)
    if os.environ.get("NESTEGG_PASSPHRASE"):
        guarded(lambda: store.unlock(os.environ["NESTEGG_PASSPHRASE"]))
    err.print(f"Nestegg is serving on http://{host}:{port}")
    # Quote messages are small and sent to every client each tick: per-message deflate would
    # cost a compressor per connection for little gain (see docs/market-data.md).
    uvicorn.run(
        create_app(settings, store),
        host=host,
        port=port,
        log_level="warning",
        ws_per_message_deflate=False,
    )


def _mount_subcommands() -> None:
    try:
        from nestegg.app.cli.tax import tax_app
    except ImportError:  # the tax engine is being built
        return
    app.add_typer(tax_app, name="tax")


_mount_subcommands()


def run() -> None:
    app()
