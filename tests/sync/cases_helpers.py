"""Helpers for the case tests: approved surveys, case operations pushed as a laptop does, the
feed's cases, and "today" moved with DOORSTEP_TODAY instead of sleeping."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date
from typing import Any

import pytest

from sync import cases_wire as w

from .conftest import World
from .helpers import DeviceClient, household_data, push, survey_data


def review(client: Any, dev: DeviceClient, survey_id: uuid.UUID, decision: str = "approve") -> Any:
    body = json.dumps(
        {
            "id": str(uuid.uuid4()),
            "survey_id": str(survey_id),
            "decision": decision,
            "comment": "",
            "pinned": [],
        }
    ).encode()
    headers = {**dev.signed("POST", "/api/v1/reviews", body), "Content-Type": "application/json"}
    return client.post("/api/v1/reviews", content=body, headers=headers)


def approved_households(
    client: Any,
    world: World,
    village: str,
    n: int,
    *,
    cadre: str = "cadre1",
    township_sup: str = "sup_t1",
    **answers: Any,
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """`n` households with a survey recommending dibao, approved by township and county."""
    dev = world.devices[cadre]
    made = []
    records = []
    for i in range(n):
        hid, sid = uuid.uuid4(), uuid.uuid4()
        answers.setdefault("recommendation", "dibao")
        records.append(dev.record("household", hid, household_data(village, head=i)))
        records.append(
            dev.record(
                "survey",
                sid,
                survey_data(hid, village, world.campaign_id, head=i, income=1200, **answers),
            )
        )
        made.append((hid, sid))
    r = push(client, dev, records)
    assert {x["status"] for x in r.json()["results"]} == {"accepted"}, r.json()
    for _hid, sid in made:
        assert review(client, world.devices[township_sup], sid).status_code == 200
        r = review(client, world.devices["sup_c"], sid)
        assert r.json()["state"] == "county_approved", r.text
    return made


def ops(
    client: Any, dev: DeviceClient, *items: Any, ids: list[uuid.UUID] | None = None
) -> list[dict[str, Any]]:
    """Push case operations as `case_op` records; the per-record results."""
    records = []
    for i, op in enumerate(items):
        op_id = ids[i] if ids else uuid.uuid4()
        records.append(dev.record("case_op", op_id, op.model_dump(mode="json"), base=0))
    r = push(client, dev, records)
    assert r.status_code == 200, r.text
    return list(r.json()["results"])


def one(client: Any, dev: DeviceClient, op: Any) -> dict[str, Any]:
    return ops(client, dev, op)[0]


def refusal(result: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    assert result["status"] == "rejected", result
    return result["problems"][0]["code"], result["problems"][0]["params"]


def feed_cases(client: Any, dev: DeviceClient) -> dict[uuid.UUID, w.CaseWire]:
    """Every case the device is sent, the newest revision of each."""
    cases: dict[uuid.UUID, w.CaseWire] = {}
    after = None
    while True:
        params = {"after": after} if after else {}
        page = client.get("/api/v1/changes", params=params, headers=dev.auth()).json()
        for c in page["changes"]:
            if c["kind"] == "case":
                case = w.CaseWire.model_validate(c["data"])
                if case.case_id not in cases or cases[case.case_id].revision < case.revision:
                    cases[case.case_id] = case
        after = page["cursor"]
        if page["done"]:
            return cases


def set_today(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("DOORSTEP_TODAY", day)


MINUTES = b"\xff\xd8\xff\xe0" + b"minutes of the village appraisal meeting" * 50


def upload(client: Any, dev: DeviceClient, data: bytes) -> int:
    sha = hashlib.sha256(data).hexdigest()
    target = f"/api/v1/attachments/{sha}?offset=0"
    r = client.put(
        target,
        content=data,
        headers={**dev.signed("PUT", target, data), "Content-Type": "application/octet-stream"},
    )
    return int(r.status_code)


def cases_of(
    client: Any, dev: DeviceClient, made: list[tuple[uuid.UUID, uuid.UUID]]
) -> list[uuid.UUID]:
    by_household = {c.household_id: c.case_id for c in feed_cases(client, dev).values()}
    return [by_household[hid] for hid, _sid in made]


def to_posting(
    client: Any,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    village: str,
    n: int,
    town: str = "sup_t1",
    start: str = "2026-12-01",
    minutes: bytes = MINUTES,
) -> tuple[list[uuid.UUID], uuid.UUID]:
    """`n` cases in `village` through check, meeting and township review into a posting."""
    set_today(monkeypatch, "2026-11-20")
    made = approved_households(client, world, village, n, township_sup=town)
    dev = world.devices[town]
    ids = cases_of(client, dev, made)
    for make in (
        lambda c: w.RequestCheck(case_id=c),
        lambda c: w.RecordCheck(case_id=c, outcome="eligible"),
    ):
        assert {r["status"] for r in ops(client, dev, *[make(c) for c in ids])} == {"accepted"}
    meeting = w.RecordMeeting(
        meeting_id=uuid.uuid4(),
        village_code=village,
        held_on=date(2026, 11, 21),
        minutes_sha256=hashlib.sha256(minutes).hexdigest(),
        minutes_size=len(minutes),
        outcomes=[w.MeetingCaseOutcome(case_id=c, outcome="agree", votes_for=7) for c in ids],
    )
    assert one(client, dev, meeting)["status"] == "accepted"
    assert upload(client, dev, minutes) in (200, 409)
    reviews = [
        w.TownshipReview(
            case_id=c, outcome="pass", proposed_category="A", proposed_monthly_amount="368.08"
        )
        for c in ids
    ]
    assert {r["status"] for r in ops(client, dev, *reviews)} == {"accepted"}
    posting_id = uuid.uuid4()
    set_today(monkeypatch, start)
    op = w.CreatePosting(
        posting_id=posting_id,
        village_code=village,
        start_date=date.fromisoformat(start),
        case_ids=ids,
    )
    assert one(client, dev, op)["status"] == "accepted"
    return ids, posting_id
