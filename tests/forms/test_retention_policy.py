"""The retention policy as data: the bundled file, the prefecture fallback and clear refusals."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from forms.retention_policy import (
    RetentionPolicyError,
    load_policy,
    months_before,
    policy_from_json,
)

GOOD: dict[str, Any] = {
    "county_code": "421202",
    "version": 2,
    "photos": {"after_months": 12, "kinds": ["photo"]},
    "audit_months": 6,
    "server_logs_days": 180,
    "enrollment_codes_days": 30,
    "registry_extracts": False,
}


def test_a_county_without_its_own_policy_takes_the_prefecture_s() -> None:
    policy = load_policy("421202")
    assert (policy.county_code, policy.version) == ("421200", 1)
    assert policy.audit_months >= 6
    assert "signature" not in policy.photo_kinds  # the signed consent is evidence: kept
    with pytest.raises(RetentionPolicyError, match="no retention policy for county 110101"):
        load_policy("110101")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"audit_months": 5}, "audit_months: 5 months is too short; at least 6 months (MLPS"),
        ({"server_logs_days": 90}, "server_logs_days: 90 days is too short; at least 180 days"),
        ({"audit_months": "36"}, "audit_months: a whole number of months"),
        ({"audit_months": True}, "audit_months: a whole number of months"),
        ({"photos": {"after_months": 0, "kinds": ["photo"]}}, "after_months: 0 months is too"),
        ({"photos": {"after_months": 6, "kinds": ["selfie"]}}, "photos.kinds: a list of photo"),
        ({"photos": {"after_months": 6, "kinds": []}}, "photos.kinds"),
        ({"county_code": "4212"}, "county_code: a six-digit division code"),
        ({"registry_extracts": "yes"}, "registry_extracts: true or false"),
        ({"keep_forever": True}, "keep_forever: not a key of a retention policy"),
    ],
)
def test_a_bad_policy_is_refused_naming_the_key(change: dict[str, Any], message: str) -> None:
    with pytest.raises(RetentionPolicyError, match=message.replace("(", r"\(")):
        policy_from_json({**GOOD, **change})


def test_a_good_policy_reads_back_and_the_dates_count_calendar_months() -> None:
    policy = policy_from_json(json.loads(json.dumps(GOOD)))
    assert (policy.photo_months, policy.photo_kinds, policy.registry_extracts) == (
        12, ("photo",), False)  # fmt: skip
    assert policy.photos_before(date(2027, 2, 28)) == date(2026, 2, 28)
    assert policy.audit_before(date(2026, 8, 31)) == date(2026, 2, 28)
    assert months_before(date(2024, 8, 31), 6) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)
