"""OFX/QFX investment statements (OFX 1.x SGML and 2.x XML; QFX is OFX with Intuit tags).

:func:`parse_ofx` turns every investment statement (``INVSTMTRS``) of a file into an account
and its transaction list (``INVTRANLIST``) into ledger transactions; :func:`read_ofx_positions`
returns the broker's holdings (``INVPOSLIST``) so that the app can reconcile them with the
booked ledger. See docs/ofx-import.md for the user's view.

ofxtools reads the file into an element tree; each record (a transaction, a security, a
position) is then converted and validated by ofxtools on its own, so one malformed record is
reported with its FITID next to every other problem instead of failing the whole file.

Re-importing a file is harmless: each transaction's ``source_id`` is built from the broker id,
the account id and the FITID, which the OFX specification makes unique per account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.sax import saxutils

from ofxtools.header import OFXHeaderError
from ofxtools.models.base import Aggregate
from ofxtools.Parser import OFXTree, TreeBuilder

from nestegg.app.ledger.importers.base import FileImportError, ParsedLedger, RowError
from nestegg.core.ledger import (
    Account,
    AccountType,
    Action,
    Owner,
    Transaction,
    validate_transaction,
)
from nestegg.core.money import ZERO, format_decimal

__all__ = ["OfxPosition", "parse_ofx", "read_ofx_positions", "source_id_for"]

SOURCE_ID_MAX = 160
"""Length of the ``transactions.source_id`` column; longer ids are replaced by a digest."""

# Same rule as the canonical CSV's symbol column, so that an export imports again.
_SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9.\-^=/]{0,19}$")
_FITID_TAG = re.compile(rb"<FITID>[ \t]*([^<\r\n]*)")
_DATE_PREFIX = re.compile(r"^\s*(\d{8})")
_V2_HEADER = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    b'<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
)
_TAIL = re.compile(r"^Tail text ('.*?') in ", re.DOTALL)
_REQUIRED = re.compile(r"^Can't set (\w+)\.(\w+) to None: \w+: Value is required$")

_BUYS = frozenset({"BUYSTOCK", "BUYMF", "BUYOTHER", "BUYDEBT", "BUYOPT"})
_SELLS = frozenset({"SELLSTOCK", "SELLMF", "SELLOTHER", "SELLDEBT", "SELLOPT"})
_JOURNALS = frozenset({"JRNLFUND", "JRNLSEC"})
"""Moves between the sub-accounts of one account (cash, margin, short): no net effect."""

_INCOME_LABEL = {
    "DIV": "dividend",
    "INTEREST": "interest",
    "CGLONG": "long-term capital gain distribution",
    "CGSHORT": "short-term capital gain distribution",
    "MISC": "miscellaneous income",
}
_BANK_ACTION = {
    "CREDIT": Action.DEPOSIT,
    "DEP": Action.DEPOSIT,
    "DIRECTDEP": Action.DEPOSIT,
    "DEBIT": Action.WITHDRAWAL,
    "ATM": Action.WITHDRAWAL,
    "PAYMENT": Action.WITHDRAWAL,
    "CHECK": Action.WITHDRAWAL,
    "DIRECTDEBIT": Action.WITHDRAWAL,
    "REPEATPMT": Action.WITHDRAWAL,
    "POS": Action.WITHDRAWAL,
    "CASH": Action.WITHDRAWAL,
    "INT": Action.INTEREST,
    "DIV": Action.DIVIDEND,
    "FEE": Action.FEE,
    "SRVCHG": Action.FEE,
}
_BANK_BY_SIGN = frozenset({"XFER", "OTHER"})
"""Bank transaction types whose direction only the sign of TRNAMT tells."""


@dataclass(frozen=True, slots=True)
class OfxPosition:
    """One holding as the broker reported it at the statement date (``INVPOSLIST``).

    ``units`` keep the broker's sign (negative for a short position); ``unit_price`` is as
    reported (a percentage of par for bonds, per share for options); ``market_value`` is the
    broker's MKTVAL.
    """

    account: str
    symbol: str
    units: Decimal
    unit_price: Decimal
    market_value: Decimal
    as_of: dt.date


def parse_ofx(
    data: bytes,
    *,
    file: str = "<upload>",
    known_accounts: Mapping[str, Account] | None = None,
    account_names: Mapping[str, str] | None = None,
) -> ParsedLedger:
    """Read an OFX/QFX investment download into accounts and transactions.

    ``account_names`` maps an OFX ACCTID to the ledger account to use; otherwise an account
    of ``known_accounts`` named ``"<BROKERID> <last 4 of ACCTID>"`` (or with ``…`` before the
    digits) is used, else a new account ``"<BROKERID> …<last 4>"`` is created. Raises
    :class:`FileImportError` listing every bad record (or the one reason the file is not a
    readable OFX statement); nothing is returned in part.
    """
    reader = _Reader(data, file, known_accounts or {}, account_names or {})
    parsed = reader.transactions()
    if reader.errors:
        raise FileImportError(file, reader.errors)
    return parsed


def read_ofx_positions(
    data: bytes,
    *,
    file: str = "<upload>",
    known_accounts: Mapping[str, Account] | None = None,
    account_names: Mapping[str, str] | None = None,
) -> list[OfxPosition]:
    """The holdings listed in the file's statements, named like :func:`parse_ofx` names them.

    Raises :class:`FileImportError` listing every position that cannot be read.
    """
    reader = _Reader(data, file, known_accounts or {}, account_names or {})
    positions = reader.positions()
    if reader.errors:
        raise FileImportError(file, reader.errors)
    return positions


def source_id_for(brokerid: str, acctid: str, fitid: str) -> str:
    """``ofx:<BROKERID>:<ACCTID>:<FITID>``, or a digest of it when it would not fit the column."""
    source_id = f"ofx:{brokerid}:{acctid}:{fitid}"
    if len(source_id) > SOURCE_ID_MAX:
        source_id = f"ofx:sha256:{hashlib.sha256(source_id.encode()).hexdigest()}"
    return source_id


# --- reading the file -------------------------------------------------------------------------


class _StrictTreeBuilder(TreeBuilder):
    """ofxtools' tree builder, refusing end tags that close the wrong element or are missing.

    The stock builder pops whatever element is open, so a damaged or truncated file would be
    read silently with its records in the wrong aggregates or missing. As SGML allows, an end
    tag may close empty elements left open before it (an OFX 1.x ``<MEMO>`` without a value).
    """

    def __init__(self) -> None:
        super().__init__()
        self.open: list[ET.Element] = []

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        elem = super().start(tag, attrs)
        self.open.append(elem)
        return elem

    def end(self, tag: str) -> ET.Element:
        names = [elem.tag for elem in self.open]
        if tag not in names:
            raise ValueError(f"</{tag}> closes no open element")
        while self.open[-1].tag != tag:
            left = self.open[-1]
            if len(left) or (left.text or "").strip():
                raise ValueError(f"</{tag}> found where </{left.tag}> was expected")
            self.open.pop()
            super().end(left.tag)
        self.open.pop()
        return super().end(tag)


def _not_ofx(file: str, reason: str) -> FileImportError:
    return FileImportError(file, [RowError(file, 0, "file", f"not an OFX/QFX statement: {reason}")])


def _load(data: bytes, file: str) -> ET.Element:
    """The file's element tree, or a :class:`FileImportError` saying why it is not OFX."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise _not_ofx(file, "the file is empty")
    no_header = _not_ofx(
        file,
        'it does not start with an OFX header ("OFXHEADER:100" for OFX 1.x, '
        '"<?OFX OFXHEADER="200" …?>" for OFX 2.x)',
    )
    if b"OFXHEADER" not in data[:1024]:
        # Some exports omit the header (the app's format detection accepts a file that starts
        # with <OFX>): read the body as OFX 2.x, UTF-8, which ofxtools parses in either syntax.
        start = data.find(b"<OFX>", 0, 1024)
        before = data[: max(start, 0)].strip()
        if start < 0 or (before and not before.startswith(b"<?xml")):
            raise no_header
        data = _V2_HEADER + data[start:]
    builder = _StrictTreeBuilder()
    try:
        root = OFXTree().parse(io.BytesIO(data), parser=builder)
    # ofxtools signals a bad header or body with SyntaxError, ValueError (decoding, the strict
    # builder), TypeError or AssertionError; whatever it raises means the file is unreadable.
    except OFXHeaderError:
        raise no_header from None
    except UnicodeDecodeError as exc:
        raise _not_ofx(file, f"it is not {exc.encoding} text as its header says") from None
    except Exception as exc:
        raise _not_ofx(file, _describe(exc)) from None
    if builder.open:
        raise _not_ofx(file, f"it ends inside <{builder.open[-1].tag}> (the file is truncated)")
    if root is None or root.tag != "OFX":
        raise _not_ofx(file, "it has no <OFX> element")
    _groom(root)
    return root


def _groom(elem: ET.Element) -> None:
    """Drop private extension tags (``INTU.BID``) and keep only the date of every date-time.

    The date part is the date as the broker wrote it, in the statement's own time zone;
    ofxtools would otherwise convert the time to UTC, moving an evening trade in New York
    to the next day.
    """
    for child in list(elem):
        if "." in child.tag:
            elem.remove(child)
            continue
        if child.tag.startswith("DT") and child.text and (m := _DATE_PREFIX.match(child.text)):
            child.text = m.group(1)
        _groom(child)


def _describe(exc: Exception) -> str:
    """ofxtools' message for a problem, made short and readable."""
    message = str(exc).strip() or type(exc).__name__
    if m := _REQUIRED.match(message):
        return f"{m.group(1)} has no <{m.group(2).upper()}>, which is required"
    if m := _TAIL.match(message):
        # ofxtools quotes the whole document after the stray text.
        return f"unexpected text {m.group(1)} between elements"
    message = message.splitlines()[0]
    return message if len(message) <= 200 else message[:199] + "…"


def _unescape(text: str) -> str:
    """Undo OFX character escapes the way ofxtools does for its string elements."""
    return saxutils.unescape(text, {"&nbsp;": " ", "&apos;": "'", "&quot;": '"'})


def _fitid_lines(data: bytes) -> dict[str, list[int]]:
    """The lines of the ``<FITID>`` tags of each FITID, to point errors at the file."""
    lines: dict[str, list[int]] = {}
    line, last = 1, 0
    for m in _FITID_TAG.finditer(data):
        line += data.count(b"\n", last, m.start())
        last = m.start()
        fitid = _unescape(m.group(1).decode("latin-1").strip())
        lines.setdefault(fitid, []).append(line)
    return lines


# --- the model ----------------------------------------------------------------------------------


class _RecordError(Exception):
    """One record cannot become a transaction; carries the field and the reason."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class _Security:
    ticker: str | None
    name: str


@dataclass(frozen=True, slots=True)
class _Statement:
    elem: ET.Element
    brokerid: str
    acctid: str
    account: Account
    as_of: dt.date


@dataclass(slots=True)
class _Draft:
    """What a record says, before the common fields (account, ids, order) are added."""

    date: dt.date
    action: Action
    symbol: str | None = None
    quantity: Decimal | None = None
    price: Decimal | None = None
    amount: Decimal | None = None
    fees: Decimal = ZERO
    note: str = ""
    acquired_date: dt.date | None = None


def _date(value: Any) -> dt.date:
    # _groom left only the date, which ofxtools reads as midnight UTC of that date.
    assert isinstance(value, dt.datetime)
    return value.date()


def _sum(*values: Decimal | None) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def _plan_source(record: Any) -> str:
    """Which money of a 401(k) plan (pre-tax, match, …) a record concerns, when it says."""
    source = record.inv401ksource
    return f"401(k) source {source}" if source else ""


def _note(*parts: str | None) -> str:
    return "; ".join(p.strip() for p in parts if p and p.strip())


class _Reader:
    def __init__(
        self,
        data: bytes,
        file: str,
        known: Mapping[str, Account],
        names: Mapping[str, str],
    ) -> None:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError("parse_ofx reads bytes; open the file in binary mode")
        raw = bytes(data)
        self.file = file
        self.errors: list[RowError] = []
        self.root = _load(raw, file)
        self.lines = _fitid_lines(raw)
        self.known = known
        self.names = names
        self.new_accounts: dict[str, Account] = {}
        self.securities = self._securities()
        self.statements = self._statements()

    def _error(self, field: str, message: str, line: int = 0) -> None:
        self.errors.append(RowError(self.file, line, field, message))

    # -- securities and accounts

    def _securities(self) -> dict[tuple[str, str], _Security]:
        found: dict[tuple[str, str], _Security] = {}
        for elem in self.root.findall("SECLISTMSGSRSV1/SECLIST/*"):
            uniqueid = elem.findtext("SECINFO/SECID/UNIQUEID", "?").strip()
            try:
                info = Aggregate.from_etree(elem).secinfo
            except Exception as exc:  # ofxtools rejects the record; say which and why
                self._error("SECLIST", f"security {uniqueid}: {_describe(exc)}")
                continue
            ticker = (info.ticker or "").strip().upper() or None
            found[(info.secid.uniqueidtype, info.secid.uniqueid)] = _Security(ticker, info.secname)
        return found

    def _statements(self) -> list[_Statement]:
        elems = self.root.findall("INVSTMTMSGSRSV1/INVSTMTTRNRS/INVSTMTRS")
        if not elems:
            reason = "it contains no investment statement (INVSTMTRS)"
            for status in self.root.iter("STATUS"):
                if status.findtext("SEVERITY") == "ERROR":
                    detail = status.findtext("MESSAGE") or f"code {status.findtext('CODE')}"
                    reason += f"; the broker reported an error: {detail}"
                    break
            else:
                if self.root.find("BANKMSGSRSV1") is not None:
                    reason += "; it is a bank statement"
                elif self.root.find("CREDITCARDMSGSRSV1") is not None:
                    reason += "; it is a credit-card statement"
            raise _not_ofx(self.file, reason)

        statements: list[_Statement] = []
        claimed: dict[str, tuple[str, str]] = {}
        for number, elem in enumerate(elems, start=1):
            head = ET.Element("INVSTMTRS")
            head.extend(c for c in elem if c.tag in ("DTASOF", "CURDEF", "INVACCTFROM"))
            try:
                stmt = Aggregate.from_etree(head)
            except Exception as exc:  # ofxtools rejects the statement header
                self._error("INVSTMTRS", f"statement {number}: {_describe(exc)}")
                continue
            brokerid: str = stmt.invacctfrom.brokerid
            acctid: str = stmt.invacctfrom.acctid
            is_401k = elem.find("INV401K") is not None or elem.find("INV401KBAL") is not None
            name = self._account_name(brokerid, acctid)
            owner = claimed.setdefault(name, (brokerid, acctid))
            if owner != (brokerid, acctid) and acctid not in self.names:
                self._error(
                    "ACCTID",
                    f"accounts {owner[1]} ({owner[0]}) and {acctid} ({brokerid}) would both be "
                    f"named {name!r}; give them names with account_names",
                )
                continue
            account = self._account(name, brokerid, is_401k, stmt.curdef)
            statements.append(_Statement(elem, brokerid, acctid, account, _date(stmt.dtasof)))
        return statements

    def _account_name(self, brokerid: str, acctid: str) -> str:
        if acctid in self.names:
            return self.names[acctid]
        last4 = acctid[-4:]
        for candidate in (f"{brokerid} {last4}", f"{brokerid} …{last4}"):
            if candidate in self.known:
                return candidate
        return f"{brokerid} …{last4}"

    def _account(self, name: str, brokerid: str, is_401k: bool, currency: str) -> Account:
        existing = self.known.get(name) or self.new_accounts.get(name)
        if existing is not None:
            return existing
        # OFX does not tell an IRA from a taxable account reliably (USPRODUCTTYPE is only in
        # the account-information response); a 401(k) plan sends its INV401K aggregate.
        account = Account(
            name=name,
            type=AccountType.TRADITIONAL_401K if is_401k else AccountType.TAXABLE,
            owner=Owner.SELF,
            institution=brokerid,
            currency=currency,
        )
        self.new_accounts[name] = account
        return account

    def _symbol(self, secid: Any) -> str:
        key = (secid.uniqueidtype, secid.uniqueid)
        security = self.securities.get(key)
        what = f"security {secid.uniqueid} ({secid.uniqueidtype})"
        if security is None:
            raise _RecordError("SECID", f"{what} is not in the file's security list (SECLIST)")
        if security.ticker is None:
            raise _RecordError("TICKER", f"{what}, {security.name!r}, has no ticker in the SECLIST")
        if not _SYMBOL.match(security.ticker):
            raise _RecordError(
                "TICKER", f"{what} has ticker {security.ticker!r}, not a ticker symbol"
            )
        return security.ticker

    # -- transactions

    def transactions(self) -> ParsedLedger:
        parsed = ParsedLedger(file=self.file)
        seen: dict[str, Transaction] = {}
        occurrences: Counter[str] = Counter()
        seq = 0
        for stmt in self.statements:
            for elem in stmt.elem.findall("INVTRANLIST/*"):
                if elem.tag in ("DTSTART", "DTEND"):
                    continue
                seq += 1
                fitid = _unescape((elem.findtext(".//FITID") or "").strip())
                # Records come in file order, so the n-th record with a FITID is on the line
                # of the n-th <FITID> tag with that value.
                at = self.lines.get(fitid, [])
                line = at[occurrences[fitid]] if occurrences[fitid] < len(at) else 0
                occurrences[fitid] += 1
                tx = self._transaction(elem, stmt, fitid, seq, line)
                if tx is None:
                    continue
                assert tx.source_id is not None
                earlier = seen.get(tx.source_id)
                if earlier is not None:
                    # The same record twice (overlapping statements in one file) is one
                    # transaction; two different records with one FITID cannot both be kept.
                    if earlier != tx:
                        self._error(
                            "FITID",
                            f"FITID {fitid} is used by two different transactions "
                            f"of account {stmt.account.name!r}",
                            line,
                        )
                    continue
                seen[tx.source_id] = tx
                parsed.line_of[len(parsed.transactions)] = line
                parsed.transactions.append(tx)
        parsed.accounts = dict(self.new_accounts)
        return parsed

    def _transaction(
        self, elem: ET.Element, stmt: _Statement, fitid: str, seq: int, line: int
    ) -> Transaction | None:
        where = f"FITID {fitid}" if fitid else f"a {elem.tag} record without FITID"
        if elem.tag in _JOURNALS:
            return None
        try:
            record = Aggregate.from_etree(elem)
        except Exception as exc:  # ofxtools rejects the record; report it with the others
            self._error(elem.tag, f"{where}: {_describe(exc)}", line)
            return None
        try:
            draft = self._draft(elem.tag, record)
        except _RecordError as reject:
            self._error(reject.field, f"{where}: {reject.message}", line)
            return None
        tx = Transaction(
            date=draft.date,
            account=stmt.account.name,
            action=draft.action,
            symbol=draft.symbol,
            quantity=draft.quantity,
            price=draft.price,
            amount=draft.amount,
            fees=draft.fees,
            note=draft.note,
            source_id=source_id_for(stmt.brokerid, stmt.acctid, fitid),
            acquired_date=draft.acquired_date,
            seq=seq,
            ref=f"{self.file}, FITID {fitid}",
        )
        problems = validate_transaction(tx)
        for problem in problems:
            self._error(problem.field, f"{where} ({elem.tag}): {problem.message}", line)
        return None if problems else tx

    def _draft(self, kind: str, record: Any) -> _Draft:
        if kind in _BUYS or kind in _SELLS:
            return self._trade(kind, record)
        if kind == "REINVEST":
            return _Draft(
                date=_date(record.invtran.dttrade),
                action=Action.REINVEST,
                symbol=self._symbol(record.secid),
                quantity=abs(record.units),
                price=record.unitprice,
                amount=abs(record.units) * record.unitprice,
                fees=_sum(record.commission, record.fees, record.taxes, record.load),
                note=_note(
                    f"reinvested {_INCOME_LABEL[record.incometype]}",
                    record.invtran.memo,
                    _plan_source(record),
                ),
            )
        if kind == "INCOME":
            return _Draft(
                date=_date(record.invtran.dttrade),
                action=Action.INTEREST if record.incometype == "INTEREST" else Action.DIVIDEND,
                symbol=self._symbol(record.secid),
                amount=record.total,
                note=_note(
                    ""
                    if record.incometype in ("DIV", "INTEREST")
                    else _INCOME_LABEL[record.incometype],
                    record.invtran.memo,
                    _plan_source(record),
                ),
            )
        if kind == "RETOFCAP":
            # Recorded as cash received; the reduction of the lots' cost basis that a return
            # of capital implies is not modelled yet.
            return _Draft(
                date=_date(record.invtran.dttrade),
                action=Action.DIVIDEND,
                symbol=self._symbol(record.secid),
                amount=record.total,
                note=_note("return of capital", record.invtran.memo),
            )
        if kind == "INVEXPENSE":
            return _Draft(
                date=_date(record.invtran.dttrade),
                action=Action.FEE,
                symbol=self._symbol(record.secid),
                amount=abs(record.total),
                note=_note(record.invtran.memo),
            )
        if kind == "MARGININTEREST":
            return _Draft(
                date=_date(record.invtran.dttrade),
                action=Action.FEE,
                amount=abs(record.total),
                note=_note("margin interest", record.invtran.memo),
            )
        if kind == "TRANSFER":
            return self._transfer(record)
        if kind == "SPLIT":
            return self._split(record)
        if kind == "INVBANKTRAN":
            return self._bank(record.stmttrn)
        if kind == "CLOSUREOPT":
            raise _RecordError(
                kind,
                "option exercise, assignment or expiry (CLOSUREOPT) is not supported; "
                "enter its effect by hand",
            )
        raise _RecordError(kind, f"transactions of type {kind} are not supported")

    def _trade(self, kind: str, record: Any) -> _Draft:
        # Opening or covering a short position (shares or written options) cannot be booked:
        # the ledger holds long lots only.
        short = {
            "buytype": "BUYTOCOVER",
            "selltype": "SELLSHORT",
            "optbuytype": "BUYTOCLOSE",
            "optselltype": "SELLTOOPEN",
        }
        for element, value in short.items():
            if element in record.spec and getattr(record, element) == value:
                raise _RecordError(
                    element.upper(),
                    f"short positions ({element.upper()} {value}) are not supported",
                )
        trade = record.invbuy if kind in _BUYS else record.invsell
        quantity = abs(trade.units)
        price = trade.unitprice
        if kind.endswith("DEBT"):
            # UNITS of a bond is its face value and UNITPRICE a percentage of par.
            price = price / 100
        elif kind.endswith("OPT"):
            # UNITS counts contracts and UNITPRICE is per share of the underlying.
            price = price * record.shperctrct
        return _Draft(
            date=_date(trade.invtran.dttrade),
            action=Action.BUY if kind in _BUYS else Action.SELL,
            symbol=self._symbol(trade.secid),
            quantity=quantity,
            price=price,
            amount=quantity * price,
            fees=_sum(trade.commission, trade.fees, trade.taxes, trade.load),
            note=_note(trade.invtran.memo, _plan_source(trade)),
        )

    def _transfer(self, record: Any) -> _Draft:
        quantity = abs(record.units)
        incoming = record.tferaction == "IN"
        acquired = _date(record.dtpurchase) if incoming and record.dtpurchase else None
        return _Draft(
            date=_date(record.invtran.dttrade),
            action=Action.TRANSFER_IN if incoming else Action.TRANSFER_OUT,
            symbol=self._symbol(record.secid),
            quantity=quantity,
            amount=record.avgcostbasis * quantity if record.avgcostbasis is not None else None,
            # The canonical CSV keeps the acquisition date of a transfer in in its note.
            note=_note(f"acquired={acquired.isoformat()}" if acquired else "", record.invtran.memo),
            acquired_date=acquired,
        )

    def _split(self, record: Any) -> _Draft:
        try:
            ratio = record.numerator / record.denominator
        except (ZeroDivisionError, InvalidOperation):
            raise _RecordError("DENOMINATOR", "the split's DENOMINATOR is zero") from None
        label = f"{format_decimal(record.numerator)}-for-{format_decimal(record.denominator)}"
        return _Draft(
            date=_date(record.invtran.dttrade),
            action=Action.SPLIT,
            symbol=self._symbol(record.secid),
            quantity=ratio,
            note=_note(f"{label} split", record.invtran.memo),
        )

    def _bank(self, trn: Any) -> _Draft:
        kind: str = trn.trntype
        amount: Decimal = trn.trnamt
        if kind in _BANK_BY_SIGN:
            action = Action.DEPOSIT if amount > ZERO else Action.WITHDRAWAL
        elif kind in _BANK_ACTION:
            action = _BANK_ACTION[kind]
        else:
            raise _RecordError("TRNTYPE", f"bank transaction type {kind} is not supported")
        return _Draft(
            date=_date(trn.dtposted),
            action=action,
            amount=abs(amount),
            note=_note(trn.name, trn.memo),
        )

    # -- positions

    def positions(self) -> list[OfxPosition]:
        found: list[OfxPosition] = []
        for stmt in self.statements:
            for elem in stmt.elem.findall("INVPOSLIST/*"):
                uniqueid = elem.findtext("INVPOS/SECID/UNIQUEID", "?").strip()
                where = f"position in {uniqueid} of account {stmt.account.name!r}"
                try:
                    pos = Aggregate.from_etree(elem).invpos
                    symbol = self._symbol(pos.secid)
                except _RecordError as reject:
                    self._error(reject.field, f"{where}: {reject.message}")
                    continue
                except Exception as exc:  # ofxtools rejects the record
                    self._error(elem.tag, f"{where}: {_describe(exc)}")
                    continue
                found.append(
                    OfxPosition(
                        account=stmt.account.name,
                        symbol=symbol,
                        units=pos.units,
                        unit_price=pos.unitprice,
                        market_value=pos.mktval,
                        as_of=stmt.as_of,
                    )
                )
        return found
