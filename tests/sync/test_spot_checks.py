"""Spot checks (重点抽查): reproducible samples per cadre from a recorded seed, scope, outcomes;
who a reviewer is (`/supervision/me`); a household's history from the audit trail."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi.testclient import TestClient

from sync.server.supervision.spotchecks import draw_sample

from .conftest import World
from .helpers import V1A, V1B, V2A, DeviceClient, household_data, push, survey_data
from .test_review import review


def post(client: TestClient, dev: DeviceClient, path: str, body: dict[str, Any]) -> Any:
    raw = json.dumps(body).encode()
    target = "/api/v1" + path
    return client.post(
        target,
        content=raw,
        headers={**dev.signed("POST", target, raw), "Content-Type": "application/json"},
    )


def submit_many(client: TestClient, world: World, cadre: str, village: str, n: int) -> list[str]:
    dev = world.devices[cadre]
    records: list[dict[str, Any]] = []
    ids: list[str] = []
    for i in range(n):
        hid, sid = uuid.uuid4(), uuid.uuid4()
        records.append(dev.record("household", hid, household_data(village, head=i)))
        records.append(dev.record("survey", sid, survey_data(hid, village, world.campaign_id)))
        ids.append(str(sid))
    r = push(client, dev, records)
    assert {x["status"] for x in r.json()["results"]} == {"accepted"}
    return ids


def test_draw_is_reproducible_from_its_seed_and_scoped(world: World, client: TestClient) -> None:
    a = submit_many(client, world, "cadre1", V1A, 7) + submit_many(client, world, "cadre1", V1B, 3)
    b = submit_many(client, world, "cadre2", V2A, 4)
    town1, town2 = world.devices["sup_t1"], world.devices["sup_t2"]

    first = post(client, town1, "/supervision/spot-checks", {"percent": 30, "seed": 20260302})
    assert first.status_code == 200, first.text
    check = first.json()
    assert check["seed"] == 20260302
    [cadre] = check["cadres"]  # township 1 has one cadre; township 2's surveys are not drawn
    assert cadre["candidates"] == 10
    sample = [s["survey_id"] for s in cadre["sample"]]
    assert len(sample) == 3  # ceil(10 × 30 %)
    assert set(sample) <= set(a)
    assert not set(sample) & set(b)
    assert all(s["short_key"] for s in cadre["sample"])
    # the same seed over the same surveys draws the same sample, and verify redraws it
    again = post(client, town1, "/supervision/spot-checks", {"percent": 30, "seed": 20260302})
    assert [s["survey_id"] for s in again.json()["cadres"][0]["sample"]] == sample
    assert sample == draw_sample(a, 20260302, cadre["cadre_id"], 30)
    other = post(client, town1, "/supervision/spot-checks", {"percent": 30, "seed": 7}).json()
    assert isinstance(other["seed"], int)
    verified = client.get(
        f"/api/v1/supervision/spot-checks/{check['id']}/verify", headers=town1.auth()
    )
    assert verified.json()["reproduced"] is True
    # without a seed, the server picks one and records it
    auto = post(client, town1, "/supervision/spot-checks", {"percent": 10}).json()
    assert isinstance(auto["seed"], int)

    # township 2 does not see township 1's draw; the county does
    assert (
        client.get(
            f"/api/v1/supervision/spot-checks/{check['id']}", headers=town2.auth()
        ).status_code
        == 404
    )
    assert check["id"] not in {
        c["id"] for c in client.get("/api/v1/supervision/spot-checks", headers=town2.auth()).json()
    }
    county = world.devices["sup_c"]
    assert (
        client.get(
            f"/api/v1/supervision/spot-checks/{check['id']}", headers=county.auth()
        ).status_code
        == 200
    )

    # outcomes are recorded against sampled surveys only
    bad = post(
        client,
        town1,
        f"/supervision/spot-checks/{check['id']}/outcomes",
        {"survey_id": b[0], "outcome": "confirmed"},
    )
    assert (bad.status_code, bad.json()["error"]) == (422, "not_sampled")
    ok = post(
        client,
        town1,
        f"/supervision/spot-checks/{check['id']}/outcomes",
        {"survey_id": sample[0], "outcome": "discrepancy"},
    )
    assert ok.status_code == 200, ok.text
    got = {s["survey_id"]: s for s in ok.json()["cadres"][0]["sample"]}
    assert got[sample[0]]["outcome"] == "discrepancy"
    # cadres draw nothing; unsigned draws are refused
    assert (
        post(
            client, world.devices["cadre1"], "/supervision/spot-checks", {"percent": 10}
        ).status_code
        == 403
    )
    raw = client.post(
        "/api/v1/supervision/spot-checks", json={"percent": 10}, headers=town1.bearer()
    )
    assert raw.status_code == 426  # unsigned: refused as an out-of-date client


def test_seeded_draw_function_is_stable() -> None:
    ids = [str(uuid.UUID(int=i)) for i in range(40)]
    s1 = draw_sample(ids, 42, "c", 25)
    assert s1 == draw_sample(list(reversed(ids)), 42, "c", 25)  # order of candidates is irrelevant
    assert len(s1) == 10
    assert draw_sample(ids, 43, "c", 25) != s1
    assert draw_sample([], 42, "c", 25) == []
    assert len(draw_sample(ids[:1], 42, "c", 1)) == 1


def test_me_and_household_history(world: World, client: TestClient) -> None:
    me = client.get("/api/v1/supervision/me", headers=world.devices["sup_c"].auth()).json()
    assert me["review_level"] == "county"
    town1 = world.devices["sup_t1"]
    assert (
        client.get("/api/v1/supervision/me", headers=town1.auth()).json()["review_level"]
        == "township"
    )

    dev = world.devices["cadre1"]
    hid, sid = uuid.uuid4(), uuid.uuid4()
    push(
        client,
        dev,
        [
            dev.record("household", hid, household_data(V1A)),
            dev.record("survey", sid, survey_data(hid, V1A, world.campaign_id)),
        ],
    )
    assert review(client, town1, sid, "approve").status_code == 200
    client.get(
        "/api/v1/reports/ledger",
        params={"campaign_id": str(world.campaign_id)},
        headers=town1.auth(),
    )
    rows = client.get(
        "/api/v1/supervision/audit", params={"household_id": str(hid)}, headers=town1.auth()
    ).json()
    actions = [r["action"] for r in rows]
    assert "household.received" in actions
    assert "survey.received" in actions
    assert "review.approve" in actions
    assert "export.ledger" in actions
    received = next(r for r in rows if r["action"] == "survey.received")
    assert received["user"] == "cadre1"
    assert received["device_id"] == str(dev.device_id)
    assert "测试" not in json.dumps(rows, ensure_ascii=False)  # no names of people surveyed
    # out of scope looks like absent; cadres do not read the audit trail
    t2 = world.devices["sup_t2"]
    assert (
        client.get(
            "/api/v1/supervision/audit", params={"household_id": str(hid)}, headers=t2.auth()
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/api/v1/supervision/audit", params={"household_id": str(hid)}, headers=dev.auth()
        ).status_code
        == 403
    )
