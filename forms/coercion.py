"""Reading one JSON answer into the typed value expressions use, and writing it back out.

`coerce(field, raw)` turns what arrived (JSON: strings, numbers, lists, dicts) into the value
model of `forms.values` (Decimal for numbers and money, `date`, tuples for select_multiple) or
reports why it cannot, as a message key of `forms.messages`. `to_json(field, value)` is the
inverse used by `Form.clean` and `Form.compute`: money as a two-decimal string, numbers as
strings or ints, dates as ISO text, so answers travel without float rounding.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import isfinite
from typing import Any

from forms.errors import IdNumberError
from forms.idnumber import normalize_id_number, parse_id_number
from forms.model import Field
from forms.money import MoneyError, format_yuan, parse_yuan, round_yuan, to_decimal
from forms.phone import normalize_phone
from forms.values import NodeSet, format_number, to_bool, to_date, to_string

_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_INTEGER = re.compile(r"\s*-?[0-9]+\s*")


@dataclass(frozen=True, slots=True)
class Bad:
    """Why a raw answer could not be read: a message key and its parameters."""

    code: str
    key: str
    params: tuple[tuple[str, str], ...] = ()


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    kind = type(raw)
    if kind is str:
        return not raw.strip()
    if kind is int or kind is bool or kind is float:  # the common answers, never [] or {}
        return False
    return (isinstance(raw, str) and not raw.strip()) or raw == [] or raw == {}


def _sha256_of(raw: Any) -> str | None:
    if isinstance(raw, str):
        text = raw.strip().removeprefix("sha256:")
        return text if _SHA256.fullmatch(text) else None
    if isinstance(raw, Mapping):
        digest = raw.get("sha256")
        return digest if isinstance(digest, str) and _SHA256.fullmatch(digest) else None
    return None


def coerce(field: Field, raw: Any, today: date) -> Any | Bad:
    """The typed value of an answer, None for a blank one, or `Bad` saying what is wrong."""
    if is_blank(raw):
        return None
    kind = field.type
    if kind == "select_one" and type(raw) is str:  # the commonest answer: a choice's name
        value = raw.strip()
        return (
            value if value in field.choice_values else Bad("choice", "choice", (("value", value),))
        )
    if kind == "text":
        return raw if isinstance(raw, str) else Bad("type", "type.text")
    if kind == "integer":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return Decimal(raw)
        if isinstance(raw, str) and _INTEGER.fullmatch(raw):
            return Decimal(raw.strip())
        if isinstance(raw, float) and raw.is_integer():
            return Decimal(int(raw))
        return Bad("type", "type.integer")
    if kind in ("decimal", "money"):
        try:
            return parse_yuan(raw) if kind == "money" else to_decimal(raw)
        except MoneyError:
            return Bad("type", f"type.{kind}")
    if kind == "date":
        if isinstance(raw, date):
            return raw
        parsed = to_date(raw) if isinstance(raw, str) else None
        return parsed if parsed is not None else Bad("type", "type.date")
    if kind == "select_one":
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            return Bad("type", "type.select_one")
        value = str(raw).strip()
        if value not in field.choice_values:
            return Bad("choice", "choice", (("value", value),))
        return value
    if kind == "select_multiple":
        if isinstance(raw, str):
            items: list[Any] = raw.split()
        elif isinstance(raw, list | tuple):
            items = list(raw)
        else:
            return Bad("type", "type.select_multiple")
        chosen: list[str] = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, str | int):
                return Bad("type", "type.select_multiple")
            value = str(item).strip()
            if value not in field.choice_values:
                return Bad("choice", "choice", (("value", value),))
            if value not in chosen:
                chosen.append(value)
        return tuple(chosen)
    if kind == "id_number":
        if not isinstance(raw, str):
            return Bad("type", "type.id_number")
        try:
            parse_id_number(raw, today=today)
        except IdNumberError as error:
            if error.reason == "character":
                key = "id_number.character18" if error.position == 18 else "id_number.character"
                return Bad("id_number", key, (("position", str(error.position)),
                                              ("char", error.char)))  # fmt: skip
            return Bad("id_number", f"id_number.{error.reason}")
        return normalize_id_number(raw)
    if kind == "phone":
        if not isinstance(raw, str):
            return Bad("type", "type.phone")
        phone = normalize_phone(raw)
        return phone if phone is not None else Bad("phone", "phone")
    if kind in ("photo", "signature"):
        # Only the shape is checked here; the attachment store checks that the content exists.
        return raw if _sha256_of(raw) is not None else Bad("attachment", "attachment")
    return None


def calculated(field: Field, value: Any) -> Any:
    """A calculate result brought to the field's declared datatype (empty when it does not fit)."""
    if isinstance(value, NodeSet):
        value = value.values[0] if value.values else None
    if value is None or isinstance(value, Mapping):
        return None
    kind = field.datatype
    if kind is None:
        return value
    if kind == "boolean":
        return to_bool(value)
    if kind == "text":
        return to_string(value)
    if kind == "date":
        return to_date(value)
    try:
        number = value if isinstance(value, Decimal) else to_decimal(to_string(value))
    except MoneyError:
        return None
    if kind == "money":
        return round_yuan(number)
    if kind == "integer":
        return number.to_integral_value()
    return number


def kept(field: Field, raw: Any) -> Any | Bad:
    """The stored value of a calculation that keeps its first value (once()), read back as
    `calculated` gives it, None for a blank one, or `Bad` when it is not what `to_json` of that
    calculation writes (a tampered or mangled answer is reported, not silently recomputed)."""
    if is_blank(raw):
        return None
    kind = field.datatype
    bad = Bad("type", "type.calculate" if kind is None else f"type.{kind}")
    if kind == "boolean" or isinstance(raw, bool):
        # to_json keeps a boolean as JSON true/false; to_bool("false") would be true.
        return raw if isinstance(raw, bool) and kind in (None, "boolean") else bad
    if kind is None and isinstance(raw, list):  # once(${a select_multiple}): its choices
        ok = all(isinstance(item, str) for item in raw)
        return tuple(raw) if ok else bad
    if not isinstance(raw, str | int | float) or (isinstance(raw, float) and not isfinite(raw)):
        return bad
    if kind is None:
        return raw if isinstance(raw, str) else calculated(field, Decimal(str(raw)))
    if kind == "text":
        return to_string(raw) if isinstance(raw, str) else format_number(Decimal(str(raw)))
    value = calculated(field, raw)
    return bad if value is None else value


def to_json(field: Field, value: Any) -> Any:
    """An answer or calculated value as JSON-friendly data."""
    if value is None or type(value) is str:  # most answers: nothing to convert
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        if field.type == "money" or field.datatype == "money":
            return format_yuan(value)
        if field.type == "integer" or field.datatype == "integer":
            return int(value)
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
