"""Every table, imported in one place for Alembic and ``Base.metadata``."""

from nestegg.app.db import Base
from nestegg.app.ledger.models import AccountRow, TransactionRow
from nestegg.app.market.models import PriceRow, SecurityRow
from nestegg.app.security.models import SettingRow

__all__ = ["AccountRow", "Base", "PriceRow", "SecurityRow", "SettingRow", "TransactionRow"]
