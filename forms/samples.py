"""Realistic example answers for the household survey, for tests, benchmarks and the demo.

`sample_household()` returns the answers of a rural family in 嘉鱼县 (Jiayu county, 421221):
a disabled head, his wife, their son and daughter-in-law working away, a grandson at school and
the head's elderly mother, with incomes just under the rural 低保 line. The ID numbers are made
with valid check digits but are fictitious. `members` trims or extends the roster.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from forms.idnumber import make_id_number

REGION = "421221"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def _member(name: str, born: date, seq: int, relation: str, **answers: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": name,
        "id_number": make_id_number(REGION, born, seq),
        "relation": relation,
        "health": "healthy",
        "work_ability": "full",
        "occupation": "farming",
        "schooling": "junior",
        "works_away": "no",
        "left_behind": "none",
    }
    row.update(answers)
    return row


def sample_members() -> list[dict[str, Any]]:
    return [
        _member(
            "王建国", date(1968, 3, 14), 31, "head",
            health="disabled", disability_kind="physical", disability_grade="2",
            work_ability="partial", occupation="farming", schooling="primary",
        ),
        _member("李秀英", date(1970, 9, 2), 42, "spouse", health="chronic", left_behind="woman"),
        _member(
            "王磊", date(1994, 1, 20), 15, "child",
            occupation="migrant", schooling="senior", works_away="yes",
        ),
        _member(
            "张丽", date(1996, 5, 8), 26, "child_in_law",
            occupation="migrant", schooling="senior", works_away="yes",
        ),
        _member(
            "王子豪", date(2015, 11, 30), 57, "grandchild",
            work_ability="none", occupation="student", schooling="primary", left_behind="child",
        ),
        _member(
            "陈桂兰", date(1942, 2, 5), 28, "parent",
            health="serious", work_ability="none", occupation="none", schooling="none",
            left_behind="elderly",
        ),
    ]  # fmt: skip


def sample_household(members: int = 6) -> dict[str, Any]:
    """A complete, valid household-survey response (visit on 2024-03-12)."""
    roster = sample_members()
    while len(roster) < members:
        n = len(roster)
        roster.append(
            _member(f"王{n}", date(2000 + n % 20, 1 + n % 12, 1 + n % 28), 100 + n, "other")
        )
    return {
        "campaign_round": "start",
        "visit_date": "2024-03-12",
        "visit_outcome": "in_person",
        "village_code": "421221100201",
        "address": "咸宁市嘉鱼县鱼岳镇某村三组12号",
        "head_name": "王建国",
        "head_id_number": roster[0]["id_number"],
        "phone": "13972381234",
        "hukou_type": "rural",
        "members": roster[:members],
        "income_wages": "18000",
        "income_farming": "3200.00",
        "income_property": 0,
        "income_transfers": "2400",
        "income_other": "0",
        "exp_medical": "8600.50",
        "exp_education": "1200",
        "exp_disability_care": "1500",
        "exp_disaster": "0",
        "housing": "own",
        "housing_safety": "c_grade",
        "vehicles": ["motorcycle"],
        "savings_band": "under_5k",
        "has_business": "no",
        "large_machinery": "no",
        "livestock": 1,
        "benefits": ["registered_poor"],
        "causes": ["illness", "disability"],
        "needs": ["medical_aid", "housing_repair", "training"],
        "recommendation": "dibao",
        "photos": [
            {"photo_kind": "hukou_book", "photo": {"sha256": SHA, "mime": "image/jpeg"}},
            {"photo_kind": "medical_bill", "photo": SHA},
        ],
        "consent_signature": {"sha256": SHA},
    }
