"""The case queue on screen: the model passes Qt's model tester; the filters (step, village,
days left, overdue); the meeting, objection, settle and decision dialogs queue operations in the
outbox; a refusal from the server shows on the case in the user's words (English and Chinese);
the posting list read back from the PDF and the xlsx holds names and amounts and no ID number."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.services import case_ops, cases
from desktop.store.models import Household, OutboxEntry
from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from desktop.ui.cases.cases_widget import CaseQueueWidget
from desktop.ui.cases.dialogs import (
    ChangeDialog,
    DecisionDialog,
    IntakeDialog,
    MeetingDialog,
    ObjectionDialog,
    PostingDialog,
    SettleDialog,
)
from desktop.ui.cases.queue_model import COL_DAYS_LEFT, ID_ROLE, CaseQueueModel, CaseQueueProxy
from desktop.ui.i18n import install_translators
from desktop.ui.tasks import StoreThread
from sync.protocol import BatchResult, Problem, RecordResult
from tests.desktop.cases.case_data import TODAY, as_supervisor, seed_cases
from tests.sync.helpers import V1A

T = 30_000
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_model_and_proxy_pass_the_model_tester(qtmodeltester, store: Store) -> None:  # type: ignore[no-untyped-def]
    seed_cases(store, 30)
    rows = cases.load_queue(store, "en", TODAY)
    model = CaseQueueModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = CaseQueueProxy()
    proxy.setSourceModel(model)
    proxy.set_filters(step="posting", village=V1A)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == sum(1 for r in rows if r.step == "posting" and r.village_code == V1A)
    proxy.set_filters(max_days_left=3)
    assert proxy.rowCount() == sum(1 for r in rows if r.days_left is not None and r.days_left <= 3)
    proxy.set_filters(overdue=True)
    assert 0 < proxy.rowCount() == sum(1 for r in rows if r.overdue)
    proxy.set_filters()
    proxy.sort(COL_DAYS_LEFT, Qt.SortOrder.DescendingOrder)
    first = model.row_for(proxy.index(0, 0).data(ID_ROLE))
    assert first is not None
    assert first.days_left == max(r.days_left or 0 for r in rows)


@pytest.fixture
def widget(qtbot: QtBot, store: Store) -> Iterator[CaseQueueWidget]:
    runner = StoreThread()
    w = CaseQueueWidget(runner, "en")
    w.today = lambda: TODAY
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()
    w.close()
    runner.stop()


def _open(qtbot: QtBot, w: CaseQueueWidget, store: Store) -> None:
    with qtbot.waitSignal(w.loaded, timeout=T):
        w.set_store(store)


def _show(qtbot: QtBot, w: CaseQueueWidget, case_id: str) -> None:
    """Select a case once the store thread has caught up, and wait for its detail as it is."""
    qtbot.waitUntil(w.runner.is_idle, timeout=T)
    assert w.select(case_id)
    qtbot.waitUntil(w.runner.is_idle, timeout=T)
    qtbot.waitUntil(lambda: w.detail is not None and w.detail.row.case_id == case_id, timeout=T)


def _accept(qtbot: QtBot, w: CaseQueueWidget) -> str:
    assert w.dialog is not None
    failures: list[str] = []
    w.failed.connect(failures.append)
    with (
        qtbot.waitSignal(w.queued, timeout=T) as done,
        qtbot.waitSignal(w.loaded, timeout=T),
    ):
        w.dialog.accept()
        qtbot.waitUntil(lambda: bool(failures) or done.signal_triggered, timeout=T)
        assert not failures, w.message_label.text()
    w.failed.disconnect(failures.append)
    qtbot.waitUntil(w.runner.is_idle, timeout=T)  # the reload and the case's detail are in
    return str(done.args[0])


def _outbox(store: Store) -> list[OutboxEntry]:
    with store.reading() as s:
        return list(s.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "case_op")))


def test_filters_narrow_the_queue(qtbot: QtBot, widget: CaseQueueWidget, store: Store) -> None:
    seed_cases(store, 40)
    _open(qtbot, widget, store)
    assert widget.model.rowCount() == 40
    widget.step_combo.setCurrentIndex(widget.step_combo.findData("posting"))
    shown = [widget.proxy.index(i, 0).data(ID_ROLE) for i in range(widget.proxy.rowCount())]
    assert shown
    assert all(widget.model.row_for(c).step == "posting" for c in shown)  # type: ignore[union-attr]
    widget.village_combo.setCurrentIndex(widget.village_combo.findData(V1A))
    assert all(
        widget.model.row_for(widget.proxy.index(i, 0).data(ID_ROLE)).village_code == V1A  # type: ignore[union-attr]
        for i in range(widget.proxy.rowCount())
    )
    widget.step_combo.setCurrentIndex(0)
    widget.village_combo.setCurrentIndex(0)
    # the keyboard moves through the queue
    widget.table.setFocus()
    widget.table.selectRow(0)
    qtbot.keyClick(widget.table, Qt.Key.Key_J)
    assert widget.table.currentIndex().row() == 1
    qtbot.keyClick(widget.table, Qt.Key.Key_K)
    assert widget.table.currentIndex().row() == 0
    widget.overdue_combo.setCurrentIndex(widget.overdue_combo.findData(True))
    assert 0 < widget.proxy.rowCount() < 40
    assert "of 40 cases" in widget.count_label.text()


def test_a_meeting_then_posting_objections_and_decision_from_the_dialogs(
    qtbot: QtBot, widget: CaseQueueWidget, store: Store
) -> None:
    as_supervisor(store)
    seed_cases(store, 8, steps=("check_recorded",))
    _open(qtbot, widget, store)
    village = [r for r in widget.model.rows() if r.village_code == V1A]
    _show(qtbot, widget, village[0].case_id)
    assert widget.action_buttons["meeting"].isVisibleTo(widget)
    assert not widget.action_buttons["decide"].isVisibleTo(widget)

    # --- the appraisal meeting for every case of the village at once
    qtbot.mouseClick(widget.action_buttons["meeting"], Qt.MouseButton.LeftButton)
    dialog = widget.dialog
    assert isinstance(dialog, MeetingDialog)
    assert {r.case_id for r in dialog.rows} == {r.case_id for r in village}
    dialog.place_edit.setText("Village hall")
    dialog.members_edit.setPlainText("Member A\nMember B\nMember C")
    dialog.set_outcome(0, "agree", (9, 1, 0))
    dialog.set_minutes(PNG)
    _accept(qtbot, widget)
    [op] = _outbox(store)
    assert op.payload["op"] == "record_meeting"
    assert op.payload["members_present"] == ["Member A", "Member B", "Member C"]
    assert op.payload["outcomes"][0]["votes_for"] == 9
    assert len(op.payload["outcomes"]) == len(village)
    assert all(widget.model.row_for(r.case_id).pending for r in village)  # type: ignore[union-attr]

    # --- the server takes it and moves them; the feed brings the township review done
    _answer_all(store, "accepted")
    for r in village:
        _feed(store, r.case_id, step="township_reviewed", next_action="posting", revision=2)
    with qtbot.waitSignal(widget.loaded, timeout=T):
        widget.reload()
    _show(qtbot, widget, village[0].case_id)
    assert "Accepted by the server the appraisal meeting" in widget.detail_view.toPlainText()
    qtbot.mouseClick(widget.action_buttons["posting"], Qt.MouseButton.LeftButton)
    posting = widget.dialog
    assert isinstance(posting, PostingDialog)
    assert len(posting.chosen()) == len(village)
    _accept(qtbot, widget)
    row = widget.model.row_for(village[0].case_id)
    assert row is not None
    assert (row.step, row.days_left) == ("posting", 7)

    # --- an objection, then settled as dismissed with a reason
    _show(qtbot, widget, village[0].case_id)
    qtbot.mouseClick(widget.action_buttons["objection"], Qt.MouseButton.LeftButton)
    objection = widget.dialog
    assert isinstance(objection, ObjectionDialog)
    objection.raised_by_edit.setText("A neighbour")
    objection.content_edit.setPlainText("They own a car")
    _accept(qtbot, widget)
    assert _outbox(store)[-1].payload["case_id"] == village[0].case_id
    _show(qtbot, widget, village[0].case_id)
    assert "They own a car" in widget.detail_view.toPlainText()
    assert widget.action_buttons["settle"].isVisibleTo(widget)
    qtbot.mouseClick(widget.action_buttons["settle"], Qt.MouseButton.LeftButton)
    settle = widget.dialog
    assert isinstance(settle, SettleDialog)
    settle.outcome_combo.setCurrentIndex(settle.outcome_combo.findData("dismissed"))
    settle.reason_edit.setPlainText("The car belongs to a relative")
    _accept(qtbot, widget)

    # --- a decision inside the window: the dialog says so, the laptop queues it anyway
    _show(qtbot, widget, village[0].case_id)
    qtbot.mouseClick(widget.action_buttons["decide"], Qt.MouseButton.LeftButton)
    decision = widget.dialog
    assert isinstance(decision, DecisionDialog)
    assert "7 day(s) left" in decision.note.text()
    decision.category_combo.setCurrentText("B")
    decision.amount_edit.setText("320")
    decision.month_edit.setText("2027-01")
    _accept(qtbot, widget)
    ops = [e.payload["op"] for e in _outbox(store)]
    assert ops == ["create_posting", "record_objection", "settle_objection", "decide"]
    assert _outbox(store)[-1].payload["monthly_amount"] == "320.00"


def test_bad_input_in_a_dialog_is_worded_and_saves_nothing(
    qtbot: QtBot, widget: CaseQueueWidget, store: Store
) -> None:
    as_supervisor(store)
    seed_cases(store, 2, steps=("posting",))
    _open(qtbot, widget, store)
    _show(qtbot, widget, widget.model.rows()[0].case_id)
    qtbot.mouseClick(widget.action_buttons["decide"], Qt.MouseButton.LeftButton)
    assert isinstance(widget.dialog, DecisionDialog)
    widget.dialog.category_combo.setCurrentText("B")
    widget.dialog.amount_edit.setText("三百")
    with qtbot.waitSignal(widget.failed, timeout=T) as failed:
        widget.dialog.accept()
    assert failed.args == ["amount_invalid"]
    assert "monthly amount in yuan" in widget.message_label.text()
    assert _outbox(store) == []


def test_a_refusal_from_the_server_is_shown_in_the_users_words(
    qtbot: QtBot, widget: CaseQueueWidget, store: Store
) -> None:
    as_supervisor(store)
    seed_cases(store, 1, steps=("posting",))
    cid = cases.load_queue(store, "en", TODAY)[0].case_id
    case_ops.decide(store, cid, "approved", "B", "320", "2027-01", today=TODAY)
    params: dict[str, str | int] = {
        "day": 5,
        "window_days": 7,
        "ends_on": "2026-12-12",
        "days_left": 3,
    }
    _answer_all(store, "rejected", Problem(code="posting_window_open", message="x", params=params))
    _open(qtbot, widget, store)
    _show(qtbot, widget, cid)
    assert widget.refusal_label.isVisibleTo(widget)
    text = widget.refusal_label.text()
    assert "Refused: the decision." in text
    assert "day 5 of the 7-day posting, which ends on 2026-12-12 (3 day(s) left)" in text
    assert widget.model.row_for(cid).step == "posting"  # type: ignore[union-attr]
    try:
        assert install_translators("zh_CN")
        with qtbot.waitSignal(widget.detail_shown, timeout=T):
            widget._load_detail(cid)
        zh = widget.refusal_label.text()
        assert "暂不能审批：今天是 7 天公示期的第 5 天，公示至 2026-12-12 结束（还剩 3 天）" in zh
    finally:
        install_translators("en")


def test_the_posting_list_as_pdf_and_xlsx_holds_names_and_amounts_and_no_id_number(
    qtbot: QtBot, widget: CaseQueueWidget, store: Store, tmp_path: Path
) -> None:
    as_supervisor(store)
    seed_cases(store, 10, steps=("township_reviewed",))
    rows = [r for r in cases.load_queue(store, "en", TODAY) if r.village_code == V1A]
    case_ops.create_posting(store, V1A, TODAY, [r.case_id for r in rows], TODAY)
    _open(qtbot, widget, store)
    assert widget.posting_combo.count() == 1
    with store.reading() as s:
        numbers = [h.head_id_number for h in s.scalars(select(Household)) if h.head_id_number]
    for kind in ("pdf", "xlsx"):
        path = tmp_path / f"chosen-name.{kind}"
        with qtbot.waitSignal(widget.exported, timeout=T):
            widget.export_posting(kind, path)
        if kind == "pdf":
            text = "".join(p.extract_text() for p in PdfReader(path).pages)
        else:
            ws = load_workbook(path).active
            assert ws is not None
            text = "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
        flat = "".join(text.split())
        for r in rows:
            assert r.head_name in flat
            assert r.proposed_amount in flat
        assert not any(n in flat for n in numbers)
        assert "Minimumlivingguarantee" in flat or "Supportfordestitutepeople" in flat
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("chosen")) == [
        "chosen-name.pdf",
        "chosen-name.xlsx",
    ]


# --- the server's side, as the sync store receives it --------------------------------------


def _answer_all(store: Store, status: str, problem: Problem | None = None) -> None:
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
                    problems=[problem] if problem else [],
                )
                for r in out
            ],
        )
    )


def _feed(store: Store, case_id: str, **changes: object) -> None:
    from desktop.store.models import CaseRow
    from sync.protocol import Change

    with store.reading() as s:
        row = s.get(CaseRow, case_id)
        assert row is not None
        data = {**row.server_data, **changes, "step_since": TODAY.isoformat()}
    DesktopSyncStore(store).apply_changes([Change(kind="case", id=case_id, data=data)], "c")


def test_an_application_at_the_window_opens_a_case_and_a_refused_one_can_be_dismissed(
    qtbot: QtBot, widget: CaseQueueWidget, store: Store
) -> None:
    as_supervisor(store)
    wires = seed_cases(store, 3, steps=("approved",))
    _open(qtbot, widget, store)
    assert widget.intake_button.isVisibleTo(widget)
    tekun = next(w for w in wires if w["programme"] == "tekun")
    dibao = next(w for w in wires if w["programme"] == "dibao")

    def apply(household_id: str, programme: str) -> None:
        with qtbot.waitSignal(widget.runner.busy_changed, timeout=T):
            qtbot.mouseClick(widget.intake_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(widget.dialog, IntakeDialog), timeout=T)
        dialog = widget.dialog
        assert isinstance(dialog, IntakeDialog)
        assert dialog.select_household(household_id)
        dialog.programme_combo.setCurrentIndex(dialog.programme_combo.findData(programme))

    # the household already has an approved (open) dibao case: refused here, nothing saved
    apply(dibao["household_id"], "dibao")
    with qtbot.waitSignal(widget.failed, timeout=T) as failed:
        widget.dialog.accept()  # type: ignore[union-attr]
    assert failed.args == ["case_exists"]
    assert _outbox(store) == []

    apply(tekun["household_id"], "dibao")
    _accept(qtbot, widget)
    [op] = _outbox(store)
    assert (op.payload["op"], op.payload["source"]) == ("open_case", "intake")
    new = [r for r in widget.model.rows() if r.step == "intake"]
    assert [(r.household_id, r.programme, r.pending) for r in new] == [
        (tekun["household_id"], "dibao", True)
    ]
    assert new[0].next_action == "survey"

    # the server refuses it: it stays with the reason until dismissed, then goes
    _answer_all(store, "rejected", Problem(code="unknown_household", message="x", params={}))
    with qtbot.waitSignal(widget.loaded, timeout=T):
        widget.reload()
    _show(qtbot, widget, new[0].case_id)
    assert "The server does not know this household." in widget.refusal_label.text()
    assert widget.dismiss_button.isVisibleTo(widget)
    with qtbot.waitSignal(widget.loaded, timeout=T):
        qtbot.mouseClick(widget.dismiss_button, Qt.MouseButton.LeftButton)
    assert widget.model.row_for(new[0].case_id) is None
    assert widget.model.rowCount() == 3


def test_a_change_of_circumstances_sends_an_approved_case_back_and_can_end_in_an_exit(
    qtbot: QtBot, widget: CaseQueueWidget, store: Store
) -> None:
    as_supervisor(store)
    seed_cases(store, 2, steps=("approved",))
    _open(qtbot, widget, store)
    cid = next(r.case_id for r in widget.model.rows() if r.programme == "dibao")
    _show(qtbot, widget, cid)
    qtbot.mouseClick(widget.action_buttons["change"], Qt.MouseButton.LeftButton)
    dialog = widget.dialog
    assert isinstance(dialog, ChangeDialog)
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("exit"))
    dialog.reason_edit.setPlainText("Both children now work in the city")
    _accept(qtbot, widget)
    [op] = _outbox(store)
    assert (op.payload["op"], op.payload["action"]) == ("change_circumstances", "exit")
    row = widget.model.row_for(cid)
    assert row is not None
    assert (row.step, row.next_action) == ("recheck", "request_check")  # the county's stages
    assert widget.detail is not None
    assert widget.detail.pending_change == "exit"
