"""Steps the case tests in the app share: the server's calendar and rules, approved surveys on
three laptops, the township supervisor's window on its case queue, and acting on a case there.

Used by `test_cases_app.py` and `test_cases_change.py` against a real `doorstep-server serve`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop.services import review, syncing
from desktop.store import records
from desktop.store.profile import Store
from desktop.ui.cases.cases_widget import CaseQueueWidget
from desktop.ui.cases.dialogs import MeetingDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from desktop.ui.survey.photo_codec import encode_jpeg
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household
from tests.sync.helpers import COUNTY, V1A, survey_answers

T = 60_000
LEFT = Qt.MouseButton.LeftButton
RULES = Path(__file__).resolve().parents[2] / "forms" / "bundled" / "rules-421200-v1.json"


def server_day(county: County, day: date) -> None:
    county.server.stop()
    county.server.extra_env["DOORSTEP_TODAY"] = day.isoformat()
    county.server.start()


def township_decides(county: County, tmp_path: Path) -> None:
    """This county moves the 低保 decision down to the township (审批前移), from its rules alone."""
    rules = json.loads(RULES.read_text(encoding="utf-8"))
    rules["county_code"] = COUNTY
    rules["version"] = 2  # the city's bundled version 1 is in force until then
    for p in rules["programmes"]:
        if p["code"] == "dibao":
            p["decided_by"] = "township"
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    done = county.server.admin("case-rules", "--county", COUNTY, str(path))
    assert done.returncode == 0, done.stderr.decode()


def approved_surveys(cadre: Store, sup: Store, supc: Store, n: int) -> list[str]:
    """n households with a survey recommending 低保, approved by the township and the county."""
    camp = campaign_of(cadre)
    households = []
    for i in range(n):
        hid = new_household(cadre, V1A, i)
        data = records.SurveyData(
            id=str(uuid.uuid4()),
            household_id=hid,
            form_id="household-survey",
            form_version=1,
            answers=survey_answers(V1A, head=i, income=1200, recommendation="dibao"),
            status="submitted",
            campaign_id=camp,
        )
        with cadre.transaction() as s:
            records.save_survey(s, cadre.actor, data)
        households.append(hid)
    assert syncing.run_sync(cadre).outcome == "ok"
    for laptop, level in ((sup, "township"), (supc, "county")):
        assert syncing.run_sync(laptop).outcome == "ok"
        for row in review.load_queue(laptop, level):
            review.decide(laptop, row.survey_id, "approve", level=level)
        assert syncing.run_sync(laptop).outcome == "ok"
    return households


def sync_in_window(qtbot: QtBot, w: MainWindow) -> Any:
    with qtbot.waitSignal(w.sync.sync_finished, timeout=120_000) as blocker:
        qtbot.mouseClick(w.sync_status.sync_button, LEFT)
    return blocker.args[0]


def show_case(qtbot: QtBot, q: CaseQueueWidget, case_id: str) -> None:
    qtbot.waitUntil(q.runner.is_idle, timeout=T)
    assert q.select(case_id)
    qtbot.waitUntil(q.runner.is_idle, timeout=T)
    qtbot.waitUntil(lambda: q.detail is not None and q.detail.row.case_id == case_id, timeout=T)


def act(qtbot: QtBot, q: CaseQueueWidget, case_id: str, action: str, fill: Any = None) -> None:
    """Click the action's button on the case; fill and accept its dialog, if it has one."""
    show_case(qtbot, q, case_id)
    button = q.action_buttons[action]
    assert button.isVisibleTo(q), (action, q.detail.actions if q.detail else None)
    with qtbot.waitSignal(q.queued, timeout=T):
        qtbot.mouseClick(button, LEFT)
        if q.dialog is not None:
            if fill is not None:
                fill(q.dialog)
            q.dialog.accept()
    qtbot.waitUntil(q.runner.is_idle, timeout=T)


def minutes_photo() -> bytes:
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f1e8"))
    return encode_jpeg(image)


def meeting_for(ids: list[str], members: int) -> Callable[[Any], None]:
    """Fill the meeting dialog: all of `ids` in it, every member present agrees, the minutes."""

    def fill(d: Any) -> None:
        assert isinstance(d, MeetingDialog)
        assert {r.case_id for r in d.rows} == set(ids)
        d.place_edit.setText("Village committee room")
        d.members_edit.setPlainText("\n".join(f"Member {chr(65 + i)}" for i in range(members)))
        for i in range(len(d.rows)):
            d.set_outcome(i, "agree", (members, 0, 0))
        d.set_minutes(minutes_photo())

    return fill


def open_case_queue(
    qtbot: QtBot, sup: Store, tmp_path: Path, day: date, households: list[str]
) -> tuple[MainWindow, CaseQueueWidget, list[str]]:
    """The township supervisor's window on `sup`, synced, its case queue dated `day`: one case
    per household of `households`. Returns the window, the queue and the case ids in the
    queue's order."""
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(sup.folder.parent, None, "en", settings)
    qtbot.addWidget(w)
    w.show()
    w.adopt_store(sup)
    qtbot.waitUntil(lambda: w.supervisor is not None, timeout=T)
    assert w.supervisor is not None
    q = w.supervisor.cases
    q.today = lambda: day
    assert sync_in_window(qtbot, w).outcome == "ok"
    qtbot.waitUntil(lambda: q.model.rowCount() == len(households), timeout=T)
    ids = [r.case_id for r in q.model.rows()]
    assert {r.household_id for r in q.model.rows()} == set(households)
    return w, q, ids
