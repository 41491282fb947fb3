"""Readers of broker and Nestegg files into ledger values, and the canonical CSV writer."""

from nestegg.app.ledger.importers.base import FileImportError, ParsedLedger, RowError

__all__ = ["FileImportError", "ParsedLedger", "RowError"]
