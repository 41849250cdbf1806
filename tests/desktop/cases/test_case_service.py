"""Cases on the laptop without Qt: the queue from the feed, operations queued in the outbox in the
same transaction as the local change, bad input changing nothing, and a server refusal putting the
case back to the server's state with the refusal's code and params kept for the UI."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desktop.services import case_ops, cases
from desktop.services.attachments import PhotosHeldSyncStore
from desktop.store.models import CaseOpRow, CaseRow, OutboxEntry
from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from sync.protocol import BatchResult, Problem, RecordResult
from tests.desktop.cases.case_data import TODAY, as_supervisor, seed_cases
from tests.sync.helpers import V1A

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _outbox(store: Store) -> list[OutboxEntry]:
    with store.reading() as s:
        return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def _answer(store: Store, status: str, problems: list[Problem]) -> None:
    """Seal what is pending and apply the server's per-record answer to it."""
    sync = DesktopSyncStore(store)
    out = sync.pending_records(100)
    bid = str(uuid.uuid4())
    sync.seal(bid, [r.seq for r in out], b"body")
    sync.apply_result(
        BatchResult(
            batch_id=uuid.UUID(bid),
            received_at=datetime.now(UTC),
            highest_contiguous_seq=max(r.seq for r in out),
            results=[
                RecordResult(
                    id=uuid.UUID(str(r.wire["id"])),
                    kind="case_op",
                    revision=1,
                    seq=r.seq,
                    status=status,  # type: ignore[arg-type]
                    problems=problems,
                )
                for r in out
            ],
        )
    )


def test_the_queue_reads_the_feed_with_names_days_left_and_overdue(store: Store) -> None:
    wires = seed_cases(store, 20)
    rows = cases.load_queue(store, "en", TODAY)
    assert len(rows) == 20
    assert all(r.head_name for r in rows)
    posting = [r for r in rows if r.step == "posting"]
    assert posting
    for r in posting:
        assert r.days_left == max(0, (r.posting_end - TODAY).days + 1)  # type: ignore[operator]
    assert {r.programme_label for r in rows} == {
        "Minimum living guarantee",
        "Support for destitute people",
    }
    due = [w for w in wires if w["step"] == "approved" and w["next_recheck_on"] <= str(TODAY)]
    assert {r.case_id for r in rows if r.next_action == "recheck_due"} == {
        w["case_id"] for w in due
    }


def test_a_meeting_for_many_cases_queues_one_operation_and_moves_them_here(store: Store) -> None:
    as_supervisor(store)
    seed_cases(store, 12, steps=("check_recorded",))
    rows = [r for r in cases.load_queue(store, "zh", TODAY) if r.village_code == V1A]
    outcomes = [case_ops.MeetingOutcome(r.case_id, "agree", 9, 1, 0) for r in rows]
    before = len(_outbox(store))
    case_ops.record_meeting(
        store, V1A, TODAY, "村委会", ["测试甲某", "测试乙某"], outcomes, PNG, today=TODAY
    )
    entries = _outbox(store)
    assert len(entries) == before + 1
    op = entries[-1]
    assert op.record_type == "case_op"
    assert op.payload["op"] == "record_meeting"
    assert {o["case_id"] for o in op.payload["outcomes"]} == {r.case_id for r in rows}
    after = {r.case_id: r for r in cases.load_queue(store, "zh", TODAY)}
    assert all(after[r.case_id].step == "appraised" and after[r.case_id].pending for r in rows)
    # the minutes photo waits to be uploaded with the rest, even in a round that holds photos
    assert any(u.size == len(PNG) for u in DesktopSyncStore(store).pending_uploads())
    assert [u.size for u in PhotosHeldSyncStore(store).pending_uploads()] == [len(PNG)]
    # and a township review queued after the meeting waits for that photo
    case_ops.township_review(store, rows[0].case_id, "pass", "B", "300", today=TODAY)
    out = DesktopSyncStore(store).pending_records(100)
    assert [r.wire["data"]["op"] for r in out if r.wire["kind"] == "case_op"] == ["record_meeting"]


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda s, c: case_ops.decide(s, c, "approved", "", "300", "2027-01"), "category_required"),
        (lambda s, c: case_ops.decide(s, c, "approved", "A", "abc", "2027-01"), "amount_invalid"),
        (lambda s, c: case_ops.decide(s, c, "approved", "A", "300", "2027-13"), "month_invalid"),
        (lambda s, c: case_ops.decide(s, c, "refused"), "reason_required"),
        (lambda s, c: case_ops.record_objection(s, c, TODAY, "  "), "content_required"),
        (
            lambda s, c: case_ops.create_posting(s, V1A, TODAY - timedelta(days=1), [c], TODAY),
            "start_in_past",
        ),
    ],
)
def test_bad_input_gets_a_code_and_changes_nothing(store: Store, call, code: str) -> None:  # type: ignore[no-untyped-def]
    as_supervisor(store)
    seed_cases(store, 2, steps=("posting",))
    cid = cases.load_queue(store, "zh", TODAY)[0].case_id
    before = len(_outbox(store))
    with pytest.raises(cases.CaseInputError) as info:
        call(store, cid)
    assert info.value.code == code
    assert len(_outbox(store)) == before
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(CaseOpRow)) == 0


def test_a_cadre_cannot_queue_case_operations(store: Store) -> None:
    store.set_state("role", "cadre")
    seed_cases(store, 1, steps=("approved",))
    cid = cases.load_queue(store, "zh", TODAY)[0].case_id
    with pytest.raises(cases.CaseInputError) as info:
        case_ops.start_recheck(store, cid, today=TODAY)
    assert info.value.code == "not_allowed"
    assert cases.load_detail(store, cid, "zh", TODAY).actions == ()


def test_a_refusal_puts_the_case_back_and_keeps_the_reason(store: Store) -> None:
    as_supervisor(store)
    seed_cases(store, 1, steps=("posting",))
    row = cases.load_queue(store, "zh", TODAY)[0]
    case_ops.decide(store, row.case_id, "approved", "B", "320", "2027-01", today=TODAY)
    assert cases.load_queue(store, "zh", TODAY)[0].step == "approved"
    params: dict[str, str | int] = {
        "day": 5,
        "window_days": 7,
        "ends_on": "2026-12-12",
        "days_left": 3,
    }
    _answer(store, "rejected", [Problem(code="posting_window_open", message="open", params=params)])
    back = cases.load_queue(store, "zh", TODAY)[0]
    assert back.step == "posting"
    assert not back.pending
    assert back.refusal is not None
    assert (back.refusal.code, back.refusal.params, back.refusal.op) == (
        "posting_window_open",
        params,
        "decide",
    )
    assert [e for e in _outbox(store) if e.record_type == "case_op"] == []  # answered for good
    with store.reading() as s:
        assert s.scalars(select(CaseOpRow.state)).all() == ["refused"]


def test_an_accepted_operation_stands_until_the_feed_brings_the_new_revision(
    store: Store,
) -> None:
    as_supervisor(store)
    wires = seed_cases(store, 1, steps=("approved",))
    cid = wires[0]["case_id"]
    case_ops.start_recheck(store, cid, "定期复核", today=TODAY)
    _answer(store, "accepted", [])
    row = cases.load_queue(store, "zh", TODAY)[0]
    assert (row.step, row.pending, row.refusal) == ("recheck", False, None)
    newer = {**wires[0], "revision": 2, "step": "recheck", "next_action": "appraisal"}
    from sync.protocol import Change

    DesktopSyncStore(store).apply_changes([Change(kind="case", id=cid, data=newer)], "c2")
    with store.reading() as s:
        held = s.get(CaseRow, cid)
        assert held is not None
        assert (held.server_revision, held.data["next_action"]) == (2, "appraisal")


def test_the_posting_list_holds_names_and_amounts_and_no_id_number(store: Store) -> None:
    as_supervisor(store)
    seed_cases(store, 6, steps=("township_reviewed",))
    rows = [r for r in cases.load_queue(store, "zh", TODAY) if r.village_code == V1A]
    pid = case_ops.create_posting(store, V1A, TODAY, [r.case_id for r in rows], TODAY)
    sheet = cases.posting_sheet(store, pid, "zh")
    assert sheet.pending
    assert (sheet.start_date, sheet.end_date) == (TODAY, TODAY + timedelta(days=6))
    assert sorted(line.name for line in sheet.lines) == sorted(r.head_name for r in rows)
    assert {line.monthly_amount for line in sheet.lines} == {r.proposed_amount for r in rows}
    text = repr(sheet)
    with store.reading() as s:
        from desktop.store.models import Household

        numbers = [h.head_id_number for h in s.scalars(select(Household)) if h.head_id_number]
    assert numbers
    assert not any(n in text for n in numbers)


@pytest.mark.parametrize(
    ("level", "decides"),
    [("township", {"dibao"}), ("county", {"tekun"})],
)
def test_who_decides_follows_the_countys_rules(store: Store, level: str, decides: set[str]) -> None:
    """The rules (dibao decided at the township, tekun at the county) alone say who may decide."""
    as_supervisor(store, level)
    seed_cases(store, 6, steps=("posting",))
    rows = cases.load_queue(store, "zh", TODAY)
    assert {r.programme for r in rows} == {"dibao", "tekun"}
    offered = {r.programme for r in rows if "decide" in cases.load_detail(store, r.case_id).actions}
    assert offered == decides
    # and every supervisor may still record an objection during the posting
    assert all(
        "objection" in cases.load_detail(store, r.case_id, "zh", TODAY).actions for r in rows
    )
