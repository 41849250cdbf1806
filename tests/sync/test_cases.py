"""The case path through the real server: twelve households from approved surveys through one
appraisal meeting, one posting with two objections, and decisions after the window."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sync import cases_wire as w
from sync.server.models import AuditEvent

from .cases_helpers import approved_households, feed_cases, one, ops, refusal, set_today
from .conftest import World
from .helpers import V1A, DeviceClient

MINUTES = b"\xff\xd8\xff\xe0" + b"minutes of the village appraisal meeting" * 50


def upload(client: TestClient, dev: DeviceClient, data: bytes) -> int:
    sha = hashlib.sha256(data).hexdigest()
    target = f"/api/v1/attachments/{sha}?offset=0"
    r = client.put(
        target,
        content=data,
        headers={**dev.signed("PUT", target, data), "Content-Type": "application/octet-stream"},
    )
    return int(r.status_code)


def test_twelve_households_one_meeting_one_posting(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_today(monkeypatch, "2026-11-20")
    made = approved_households(client, world, V1A, 12)
    town, county = world.devices["sup_t1"], world.devices["sup_c"]

    # The county's approval opened a dibao case per household (the recommendation proposes it).
    cases = feed_cases(client, town)
    assert len(cases) == 12
    assert {c.step for c in cases.values()} == {"survey_approved"}
    assert {c.programme for c in cases.values()} == {"dibao"}
    assert {c.decided_by for c in cases.values()} == {"county"}  # the city's bundled rules
    by_household = {c.household_id: c.case_id for c in cases.values()}
    ids = [by_household[hid] for hid, _sid in made]

    results = ops(client, town, *[w.RequestCheck(case_id=c) for c in ids])
    assert {r["status"] for r in results} == {"accepted"}
    results = ops(client, town, *[w.RecordCheck(case_id=c, outcome="eligible") for c in ids])
    assert {r["status"] for r in results} == {"accepted"}

    sha = hashlib.sha256(MINUTES).hexdigest()
    meeting = w.RecordMeeting(
        meeting_id=uuid.uuid4(),
        village_code=V1A,
        held_on=date(2026, 11, 22),
        place="村委会",
        members_present=["村主任", "村民代表甲", "村民代表乙"],
        minutes_sha256=sha,
        minutes_size=len(MINUTES),
        outcomes=[
            w.MeetingCaseOutcome(case_id=c, outcome="agree", votes_for=9, votes_against=1)
            for c in ids
        ],
    )
    set_today(monkeypatch, "2026-11-22")
    assert one(client, town, meeting)["status"] == "accepted"
    # The photo of the minutes follows the op; the township review waits for it.
    review_op = w.TownshipReview(
        case_id=ids[0], outcome="pass", proposed_category="A", proposed_monthly_amount="368.08"
    )
    assert refusal(one(client, town, review_op)) == ("minutes_missing", {"sha256": sha})
    assert upload(client, town, MINUTES) == 200
    results = ops(
        client,
        town,
        *[
            w.TownshipReview(
                case_id=c, outcome="pass", proposed_category="A", proposed_monthly_amount="368.08"
            )
            for c in ids
        ],
    )
    assert {r["status"] for r in results} == {"accepted"}

    set_today(monkeypatch, "2026-12-01")
    posting_id = uuid.uuid4()
    posted = one(
        client,
        town,
        w.CreatePosting(
            posting_id=posting_id, village_code=V1A, start_date=date(2026, 12, 1), case_ids=ids
        ),
    )
    assert posted["status"] == "accepted"

    # Day 3: two objections. One is upheld (back to re-check), one dismissed with a reason.
    set_today(monkeypatch, "2026-12-03")
    upheld_id, dismissed_id = uuid.uuid4(), uuid.uuid4()
    results = ops(
        client,
        town,
        w.RecordObjection(
            objection_id=upheld_id,
            case_id=ids[0],
            received_on=date(2026, 12, 3),
            raised_by="村民",
            content="家中有人在外务工，收入未如实申报",
        ),
        w.RecordObjection(
            objection_id=dismissed_id,
            case_id=ids[1],
            received_on=date(2026, 12, 3),
            content="他家有车",
        ),
    )
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    no_reason = w.SettleObjection(objection_id=dismissed_id, case_id=ids[1], outcome="dismissed")
    assert refusal(one(client, town, no_reason)) == ("reason_required", {"field": "reason"})
    results = ops(
        client,
        town,
        w.SettleObjection(
            objection_id=upheld_id, case_id=ids[0], outcome="upheld", reason="外出务工收入属实"
        ),
        w.SettleObjection(
            objection_id=dismissed_id,
            case_id=ids[1],
            outcome="dismissed",
            reason="车辆为三轮农用车，不影响认定",
        ),
    )
    assert [r["status"] for r in results] == ["accepted", "accepted"]

    # Day 5: a decision inside the window is refused, with what the app needs to say so.
    set_today(monkeypatch, "2026-12-05")
    decide = w.Decide(
        case_id=ids[2],
        outcome="approved",
        category="A",
        monthly_amount="368.08",
        start_month="2026-12",
    )
    code, params = refusal(one(client, county, decide))
    assert code == "posting_window_open"
    assert params == {"day": 5, "window_days": 7, "ends_on": "2026-12-07", "days_left": 3}

    # Day 8: the window has closed. The township may not decide where the county does.
    set_today(monkeypatch, "2026-12-08")
    code, params = refusal(one(client, town, decide))
    assert (code, params["level"], params["op"]) == ("not_allowed_for_role", "township", "decide")
    decisions = [
        w.Decide(
            case_id=c,
            outcome="approved",
            category="A" if i % 2 else "B",
            monthly_amount="368.08",
            start_month="2026-12",
        )
        for i, c in enumerate(ids[1:], start=1)
    ]
    decision_ids = [uuid.uuid4() for _ in decisions]
    results = ops(client, county, *decisions, ids=decision_ids)
    assert {r["status"] for r in results} == {"accepted"}
    # The upheld case went back to re-check: it cannot be decided from the posting.
    code, params = refusal(one(client, county, decide.model_copy(update={"case_id": ids[0]})))
    assert (code, params["step"]) == ("wrong_step", "recheck")
    # The same operations sent again are applied once.
    again = ops(client, county, *decisions, ids=decision_ids)
    assert {r["status"] for r in again} == {"duplicate"}

    cases = feed_cases(client, county)
    approved = [cases[c] for c in ids[1:]]
    assert {c.step for c in approved} == {"approved"}
    assert {c.step_since for c in approved} == {date(2026, 12, 8)}
    # Re-checks by category from the rules: A every 12 months, B every 6.
    assert {c.decision.category: c.next_recheck_on for c in approved if c.decision} == {
        "A": date(2027, 12, 8),
        "B": date(2027, 6, 8),
    }
    back = cases[ids[0]]
    assert (back.step, back.next_action) == ("recheck", "request_check")
    assert back.objections_summary == w.ObjectionsSummary(total=1, open=0, upheld=1)
    assert cases[ids[1]].objections[0].reason == "车辆为三轮农用车，不影响认定"
    assert cases[ids[1]].appraisal is not None
    assert cases[ids[1]].appraisal.votes_for == 9

    # The cadre's laptop sees the state of the cases in their villages, not the objections.
    cadre_view = feed_cases(client, world.devices["cadre1"])
    assert set(cadre_view) == set(ids)
    assert cadre_view[ids[1]].objections == []
    assert cadre_view[ids[1]].objections_summary.dismissed == 1
    assert cadre_view[ids[0]].next_action == "request_check"
    # … and cannot move them.
    code, params = refusal(one(client, world.devices["cadre1"], w.StartRecheck(case_id=ids[1])))
    assert (code, params["role"]) == ("not_allowed_for_role", "cadre")

    # Every move is in the audit trail: who, which device, from which step to which.
    with factory() as s:
        decided = s.scalars(select(AuditEvent).where(AuditEvent.action == "case.decide")).all()
        upheld = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "case.settle_objection")
        ).all()
    assert len(decided) == 11
    assert {(e.user_id, e.device_id) for e in decided} == {(county.user_id, county.device_id)}
    assert {(e.detail["from"], e.detail["to"]) for e in decided} == {("posting", "approved")}
    assert sorted((e.detail["from"], e.detail["to"]) for e in upheld) == [
        ("posting", "posting"),
        ("posting", "recheck"),
    ]
