"""Finding a county's data file among the bundled ones (`forms/bundled/`).

Standards, economic-status check definitions and retention policies are each a file per county
and number (a version or a year), named by a pattern with `county` and a number group. A county
without its own file uses its prefecture's (the code with `00` as its last two digits).
"""

from __future__ import annotations

import re
from importlib import resources


def bundled(pattern: re.Pattern[str], number: str = "version") -> dict[tuple[str, int], str]:
    """(county, number) -> file name, for the bundled files matching `pattern`."""
    found: dict[tuple[str, int], str] = {}
    for entry in resources.files("forms.bundled").iterdir():
        match = pattern.fullmatch(entry.name)
        if match:
            found[(match.group("county"), int(match.group(number)))] = entry.name
    return found


def newest_for(
    pattern: re.Pattern[str], county_code: str, version: int | None = None
) -> tuple[str, str] | None:
    """(file name, text) of the newest file (or `version`) for the county, else its
    prefecture; None when neither has one."""
    files = bundled(pattern)
    candidates = [county_code]
    if len(county_code) == 6 and county_code[4:] != "00":
        candidates.append(county_code[:4] + "00")
    for code in candidates:
        versions = [v for (c, v) in files if c == code and (version is None or v == version)]
        if versions:
            name = files[(code, max(versions))]
            return name, resources.files("forms.bundled").joinpath(name).read_text("utf-8")
    return None
