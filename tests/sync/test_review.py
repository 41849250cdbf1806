"""Two-level review: the state machine, comments pinned to questions, scope, the feed."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import World
from .helpers import V1A, V2A, DeviceClient, household_data, push, survey_data


def review(
    client: Any,
    dev: DeviceClient,
    survey_id: uuid.UUID,
    decision: str,
    comment: str = "",
    pinned: list[dict[str, str]] | None = None,
    review_id: uuid.UUID | None = None,
) -> Any:
    body = json.dumps(
        {
            "id": str(review_id or uuid.uuid4()),
            "survey_id": str(survey_id),
            "decision": decision,
            "comment": comment,
            "pinned": pinned or [],
        }
    ).encode()
    return client.post(
        "/api/v1/reviews",
        content=body,
        headers={**dev.signed("POST", "/api/v1/reviews", body), "Content-Type": "application/json"},
    )


def submitted(
    client: TestClient, world: World, cadre: str = "cadre1", village: str = V1A
) -> uuid.UUID:
    dev = world.devices[cadre]
    hid, sid = uuid.uuid4(), uuid.uuid4()
    r = push(
        client,
        dev,
        [
            dev.record("household", hid, household_data(village)),
            dev.record("survey", sid, survey_data(hid, village, world.campaign_id)),
        ],
    )
    assert [x["status"] for x in r.json()["results"]] == ["accepted", "accepted"]
    return sid


def test_two_levels(world: World, client: TestClient) -> None:
    sid = submitted(client, world)
    town, county = world.devices["sup_t1"], world.devices["sup_c"]
    # the county cannot act before the township
    r = review(client, county, sid, "approve")
    assert (r.status_code, r.json()["error"]) == (409, "illegal_transition")
    # a return needs a comment, and a pinned comment must name a question of the form
    assert review(client, town, sid, "return").status_code == 422
    bad_pin = review(
        client,
        town,
        sid,
        "return",
        pinned=[{"path": "members[1].no_such_question", "comment": "?"}],
    )
    assert (bad_pin.status_code, bad_pin.json()["error"]) == (422, "unknown_question")
    pinned = [{"path": "members[1].income_wages", "comment": "请核实务工收入"}]
    r = review(client, town, sid, "return", pinned=pinned)
    assert r.json()["state"] == "returned_by_township"
    # back from the cadre: the cadre's feed carries the decision with the pinned comment
    cadre = world.devices["cadre1"]
    feed = client.get("/api/v1/changes", headers=cadre.auth()).json()
    decisions = [c["data"] for c in feed["changes"] if c["kind"] == "review"]
    assert decisions[-1]["pinned"] == pinned
    assert decisions[-1]["state"] == "returned_by_township"
    cadre.revisions[sid] = 1
    hid = uuid.UUID(
        client.get(f"/api/v1/surveys/{sid}", headers=town.auth()).json()["household_id"]
    )
    push(client, cadre, [cadre.record("survey", sid, survey_data(hid, V1A, world.campaign_id))])
    assert review(client, town, sid, "approve").json()["state"] == "township_approved"
    assert review(client, county, sid, "return", "材料不全").json()["state"] == "returned_by_county"
    assert review(client, town, sid, "approve").json()["state"] == "township_approved"
    assert review(client, county, sid, "approve").json()["state"] == "county_approved"
    assert review(client, county, sid, "approve").status_code == 409
    detail = client.get(f"/api/v1/surveys/{sid}", headers=county.auth()).json()
    assert [r["state"] for r in detail["reviews"]] == [
        "returned_by_township",
        "township_approved",
        "returned_by_county",
        "township_approved",
        "county_approved",
    ]


@pytest.mark.parametrize("who", ["sup_t2", "cadre1", "cadre2"])
def test_reviews_outside_role_or_scope_are_refused(
    world: World, client: TestClient, who: str
) -> None:
    sid = submitted(client, world)
    r = review(client, world.devices[who], sid, "approve")
    assert r.status_code in (403, 404)


def test_review_is_idempotent_by_id(world: World, client: TestClient) -> None:
    sid = submitted(client, world)
    rid = uuid.uuid4()
    a = review(client, world.devices["sup_t1"], sid, "approve", review_id=rid)
    b = review(client, world.devices["sup_t1"], sid, "approve", review_id=rid)
    assert a.json() == b.json()


def test_review_from_a_supervisor_batch(world: World, client: TestClient) -> None:
    sid = submitted(client, world, "cadre2", V2A)
    sup = world.devices["sup_t2"]
    r = push(
        client,
        sup,
        [sup.record("review", uuid.uuid4(), {"survey_id": str(sid), "decision": "approve"})],
    )
    assert r.json()["results"][0]["status"] == "accepted"
    again = push(
        client,
        sup,
        [sup.record("review", uuid.uuid4(), {"survey_id": str(sid), "decision": "return"})],
    )
    assert again.json()["results"][0]["status"] == "rejected"


def test_conflicting_versions_listed_for_supervisors_in_scope(
    world: World, client: TestClient
) -> None:
    sid = submitted(client, world)
    dev, sup = world.devices["cadre1"], world.devices["sup_t1"]
    hid = uuid.UUID(client.get(f"/api/v1/surveys/{sid}", headers=sup.auth()).json()["household_id"])
    assert client.get("/api/v1/review/conflicts", headers=sup.auth()).json() == []

    # the cadre edits the survey while it is under review: the server keeps it as a conflict
    edited = survey_data(hid, V1A, world.campaign_id, income=99999)
    r = push(client, dev, [dev.record("survey", sid, edited)])
    assert r.json()["results"][0]["status"] == "conflict"
    listed = client.get("/api/v1/review/conflicts", headers=sup.auth()).json()
    assert [(c["survey_id"], c["revision"], c["conflicts"]) for c in listed] == [(str(sid), 1, 1)]
    assert (
        client.get("/api/v1/review/conflicts", headers=world.devices["sup_t2"].auth()).json() == []
    )
    assert client.get("/api/v1/review/conflicts", headers=dev.auth()).status_code == 403
    detail = client.get(f"/api/v1/surveys/{sid}", headers=sup.auth()).json()
    assert detail["answers"]["income_wages"] != 99999
    [conflict] = detail["conflicts"]
    assert conflict["open"] is True
    assert conflict["data"]["answers"]["income_wages"] == 99999

    # returned, then edited on the server's revision: settled, no longer listed
    assert review(client, sup, sid, "return", "请核实收入").status_code == 200
    r = push(client, dev, [dev.record("survey", sid, edited, base=1)])
    assert r.json()["results"][0]["status"] == "accepted"
    assert client.get("/api/v1/review/conflicts", headers=sup.auth()).json() == []
    detail = client.get(f"/api/v1/surveys/{sid}", headers=sup.auth()).json()
    assert [c["open"] for c in detail["conflicts"]] == [False]
