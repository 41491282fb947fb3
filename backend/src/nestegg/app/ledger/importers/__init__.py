"""Readers of broker and Nestegg files into ledger values, and the canonical CSV writer."""

from __future__ import annotations

from collections.abc import Mapping

from nestegg.app.ledger.importers.base import FileImportError, ParsedLedger, RowError
from nestegg.core.ledger import Account


def detect_format(name: str, data: bytes) -> str:
    """``"ofx"`` for OFX/QFX statements (by extension or content), else ``"csv"``."""
    lowered = name.lower()
    if lowered.endswith((".ofx", ".qfx")):
        return "ofx"
    head = data[:512].lstrip(b"\xef\xbb\xbf \r\n\t").upper()
    if head.startswith((b"OFXHEADER", b"<OFX>")) or (head.startswith(b"<?XML") and b"OFX" in head):
        return "ofx"
    return "csv"


def parse_file(
    name: str,
    data: bytes,
    fmt: str | None = None,
    *,
    known_accounts: Mapping[str, Account] | None = None,
) -> ParsedLedger:
    """Parse an uploaded or local file in the given (or detected) format."""
    fmt = fmt or detect_format(name, data)
    if fmt == "ofx":
        from nestegg.app.ledger.importers.ofx import parse_ofx

        return parse_ofx(data, file=name, known_accounts=known_accounts)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileImportError(
            name, [RowError(name, 0, "file", f"is not UTF-8 text (byte {exc.start})")]
        ) from None
    from nestegg.app.ledger.importers.canonical import parse_canonical_csv

    return parse_canonical_csv(text, file=name, known_accounts=known_accounts)


__all__ = ["FileImportError", "ParsedLedger", "RowError", "detect_format", "parse_file"]
