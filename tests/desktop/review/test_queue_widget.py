"""The review queue on screen: the model passes Qt's model tester; sorting and filters; keyboard
moves; approve, return with pinned comments, and approve several clean ones at once (50 surveys).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.services import review
from desktop.store.models import OutboxEntry
from desktop.store.profile import Store
from desktop.ui.review.queue_model import (
    COL_AGE,
    COL_FLAGS,
    ID_ROLE,
    ReviewQueueModel,
    ReviewQueueProxy,
)
from desktop.ui.review.queue_widget import ReviewQueueWidget
from desktop.ui.tasks import StoreThread
from tests.desktop.review.queue_data import CADRES, seed_queue
from tests.sync.helpers import V1A

T = 30_000


def test_model_and_proxy_pass_the_model_tester(qtmodeltester, store: Store) -> None:  # type: ignore[no-untyped-def]
    seed_queue(store, 12)
    rows = review.load_queue(store, "township", date(2026, 3, 10))
    model = ReviewQueueModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = ReviewQueueProxy()
    proxy.setSourceModel(model)
    proxy.set_filters(village=V1A, flagged=False)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == sum(1 for r in rows if r.village_code == V1A and not r.flags)
    proxy.set_filters()
    proxy.sort(COL_AGE, Qt.SortOrder.DescendingOrder)
    ages = [proxy.index(i, COL_AGE).data() for i in range(proxy.rowCount())]
    assert [int(a) for a in ages] == sorted((r.age_days for r in rows), reverse=True)
    proxy.sort(COL_FLAGS, Qt.SortOrder.DescendingOrder)
    first = proxy.index(0, 0).data(ID_ROLE)
    assert model.row_for(first).flags  # type: ignore[union-attr]


def _widget(qtbot: QtBot, store: Store) -> tuple[ReviewQueueWidget, StoreThread]:
    runner = StoreThread()
    w = ReviewQueueWidget(runner, "en")
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=T):
        w.set_store(store)
    return w, runner


def test_reviewing_fifty_surveys_with_the_keyboard_and_the_buttons(
    qtbot: QtBot, store: Store
) -> None:
    ids = seed_queue(store, 50)
    w, runner = _widget(qtbot, store)
    try:
        assert w.model.rowCount() == 50
        qtbot.waitUntil(lambda: w.detail is not None, timeout=T)
        first = w.current_id()
        assert "Screening" in w.detail_view.toPlainText()

        # --- filters: one cadre, flagged only
        w.cadre_combo.setCurrentIndex(w.cadre_combo.findData(CADRES[1]))
        assert all(
            w.model.row_for(w.proxy.index(i, 0).data(ID_ROLE)).cadre_name == CADRES[1]  # type: ignore[union-attr]
            for i in range(w.proxy.rowCount())
        )
        w.cadre_combo.setCurrentIndex(0)
        w.flag_combo.setCurrentIndex(w.flag_combo.findData(True))
        assert 0 < w.proxy.rowCount() < 50
        w.flag_combo.setCurrentIndex(0)
        assert w.proxy.rowCount() == 50

        # --- keyboard: J moves down, K moves back; the detail follows
        w.table.setFocus()
        w.table.selectRow(0)
        qtbot.waitUntil(lambda: w.detail is not None and w.detail.row.survey_id == first, timeout=T)
        with qtbot.waitSignal(w.detail_shown, timeout=T) as shown:
            qtbot.keyClick(w.table, Qt.Key.Key_J)
        second = shown.args[0]
        assert second != first
        with qtbot.waitSignal(w.detail_shown, timeout=T) as shown:
            qtbot.keyClick(w.table, Qt.Key.Key_K)
        assert shown.args[0] == first

        # --- approve the current one with Ctrl+Return; the next one becomes current
        with qtbot.waitSignal(w.decided, timeout=T) as done:
            qtbot.keyClick(w.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert done.args[0] == [first]
        assert w.model.rowCount() == 49
        qtbot.waitUntil(lambda: w.detail is not None and w.detail.row.survey_id != first, timeout=T)

        # --- return the current one: the comment is required, a comment pinned to a question
        target = w.current_id()
        assert target is not None
        qtbot.waitUntil(
            lambda: w.detail is not None and w.detail.row.survey_id == target, timeout=T
        )
        qtbot.keyClick(w.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        dialog = w.return_dialog
        assert dialog is not None
        assert not dialog.ok_button.isEnabled()
        assert dialog.select_question("income_wages")
        dialog.pin_edit.insert("工资收入偏低，请再问一次")  # QTest types Latin-1 only
        qtbot.mouseClick(dialog.pin_button, Qt.MouseButton.LeftButton)
        assert dialog.pinned == {"income_wages": "工资收入偏低，请再问一次"}
        dialog.comment_edit.insertPlainText("请核实务工收入")
        assert dialog.ok_button.isEnabled()
        with qtbot.waitSignal(w.decided, timeout=T) as done:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert done.args[0] == [target]

        # --- approve several at once: only the clean ones among the selected are approved
        w.table.clearSelection()
        for row in range(10):
            w.table.selectionModel().select(
                w.proxy.index(row, 0),
                w.table.selectionModel().SelectionFlag.Select
                | w.table.selectionModel().SelectionFlag.Rows,
            )
        chosen = [w.proxy.index(r, 0).data(ID_ROLE) for r in range(10)]
        clean = [i for i in chosen if not w.model.row_for(i).flags]  # type: ignore[union-attr]
        with qtbot.waitSignal(w.decided, timeout=T) as done:
            qtbot.mouseClick(w.approve_clean_button, Qt.MouseButton.LeftButton)
        assert sorted(done.args[0]) == sorted(clean)
        assert w.model.rowCount() == 48 - len(clean)

        with store.reading() as s:
            out = [e.payload for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        assert [p["decision"] for p in out] == ["approve", "return"] + ["approve"] * len(clean)
        assert out[1]["pinned"] == {"income_wages": "工资收入偏低，请再问一次"}
        assert out[1]["comment"] == "请核实务工收入"
        assert {p["survey_id"] for p in out} <= set(ids)
        # offline and after a restart of the screen, the decided ones stay out of the queue
        with qtbot.waitSignal(w.loaded, timeout=T):
            w.reload()
        assert w.model.rowCount() == 48 - len(clean)
    finally:
        w.close()
        runner.stop()
