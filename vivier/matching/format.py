"""Amounts in the explanations, written as each language writes them (45 000 € in French, €45,000 in English)."""

from __future__ import annotations

from django.utils.translation import get_language

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


def money(value: int | None, currency: str = "EUR") -> str:
    if value is None:
        return ""
    currency = (currency or "EUR").upper()
    symbol = SYMBOLS.get(currency, currency)
    if (get_language() or "fr").startswith("en"):
        digits = f"{int(value):,}"
        return f"{symbol}{digits}" if len(symbol) == 1 else f"{symbol}{NBSP}{digits}"
    return f"{int(value):,}".replace(",", NARROW_NBSP) + NBSP + symbol
