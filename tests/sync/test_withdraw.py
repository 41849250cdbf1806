"""`doorstep-server admin withdraw-survey` on both databases: what a withdrawn survey leaves
(review queues, progress counts, the ledger, public and referral lists, discrepancies, spot
checks, the economic-status check), what it refuses (a blank reason, an unknown survey, an open
case, a later batch from a laptop that had not heard), and what the feed tells laptops."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sync.server import cli
from sync.server.models import (
    AuditEvent,
    ChangeCounter,
    RecordVersion,
    RegistryFinding,
    RegistryFlag,
    RegistrySubject,
    Survey,
)

from .cases_helpers import approved_households
from .conftest import World
from .helpers import V1A, V1B, push, survey_data
from .registry_helpers import csv_bytes, head_id, import_via_api, pull, surveyed
from .test_reports import seed
from .test_review import review

REASON = "recorded for the wrong household"


@pytest.fixture
def run(database_url: str, capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main(["admin", "--database-url", database_url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def key_of(factory: sessionmaker[Session], sid: uuid.UUID) -> str:
    with factory() as s:
        key = s.scalar(select(Survey.short_key).where(Survey.id == sid))
        assert key
        return key


def report(client: TestClient, world: World, dev: str, name: str) -> Any:
    r = client.get(
        f"/api/v1/reports/{name}",
        params={"campaign_id": str(world.campaign_id), "format": "json"},
        headers=world.devices[dev].auth(),
    )
    assert r.status_code == 200, r.text
    return r.json()


def queue(client: TestClient, world: World, dev: str, state: str) -> set[str]:
    r = client.get("/api/v1/surveys", params={"state": state}, headers=world.devices[dev].auth())
    assert r.status_code == 200, r.text
    return {s["id"] for s in r.json()}


def test_a_withdrawn_survey_leaves_queues_reports_and_lists(
    client: TestClient, world: World, factory: sessionmaker[Session], run: Any
) -> None:
    s = seed(client, world)  # a: township-approved (V1A), b: submitted (V1B), c: completed
    a, b = str(s["a"]), str(s["b"])
    assert a in queue(client, world, "sup_c", "township_approved")
    assert b in queue(client, world, "sup_t1", "submitted")
    ledger_before = {row["survey key"] for row in report(client, world, "sup_c", "ledger")}
    assert {key_of(factory, s["a"]), key_of(factory, s["b"])} <= ledger_before
    assert len(report(client, world, "sup_c", "public-list")) == 1
    gone = {key_of(factory, s["a"]), key_of(factory, s["b"])}
    assert gone <= {r["survey key"] for r in report(client, world, "sup_c", "referrals")}
    flags_before = {d["kind"] for d in report(client, world, "sup_c", "discrepancies")}
    assert "receives dibao, screened above 1.5x standard" in flags_before
    progress_before = {r["village"]: r for r in report(client, world, "admin", "progress")}
    assert progress_before[V1B]["submitted"] == 1
    assert progress_before[V1A]["township_approved"] == 1

    for sid in (s["a"], s["b"]):
        code, out, err = run("withdraw-survey", key_of(factory, sid), "--reason", REASON,
                             "--actor", "county-it")  # fmt: skip
        assert code == 0, err
        assert "withdrawn on" in out

    # the township queue and the county queue
    assert b not in queue(client, world, "sup_t1", "submitted")
    assert a not in queue(client, world, "sup_c", "township_approved")
    # the county can no longer act on it
    r = review(client, world.devices["sup_c"], s["a"], "approve")
    assert (r.status_code, r.json()["error"]) == (409, "survey_withdrawn")
    # the reports: counts, the ledger, the public list, referrals, discrepancies
    progress = {r["village"]: r for r in report(client, world, "admin", "progress")}
    assert (progress[V1B]["submitted"], progress[V1B]["completed"]) == (0, 0)
    assert progress[V1A]["township_approved"] == 0
    ledger = {row["survey key"] for row in report(client, world, "sup_c", "ledger")}
    assert ledger == ledger_before - {key_of(factory, s["a"]), key_of(factory, s["b"])}
    assert report(client, world, "sup_c", "public-list") == []
    referred = {r["survey key"] for r in report(client, world, "sup_c", "referrals")}
    assert referred == {key_of(factory, s["c"])}  # the third survey's needs stay
    kinds = {d["kind"] for d in report(client, world, "sup_c", "discrepancies")}
    assert "receives dibao, screened above 1.5x standard" not in kinds
    # a spot check draws from what is left only
    body = b'{"percent": 100, "states": ["submitted", "township_approved"]}'
    dev = world.devices["sup_c"]
    r = client.post(
        "/api/v1/supervision/spot-checks",
        content=body,
        headers={**dev.signed("POST", "/api/v1/supervision/spot-checks", body),
                 "Content-Type": "application/json"},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    drawn = {x["survey_id"] for c in r.json()["cadres"] for x in c["sample"]}
    assert not drawn & {a, b}
    # the survey itself is kept, with when and why, and the audit says who and why only
    key_a = key_of(factory, s["a"])
    with factory() as session:
        row = session.get(Survey, s["a"])
        assert row is not None
        assert (row.state, row.withdrawn_reason) == ("withdrawn", REASON)
        assert row.withdrawn_at is not None
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "survey.withdraw")
        ).all()
        assert {e.entity_id for e in events} == {a, b}
        detail = next(e.detail for e in events if e.entity_id == a)
        assert detail == {
            "actor": "county-it",
            "short_key": key_a,
            "state_before": "township_approved",
            "reason": REASON,
            "flags_closed": 0,
        }
        answers = row.answers
    assert answers["head_name"] not in str(detail)
    assert answers["head_id_number"] not in str(detail)


def test_the_feed_tells_the_cadre_and_the_reviewers(
    client: TestClient, world: World, factory: sessionmaker[Session], run: Any
) -> None:
    s = seed(client, world)
    assert run("withdraw-survey", str(s["b"]), "--reason", REASON)[0] == 0

    def of(name: str, kind: str) -> list[dict[str, Any]]:
        return [c for c in pull(client, world.devices[name]) if c["kind"] == kind]

    mine = of("cadre1", "withdrawal")
    assert [c["data"] for c in mine] == [
        {
            "survey_id": str(s["b"]),
            "short_key": key_of(factory, s["b"]),
            "withdrawn_at": mine[0]["data"]["withdrawn_at"],
            "reason": REASON,
        }
    ]
    assert of("cadre2", "withdrawal") == []  # another cadre, even of the same county
    town = {c["id"]: c["data"] for c in of("sup_t1", "survey")}
    assert town[str(s["b"])]["state"] == "withdrawn"
    assert town[str(s["b"])]["withdrawn_reason"] == REASON
    assert of("sup_t1", "withdrawal") == []
    assert str(s["b"]) not in {c["id"] for c in of("sup_t2", "survey")}  # another township


def test_refusals_change_nothing(
    client: TestClient, world: World, factory: sessionmaker[Session], run: Any
) -> None:
    s = seed(client, world)
    key = key_of(factory, s["b"])

    def counter() -> tuple[int, int]:
        with factory() as session:
            audits = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
            return audits, session.get(ChangeCounter, 1).value  # type: ignore[union-attr]

    before = counter()
    code, _out, err = run("withdraw-survey", key)
    assert code == 1
    assert "give the reason for withdrawing with --reason" in err
    assert run("withdraw-survey", key, "--reason", "   ")[0] == 1
    code, _out, err = run("withdraw-survey", "87654321", "--reason", REASON)
    assert (code, err.strip()) == (1, "doorstep-server: no survey 87654321 on this server")
    code, _out, err = run("withdraw-survey", "not-a-key", "--reason", REASON)
    assert code == 1
    assert "neither a survey id (UUID) nor a short key" in err
    code, _out, err = run("withdraw-survey", key, "--reason", REASON, "--county", "429999")
    assert (code, err.strip()) == (1, f"doorstep-server: no survey {key} in county 429999 "
                                      "on this server")  # fmt: skip
    assert counter() == before
    with factory() as session:
        assert session.get(Survey, s["b"]).state == "submitted"  # type: ignore[union-attr]

    assert run("withdraw-survey", key, "--reason", REASON)[0] == 0
    after = counter()
    code, out, _err = run("withdraw-survey", key, "--reason", "another reason")
    assert code == 0
    assert f"survey {key} was withdrawn already on" in out
    assert f"(reason: {REASON}); nothing changed" in out
    assert counter() == after
    with factory() as session:
        assert session.get(Survey, s["b"]).withdrawn_reason == REASON  # type: ignore[union-attr]


def test_a_later_batch_cannot_bring_it_back(
    client: TestClient, world: World, factory: sessionmaker[Session], run: Any
) -> None:
    """The cadre's laptop had the survey returned and edited it offline before it heard of the
    withdrawal: its next batch is refused record by record, and nothing is applied or kept."""
    s = seed(client, world)
    sid, cadre = s["b"], world.devices["cadre1"]
    assert review(client, world.devices["sup_t1"], sid, "return", comment="核实").status_code == 200
    assert run("withdraw-survey", str(sid), "--reason", REASON)[0] == 0
    with factory() as session:
        versions = session.scalar(select(func.count()).select_from(RecordVersion)) or 0
        row = session.get(Survey, sid)
        assert row is not None
        revision, hid = row.revision, row.household_id
    data = survey_data(hid, V1B, world.campaign_id, head=1, income=31000,
                       benefits=["dibao_rural"], recommendation="keep")  # fmt: skip
    attachment = {"survey_id": str(sid), "sha256": "ab" * 32, "size": 10, "kind": "photo",
                  "content_type": "image/jpeg"}  # fmt: skip
    r = push(client, cadre, [cadre.record("survey", sid, data),
                             cadre.record("attachment", uuid.uuid4(), attachment)])  # fmt: skip
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected", "rejected"]
    assert {x["problems"][0]["code"] for x in results} == {"survey_withdrawn"}
    assert REASON in results[0]["problems"][0]["message"]
    with factory() as session:
        row = session.get(Survey, sid)
        assert row is not None
        assert (row.state, row.revision) == ("withdrawn", revision)
        assert row.answers["income_wages"] != 31000
        assert session.scalar(select(func.count()).select_from(RecordVersion)) == versions
    assert sid not in {uuid.UUID(i) for i in queue(client, world, "sup_t1", "submitted")}


def test_the_registry_check_forgets_it(
    client: TestClient, world: World, factory: sessionmaker[Session], run: Any
) -> None:
    cadre, admin = world.devices["cadre1"], world.devices["admin"]
    hh = surveyed(client, cadre, V1A, world.campaign_id, head=1)
    vehicles = csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-03-04"]])
    assert import_via_api(client, admin, "vehicles", vehicles).status_code == 200
    pull(client, cadre)
    with factory() as session:
        sid = session.scalar(select(Survey.id).where(Survey.household_id == hh))
        assert session.scalar(select(func.count()).select_from(RegistryFinding)) == 1
    code, out, err = run("withdraw-survey", str(sid), "--reason", REASON)
    assert code == 0, err
    assert "1 registry-check flags closed" in out

    def state() -> tuple[int, int, list[bool]]:
        with factory() as session:
            findings = session.scalar(select(func.count()).select_from(RegistryFinding)) or 0
            subjects = session.scalar(select(func.count()).select_from(RegistrySubject)) or 0
            flags = list(session.scalars(select(RegistryFlag.active)))
            return findings, subjects, flags

    assert state() == (0, 0, [False])
    # the cadre's re-check task is withdrawn with the flag
    tasks = [c["data"] for c in pull(client, cadre) if c["kind"] == "recheck"]
    assert [t["state"] for t in tasks] == ["closed"]
    # a new extract matched over the whole county finds nothing for it
    again = csv_bytes("vehicles", [[head_id(1), "小型轿车", "2022-01-01"]])
    r = import_via_api(client, admin, "vehicles", again, extracted_on="2026-12-01")
    assert r.status_code == 200, r.text
    assert r.json()["findings"] == 0
    assert state() == (0, 0, [False])


def test_an_open_case_must_be_ended_first(
    client: TestClient, world: World, factory: sessionmaker[Session], run: Any
) -> None:
    [(_hid, sid)] = approved_households(client, world, V1A, 1)
    code, _out, err = run("withdraw-survey", str(sid), "--reason", REASON)
    assert code == 1
    assert "is the evidence of an open case: end the case first with its exit" in err
    assert "at step survey_approved" in err
    with factory() as session:
        assert session.get(Survey, sid).state == "county_approved"  # type: ignore[union-attr]
        assert not session.scalars(
            select(AuditEvent).where(AuditEvent.action == "survey.withdraw")
        ).all()


def test_the_check_falls_back_to_the_households_other_survey(
    client: TestClient, world: World, factory: sessionmaker[Session], run: Any
) -> None:
    """The check holds a household's latest survey: when that one is withdrawn, the one before
    it stands again, and the flags follow what it declared."""
    cadre, admin = world.devices["cadre1"], world.devices["admin"]
    vehicles = csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-03-04"]])
    assert import_via_api(client, admin, "vehicles", vehicles).status_code == 200
    hh = surveyed(client, cadre, V1A, world.campaign_id, head=1, vehicles=["car"])
    with factory() as session:
        first = session.scalar(select(Survey.id).where(Survey.household_id == hh))
    second = uuid.uuid4()
    r = push(client, cadre, [cadre.record("survey", second,
                                          survey_data(hh, V1A, world.campaign_id, head=1))])  # fmt: skip
    assert [x["status"] for x in r.json()["results"]] == ["accepted"], r.text

    def check() -> tuple[uuid.UUID | None, list[tuple[str, bool]]]:
        with factory() as session:
            subject = session.get(RegistrySubject, hh)
            flags = session.execute(select(RegistryFlag.rule, RegistryFlag.active)).all()
            return (subject.survey_id if subject else None), [tuple(f) for f in flags]

    assert check() == (second, [("registry_vehicle", True)])  # the second declared no car
    code, out, err = run("withdraw-survey", str(second), "--reason", REASON)
    assert code == 0, err
    assert "1 registry-check flags closed" in out
    assert check() == (first, [("registry_vehicle", False)])  # the first declared the car
