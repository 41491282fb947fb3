"""Performance domain: valuation of positions and the household's value history."""

from nestegg.core.performance.history import PriceBar, ValuePoint, as_traded, value_history
from nestegg.core.performance.valuation import Holding, LotValue, Valuation, revalue, value_book

__all__ = [
    "Holding",
    "LotValue",
    "PriceBar",
    "Valuation",
    "ValuePoint",
    "as_traded",
    "revalue",
    "value_book",
    "value_history",
]
