"""Surveys on the supervisors' feed: submitted surveys reach reviewers in scope, never cadres."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from .conftest import World
from .helpers import V1A, V2A, DeviceClient, household_data, push, survey_data
from .test_review import review


def feed(client: TestClient, dev: DeviceClient) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        params = {"after": after} if after else {}
        page = client.get("/api/v1/changes", params=params, headers=dev.auth()).json()
        out.extend(page["changes"])
        after = page["cursor"]
        if page["done"]:
            return out


def surveys_in(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c["data"] for c in changes if c["kind"] == "survey"}


def test_submitted_surveys_reach_reviewers_in_scope_only(world: World, client: TestClient) -> None:
    c1, c2 = world.devices["cadre1"], world.devices["cadre2"]
    h1, s1, h2, s2, h3, s3 = (uuid.uuid4() for _ in range(6))
    push(
        client,
        c1,
        [
            c1.record("household", h1, household_data(V1A)),
            c1.record("survey", s1, survey_data(h1, V1A, world.campaign_id)),
            c1.record("household", h3, household_data(V1A, head=3)),
            c1.record("survey", s3, survey_data(h3, V1A, world.campaign_id, status="draft")),
        ],
    )
    push(
        client,
        c2,
        [
            c2.record("household", h2, household_data(V2A, head=1)),
            c2.record("survey", s2, survey_data(h2, V2A, world.campaign_id, head=1)),
        ],
    )
    town1 = surveys_in(feed(client, world.devices["sup_t1"]))
    assert set(town1) == {str(s1)}  # the draft is not on anyone's feed; township 2 is not here
    got = town1[str(s1)]
    assert got["state"] == "submitted"
    assert got["cadre_name"] == "cadre1"
    assert got["answers"]["village_code"] == V1A
    assert got["household"]["village_code"] == V1A
    assert set(surveys_in(feed(client, world.devices["sup_t2"]))) == {str(s2)}
    assert set(surveys_in(feed(client, world.devices["sup_c"]))) == {str(s1), str(s2)}
    # cadres never receive surveys on the feed, not even their own
    assert surveys_in(feed(client, c1)) == {}
    assert surveys_in(feed(client, c2)) == {}


def test_resubmission_goes_on_the_feed_again(world: World, client: TestClient) -> None:
    c1, town = world.devices["cadre1"], world.devices["sup_t1"]
    hid, sid = uuid.uuid4(), uuid.uuid4()
    push(
        client,
        c1,
        [
            c1.record("household", hid, household_data(V1A)),
            c1.record("survey", sid, survey_data(hid, V1A, world.campaign_id)),
        ],
    )
    first = client.get("/api/v1/changes", headers=town.auth()).json()
    assert review(client, town, sid, "return", comment="请补充").status_code == 200
    r = push(client, c1, [c1.record("survey", sid, survey_data(hid, V1A, world.campaign_id))])
    assert r.json()["results"][0]["status"] == "accepted"
    later = client.get(
        "/api/v1/changes", params={"after": first["cursor"]}, headers=town.auth()
    ).json()
    kinds = [(c["kind"], c["data"].get("state")) for c in later["changes"]]
    assert ("review", "returned_by_township") in kinds
    assert ("survey", "submitted") in kinds
    assert surveys_in(later["changes"])[str(sid)]["revision"] == 2
