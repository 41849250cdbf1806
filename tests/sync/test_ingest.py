"""Batch ingest: per-record results, idempotency, atomicity, conflicts, sequence gaps, refusals."""

from __future__ import annotations

import gzip
import uuid
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import REPLAY_HEADER, BatchResult
from sync.server.models import AuditEvent, BatchReceipt, Household, RecordVersion, Survey, Visit

from .conftest import World
from .helpers import V1A, V2A, household_data, post_body, push, survey_data


def counts(factory: sessionmaker[Session]) -> tuple[int, ...]:
    with factory() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Household, Survey, Visit, RecordVersion, BatchReceipt, AuditEvent)
        )


def test_a_batch_is_applied_with_a_result_per_record(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    hid, sid, vid, hid2 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    records = [
        dev.record("household", hid, household_data(V1A)),
        dev.record("survey", sid, survey_data(hid, V1A, world.campaign_id)),
        dev.record("household", hid2, household_data(V1A, head=1)),
        dev.record(
            "visit",
            vid,
            {
                "household_id": str(hid2),
                "campaign_id": str(world.campaign_id),
                "outcome": "nobody_home",
                "revisit_date": "2026-03-09",
            },
        ),
        dev.record(
            "attachment", uuid.uuid4(), {"survey_id": str(sid), "sha256": "ab" * 32, "size": 10}
        ),
    ]
    r = push(client, dev, records)
    assert r.status_code == 200, r.text
    result = BatchResult.model_validate(r.json())
    assert [x.status for x in result.results] == ["accepted"] * 5
    assert result.highest_contiguous_seq == 5
    key = result.results[1].short_key
    assert key is not None
    assert len(key) == 8
    assert key.isdigit()
    with factory() as s:
        survey = s.get(Survey, sid)
        assert survey is not None
        assert (survey.state, survey.township_code, survey.short_key) == (
            "submitted",
            "421202001",
            key,
        )
        assert survey.computed["income_per_capita_month"] == "125.00"
        assert "dibao_income" in survey.flags
    # the short key finds the survey for a supervisor
    sup = world.devices["sup_t1"]
    assert client.get(f"/api/v1/surveys/{key}", headers=sup.auth()).json()["id"] == str(sid)


def test_the_same_batch_twice_changes_nothing(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    hid = uuid.uuid4()
    bid, body = dev.batch(
        [
            dev.record("household", hid, household_data(V1A)),
            dev.record("survey", uuid.uuid4(), survey_data(hid, V1A, world.campaign_id)),
        ]
    )
    first = post_body(client, dev, body)
    before = counts(factory)
    second = post_body(client, dev, body)
    assert second.status_code == 200
    assert second.json() == first.json()
    assert (first.headers[REPLAY_HEADER], second.headers[REPLAY_HEADER]) == ("0", "1")
    assert counts(factory) == before
    # a different body under a used batch id is refused, and stores nothing
    _, other = dev.batch([dev.record("household", uuid.uuid4(), household_data(V1A, head=2))], bid)
    refused = post_body(client, dev, other)
    assert refused.status_code == 409
    assert refused.json()["error"] == "batch_id_reused"
    assert counts(factory) == before


def test_one_bad_record_is_rejected_and_the_rest_applied(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    hid = uuid.uuid4()
    bad = survey_data(hid, V1A, world.campaign_id, head_id_number="123", income_wages=-5)
    records = [
        dev.record("household", hid, household_data(V1A)),
        dev.record("survey", uuid.uuid4(), bad),
        dev.record(
            "survey",
            uuid.uuid4(),
            survey_data(hid, V2A, world.campaign_id, form_id="nope") | {"form_id": "no-such-form"},
        ),
        {
            "kind": "survey",
            "id": str(uuid.uuid4()),
            "revision": 1,
            "base_revision": 0,
            "seq": dev.next_seq(),
            "data": {"oops": 1},
        },
        dev.record("household", uuid.uuid4(), household_data(V2A)),  # outside cadre1's villages
    ]
    r = push(client, dev, records)
    assert r.status_code == 200
    res = r.json()["results"]
    assert [x["status"] for x in res] == [
        "accepted",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
    ]
    paths = {p["path"] for p in res[1]["problems"]}
    assert "head_id_number" in paths
    assert res[2]["problems"][0]["code"] == "unknown_form"
    assert res[3]["problems"]
    assert res[4]["problems"][0]["code"] == "out_of_scope"
    assert r.json()["highest_contiguous_seq"] == 5  # rejected records still count as received
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Survey)) == 0
        assert s.scalar(select(func.count()).select_from(Household)) == 1


def test_stale_base_is_kept_as_a_conflict(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    hid = uuid.uuid4()
    push(client, dev, [dev.record("household", hid, household_data(V1A))])
    push(
        client, dev, [dev.record("household", hid, household_data(V1A, address="新地址"))]
    )  # rev 2
    stale = dev.record("household", hid, household_data(V1A, address="旧的编辑"), base=1)
    r = push(client, dev, [stale])
    res = r.json()["results"][0]
    assert (res["status"], res["server_revision"]) == ("conflict", 2)
    with factory() as s:
        h = s.get(Household, hid)
        assert h is not None
        assert (h.revision, h.address) == (2, "新地址")
        kept = s.scalars(
            select(RecordVersion).where(
                RecordVersion.record_id == hid, RecordVersion.status == "conflict"
            )
        ).one()
        assert kept.payload["address"] == "旧的编辑"


def test_sequence_gap_shows_in_the_reply(world: World, client: TestClient) -> None:
    dev = world.devices["cadre2"]
    r1 = push(client, dev, [dev.record("household", uuid.uuid4(), household_data(V2A))])
    assert r1.json()["highest_contiguous_seq"] == 1
    dev.seq += 1  # seq 2 is lost in transit
    r2 = push(client, dev, [dev.record("household", uuid.uuid4(), household_data(V2A, head=2))])
    assert r2.json()["highest_contiguous_seq"] == 1
    late = {
        "kind": "household",
        "id": str(uuid.uuid4()),
        "revision": 1,
        "base_revision": 0,
        "seq": 2,
        "data": household_data(V2A, head=3),
    }
    r3 = push(client, dev, [late])
    assert r3.json()["highest_contiguous_seq"] == 3


def test_refused_batches_store_nothing(
    world: World, client: TestClient, factory: sessionmaker[Session], settings: object
) -> None:
    dev = world.devices["cadre1"]
    before = counts(factory)
    _, body = dev.batch([dev.record("household", uuid.uuid4(), household_data(V1A))])
    body_with_nan = gzip.decompress(body).replace(b'"revision":1', b'"revision":NaN', 1)
    cases = {
        b"not gzip at all": (400, "bad_batch"),
        body[: len(body) // 2]: (400, "bad_batch"),  # cut off: incomplete gzip stream
        gzip.compress(b"[1,2,3]"): (422, "invalid_batch"),
        gzip.compress(b'{"batch_id": 5}'): (422, "invalid_batch"),
        gzip.compress(body_with_nan): (400, "bad_batch"),  # not JSON, though Python reads it
        gzip.compress(b"\0" * (70 * 1024 * 1024)): (
            413,
            "batch_too_large",
        ),  # inflates past the cap
    }
    for raw, (status, error) in cases.items():
        r = post_body(client, dev, raw)
        assert (r.status_code, r.json()["error"]) == (status, error), r.text
        assert r.json()["message"]
    other = world.devices["cadre2"]
    r = post_body(client, other, body)  # signed by cadre2, but the batch names cadre1's device
    assert r.status_code == 403
    assert counts(factory)[:5] == before[:5]


def test_a_returned_survey_is_resubmitted_and_a_locked_one_conflicts(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    from .test_review import review

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
    # while submitted, an edit is kept as a conflict (the survey is read-only under review)
    r = push(
        client,
        dev,
        [dev.record("survey", sid, survey_data(hid, V1A, world.campaign_id, income_wages=4000))],
    )
    assert r.json()["results"][0]["status"] == "conflict"
    assert r.json()["results"][0]["problems"][0]["code"] == "under_review"
    assert review(client, world.devices["sup_t1"], sid, "return", "收入需核实").status_code == 200
    r = push(
        client,
        dev,
        [
            dev.record(
                "survey", sid, survey_data(hid, V1A, world.campaign_id, income_wages=5000), base=1
            )
        ],
    )
    assert r.json()["results"][0]["status"] == "accepted"
    with factory() as s:
        survey = s.get(Survey, sid)
        assert survey is not None
        assert (survey.state, survey.revision) == ("submitted", 3)
    detail = client.get(f"/api/v1/surveys/{sid}", headers=world.devices["sup_t1"].auth()).json()
    assert [c["revision"] for c in detail["conflicts"]] == [2]
    assert detail["revision"] == 3
    assert detail["answers"]["income_wages"] == 5000


def test_size_limits_answer_413(
    world: World, settings: object, engine: object, tmp_path: object
) -> None:
    from sync.server.app import create_app
    from sync.server.settings import Settings

    assert isinstance(settings, Settings)
    small = settings.model_copy(update={"max_batch_bytes": 2048, "max_batch_records": 3})
    app = create_app(small)
    dev = world.devices["cadre1"]
    with TestClient(app) as c:
        many = [
            dev.record("household", uuid.uuid4(), household_data(V1A, head=i)) for i in range(4)
        ]
        r = push(c, dev, many)
        assert (r.status_code, r.json()["error"]) == (413, "batch_too_large")
        big = [
            dev.record(
                "household", uuid.uuid4(), household_data(V1A, address="x" * 400 + str(i) * 90)
            )
            for i in range(3)
        ]
        _, body = dev.batch(big)
        body = body + bytes(3000)  # past the byte limit
        r = post_body(c, dev, body)
        assert r.status_code == 413
    app.state.engine.dispose()


def test_records_made_earlier_in_the_same_batch_are_edited_in_place(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    """New rows are written in bulk; a later record of the batch that edits one still lands,
    also after a review record made the batch write its new rows early (a cadre may not review:
    that record is rejected, the rest applied)."""
    dev = world.devices["cadre1"]
    hid, sid, vid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    draft = survey_data(hid, V1A, world.campaign_id, status="draft")
    draft["created_at"] = "2026-03-02T08:00:00"  # no zone: taken as UTC
    records = [
        dev.record("household", hid, household_data(V1A)),
        dev.record("survey", sid, draft),
        dev.record("review", uuid.uuid4(), {"survey_id": str(sid), "decision": "approve"}),
        dev.record("household", hid, household_data(V1A, address="新地址")),
        dev.record("survey", sid, survey_data(hid, V1A, world.campaign_id, income_wages=4100)),
        dev.record(
            "visit",
            vid,
            {"household_id": str(hid), "campaign_id": str(world.campaign_id), "outcome": "refused"},
        ),
    ]
    before = counts(factory)
    r = push(client, dev, records)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["accepted"] * 2 + ["rejected"] + ["accepted"] * 3
    assert results[1]["short_key"] == results[4]["short_key"]
    with factory() as s:
        h, survey, visit = s.get(Household, hid), s.get(Survey, sid), s.get(Visit, vid)
        assert h is not None
        assert survey is not None
        assert visit is not None
        assert (h.revision, h.address, h.phone, h.source) == (2, "新地址", "", "device")
        assert (survey.revision, survey.status, survey.state) == (2, "submitted", "submitted")
        assert survey.answers["income_wages"] == 4100
        assert survey.short_key == results[1]["short_key"]
        assert survey.device_created_at == datetime(2026, 3, 2, 8, tzinfo=UTC)
        assert (visit.outcome, visit.note, visit.township_code) == ("refused", "", "421202001")
        audits = s.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id.in_([str(hid), str(sid)]))
        ).all()
        assert sorted(audits) == ["record.accepted"] * 4
    after = counts(factory)
    # one row each, five versions, one receipt, one audit row per version
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 1, 5, 1, 5]
