"""The supervisor path end to end in the window, against a real `doorstep-server serve` on loopback.

A cadre's laptop syncs 50 submitted surveys; the supervisor's laptop opens the app (the Review
page appears for the supervisor role) and syncs with the Sync button; in the queue the supervisor
approves three with Ctrl+Return, returns two with a comment and a comment pinned to one
question, and approves the clean ones among ten selected at once; syncs again; the cadre's
laptop syncs and holds exactly the two as returned, with their comments, and the server holds
the approved ones as township-approved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from desktop.services import syncing
from desktop.store.models import ReviewDecision, Survey
from desktop.store.profile import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import V1A

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 30_000
LEFT = Qt.MouseButton.LeftButton


def _sync(qtbot: QtBot, w: MainWindow) -> Any:
    with qtbot.waitSignal(w.sync.sync_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(w.sync_status.sync_button, LEFT)
    return blocker.args[0]


def _return_current(qtbot: QtBot, queue: Any, comment: str, pin: str) -> str:
    target = queue.current_id()
    qtbot.waitUntil(
        lambda: queue.detail is not None and queue.detail.row.survey_id == target, timeout=T
    )
    qtbot.keyClick(queue.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = queue.return_dialog
    assert dialog is not None
    assert dialog.select_question("income_wages")
    dialog.pin_edit.insert(pin)  # QTest types Latin-1 only
    qtbot.mouseClick(dialog.pin_button, LEFT)
    dialog.comment_edit.insertPlainText(comment)
    with qtbot.waitSignal(queue.decided, timeout=T):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    return str(target)


def test_fifty_surveys_reviewed_in_the_window_and_the_returns_reach_the_cadre(
    qtbot: QtBot, laptop_factory: Any, county: County, tmp_path: Path
) -> None:
    cadre: Store = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    camp = campaign_of(cadre)
    ids = [new_survey(cadre, new_household(cadre, V1A, i), V1A, i, camp) for i in range(50)]
    assert syncing.run_sync(cadre).outcome == "ok"

    sup: Store = laptop_factory("sup_t1")
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(sup.folder.parent, None, "en", settings)
    qtbot.addWidget(w)
    w.show()
    w.adopt_store(sup)
    qtbot.waitUntil(
        lambda: w.supervisor is not None and w.stack.currentWidget() is w.supervisor, timeout=T
    )
    panel = w.supervisor
    assert panel is not None
    queue = panel.queue
    assert queue.model.rowCount() == 0  # nothing synced yet

    assert _sync(qtbot, w).outcome == "ok"
    qtbot.waitUntil(lambda: queue.model.rowCount() == 50, timeout=T)  # reloaded after the sync
    qtbot.waitUntil(lambda: queue.detail is not None, timeout=T)
    queue.table.setFocus()

    # --- approve three with the keyboard
    approved: list[str] = []
    for _ in range(3):
        target = queue.current_id()
        qtbot.waitUntil(
            lambda target=target: queue.detail is not None and queue.detail.row.survey_id == target,
            timeout=T,
        )
        with qtbot.waitSignal(queue.decided, timeout=T) as done:
            qtbot.keyClick(queue.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        approved += done.args[0]
    # --- return two with a comment and a comment pinned to the wages question
    returned = [
        _return_current(qtbot, queue, "请核实务工收入", "工资收入偏低，请再问一次"),
        _return_current(qtbot, queue, "请补充家庭成员信息", "请再核对一次"),
    ]
    # --- approve several at once: the clean ones among the next ten
    model = queue.table.selectionModel()
    queue.table.clearSelection()
    for row in range(10):
        model.select(
            queue.proxy.index(row, 0), model.SelectionFlag.Select | model.SelectionFlag.Rows
        )
    with qtbot.waitSignal(queue.decided, timeout=T) as done:
        qtbot.mouseClick(queue.approve_clean_button, LEFT)
    approved += done.args[0]
    left = 50 - len(approved) - 2
    assert queue.model.rowCount() == left
    assert syncing.pending_count(sup) == len(approved) + 2
    assert _sync(qtbot, w).outcome == "ok"
    assert syncing.pending_count(sup) == 0
    qtbot.waitUntil(lambda: queue.model.rowCount() == left, timeout=T)

    # --- the cadre's laptop receives the returns, with the comments; the rest stay submitted
    assert syncing.run_sync(cadre).outcome == "ok"
    with cadre.reading() as s:
        states = {sid: s.get(Survey, sid).status for sid in ids}  # type: ignore[union-attr]
        decisions = {
            d.survey_id: d
            for d in s.scalars(select(ReviewDecision).where(ReviewDecision.decision == "return"))
        }
    assert {sid for sid, st in states.items() if st == "returned"} == set(returned)
    assert set(decisions) == set(returned)
    first = decisions[returned[0]]
    assert first.comment == "请核实务工收入"
    assert first.pinned == {"income_wages": "工资收入偏低，请再问一次"}
    with county.engine.connect() as conn:
        server = dict(conn.execute(text("SELECT CAST(id AS TEXT), state FROM survey")).all())
    on_server = {k.replace("-", ""): v for k, v in server.items()}
    for sid in approved:
        assert on_server[sid.replace("-", "")] == "township_approved"
    w.close()
