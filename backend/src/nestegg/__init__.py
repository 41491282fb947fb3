"""Nestegg: a private, local-first investment adviser."""

__version__ = "0.1.0"
