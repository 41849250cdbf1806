"""Yuan amounts as `Decimal`, never `float`.

Survey answers arrive as JSON (numbers or strings) and leave as strings with two decimals, so the
same household sums to the same fen on the laptop and on the server. Helpers here parse an answer
into a `Decimal`, quantize to the fen with banker's-free half-up rounding (the rounding people do
by hand and the one bureau spreadsheets use), and format amounts for explanations.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0")


class MoneyError(ValueError):
    """A value is not a yuan amount (not a number, not finite, or more than two decimals)."""


def to_decimal(value: object) -> Decimal:
    """Read a JSON-ish number (int, str, Decimal, or a float's shortest repr) as a finite Decimal."""
    if isinstance(value, bool):
        raise MoneyError(f"not a number: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # repr() gives the shortest string that round-trips, i.e. what the sender typed.
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text:
            raise MoneyError("empty amount")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"not a number: {value!r}") from None
    else:
        raise MoneyError(f"not a number: {value!r}")
    if not result.is_finite():
        raise MoneyError(f"not a finite number: {value!r}")
    return result


def parse_yuan(value: object) -> Decimal:
    """Read an amount in yuan, allowing at most two decimals (fen); returns it quantized to fen."""
    if type(value) is int:  # the usual answer, whole yuan: no decimals to check (not bool)
        return Decimal(value).quantize(FEN)
    amount = to_decimal(value)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(FEN):
        raise MoneyError(f"more than two decimals: {value!r}")
    return amount.quantize(FEN)


def round_yuan(amount: Decimal) -> Decimal:
    """Round an exact amount to the fen, half up."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def sum_yuan(amounts: Iterable[Decimal | None]) -> Decimal:
    """Sum amounts, counting missing ones as zero."""
    total = ZERO
    for amount in amounts:
        if amount is not None:
            total += amount
    return round_yuan(total)


def format_yuan(amount: Decimal) -> str:
    """Format for people and for JSON: always two decimals, no thousands separator ("312.50")."""
    return f"{round_yuan(amount):.2f}"


def per_capita(total: Decimal, people: int) -> Decimal:
    """Exact-enough share of `total` per person (28 significant digits); round only for display."""
    if people <= 0:
        raise ValueError("per_capita needs at least one person")
    return total / Decimal(people)


def per_month(yearly: Decimal) -> Decimal:
    """A yearly amount per month, unrounded (4417 / 12 = 368.0833…)."""
    return yearly / Decimal(12)
