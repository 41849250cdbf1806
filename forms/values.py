"""The values expressions work on, and XPath 1.0's rules for converting between them.

A value is empty (`None`), a boolean, a number (`Decimal`, never `float`), a string, a date, the
chosen values of a select_multiple (a tuple of strings), or a `NodeSet` (a field of a repeat seen
from outside it, or the repeat's rows). Empty stands in for XPath's empty string and NaN alike:
arithmetic on it or a division by zero gives empty, comparisons with it are false except
`= ''` / `!= ''`, and it is false as a condition. That is how XLSForm forms behave in ODK Collect,
minus the crash.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

EPOCH = date(1970, 1, 1)
# Keys a row of a repeat inside a repeat carries besides its answers (no field name has them):
# the row it belongs to, that row's index among all rows of its repeat, its own index there and
# its position among its outer row's rows.
PARENT_ROW = "\x00parent"
OUTER_INDEX = "\x00outer"
FLAT_INDEX = "\x00index"
POSITION = "\x00position"
_NUMBER_TEXT = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")
_DATE_TEXT = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9:.+\-Z]*)?\s*")


@dataclass(frozen=True, slots=True)
class NodeSet:
    """Several values at once: a repeat's rows, or one field's value in every row."""

    values: tuple[Any, ...]


Value = None | bool | Decimal | str | date | tuple[str, ...] | NodeSet | Mapping[str, Any]


def first(value: Any) -> Any:
    """XPath takes the first node of a node-set wherever a single value is needed."""
    kind = type(value)
    if kind is str or kind is Decimal or value is None:  # the common single values, at once
        return value
    if isinstance(value, NodeSet):
        return value.values[0] if value.values else None
    if isinstance(value, dict):  # a repeat row; dict, not Mapping: ABC checks are slow here
        return None
    return value


def to_bool(value: Any) -> bool:
    if isinstance(value, NodeSet):
        return bool(value.values)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return not value.is_nan() and value != 0
    if isinstance(value, str | tuple):
        return len(value) > 0
    return True


def to_number(value: Any) -> Decimal | None:
    value = first(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return Decimal(1 if value else 0)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, date):
        # ODK counts dates as days since 1970-01-01 in arithmetic.
        return Decimal((value - EPOCH).days)
    if isinstance(value, tuple):
        value = " ".join(value)
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
    return None


def format_number(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(number.to_integral_value())
    text = format(number.normalize(), "f")
    return text


def to_string(value: Any) -> str:
    value = first(value)
    if type(value) is str:  # answers are mostly text already
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return " ".join(value)
    return str(value)


def to_date(value: Any) -> date | None:
    value = first(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _DATE_TEXT.fullmatch(value)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
        return None
    if isinstance(value, Decimal) and value.is_finite() and abs(value) < 3_000_000:
        return EPOCH + timedelta(days=int(value))
    return None


def is_empty(value: Any) -> bool:
    if isinstance(value, NodeSet):
        return not value.values
    return value is None or value == "" or value == ()


def _is_date_like(value: Any) -> bool:
    return isinstance(value, date)


def equals(left: Any, right: Any) -> bool:
    """XPath `=` for single values: booleans, then numbers, then dates, then strings."""
    # Two texts or two numbers (most conditions): the rules below come to plain equality.
    kinds = (type(left), type(right))
    if kinds == (str, str) or kinds == (Decimal, Decimal):
        return bool(left == right)
    left, right = first(left), first(right)
    if isinstance(left, bool) or isinstance(right, bool):
        return to_bool(left) == to_bool(right)
    if isinstance(left, Decimal) or isinstance(right, Decimal):
        a, b = to_number(left), to_number(right)
        return a is not None and b is not None and a == b
    if _is_date_like(left) or _is_date_like(right):
        da, db = to_date(left), to_date(right)
        if da is not None and db is not None:
            return da == db
    return to_string(left) == to_string(right)


def compare(op: str, left: Any, right: Any) -> bool:
    """XPath `<` `<=` `>` `>=`: dates with dates, otherwise numbers; empty is never ordered."""
    a_val: Any
    b_val: Any
    if type(left) is Decimal and type(right) is Decimal:
        a_val, b_val = left, right  # numbers already: what to_number below would give
    else:
        left, right = first(left), first(right)
        if _is_date_like(left) or _is_date_like(right):
            a_val, b_val = to_date(left), to_date(right)
            if a_val is None or b_val is None:
                a_val, b_val = to_number(left), to_number(right)
        else:
            a_val, b_val = to_number(left), to_number(right)
    if a_val is None or b_val is None:
        return False
    if op == "<":
        return bool(a_val < b_val)
    if op == "<=":
        return bool(a_val <= b_val)
    if op == ">":
        return bool(a_val > b_val)
    return bool(a_val >= b_val)
