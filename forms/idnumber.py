"""Mainland resident ID numbers (GB 11643-1999): checking them and reading what they encode.

An 18-character number is six digits of the issuing region, eight of the birth date, three of a
sequence whose last digit is odd for men and even for women, and a check character computed with
ISO 7064 MOD 11-2 ('X' stands for ten). The form engine uses this to validate `id_number` answers
and to derive each member's birth date and sex, so the cadre never types them twice. Old 15-digit
numbers are not accepted: every resident has held an 18-digit number since 2013.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import mul
from typing import Literal

from forms.errors import IdNumberError

__all__ = [
    "IdInfo",
    "IdNumberError",
    "check_character",
    "is_valid_id_number",
    "normalize_id_number",
    "parse_id_number",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
# Nobody alive was born before this; a birth date earlier than it is a typing mistake.
_EARLIEST_BIRTH = date(1890, 1, 1)


@dataclass(frozen=True)
class IdInfo:
    """What an ID number says about its holder."""

    birth_date: date
    sex: Literal["male", "female"]
    region: str  # the six-digit administrative division code of the issuing place


def check_character(first17: str) -> str:
    """The check character ('0'-'9' or 'X') for the first 17 digits of a number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise IdNumberError("the first 17 characters must be digits")
    total = sum(map(mul, map(int, first17), _WEIGHTS))  # both 17 long, checked above
    return _CHECK[total % 11]


def normalize_id_number(text: str) -> str:
    """Strip surrounding spaces and upper-case a trailing 'x', as people type it."""
    return text.strip().upper()


def parse_id_number(text: str, *, today: date | None = None) -> IdInfo:
    """Check an ID number and return its birth date, sex and region; raise `IdNumberError` if bad.

    `today` bounds the birth date (a number cannot belong to someone born tomorrow); it defaults
    to the system date.
    """
    return _parse(text, today or date.today())


# Validation reads each member's number several times (type check, birth date, sex, age), on
# more than one day (today, the visit date); what a number says does not depend on the day, so
# it is remembered per number and only the birth date is compared with the day each time.
def _parse(text: str, limit: date) -> IdInfo:
    info = _read(text)
    if isinstance(info[0], str):
        raise IdNumberError(info[0], info[1])
    born, region_ok, check_ok, result = info
    # the same checks in the same order as ever, so a number with two faults names the same one
    if born > limit:
        raise IdNumberError(f"birth date {born.isoformat()} is out of range", "date")
    if not region_ok:
        raise IdNumberError("no region code begins with 0", "region")
    if not check_ok:
        raise IdNumberError("the check character does not match", "check")
    return result


@lru_cache(maxsize=4096)
def _read(text: str) -> tuple[date, bool, bool, IdInfo] | tuple[str, str]:
    """What the number says, or (message, reason) when it cannot be read at all."""
    number = normalize_id_number(text)
    if len(number) != 18:
        return (f"an ID number has 18 characters, not {len(number)}", "length")
    if not _SHAPE.fullmatch(number):
        return ("an ID number is 17 digits followed by a digit or X", "shape")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return (f"no such birth date: {number[6:14]}", "date")
    if born < _EARLIEST_BIRTH:
        return (f"birth date {born.isoformat()} is out of range", "date")
    region_ok = number[0] != "0"
    check_ok = check_character(number[:17]) == number[17]
    sex: Literal["male", "female"] = "male" if int(number[16]) % 2 else "female"
    return born, region_ok, check_ok, IdInfo(birth_date=born, sex=sex, region=number[:6])


def is_valid_id_number(text: str, *, today: date | None = None) -> bool:
    """True when `text` is a valid 18-character resident ID number."""
    try:
        parse_id_number(text, today=today)
    except IdNumberError:
        return False
    return True


def make_id_number(region: str, birth_date: date, sequence: int) -> str:
    """Build a valid number (tests, demo data): `sequence` 0-999, odd last digit for a man."""
    if len(region) != 6 or not region.isdigit() or not 0 <= sequence <= 999:
        raise ValueError("region is six digits and sequence 0-999")
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
