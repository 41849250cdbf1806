"""Assistance standards as data: per county and per year, with the city's 2017 figures bundled.

A `Standards` holds the yearly 低保 lines (urban and rural), the 特困 line, the multiples for
temporary assistance and the screening thresholds. Counties ship their own as JSON
(`Standards.from_json` / `to_json`); the server sends them to laptops. `load_standards(county,
year)` finds the bundled standards for a county, falling back to its prefecture (a county inherits
the city's figures until it sets its own) and to the latest year not after `year` (a standard
stays in force until a new notice replaces it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from forms.bundled_files import bundled
from forms.errors import StandardsNotFoundError
from forms.money import MoneyError, per_month, to_decimal

_FILE = re.compile(r"standards-(?P<county>[0-9]{6})-(?P<year>[0-9]{4})\.json")
_DIVISION = re.compile(r"[0-9]{6}")


@dataclass(frozen=True)
class Standards:
    """One county's standards for one year. Money in yuan per person per year, as Decimal."""

    county_code: str
    year: int
    dibao_urban_year: Decimal
    dibao_rural_year: Decimal
    tekun_rural_year: Decimal
    tekun_urban_year: Decimal | None = None  # None: the county has no separate urban line
    temporary_multiple: Decimal = Decimal(6)
    temporary_special_multiple: Decimal = Decimal(12)
    marginal_multiple: Decimal = Decimal("1.5")
    recheck_multiple: Decimal = Decimal("1.5")
    left_behind_child_age: int = 16
    effective_from: date | None = None
    name: Mapping[str, str] = field(default_factory=dict)

    def dibao_year(self, hukou: str) -> Decimal:
        """The yearly 低保 line for `urban` or `rural` hukou."""
        return self.dibao_urban_year if hukou == "urban" else self.dibao_rural_year

    def dibao_month(self, hukou: str) -> Decimal:
        """The monthly 低保 line, unrounded (4417 / 12)."""
        return per_month(self.dibao_year(hukou))

    def tekun_year(self, hukou: str) -> Decimal:
        if hukou == "urban" and self.tekun_urban_year is not None:
            return self.tekun_urban_year
        return self.tekun_rural_year

    def temporary_max(self, hukou: str, *, special: bool = False) -> Decimal:
        """Most temporary assistance per person: 6 (or 12 in special hardship) monthly lines."""
        multiple = self.temporary_special_multiple if special else self.temporary_multiple
        return self.dibao_month(hukou) * multiple

    def to_json(self) -> dict[str, Any]:
        def money(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "county_code": self.county_code,
            "year": self.year,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "name": dict(self.name),
            "dibao_urban_year": money(self.dibao_urban_year),
            "dibao_rural_year": money(self.dibao_rural_year),
            "tekun_rural_year": money(self.tekun_rural_year),
            "tekun_urban_year": money(self.tekun_urban_year),
            "temporary_multiple": str(self.temporary_multiple),
            "temporary_special_multiple": str(self.temporary_special_multiple),
            "marginal_multiple": str(self.marginal_multiple),
            "recheck_multiple": str(self.recheck_multiple),
            "left_behind_child_age": self.left_behind_child_age,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Standards:
        """Read standards; `ValueError` naming the key when something is missing or wrong."""

        def amount(
            key: str, default: Decimal | None = None, optional: bool = False
        ) -> Decimal | None:
            value = data.get(key)
            if value is None:
                if default is not None or optional:
                    return default
                raise ValueError(f"standards: {key} is required")
            try:
                number = to_decimal(value)
            except MoneyError as error:
                raise ValueError(f"standards: {key}: {error}") from None
            if number < 0:
                raise ValueError(f"standards: {key} cannot be negative")
            return number

        county = data.get("county_code")
        if not isinstance(county, str) or not _DIVISION.fullmatch(county):
            raise ValueError("standards: county_code is a six-digit division code")
        year = data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2200:
            raise ValueError("standards: year is a four-digit year")
        effective = data.get("effective_from")
        try:
            effective_from = date.fromisoformat(effective) if isinstance(effective, str) else None
        except ValueError:
            raise ValueError("standards: effective_from is a date (YYYY-MM-DD)") from None
        age = data.get("left_behind_child_age", 16)
        if isinstance(age, bool) or not isinstance(age, int):
            raise ValueError("standards: left_behind_child_age is a whole number")
        name = data.get("name") or {}
        return cls(
            county_code=county,
            year=year,
            dibao_urban_year=amount("dibao_urban_year"),  # type: ignore[arg-type]
            dibao_rural_year=amount("dibao_rural_year"),  # type: ignore[arg-type]
            tekun_rural_year=amount("tekun_rural_year"),  # type: ignore[arg-type]
            tekun_urban_year=amount("tekun_urban_year", optional=True),
            temporary_multiple=amount("temporary_multiple", Decimal(6)),  # type: ignore[arg-type]
            temporary_special_multiple=amount("temporary_special_multiple", Decimal(12)),  # type: ignore[arg-type]
            marginal_multiple=amount("marginal_multiple", Decimal("1.5")),  # type: ignore[arg-type]
            recheck_multiple=amount("recheck_multiple", Decimal("1.5")),  # type: ignore[arg-type]
            left_behind_child_age=age,
            effective_from=effective_from,
            name={str(k): str(v) for k, v in name.items()} if isinstance(name, Mapping) else {},
        )


def _bundled() -> dict[tuple[str, int], str]:
    return bundled(_FILE, "year")


def bundled_standards() -> list[tuple[str, int]]:
    """(county code, year) of every bundled set of standards."""
    return sorted(_bundled())


def load_standards(county_code: str, year: int) -> Standards:
    """The bundled standards in force for a county in a year.

    Looks for the county, then its prefecture (`4212xx` → `421200`), each at the latest year not
    after `year`. Raises `StandardsNotFoundError` when there are none.
    """
    files = _bundled()
    candidates = [county_code]
    if len(county_code) == 6 and county_code[4:] != "00":
        candidates.append(county_code[:4] + "00")
    for code in candidates:
        years = [y for (c, y) in files if c == code and y <= year]
        if years:
            name = files[(code, max(years))]
            text = resources.files("forms.bundled").joinpath(name).read_text(encoding="utf-8")
            return Standards.from_json(json.loads(text))
    raise StandardsNotFoundError(f"no standards for county {county_code} in {year}")


def standards_for_answers(answers: Mapping[str, Any], today: date) -> Standards | None:
    """The standards for a household survey's village and visit year, or None when unknown.

    A village code is a 12-digit statistical division code whose first six digits are the county.
    """
    village = answers.get("village_code")
    if not isinstance(village, str) or len(village) < 6 or not village[:6].isdigit():
        return None
    visit = answers.get("visit_date")
    year = today.year
    if isinstance(visit, str) and len(visit) >= 4 and visit[:4].isdigit():
        year = int(visit[:4])
    try:
        return load_standards(village[:6], year)
    except StandardsNotFoundError:
        return None
