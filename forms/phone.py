"""Mainland phone numbers as cadres write them: an 11-digit mobile or a landline with area code.

Mobiles are 11 digits beginning 13-19 (an optional +86 or 86 prefix is accepted); landlines are a
3- or 4-digit area code beginning with 0 and a 7- or 8-digit local number, with an optional
hyphen and an optional extension ("0715-8123456-201"). Spaces are ignored. `normalize_phone`
gives the canonical form stored in answers.
"""

from __future__ import annotations

import re

_MOBILE = re.compile(r"(?:\+?86)?(1[3-9][0-9]{9})")
_LANDLINE = re.compile(r"(0[1-9][0-9]{1,2})-?([1-9][0-9]{6,7})(?:-([0-9]{1,6}))?")


def normalize_phone(text: str) -> str | None:
    """The canonical form of a phone number, or None when it is not one.

    Mobiles become 11 digits; landlines `area-local[-ext]`. A landline whose area code and local
    number are run together is split at the shortest valid area code: 3 digits for the big cities
    (010, 02x), otherwise 4.
    """
    compact = re.sub(r"[\s()]", "", text)
    mobile = _MOBILE.fullmatch(compact)
    if mobile:
        return mobile.group(1)
    landline = _LANDLINE.fullmatch(compact)
    if not landline:
        return None
    area, local, extension = landline.groups()
    if "-" not in compact[: len(area) + 1]:
        digits = area + local
        big_city = digits.startswith("010") or digits.startswith("02")
        area, local = (digits[:3], digits[3:]) if big_city else (digits[:4], digits[4:])
        if not 7 <= len(local) <= 8 or local.startswith("0"):
            return None
    result = f"{area}-{local}"
    return f"{result}-{extension}" if extension else result


def is_valid_phone(text: str) -> bool:
    """True for a mainland mobile or landline number."""
    return normalize_phone(text) is not None
