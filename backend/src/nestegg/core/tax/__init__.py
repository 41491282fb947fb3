"""The tax domain (pure): lot relief, realized gains, wash sales, capital-gains tax, Form 8949.

Entry points: :func:`realize` replays a household's transactions into a :class:`TaxResult`
(realized rows, open lots, wash-sale events); :func:`summarize_year` nets one tax year and
computes the loss deduction, carryforwards, long-term gains tax and NIIT;
:func:`form_8949_rows` / :func:`form_8949_csv` present the rows as on Form 8949. See
docs/tax.md for the rules and their sources.
"""

from nestegg.core.tax.engine import WASH_WINDOW, identical_symbol_groups, realize
from nestegg.core.tax.form8949 import (
    Form8949Row,
    Form8949Totals,
    form_8949_csv,
    form_8949_row,
    form_8949_rows,
    form_8949_totals,
)
from nestegg.core.tax.holding import days_until_long_term, holding_term, long_term_date
from nestegg.core.tax.model import RealizedGain, TaxError, TaxLot, TaxResult, Term, WashSaleEvent
from nestegg.core.tax.relief import method_for, order_lots
from nestegg.core.tax.summary import (
    TaxYearSummary,
    long_term_gain_tax,
    net_investment_income_tax,
    ordinary_tax,
    summarize_year,
)
from nestegg.core.tax.tables import (
    CAPITAL_LOSS_LIMIT,
    NIIT_RATE,
    NIIT_THRESHOLDS,
    TAX_TABLES,
    Bracket,
    CapitalGainThresholds,
    FilingStatus,
    TaxYearTables,
    nearest_tables,
    tables_for,
)

__all__ = [
    "CAPITAL_LOSS_LIMIT",
    "NIIT_RATE",
    "NIIT_THRESHOLDS",
    "TAX_TABLES",
    "WASH_WINDOW",
    "Bracket",
    "CapitalGainThresholds",
    "FilingStatus",
    "Form8949Row",
    "Form8949Totals",
    "RealizedGain",
    "TaxError",
    "TaxLot",
    "TaxResult",
    "TaxYearSummary",
    "TaxYearTables",
    "Term",
    "WashSaleEvent",
    "days_until_long_term",
    "form_8949_csv",
    "form_8949_row",
    "form_8949_rows",
    "form_8949_totals",
    "holding_term",
    "identical_symbol_groups",
    "long_term_date",
    "long_term_gain_tax",
    "method_for",
    "nearest_tables",
    "net_investment_income_tax",
    "order_lots",
    "ordinary_tax",
    "realize",
    "summarize_year",
    "tables_for",
]
