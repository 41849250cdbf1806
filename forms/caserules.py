"""Per-county case rules as data: programmes, their steps, who decides, 公示 and re-check terms.

A county decides how its cases run, within the law: which programmes it runs as cases, which of
the optional stages each uses (the economic-status check, the village appraisal meeting, the
township review, the public posting), whether the township or the county decides (审批前移 moves
the decision down to townships in pilot counties), how many calendar days a posting runs, and
how often an approved household is re-checked per category (低保 A/B/C). These are versioned
JSON files like the standards (`rules-<county>-v<version>.json` in `forms/bundled/`), published
to the server with `doorstep-server admin case-rules`; a case keeps the rules version it opened
under only for the record, and always follows the county's newest published rules.

`CaseRules.from_json` validates and refuses a bad file with the key at fault; `load_case_rules`
finds the bundled rules of a county, falling back to its prefecture.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

STAGES: tuple[str, ...] = ("check", "appraisal", "township_review", "posting")
"""Optional stages, in the order a case passes them."""

LEVELS = ("township", "county")

_FILE = re.compile(r"rules-(?P<county>[0-9]{6})-v(?P<version>[0-9]{1,4})\.json")
_CODE = re.compile(r"[a-z][a-z0-9_]{1,31}")
_CATEGORY = re.compile(r"[A-Za-z0-9_]{1,20}")
_DIVISION = re.compile(r"[0-9]{6}")


class CaseRulesError(ValueError):
    """A rules file is not valid; the message names the key."""


@dataclass(frozen=True)
class ProgrammeRules:
    """How one programme's cases run in a county."""

    code: str
    name: Mapping[str, str]
    stages: tuple[str, ...]
    decided_by: str  # township | county
    posting_days: int = 7
    # months between re-checks per category; "" is the default for a case without a category
    recheck_months: Mapping[str, int] = field(default_factory=dict)
    # what proposes a case from an approved survey: the cadre's recommendation value and the
    # screening flags (either is enough)
    recommendation: str = ""
    screening_flags: tuple[str, ...] = ()

    def uses(self, stage: str) -> bool:
        return stage in self.stages

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(c for c in self.recheck_months if c)

    def recheck_interval(self, category: str) -> int | None:
        """Months to the next re-check for a category; None when the programme has none."""
        if category in self.recheck_months:
            return self.recheck_months[category]
        return self.recheck_months.get("")

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": dict(self.name),
            "stages": list(self.stages),
            "decided_by": self.decided_by,
            "posting_days": self.posting_days,
            "recheck_months": dict(self.recheck_months),
            "recommendation": self.recommendation,
            "screening_flags": list(self.screening_flags),
        }


@dataclass(frozen=True)
class CaseRules:
    county_code: str
    version: int
    programmes: Mapping[str, ProgrammeRules]
    effective_from: date | None = None
    name: Mapping[str, str] = field(default_factory=dict)
    stuck_days: int = 30  # a case in one step longer than this is "stuck" in the county's list

    def programme(self, code: str) -> ProgrammeRules | None:
        return self.programmes.get(code)

    def proposed_by(self, recommendation: str, flags: set[str]) -> list[str]:
        """Programme codes an approved survey proposes, in the file's order."""
        found = []
        for p in self.programmes.values():
            if (p.recommendation and p.recommendation == recommendation) or (
                flags & set(p.screening_flags)
            ):
                found.append(p.code)
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "county_code": self.county_code,
            "version": self.version,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "name": dict(self.name),
            "stuck_days": self.stuck_days,
            "programmes": [p.to_json() for p in self.programmes.values()],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CaseRules:
        if not isinstance(data, Mapping):
            raise CaseRulesError("case rules: the file holds an object")
        county = data.get("county_code")
        if not isinstance(county, str) or not _DIVISION.fullmatch(county):
            raise CaseRulesError("case rules: county_code is a six-digit division code")
        version = _whole(data.get("version"), "version", 1, 9999)
        stuck = _whole(data.get("stuck_days", 30), "stuck_days", 1, 3650)
        effective = data.get("effective_from")
        try:
            effective_from = date.fromisoformat(effective) if isinstance(effective, str) else None
        except ValueError:
            raise CaseRulesError("case rules: effective_from is a date (YYYY-MM-DD)") from None
        raw = data.get("programmes")
        if not isinstance(raw, list) or not raw:
            raise CaseRulesError("case rules: programmes is a non-empty list")
        programmes: dict[str, ProgrammeRules] = {}
        for index, item in enumerate(raw):
            p = _programme(item, f"programmes[{index}]")
            if p.code in programmes:
                raise CaseRulesError(f"case rules: programme {p.code} is listed twice")
            programmes[p.code] = p
        return cls(
            county_code=county,
            version=version,
            programmes=programmes,
            effective_from=effective_from,
            name=_names(data.get("name"), "name"),
            stuck_days=stuck,
        )


def _whole(value: Any, key: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CaseRulesError(f"case rules: {key} is a whole number from {low} to {high}")
    return value


def _names(value: Any, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise CaseRulesError(f"case rules: {key} maps a language to a name")
    return {str(k): str(v) for k, v in value.items()}


def _programme(item: Any, where: str) -> ProgrammeRules:
    if not isinstance(item, Mapping):
        raise CaseRulesError(f"case rules: {where} is an object")
    code = item.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise CaseRulesError(f"case rules: {where}.code is a lower-case code like 'dibao'")
    stages = item.get("stages", list(STAGES))
    if not isinstance(stages, list) or any(s not in STAGES for s in stages):
        raise CaseRulesError(f"case rules: {where}.stages lists some of {', '.join(STAGES)}")
    if len(set(stages)) != len(stages):
        raise CaseRulesError(f"case rules: {where}.stages lists a stage twice")
    ordered = tuple(s for s in STAGES if s in stages)  # always in the legal order
    decided_by = item.get("decided_by")
    if decided_by not in LEVELS:
        raise CaseRulesError(f"case rules: {where}.decided_by is township or county")
    posting_days = _whole(item.get("posting_days", 7), f"{where}.posting_days", 1, 60)
    months = item.get("recheck_months", {})
    if not isinstance(months, Mapping):
        raise CaseRulesError(f"case rules: {where}.recheck_months maps a category to months")
    recheck: dict[str, int] = {}
    for category, value in months.items():
        if category and not _CATEGORY.fullmatch(str(category)):
            raise CaseRulesError(f"case rules: {where}.recheck_months: bad category {category!r}")
        recheck[str(category)] = _whole(value, f"{where}.recheck_months.{category}", 1, 120)
    recommendation = item.get("recommendation", "")
    flags = item.get("screening_flags", [])
    if not isinstance(recommendation, str) or not isinstance(flags, list):
        raise CaseRulesError(f"case rules: {where}: recommendation is text, screening_flags a list")
    return ProgrammeRules(
        code=code,
        name=_names(item.get("name"), f"{where}.name"),
        stages=ordered,
        decided_by=decided_by,
        posting_days=posting_days,
        recheck_months=recheck,
        recommendation=recommendation,
        screening_flags=tuple(str(f) for f in flags),
    )


def _bundled() -> dict[tuple[str, int], str]:
    found: dict[tuple[str, int], str] = {}
    for entry in resources.files("forms.bundled").iterdir():
        match = _FILE.fullmatch(entry.name)
        if match:
            found[(match.group("county"), int(match.group("version")))] = entry.name
    return found


def read_case_rules(text: str) -> CaseRules:
    """Rules from a file's text; `CaseRulesError` when it is not JSON or not valid."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CaseRulesError(f"case rules: not JSON: line {error.lineno}: {error.msg}") from None
    return CaseRules.from_json(data)


@functools.lru_cache(maxsize=64)
def load_case_rules(county_code: str) -> CaseRules | None:
    """The newest bundled rules for a county or, failing that, its prefecture (as the county's
    own: a county inherits the city's rules until it publishes its own). Cached: the server
    asks on every approval, and the bundled files do not change while it runs."""
    files = _bundled()
    candidates = [county_code]
    if len(county_code) == 6 and county_code[4:] != "00":
        candidates.append(county_code[:4] + "00")
    for code in candidates:
        versions = [v for (c, v) in files if c == code]
        if versions:
            name = files[(code, max(versions))]
            text = resources.files("forms.bundled").joinpath(name).read_text(encoding="utf-8")
            rules = read_case_rules(text)
            if code != county_code:
                rules = CaseRules(
                    county_code=county_code,
                    version=rules.version,
                    programmes=rules.programmes,
                    effective_from=rules.effective_from,
                    name=rules.name,
                    stuck_days=rules.stuck_days,
                )
            return rules
    return None
