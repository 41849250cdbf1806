"""Yuan amounts and phone numbers, as tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms.money import MoneyError, format_yuan, parse_yuan, sum_yuan
from forms.phone import normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", "12.00"),
        (12, "12.00"),
        ("1,200.5", "1200.50"),
        (0.1, "0.10"),
        ("0.10", "0.10"),
        ("3.140", "3.14"),
    ],
)
def test_parse_yuan(raw: object, expected: str) -> None:
    assert format_yuan(parse_yuan(raw)) == expected


@pytest.mark.parametrize("raw", ["", "abc", "1.234", "NaN", "Infinity", True, None, [1]])
def test_not_yuan(raw: object) -> None:
    with pytest.raises(MoneyError):
        parse_yuan(raw)


def test_sums_are_exact() -> None:
    assert sum_yuan([Decimal("0.1")] * 3 + [None]) == Decimal("0.30")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13972381234", "13972381234"),
        ("+86 139 7238 1234", "13972381234"),
        ("0715-8123456", "0715-8123456"),
        ("07158123456", "0715-8123456"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("0715-8123456-201", "0715-8123456-201"),
        ("12345", None),
        ("12972381234", None),
        ("1397238123", None),
        ("0715-0123456", None),
    ],
)
def test_phone(raw: str, expected: str | None) -> None:
    assert normalize_phone(raw) == expected
