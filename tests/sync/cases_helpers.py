"""Helpers for the case tests: approved surveys, case operations pushed as a laptop does, the
feed's cases, and "today" moved with DOORSTEP_TODAY instead of sleeping."""

from __future__ import annotations

import json
import uuid
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
