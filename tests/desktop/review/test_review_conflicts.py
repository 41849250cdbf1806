"""A survey the server holds a conflicting version of is marked in the queue, and its detail shows
both versions side by side, against a real server on loopback.

A cadre submits a survey from their laptop while another device of theirs sends an edit of its
wage income based on the draft: the server keeps that edit (based on a revision it no longer
has) as a conflict beside the version under review.
The supervisor's queue marks the survey (offline too, from what the server last said), and the
detail compares the two versions answer by answer; offline it says they can be compared when
online.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services import review, syncing
from desktop.store.models import Survey
from desktop.store.profile import Store
from desktop.ui.review.queue_model import COL_STATE, CONFLICT_COLOR
from desktop.ui.review.queue_widget import ReviewQueueWidget
from desktop.ui.tasks import StoreThread
from sync.server.db import make_sessionmaker
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, edit_survey, new_household, new_survey
from tests.sync.conftest import enroll
from tests.sync.helpers import V1A, push, survey_data

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 30_000


def _widget(qtbot: QtBot, runner: StoreThread, store: Store) -> ReviewQueueWidget:
    w = ReviewQueueWidget(runner, "en")
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=T):
        w.set_store(store)
    return w


def test_conflicting_version_marked_and_both_versions_shown(
    qtbot: QtBot, laptop_factory: Any, county: County
) -> None:
    cadre = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    camp = campaign_of(cadre)
    clean = new_survey(cadre, new_household(cadre, V1A, 1), V1A, 1, camp)
    sid = new_survey(cadre, new_household(cadre, V1A, 2), V1A, 2, camp, status="draft")
    assert syncing.run_sync(cadre).outcome == "ok"
    assert edit_survey(cadre, sid, 5000, status="submitted")
    assert syncing.run_sync(cadre).outcome == "ok"
    # the same cadre's other device sends an edit based on revision 1: a stale base
    with httpx.Client(base_url=county.server.url, timeout=30) as http:
        other_device = enroll(http, make_sessionmaker(county.engine), "cadre1")
        with cadre.reading() as s:
            household = s.get(Survey, sid).household_id
        edit = survey_data(uuid.UUID(household), V1A, uuid.UUID(str(camp)), head=2, income=99999)
        r = push(http, other_device, [other_device.record("survey", uuid.UUID(sid), edit, base=1)])
        assert r.json()["results"][0]["status"] == "conflict"

    sup = laptop_factory("sup_t1")
    assert syncing.run_sync(sup).outcome == "ok"
    assert review.fetch_conflicts(sup) == {sid}  # what the panel asks after each sync

    runner = StoreThread()
    try:
        w = _widget(qtbot, runner, sup)
        rows = {r.survey_id: r for r in w.model.rows()}
        assert rows[sid].conflict
        assert not rows[clean].conflict
        cell = w.model.index(w.model.rows().index(rows[sid]), COL_STATE)
        assert "conflicting version" in cell.data()
        assert cell.data(Qt.ItemDataRole.ForegroundRole) == CONFLICT_COLOR

        # a survey without a conflict shows no comparison
        assert w.select(clean)
        qtbot.waitUntil(lambda: w.detail is not None and w.detail.row.survey_id == clean, timeout=T)
        assert "Conflicting version" not in w.detail_view.toPlainText()

        with qtbot.waitSignal(w.versions_shown, timeout=T):
            assert w.select(sid)
        text = w.detail_view.toPlainText()
        assert "Conflicting version on the server" in text
        assert "Revision 2 is under review; revision 2" in text
        assert "was based on revision 1" in text
        compared = text.split("Conflicting version on the server")[1].split("History")[0]
        lines = [x.strip() for x in compared.splitlines() if x.strip()]
        at = lines.index("Wages")  # question, under review, conflicting version
        assert lines[at + 1 : at + 3] == ["5000", "99999"]
        assert "Head of household" not in compared  # only what differs
        w.set_store(None)

        # offline: still marked (from what the server last said), compared when online
        county.server.stop()
        w2 = _widget(qtbot, runner, sup)
        assert {r.survey_id for r in w2.model.rows() if r.conflict} == {sid}
        assert w2.select(clean)
        qtbot.waitUntil(
            lambda: w2.detail is not None and w2.detail.row.survey_id == clean, timeout=T
        )
        with qtbot.waitSignal(w2.versions_shown, timeout=60_000):
            assert w2.select(sid)
        assert "Both versions can be compared when online." in w2.detail_view.toPlainText()
        w2.set_store(None)
    finally:
        qtbot.waitUntil(runner.is_idle, timeout=T)
        runner.stop()
