"""What supervisors read about cases: the queue and its filters, the ledgers (case columns, no
ID numbers), the posting list, the stuck list, the township report, intake at the window."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sync import cases_wire as w

from .cases_helpers import approved_households, one, ops, set_today, to_posting
from .conftest import World
from .helpers import T1, V1A, V1B, V2A, household_data, make_id, push

CASE_COLUMNS = [
    "programme",
    "step",
    "since",
    "appraisal",
    "posting",
    "objections",
    "decision",
    "monthly amount",
    "next re-check",
]


def sheet_rows(data: bytes) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    return [list(r) for r in ws.iter_rows(values_only=True)]


def id_numbers(world: World) -> list[str]:
    """Every ID number the test data holds: heads and members of the first households."""
    heads = [make_id(date(1970, 1, 1 + i % 28), i) for i in range(12)]
    members = [make_id(date(1995, 3, 2), 500 + i * 10 + 1) for i in range(12)]
    return heads + members


def assert_no_id_number(data: bytes, rows: list[list[object]], world: World) -> None:
    import zipfile

    flat = json.dumps(rows, ensure_ascii=False, default=str)
    raw = b"".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n)
        for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
    )
    for idn in id_numbers(world):
        assert idn not in flat
        assert idn[:17].encode() not in raw  # not even without its check digit


def test_ledgers_and_posting_list_hold_the_case_and_no_id_number(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids, posting_id = to_posting(client, world, monkeypatch, V1A, 3)
    town, county = world.devices["sup_t1"], world.devices["sup_c"]
    set_today(monkeypatch, "2026-12-03")
    objection = uuid.uuid4()
    assert (
        one(
            client,
            town,
            w.RecordObjection(
                objection_id=objection,
                case_id=ids[1],
                received_on=date(2026, 12, 3),
                content="有异议",
            ),
        )["status"]
        == "accepted"
    )
    assert (
        one(
            client,
            town,
            w.SettleObjection(
                objection_id=objection,
                case_id=ids[1],
                outcome="dismissed",
                reason="经核实不成立",
            ),
        )["status"]
        == "accepted"
    )
    set_today(monkeypatch, "2026-12-08")
    assert (
        one(
            client,
            county,
            w.Decide(
                case_id=ids[0],
                outcome="approved",
                category="A",
                monthly_amount="368.08",
                start_month="2026-12",
            ),
        )["status"]
        == "accepted"
    )

    # The county-wide case ledger.
    r = client.get("/api/v1/cases/ledger", headers=county.auth())
    assert r.status_code == 200
    rows = sheet_rows(r.content)
    header, body = rows[0], rows[1:]
    assert [h for h in header if h in CASE_COLUMNS] == CASE_COLUMNS
    assert "head ID number" not in header
    assert len(body) == 3
    by_step = {row[header.index("step")]: row for row in body}
    approved = by_step["approved"]
    assert approved[header.index("programme")] == "最低生活保障"
    assert approved[header.index("since")] == "2026-12-08"
    assert approved[header.index("appraisal")].startswith("agree 7/0/0")
    assert approved[header.index("posting")] == "2026-12-01 – 2026-12-07"
    assert approved[header.index("decision")] == "approved 2026-12-08 (county)"
    assert approved[header.index("monthly amount")] == "368.08"
    assert approved[header.index("next re-check")] == "2027-12-08"
    posting_rows = [row for row in body if row[header.index("step")] == "posting"]
    assert sorted(str(row[header.index("objections")] or "") for row in posting_rows) == [
        "",
        "1: 1 dismissed",
    ]
    assert_no_id_number(r.content, rows, world)

    # The survey ledger (which holds ID numbers by design) gains the same case columns.
    r = client.get(
        "/api/v1/reports/ledger",
        headers=county.auth(),
        params={"campaign_id": str(world.campaign_id)},
    )
    rows = sheet_rows(r.content)
    header = rows[1]  # under the sensitivity banner
    assert header[-9:] == CASE_COLUMNS
    # (the scan above would have found them: here they are, in the ledger that may hold them)
    assert id_numbers(world)[0] in json.dumps(rows, ensure_ascii=False, default=str)
    steps = sorted(str(row[header.index("step")]) for row in rows[2:])
    assert steps == ["approved", "posting", "posting"]

    # The posting list: name, village, programme, proposed amount; nothing else.
    r = client.get(f"/api/v1/cases/postings/{posting_id}/list", headers=town.auth())
    rows = sheet_rows(r.content)
    assert rows[0] == ["name", "village", "programme", "proposed monthly amount"]
    assert [row[1:] for row in rows[1:]] == [["甲村", "最低生活保障", "368.08"]] * 3
    assert all(row[0] for row in rows[1:])
    assert_no_id_number(r.content, rows, world)
    # Another township's supervisor does not see it.
    other = client.get(
        f"/api/v1/cases/postings/{posting_id}/list", headers=world.devices["sup_t2"].auth()
    )
    assert other.status_code == 404


def test_queue_filters_and_paging(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids, _posting = to_posting(client, world, monkeypatch, V1A, 4)
    set_today(monkeypatch, "2026-12-01")
    waiting = approved_households(client, world, V1B, 3)
    town = world.devices["sup_t1"]
    set_today(monkeypatch, "2026-12-05")

    def queue(**params: object) -> dict[str, object]:
        r = client.get("/api/v1/cases", params=params, headers=town.auth())
        assert r.status_code == 200, r.text
        return dict(r.json())

    # Paging over all seven, two at a time, longest-waiting first, nothing twice.
    seen: list[str] = []
    page = queue(limit=2)
    while True:
        seen += [i["case"]["case_id"] for i in page["items"]]  # type: ignore[attr-defined]
        if page["done"]:
            break
        page = queue(limit=2, after=page["cursor"])
    assert len(seen) == len(set(seen)) == 7
    # all entered their step the same day: then by case id
    assert seen == sorted(seen)
    assert set(seen) >= {str(i) for i in ids}
    assert {i["case"]["step"] for i in queue(village=V1B)["items"]} == {"survey_approved"}  # type: ignore[attr-defined]
    assert len(queue(step="posting")["items"]) == 4  # type: ignore[arg-type]
    # Day 5 of 7: three days left.
    assert len(queue(days_left_max=3)["items"]) == 4  # type: ignore[arg-type]
    assert len(queue(days_left_max=2)["items"]) == 0  # type: ignore[arg-type]
    # The V1B cases have waited 4 days since their survey's approval.
    assert len(queue(stuck_days=4, village=V1B)["items"]) == 3  # type: ignore[arg-type]
    assert len(queue(stuck_days=5, village=V1B)["items"]) == 0  # type: ignore[arg-type]
    assert (
        client.get("/api/v1/cases", params={"after": "%%%"}, headers=town.auth()).status_code == 400
    )
    # Names beside the case, for the queue
    first = queue(village=V1B)["items"][0]  # type: ignore[index]
    assert first["head_name"]
    # A cadre does not work the queue; another township's supervisor sees none of it.
    assert client.get("/api/v1/cases", headers=world.devices["cadre1"].auth()).status_code == 403
    other = client.get("/api/v1/cases", headers=world.devices["sup_t2"].auth())
    assert other.json()["items"] == []
    stuck = client.get(
        "/api/v1/cases/stuck", params={"days": 4}, headers=world.devices["sup_c"].auth()
    ).json()
    assert sorted(row["village"] for row in stuck) == ["乙村"] * 3 + ["甲村"] * 4
    assert {row["days in step"] for row in stuck} == {4}
    assert len(waiting) == 3

    report = client.get("/api/v1/cases/report", headers=town.auth()).json()
    assert report[T1]["by_step"]["dibao"] == {"posting": 4, "survey_approved": 3}
    assert [p["days_left"] for p in report[T1]["postings_open"]] == [3]


def test_intake_at_the_township_window(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_today(monkeypatch, "2026-11-10")
    cadre, town = world.devices["cadre2"], world.devices["sup_t2"]
    hid = uuid.uuid4()
    assert (
        push(client, cadre, [cadre.record("household", hid, household_data(V2A, head=3))]).json()[
            "results"
        ][0]["status"]
        == "accepted"
    )
    op = w.OpenCase(
        case_id=uuid.uuid4(),
        household_id=hid,
        programme="temporary",
        applicant_name="申请人",
        note="因病致困，窗口申请",
    )
    body = op.model_dump_json().encode()
    target = "/api/v1/cases/intake"

    def send(dev: object, data: bytes) -> object:
        return client.post(
            target,
            content=data,
            headers={**dev.signed("POST", target, data), "Content-Type": "application/json"},
        )  # type: ignore[attr-defined]

    r = send(town, body)
    assert r.status_code == 200, r.text  # type: ignore[attr-defined]
    case = w.CaseWire.model_validate(r.json()["case"])  # type: ignore[attr-defined]
    assert (case.step, case.next_action, case.source) == ("intake", "survey", "intake")
    # The same application again is the same case; a second one for the programme is refused.
    assert send(town, body).json()["case"]["revision"] == case.revision  # type: ignore[attr-defined]
    again = w.OpenCase(case_id=uuid.uuid4(), household_id=hid, programme="temporary")
    r = send(town, again.model_dump_json().encode())
    assert r.status_code == 409  # type: ignore[attr-defined]
    assert r.json()["error"] == "case_exists"  # type: ignore[attr-defined]
    assert r.json()["details"] == [{"case_id": str(case.case_id), "programme": "temporary"}]  # type: ignore[attr-defined]
    # Another township's supervisor cannot take an application for this household.
    other = w.OpenCase(case_id=uuid.uuid4(), household_id=hid, programme="dibao")
    assert (
        send(world.devices["sup_t1"], other.model_dump_json().encode()).json()["error"]
        == "unknown_household"
    )  # type: ignore[attr-defined]
    # The survey approved later moves the waiting case on.
    from .cases_helpers import review
    from .helpers import survey_data

    sid = uuid.uuid4()
    push(
        client,
        cadre,
        [
            cadre.record(
                "survey",
                sid,
                survey_data(
                    hid,
                    V2A,
                    world.campaign_id,
                    head=3,
                    recommendation="temporary",
                    recommendation_reason="因病",
                ),
            )
        ],
    )
    assert review(client, town, sid).status_code == 200
    assert review(client, world.devices["sup_c"], sid).json()["state"] == "county_approved"
    detail = client.get(f"/api/v1/cases/{case.case_id}", headers=town.auth()).json()
    assert detail["case"]["step"] == "survey_approved"
    assert detail["case"]["survey_id"] == str(sid)
    assert ops(client, town, w.RequestCheck(case_id=case.case_id))[0]["status"] == "accepted"
