"""A realistic household of six, in Chinese, for store tests and benchmarks."""

from __future__ import annotations

import uuid
from typing import Any

from desktop.store.models import Division
from desktop.store.records import HouseholdData, SurveyData

VILLAGE = "421202101201"
TOWNSHIP = "421202101"
COUNTY = "421202"

MEMBERS = [
    ("王建国", "421202196503124516", "head"),
    ("李桂英", "421202196708214523", "spouse"),
    ("王小军", "421202199001056510", "son"),
    ("王小红", "421202199512302525", "daughter"),
    ("王子涵", "421202201505016539", "grandson"),
    ("张秀兰", "421202194011114523", "mother"),
]


def divisions() -> list[Division]:
    return [
        Division(code=COUNTY, name="咸安区", level="county", parent_code=None),
        Division(code=TOWNSHIP, name="演示镇", level="township", parent_code=COUNTY),
        Division(code=VILLAGE, name="演示村", level="village", parent_code=TOWNSHIP),
    ]


def household(head: str = MEMBERS[0][0], id_number: str = MEMBERS[0][1]) -> HouseholdData:
    return HouseholdData(
        id=str(uuid.uuid4()),
        village_code=VILLAGE,
        head_name=head,
        address="演示村三组12号",
        head_id_number=id_number,
        phone="13907150000",
        hukou_type="rural",
        categories=("dibao_rural",),
        origin="registry",
    )


def answers(head: str = MEMBERS[0][0]) -> dict[str, Any]:
    return {
        "campaign_round": "start",
        "visit_date": "2026-03-02",
        "visit_outcome": "in_person",
        "village_code": VILLAGE,
        "address": "演示村三组12号",
        "head_name": head,
        "head_id_number": MEMBERS[0][1],
        "phone": "13907150000",
        "hukou_type": "rural",
        "members": [
            {
                "name": name,
                "id_number": idn,
                "relation": rel,
                "health": "chronic" if rel == "mother" else "healthy",
                "work_ability": "none" if rel in ("mother", "grandson") else "full",
                "occupation": "farming",
                "works_away": "yes" if rel == "son" else "no",
            }
            for name, idn, rel in MEMBERS
        ],
        "income_wages": "18000.00",
        "income_farming": "6500.50",
        "income_property": "0.00",
        "income_transfers": "2400.00",
        "income_other": "0.00",
        "exp_medical": "12000.00",
        "exp_education": "3000.00",
        "benefits": ["dibao_rural"],
        "needs": ["medical_aid", "jobs"],
        "recommendation": "keep",
    }


def survey(household_id: str, head: str = MEMBERS[0][0]) -> SurveyData:
    return SurveyData(
        id=str(uuid.uuid4()),
        household_id=household_id,
        form_id="household-survey",
        form_version=1,
        answers=answers(head),
    )
