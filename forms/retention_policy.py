"""How long a county keeps what it collected, as data: `retention-<county>-v<version>.json`.

PIPL asks that personal information is kept no longer than its purpose needs; MLPS 2.0 level 3
and the Cybersecurity Law (art. 21) ask that the audit trail and network logs are kept at least
six months. A county's policy says, for each kind of data the server holds, when it goes:

- `photos.after_months`: the attachment bytes of the listed kinds (photos, documents; not the
  consent signature unless listed) once a campaign ended that many months ago;
- `audit_months`: audit rows older than that (at least 6);
- `server_logs_days`: log files in the server's log folder older than that (at least 180);
- `enrollment_codes_days`: enrollment codes used or expired that many days ago;
- `registry_extracts`: whether department extracts are purged, after the `retention_days` of the
  county's economic-status check definition (`forms.registry_check`), which stays the one
  place that number lives.

`load_policy(county)` finds the newest bundled policy of a county, falling back to its
prefecture, like `forms.registry_check.load_check`. Nothing here touches a database or a file
other than the bundled policy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from forms.bundled_files import newest_for
from forms.errors import FormsError

_FILE = re.compile(r"retention-(?P<county>[0-9]{6})-v(?P<version>[0-9]+)\.json")
ATTACHMENT_KINDS = ("photo", "document", "signature", "other")
MIN_AUDIT_MONTHS = 6
MIN_LOG_DAYS = 180
_KEYS = {"county_code", "version", "name", "photos", "audit_months", "server_logs_days",
         "enrollment_codes_days", "registry_extracts"}  # fmt: skip


class RetentionPolicyError(FormsError, ValueError):
    """A retention policy is not usable; the message names the key."""


@dataclass(frozen=True)
class RetentionPolicy:
    county_code: str
    version: int
    photo_months: int
    photo_kinds: tuple[str, ...]
    audit_months: int
    server_logs_days: int
    enrollment_codes_days: int
    registry_extracts: bool
    name: Mapping[str, str] = field(default_factory=dict)

    def photos_before(self, today: date) -> date:
        """Campaigns that ended before this day have their photos removed."""
        return months_before(today, self.photo_months)

    def audit_before(self, today: date) -> date:
        return months_before(today, self.audit_months)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the 31st becomes the month's last day)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def _whole(data: Mapping[str, Any], key: str, minimum: int, unit: str, why: str = "") -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RetentionPolicyError(f"{key}: a whole number of {unit}")
    if value < minimum:
        raise RetentionPolicyError(
            f"{key}: {value} {unit} is too short; at least {minimum} {unit}{why}"
        )
    return value


def policy_from_json(data: Mapping[str, Any]) -> RetentionPolicy:
    """Read a policy; `RetentionPolicyError` naming the key when something is wrong."""
    if not isinstance(data, Mapping):
        raise RetentionPolicyError("a retention policy is a JSON object")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise RetentionPolicyError(f"{unknown[0]}: not a key of a retention policy")
    county = data.get("county_code")
    if not isinstance(county, str) or not re.fullmatch(r"[0-9]{6}", county):
        raise RetentionPolicyError("county_code: a six-digit division code")
    version = _whole(data, "version", 1, "(version)")
    photos = data.get("photos")
    if not isinstance(photos, Mapping):
        raise RetentionPolicyError("photos: an object with after_months and kinds")
    photo_months = _whole(photos, "after_months", 1, "months")
    kinds = photos.get("kinds")
    if not isinstance(kinds, list) or not kinds or any(k not in ATTACHMENT_KINDS for k in kinds):
        raise RetentionPolicyError(f"photos.kinds: a list of {', '.join(ATTACHMENT_KINDS)}")
    audit_months = _whole(
        data, "audit_months", MIN_AUDIT_MONTHS, "months",
        " (MLPS 2.0 level 3 keeps the audit trail six months or more)",
    )  # fmt: skip
    log_days = _whole(
        data, "server_logs_days", MIN_LOG_DAYS, "days",
        " (the Cybersecurity Law, art. 21, keeps network logs six months or more)",
    )  # fmt: skip
    codes_days = _whole(data, "enrollment_codes_days", 1, "days")
    registry = data.get("registry_extracts")
    if not isinstance(registry, bool):
        raise RetentionPolicyError("registry_extracts: true or false")
    name = data.get("name") or {}
    return RetentionPolicy(
        county_code=county,
        version=version,
        photo_months=photo_months,
        photo_kinds=tuple(dict.fromkeys(str(k) for k in kinds)),
        audit_months=audit_months,
        server_logs_days=log_days,
        enrollment_codes_days=codes_days,
        registry_extracts=registry,
        name={str(k): str(v) for k, v in name.items()} if isinstance(name, Mapping) else {},
    )


@lru_cache(maxsize=64)  # bundled files do not change while a process runs
def load_policy(county_code: str, version: int | None = None) -> RetentionPolicy:
    """The newest bundled policy (or `version`) for a county, else for its prefecture."""
    found = newest_for(_FILE, county_code, version)
    if found is not None:
        name, text = found
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RetentionPolicyError(f"{name}: not JSON ({exc.msg}, line {exc.lineno})") from None
        try:
            return policy_from_json(data)
        except RetentionPolicyError as exc:
            raise RetentionPolicyError(f"{name}: {exc}") from None
    raise RetentionPolicyError(f"no retention policy for county {county_code}")
