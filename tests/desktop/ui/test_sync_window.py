"""Sync in the window against a real `doorstep-server serve` on loopback (the e2e fixtures).

The Sync button sends a submitted survey; a supervisor returns it through the server API with a
comment pinned to one question; the next Sync brings the return; the cadre sees both comments,
changes an answer, is asked for a reason (kept in the audit log), completes and resubmits, and
a last Sync sends it. Cancel stops a round; a round held up on the network thread never holds
up a save; the sync log is shown and exported without personal data; the USB dialog exports.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import requests
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.services import attachments, syncing
from desktop.services.households import list_households
from desktop.services.surveys import SurveyService
from desktop.store.models import Attachment, AuditEntry, Survey
from desktop.store.profile import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.survey.field_editors import LineFieldEditor
from desktop.ui.sync.dialogs import SyncLogDialog, UsbDialog
from sync.client import DeviceIdentity, sign_request
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import V1A

# The sync engineer's fixtures, reused as they are: a real server process and enrolled laptops.
county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 30_000
LEFT = Qt.MouseButton.LeftButton


def _return_with_pin(county: County, survey_id: str, path: str) -> None:
    reply, key = syncing.request_enrollment(county.server.url, county.code("sup_t1"))
    ident = DeviceIdentity(reply.device_id, reply.token, key)
    body = json.dumps(
        {
            "id": str(uuid.uuid4()),
            "survey_id": survey_id,
            "decision": "return",
            "comment": "请核实务工收入",
            "pinned": [{"path": path, "comment": "工资收入偏低，请再问一次"}],
        }
    ).encode()
    target = "/api/v1/reviews"
    signed = sign_request(ident, "POST", target, body, time.time())
    r = requests.post(
        county.server.url + target,
        data=body,
        headers={
            "Authorization": f"Bearer {ident.token}",
            **signed,
            "Content-Type": "application/json",
        },
        timeout=30,
    )
    assert r.status_code == 200, r.text


def _window(qtbot: QtBot, store: Store, tmp_path: Path, settings: AppSettings) -> MainWindow:
    w = MainWindow(store.folder.parent, None, "en", settings)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.households.loaded, timeout=T):
        w.adopt_store(store)
    return w


def _sync(qtbot: QtBot, w: MainWindow) -> Any:
    with qtbot.waitSignal(w.sync.sync_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(w.sync_status.sync_button, LEFT)
    with qtbot.waitSignal(w.sync.status_changed, timeout=T):
        pass
    return blocker.args[0]


def test_sync_button_return_with_pinned_comment_reason_and_resubmit(
    qtbot: QtBot, laptop_factory: Any, county: County, settings: AppSettings, tmp_path: Path
) -> None:
    laptop: Store = laptop_factory("cadre1")
    assert syncing.run_sync(laptop).outcome == "ok"  # the campaign arrives
    camp = campaign_of(laptop)
    household = new_household(laptop, V1A, 3)
    sid = new_survey(laptop, household, V1A, 3, camp)
    w = _window(qtbot, laptop, tmp_path, settings)
    qtbot.waitUntil(lambda: w.sync.status is not None, timeout=T)
    assert w.sync.status is not None
    assert w.sync.status.pending > 0

    # --- Sync now: progress, then nothing waiting and the server has the survey
    phases: list[str] = []
    w.sync.progressed.connect(lambda p: phases.append(p.phase))
    result = _sync(qtbot, w)
    assert result.outcome == "ok"
    assert "push" in phases
    qtbot.waitUntil(lambda: w.sync.status is not None and w.sync.status.pending == 0, timeout=T)
    assert "0" in w.sync_status.pending_label.text()
    assert w.sync.online is True
    assert "Online" in w.sync_status.online_label.text()

    # --- The supervisor returns it with a comment pinned to the wages question
    _return_with_pin(county, sid, "income_wages")
    _sync(qtbot, w)
    with laptop.reading() as s:
        assert s.get(Survey, sid).status == "returned"  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: (r := w.households.model.row_for(household)) is not None and r.state == "returned",
        timeout=T,
    )

    # --- The cadre opens it: the comment at the top and the pinned one at the question
    w.households.select_household(household)
    qtbot.mouseClick(w.households.open_button, LEFT)
    qtbot.waitUntil(lambda: w.survey is not None, timeout=T)
    survey = w.survey
    assert survey is not None
    qtbot.waitUntil(lambda: survey.pinned_label("income_wages") is not None, timeout=T)
    assert "请核实务工收入" in survey.return_label.text()
    assert "工资收入偏低" in survey.pinned_label("income_wages").text()  # type: ignore[union-attr]

    # --- A changed answer asks for a reason; without one nothing is saved
    wages = survey.editor("income_wages")
    assert isinstance(wages, LineFieldEditor)
    survey.go_to_path("income_wages")
    wages.edit.selectAll()
    qtbot.keyClicks(wages.edit, "24000")
    qtbot.waitUntil(lambda: survey.reason_edit("income_wages") is not None, timeout=T)
    assert survey.missing_reasons() == ["income_wages"]
    survey.save_now()
    qtbot.waitUntil(lambda: "reason" in survey.saved_label.text(), timeout=T)
    reason = survey.reason_edit("income_wages")
    assert reason is not None
    reason.insert("再次询问，去年外出务工十个月")
    reason.textEdited.emit(reason.text())
    with qtbot.waitSignal(survey.status_changed, timeout=T):
        qtbot.mouseClick(survey.complete_button, LEFT)
    qtbot.waitUntil(lambda: survey.doc.status == "completed", timeout=T)

    # --- Complete does not end the return: an answer changed now still needs its reason
    farming = survey.editor("income_farming")
    assert isinstance(farming, LineFieldEditor)
    survey.go_to_path("income_farming")
    farming.edit.selectAll()
    qtbot.keyClicks(farming.edit, "3170")
    qtbot.waitUntil(lambda: survey.reason_edit("income_farming") is not None, timeout=T)
    assert survey.missing_reasons() == ["income_farming"]
    assert not survey.submit_button.isEnabled()
    survey.save_now()
    qtbot.waitUntil(lambda: "reason" in survey.saved_label.text(), timeout=T)
    with laptop.reading() as s:
        stored = s.get(Survey, sid)
        assert stored is not None
        assert stored.status == "completed"
        assert stored.answers.get("income_farming") != 3170  # nothing written without a reason
    reason = survey.reason_edit("income_farming")
    assert reason is not None
    reason.insert("补问了种植收入")
    reason.textEdited.emit(reason.text())
    with qtbot.waitSignal(survey.status_changed, timeout=T):
        qtbot.mouseClick(survey.complete_button, LEFT)
    qtbot.waitUntil(lambda: survey.doc.status == "completed", timeout=T)
    with qtbot.waitSignal(survey.saved, timeout=T):
        qtbot.mouseClick(survey.submit_button, LEFT)
    assert survey.doc.status == "submitted"
    with laptop.reading() as s:
        details = [
            json.loads(e.detail) if isinstance(e.detail, str) else e.detail
            for e in s.scalars(select(AuditEntry).where(AuditEntry.record_id == sid))
        ]
    assert any("去年外出务工" in str(d.get("reason", "")) for d in details)
    assert any("补问了种植收入" in str(d.get("reason", "")) for d in details)

    # --- Resubmitted; the last sync sends it
    assert _sync(qtbot, w).outcome == "ok"
    r = requests.get(f"{county.server.url}/readyz", timeout=5)
    assert r.status_code == 200
    assert syncing.pending_count(laptop) == 0
    rows = {h.id: h for h in list_households(laptop, camp)}
    assert rows[household].state == "submitted"

    # --- The log is viewable and exports for IT without personal data
    dialog = SyncLogDialog(w.runner, laptop, w)
    with qtbot.waitSignal(dialog.loaded, timeout=T):
        pass
    assert dialog.table.rowCount() >= 3
    out = tmp_path / "it" / "sync-log.txt"
    out.parent.mkdir()
    with qtbot.waitSignal(dialog.exported, timeout=T):
        dialog.export_to(out)
    text = out.read_text(encoding="utf-8")
    assert "\tok\tnetwork" in text
    for secret in ("测试户主", "请核实", "去年外出务工", "24000"):
        assert secret not in text
    dialog.close()
    w.close()


def test_cancel_and_a_held_up_round_never_blocks_a_save(
    qtbot: QtBot, laptop_factory: Any, settings: AppSettings, tmp_path: Path
) -> None:
    laptop: Store = laptop_factory("cadre1")
    w = _window(qtbot, laptop, tmp_path, settings)
    gate = threading.Event()
    w.sync.run_on_network(lambda: gate.wait(30))  # the network thread is busy (a slow link)
    qtbot.mouseClick(w.sync_status.sync_button, LEFT)
    assert w.sync.running
    assert w.sync_status.cancel_button.isVisible()

    # A save goes through the store thread while the round waits on the network thread.
    household = new_household(laptop, V1A, 9)
    saved: list[object] = []
    w.runner.submit(lambda: list_households(laptop, None), saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=T)
    assert any(h.id == household for h in saved[0])  # type: ignore[attr-defined]

    with qtbot.waitSignal(w.sync.sync_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(w.sync_status.cancel_button, LEFT)
        gate.set()
    assert blocker.args[0].outcome == "cancelled"
    assert not w.sync_status.cancel_button.isVisible()

    # USB: with the server's key saved, the waiting records go to one sealed file.
    usb = UsbDialog(w.runner, laptop, w)
    assert usb.export_button.isEnabled()
    with qtbot.waitSignal(usb.step_done, timeout=T) as done:
        usb.export_to(tmp_path / "stick.dst")
    assert done.args == ["error"]  # no server key yet: a plain message, nothing written
    assert "key" in usb.result_label.text()
    assert not (tmp_path / "stick.dst").exists()
    usb.close()
    w.close()


def _settings_dialog(qtbot: QtBot, w: MainWindow, office: bool, networks: str) -> SettingsDialog:
    """Open Settings from the menu, set the photo rule and the ranges as typed, press Save."""
    w.settings_action.trigger()
    dialog = w.dialog
    assert isinstance(dialog, SettingsDialog)
    if dialog.photos_office_only.isChecked() != office:
        qtbot.mouseClick(dialog.photos_office_only, LEFT)
    dialog.office_networks.selectAll()
    qtbot.keyClicks(dialog.office_networks, networks)
    qtbot.mouseClick(dialog.accept_button(), LEFT)
    return dialog


def _photo_png(color: str = "#8aa") -> bytes:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(array.data())


def test_photos_wait_for_the_office_network_while_answers_sync(
    qtbot: QtBot, laptop_factory: Any, county: County, settings: AppSettings, tmp_path: Path
) -> None:
    laptop: Store = laptop_factory("cadre1")
    assert syncing.run_sync(laptop).outcome == "ok"
    camp = campaign_of(laptop)
    household = new_household(laptop, V1A, 3)
    sid = new_survey(laptop, household, V1A, 3, camp, status="draft")
    ref = attachments.add(laptop, sid, "photo", _photo_png())
    extra = attachments.add(laptop, sid, "photo", _photo_png("#a86"))
    service = SurveyService(laptop)
    answers = service.open(sid).answers
    photos = [{"photo": ref.answer()}, {"photo": extra.answer()}]
    service.save_draft(sid, {**answers, "photos": photos})
    w = _window(qtbot, laptop, tmp_path, settings)

    # --- A range that is not an address range: explained, nothing saved
    dialog = _settings_dialog(qtbot, w, True, "10.42.0.0/16, office-lan")
    assert dialog.isVisible()
    assert "office-lan" in dialog.error.text()
    assert settings.photos_office_only is False
    dialog.reject()

    # --- Office network set to a range this laptop is not in: answers go, the photo waits
    dialog = _settings_dialog(qtbot, w, True, "203.0.113.0/24")
    assert not dialog.isVisible()
    assert settings.photos_office_only is True
    assert settings.office_networks == "203.0.113.0/24"
    assert w.sync.photos_held()
    assert _sync(qtbot, w).outcome == "ok"
    assert syncing.pending_count(laptop) == 0  # the survey and the photos' references went
    with laptop.reading() as s:
        held = s.scalars(select(Attachment).where(Attachment.survey_id == sid)).all()
        assert sorted(a.uploaded_bytes for a in held) == [0, 0]
    label = w.sync_status.photos_label
    qtbot.waitUntil(lambda: label.text().endswith(": 2"), timeout=T)
    assert label.text() == "Photos waiting for the office network: 2"

    # --- The second photo is removed after its reference went but before its bytes did:
    # it leaves the upload queue (the saved answers no longer refer to it)
    service.save_draft(sid, {**answers, "photos": photos[:1]})
    with laptop.reading() as s:
        left = s.scalars(select(Attachment.sha256).where(Attachment.survey_id == sid)).all()
    assert left == [ref.sha256]
    w.sync.refresh_status()
    qtbot.waitUntil(lambda: label.text().endswith(": 1"), timeout=T)

    # --- On the office network (this laptop's own loopback range): the photo goes
    _settings_dialog(qtbot, w, True, "127.0.0.0/8")
    assert not w.sync.photos_held()
    assert _sync(qtbot, w).outcome == "ok"
    with laptop.reading() as s:
        photo = s.scalars(select(Attachment).where(Attachment.sha256 == ref.sha256)).one()
        assert photo.uploaded_bytes == photo.size
    qtbot.waitUntil(lambda: label.isHidden(), timeout=T)
    w.close()
