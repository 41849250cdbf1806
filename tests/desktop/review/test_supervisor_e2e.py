"""The supervisor path end to end in the window, against a real `doorstep-server serve` on loopback.

A cadre's laptop syncs a submitted survey; the supervisor's laptop opens the app (the Review page
appears for the supervisor role), syncs with the Sync button, returns the survey through the
queue with a comment pinned to one question, syncs again; the cadre's laptop syncs and holds the
survey as returned, with the pinned comment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

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


def test_cadre_submits_supervisor_returns_in_the_window_cadre_sees_it(
    qtbot: QtBot, laptop_factory: Any, county: County, tmp_path: Path
) -> None:
    cadre: Store = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    household = new_household(cadre, V1A, 3)
    sid = new_survey(cadre, household, V1A, 3, campaign_of(cadre))
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
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=T)  # reloaded after the sync
    qtbot.waitUntil(lambda: queue.detail is not None, timeout=T)
    assert queue.current_id() == sid

    queue.table.setFocus()
    qtbot.keyClick(queue.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = queue.return_dialog
    assert dialog is not None
    assert dialog.select_question("income_wages")
    dialog.pin_edit.insert("工资收入偏低，请再问一次")
    qtbot.mouseClick(dialog.pin_button, LEFT)
    dialog.comment_edit.insertPlainText("请核实务工收入")
    with qtbot.waitSignal(queue.decided, timeout=T):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert queue.model.rowCount() == 0
    assert syncing.pending_count(sup) == 1
    assert _sync(qtbot, w).outcome == "ok"
    assert syncing.pending_count(sup) == 0

    assert syncing.run_sync(cadre).outcome == "ok"
    with cadre.reading() as s:
        survey = s.get(Survey, sid)
        assert survey is not None
        assert survey.status == "returned"
        decision = s.scalars(select(ReviewDecision).where(ReviewDecision.survey_id == sid)).one()
    assert decision.comment == "请核实务工收入"
    assert decision.pinned == {"income_wages": "工资收入偏低，请再问一次"}
    w.close()
