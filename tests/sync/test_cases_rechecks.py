"""动态管理: an approved case gets its re-check date from its category, and the next round's
assignments list the households due, with their case, for a cadre who was offline meanwhile."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from sync import cases_wire as w
from sync.server.admin import service as admin

from .cases_helpers import feed_cases, one, ops, refusal, set_today, to_posting
from .conftest import World
from .helpers import V1A


def test_households_due_for_recheck_come_with_the_next_round(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cadre = world.devices["cadre1"]
    # The cadre's laptop pulls once now and then stays offline until the next round.
    first = client.get("/api/v1/changes", headers=cadre.auth()).json()
    ids, _posting = to_posting(client, world, monkeypatch, V1A, 3)
    set_today(monkeypatch, "2026-12-08")
    county = world.devices["sup_c"]
    categories = ["C", "B", "A"]  # every 3, 6 and 12 months
    results = ops(
        client,
        county,
        *[
            w.Decide(
                case_id=c,
                outcome="approved",
                category=cat,
                monthly_amount="300.00",
                start_month="2027-01",
            )
            for c, cat in zip(ids, categories, strict=True)
        ],
    )
    assert {r["status"] for r in results} == {"accepted"}
    cases = feed_cases(client, county)
    assert [cases[c].next_recheck_on for c in ids] == [
        date(2027, 3, 8),
        date(2027, 6, 8),
        date(2027, 12, 8),
    ]

    # The township report: the three decisions this month with their monthly total, and the
    # re-checks due by the end of the coming June round.
    report = client.get(
        "/api/v1/cases/report",
        params={"recheck_until": "2027-06-21"},
        headers=county.auth(),
    ).json()["421202001"]
    assert report["decisions_this_month"] == {"count": 3, "approved": 3, "monthly_total": "900.00"}
    assert report["rechecks_due"] == 2
    assert report["by_step"] == {"dibao": {"approved": 3}}

    # The mid-year round of 2027 (June): the C and B households are due, the A one is not.
    with factory() as s:
        camp = admin.create_campaign(s, "421202", 2027, "mid", date(2027, 6, 1), date(2027, 6, 21))
    with factory() as s:
        admin.assign(s, camp, "cadre1", [V1A])
    page = client.get(
        "/api/v1/changes", params={"after": first["cursor"]}, headers=cadre.auth()
    ).json()
    due = [
        c["data"]
        for c in page["changes"]
        if c["kind"] == "assignment"
        and c["data"].get("campaign_id") == str(camp)
        and c["data"].get("due") == "recheck"
    ]
    assert sorted(d["case_id"] for d in due) == sorted(str(c) for c in ids[:2])
    households = {cases[c].household_id for c in ids[:2]}
    assert {uuid.UUID(d["household_id"]) for d in due} == households
    # … and the cases themselves travel beside them, read-only, saying what is due.
    set_today(monkeypatch, "2027-06-10")
    cadre_cases = feed_cases(client, cadre)
    assert {cadre_cases[c].next_action for c in ids} == {"recheck_due", "none"}
    assert [cadre_cases[c].recheck_due(date(2027, 6, 21)) for c in ids] == [True, True, False]
    # Assigning again adds nothing twice.
    with factory() as s:
        assert admin.assign_rechecks(s, camp) == 0

    # The township starts the re-check; the case goes through the steps again.
    town = world.devices["sup_t1"]
    assert (
        one(client, town, w.StartRecheck(case_id=ids[0], reason="2027年中复核"))["status"]
        == "accepted"
    )
    assert one(client, town, w.RequestCheck(case_id=ids[0]))["status"] == "accepted"
    # A change of circumstances on another: exit, through the same steps.
    assert (
        one(
            client,
            town,
            w.ChangeCircumstances(
                case_id=ids[1], action="exit", reason="家庭成员外出务工，收入增加"
            ),
        )["status"]
        == "accepted"
    )
    code, params = refusal(one(client, town, w.StartRecheck(case_id=ids[1])))
    assert (code, params["step"]) == ("wrong_step", "recheck")
    assert feed_cases(client, town)[ids[1]].pending_change == "exit"
