"""A reviewer's queue made the way the changes feed makes it: `survey` changes applied through
the laptop's sync store (no server needed), with invented answers from `tests.sync.helpers`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from sync.protocol import Change
from tests.sync.helpers import T1, V1A, V1B, survey_answers

CADRES = ("测试干部甲", "测试干部乙", "测试干部丙")
RECOMMENDATIONS = ("verify", "dibao", "keep")


def seed_queue(store: Store, n: int, flagged_every: int = 4, start: int = 0) -> list[str]:
    """n submitted surveys in township T1; every `flagged_every`-th carries a screening flag."""
    base = datetime(2026, 3, 2, tzinfo=UTC)
    changes: list[Change] = []
    ids: list[str] = []
    for i in range(start, start + n):
        sid, hid = str(uuid.uuid4()), str(uuid.uuid4())
        village = V1A if i % 2 else V1B
        answers = survey_answers(village, head=i, recommendation=RECOMMENDATIONS[i % 3])
        ids.append(sid)
        changes.append(
            Change(
                kind="survey",
                id=sid,
                data={
                    "id": sid,
                    "revision": 1,
                    "short_key": f"{10000000 + i}",
                    "household_id": hid,
                    "campaign_id": None,
                    "form_id": "household-survey",
                    "form_version": 1,
                    "status": "submitted",
                    "state": "submitted",
                    "answers": answers,
                    "computed": {},
                    "flags": ["possibly_missed"] if i % flagged_every == 0 else [],
                    "cadre_id": str(uuid.uuid5(uuid.NAMESPACE_DNS, CADRES[i % 3])),
                    "cadre_name": CADRES[i % 3],
                    "village_code": village,
                    "township_code": T1,
                    "county_code": T1[:6],
                    "received_at": (base + timedelta(hours=i)).isoformat(),
                    "updated_at": (base + timedelta(hours=i)).isoformat(),
                    "household": {"village_code": village, "head_name": answers["head_name"]},
                },
            )
        )
    DesktopSyncStore(store).apply_changes(changes, "cursor-after-seed")
    return ids
