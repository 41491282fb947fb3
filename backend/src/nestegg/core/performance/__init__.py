"""Performance domain: valuation of positions (TWR, MWR and attribution come later)."""

from nestegg.core.performance.valuation import Holding, LotValue, Valuation, value_book

__all__ = ["Holding", "LotValue", "Valuation", "value_book"]
