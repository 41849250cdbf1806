"""Mainland resident ID numbers (GB 11643-1999): checking them and reading what they encode.

An 18-character number is six digits of the issuing region, eight of the birth date, three of a
sequence whose last digit is odd for men and even for women, and a check character computed with
ISO 7064 MOD 11-2 ('X' stands for ten). The form engine uses this to validate `id_number` answers
and to derive each member's birth date and sex, so the cadre never types them twice. Old 15-digit
numbers are not accepted: every resident has held an 18-digit number since 2013.

What people type is normalized before it is checked: Chinese input methods give full-width
digits (１２３), a full-width Ｘ and spaces (also the ideographic space) between groups, so the
text is NFKC-folded and every space and invisible format character is dropped. When a number is
still wrong because of one character, the error names that character and its place (1-18).
"""

from __future__ import annotations

import re
import unicodedata
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
    "id_number_problem",
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
    """The number as it is stored: NFKC (full-width digits and Ｘ become ASCII), spaces and
    invisible format characters (zero-width spaces from pasting) dropped, 'x' upper-cased."""
    folded = unicodedata.normalize("NFKC", text)
    kept = "".join(c for c in folded if not c.isspace() and unicodedata.category(c) != "Cf")
    return kept.replace("x", "X")  # only x: a wrong letter is named as it was typed


def _bad_character(number: str) -> tuple[int, str] | None:
    """The first character that cannot be in a number at its place: (1-based place, char)."""
    for i, c in enumerate(number[:18]):
        if not (c in "0123456789" or (c == "X" and i == 17)):
            return i + 1, c
    return None


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
        message, reason, position, char = info
        raise IdNumberError(message, reason, position, char)
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
def _read(text: str) -> tuple[date, bool, bool, IdInfo] | tuple[str, str, int, str]:
    """What the number says, or (message, reason, place, character) when it cannot be read."""
    number = normalize_id_number(text)
    # A wrong character is the more useful thing to say, even when the length is wrong too.
    bad = _bad_character(number)
    if bad is not None:
        place, char = bad
        name = unicodedata.name(char, f"U+{ord(char):04X}")
        what = "a digit or X" if place == 18 else "a digit"
        return (f"character {place} of the ID number, {char!r} ({name}), is not {what}",
                "character", place, char)  # fmt: skip
    if len(number) != 18:
        return (f"an ID number has 18 characters, not {len(number)}", "length", 0, "")
    if not _SHAPE.fullmatch(number):  # unreachable after the character check; kept as a guard
        return ("an ID number is 17 digits followed by a digit or X", "shape", 0, "")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return (f"no such birth date: {number[6:14]}", "date", 0, "")
    if born < _EARLIEST_BIRTH:
        return (f"birth date {born.isoformat()} is out of range", "date", 0, "")
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


def id_number_problem(text: str, *, today: date | None = None) -> str | None:
    """None for a valid number, else what is wrong with it (English, for logs and files)."""
    try:
        parse_id_number(text, today=today)
    except IdNumberError as exc:
        return str(exc)
    return None


def make_id_number(region: str, birth_date: date, sequence: int) -> str:
    """Build a valid number (tests, demo data): `sequence` 0-999, odd last digit for a man."""
    if len(region) != 6 or not region.isdigit() or not 0 <= sequence <= 999:
        raise ValueError("region is six digits and sequence 0-999")
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
