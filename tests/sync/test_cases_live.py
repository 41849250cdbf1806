"""Cases through a real `doorstep-server serve` and the laptop's own sync client: operations go
out in sealed batches, a decision on the first day of a posting comes back refused with the
parameters the app shows, and the feed's cases parse on the laptop side."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

import httpx
import pytest

from sync import cases_wire as w
from sync.client import ClientConfig, DeviceIdentity, SyncClient

from .cases_helpers import MINUTES, approved_households, cases_of, upload
from .conftest import LiveServer, World
from .helpers import V1B, DeviceClient


def send(sync: SyncClient, dev: DeviceClient, *items: object) -> list[object]:
    records = [
        dev.record("case_op", uuid.uuid4(), op.model_dump(mode="json"), base=0)  # type: ignore[attr-defined]
        for op in items
    ]
    _bid, body = dev.batch(records)
    return list(sync.post_batch(body).results)


def test_a_decision_on_the_first_day_of_the_posting_is_refused_over_http(
    world: World, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOORSTEP_TODAY", raising=False)  # the server's own calendar day
    today = date.today()
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        made = approved_households(http, world, V1B, 2)
        town_dev, county_dev = world.devices["sup_t1"], world.devices["sup_c"]
        ids = cases_of(http, town_dev, made)
        # minutes no meeting names yet are nobody's to upload
        assert upload(http, town_dev, MINUTES) == 404
    config = ClientConfig(base_url=live_server.base_url, sleep=lambda _s: None)
    town = SyncClient(config, DeviceIdentity(town_dev.device_id, town_dev.token, town_dev.key))
    county = SyncClient(
        config, DeviceIdentity(county_dev.device_id, county_dev.token, county_dev.key)
    )
    try:
        steps = [
            [w.RequestCheck(case_id=c) for c in ids],
            [w.RecordCheck(case_id=c, outcome="eligible") for c in ids],
            [
                w.RecordMeeting(
                    meeting_id=uuid.uuid4(),
                    village_code=V1B,
                    held_on=today,
                    minutes_sha256=hashlib.sha256(MINUTES).hexdigest(),
                    minutes_size=len(MINUTES),
                    outcomes=[w.MeetingCaseOutcome(case_id=c, outcome="agree") for c in ids],
                )
            ],
        ]
        for batch in steps:
            assert {r.status for r in send(town, town_dev, *batch)} == {"accepted"}  # type: ignore[attr-defined]
        with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
            assert upload(http, town_dev, MINUTES) == 200
        reviews = [
            w.TownshipReview(
                case_id=c, outcome="pass", proposed_category="B", proposed_monthly_amount="250.00"
            )
            for c in ids
        ]
        posting = w.CreatePosting(
            posting_id=uuid.uuid4(), village_code=V1B, start_date=today, case_ids=ids
        )
        for batch in (reviews, [posting]):
            assert {r.status for r in send(town, town_dev, *batch)} == {"accepted"}  # type: ignore[attr-defined]
        decide = w.Decide(
            case_id=ids[0],
            outcome="approved",
            category="B",
            monthly_amount="250.00",
            start_month=f"{today:%Y-%m}",
        )
        (result,) = send(county, county_dev, decide)
        assert result.status == "rejected"  # type: ignore[attr-defined]
        problem = result.problems[0]  # type: ignore[attr-defined]
        assert problem.code == "posting_window_open"
        assert problem.params == {
            "day": 1,
            "window_days": 7,
            "days_left": 7,
            "ends_on": w.posting_end(today, 7).isoformat(),
        }
        # The laptop's feed: the cases, in posting, with a week to run.
        page = town.changes(None, 1000)
        cases = [w.CaseWire.model_validate(c.data) for c in page.changes if c.kind == "case"]
        mine = {c.case_id: c for c in cases if c.case_id in set(ids)}
        assert {c.step for c in mine.values()} == {"posting"}
        assert {c.days_left(today) for c in mine.values()} == {7}
        assert {c.next_action for c in mine.values()} == {"wait_posting"}
        assert any(c.kind == "posting" for c in page.changes)
    finally:
        town.close()
        county.close()
