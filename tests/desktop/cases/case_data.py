"""Cases made the way the changes feed makes them: households, `case` and `case_rules` changes
applied through the laptop's sync store (no server needed). Names and ID numbers are invented."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from desktop.store.models import Division
from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from sync.cases_wire import CaseWire, posting_end
from sync.protocol import Change
from tests.sync.helpers import COUNTY, NAMES, T1, V1A, V1B, make_id

RULES = {
    "county_code": COUNTY,
    "version": 1,
    "stuck_days": 30,
    "programmes": [
        {
            "code": "dibao",
            "name": {"zh": "最低生活保障", "en": "Minimum living guarantee"},
            "stages": ["check", "appraisal", "township_review", "posting"],
            "decided_by": "township",
            "posting_days": 7,
            "recheck_months": {"A": 12, "B": 6, "C": 3},
        },
        {
            "code": "tekun",
            "name": {"zh": "特困人员供养", "en": "Support for destitute people"},
            "stages": ["check", "appraisal", "township_review", "posting"],
            "decided_by": "county",
            "posting_days": 7,
            "recheck_months": {"dispersed": 12},
        },
    ],
}
TODAY = date(2026, 12, 10)
NEXT_ACTION = {
    "check_recorded": "appraisal",
    "appraised": "township_review",
    "township_reviewed": "posting",
    "posting": "wait_posting",
    "recheck": "appraisal",
}
STEP_CYCLE = ("check_recorded", "appraised", "township_reviewed", "posting", "approved")


def case_wire(
    household_id: str, village: str, step: str, i: int = 0, **extra: Any
) -> dict[str, Any]:
    since = TODAY - timedelta(days=i % 40)
    fields: dict[str, Any] = {
        "case_id": str(uuid.uuid4()),
        "revision": 1,
        "household_id": household_id,
        "programme": "dibao" if i % 3 else "tekun",
        "source": "survey",
        "step": step,
        "step_since": since.isoformat(),
        "opened_on": (since - timedelta(days=20)).isoformat(),
        "village_code": village,
        "township_code": T1,
        "county_code": COUNTY,
        "rules_version": 1,
        "decided_by": "township",
        "proposed_monthly_amount": f"{300 + i % 50}.00",
        "proposed_category": "B",
        "next_action": NEXT_ACTION.get(step, "none"),
    }
    if step == "posting":
        start = TODAY - timedelta(days=i % 10)
        fields.update(
            posting_id=str(uuid.uuid4()),
            posting_start=start.isoformat(),
            posting_end=posting_end(start, 7).isoformat(),
        )
    if step == "approved":
        fields["next_recheck_on"] = (TODAY + timedelta(days=(i % 20) - 10)).isoformat()
    fields.update(extra)
    return CaseWire.model_validate(fields).model_dump(mode="json")


def seed_cases(store: Store, n: int, steps: tuple[str, ...] = STEP_CYCLE) -> list[dict[str, Any]]:
    """n households in T1's two villages, each with one case; returns the case rows sent."""
    with store.transaction() as s:
        for code, name, level, parent in (
            (COUNTY, "测试区", "county", None),
            (T1, "一号镇", "township", COUNTY),
            (V1A, "甲村", "village", T1),
            (V1B, "乙村", "village", T1),
        ):
            if s.get(Division, code) is None:
                s.add(Division(code=code, name=name, level=level, parent_code=parent))
                s.flush()
    changes: list[Change] = [Change(kind="case_rules", id=f"{COUNTY}:1", data=RULES)]
    wires = []
    for i in range(n):
        hid = str(uuid.uuid4())
        village = V1A if i % 2 else V1B
        changes.append(
            Change(
                kind="household",
                id=hid,
                data={
                    "id": hid,
                    "revision": 1,
                    "village_code": village,
                    "address": f"某组{i}号",
                    "head_name": f"{NAMES[i % len(NAMES)]}{i}",
                    "head_id_number": make_id(date(1960 + i % 40, 1 + i % 12, 1 + i % 28), i),
                    "phone": "13800000000",
                    "hukou_type": "rural",
                    "categories": [],
                },
            )
        )
        wire = case_wire(hid, village, steps[i % len(steps)], i)
        wires.append(wire)
        changes.append(Change(kind="case", id=wire["case_id"], data=wire))
    DesktopSyncStore(store).apply_changes(changes, "cursor-after-cases")
    return wires


def as_supervisor(store: Store, level: str = "township") -> None:
    store.set_state("role", "supervisor")
    store.set_state("review.level", level)
