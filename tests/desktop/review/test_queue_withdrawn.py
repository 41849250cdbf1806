"""A survey the county withdrew, on the reviewer's screen: still listed, marked withdrawn with the
county's reason, not counted as waiting, and nothing to approve or return (pytest-qt, real
widget, a real SQLCipher profile fed through the laptop's sync store)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.services import reports, review
from desktop.store.models import ReviewItem, Survey
from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from desktop.ui.review.queue_model import COL_STATE
from sync.protocol import Change
from tests.desktop.review.queue_data import seed_queue
from tests.desktop.review.test_queue_widget import T, _widget

REASON = "录错了户"


def _withdraw(store: Store, survey_id: str) -> None:
    """The feed's `survey` change again, as the server sends it after `admin withdraw-survey`."""
    with store.reading() as s:
        item, row = s.get(ReviewItem, survey_id), s.get(Survey, survey_id)
        assert item is not None
        assert row is not None
        data = {
            "id": survey_id,
            "revision": item.server_revision,
            "short_key": item.short_key,
            "household_id": row.household_id,
            "campaign_id": None,
            "form_id": row.form_id,
            "form_version": row.form_version,
            "status": "submitted",
            "state": "withdrawn",
            "answers": dict(row.answers),
            "computed": {},
            "flags": [],
            "cadre_id": item.cadre_id,
            "cadre_name": item.cadre_name,
            "village_code": item.village_code,
            "township_code": item.township_code,
            "received_at": item.received_at,
            "updated_at": item.received_at,
            "withdrawn_at": "2026-12-07T09:00:00+00:00",
            "withdrawn_reason": REASON,
        }
    DesktopSyncStore(store).apply_changes([Change(kind="survey", id=survey_id, data=data)], "c2")


def test_a_withdrawn_survey_is_shown_marked_and_cannot_be_decided(
    qtbot: QtBot, store: Store
) -> None:
    ids = seed_queue(store, 3, flagged_every=1000, start=1)  # none flagged
    _withdraw(store, ids[1])
    w, runner = _widget(qtbot, store)
    try:
        assert w.model.rowCount() == 3
        assert w.count_label.text() == "2 of 2 waiting"
        row = w.model.row_for(ids[1])
        assert row is not None
        assert row.withdrawn
        index = w.model.index(w.model.rows().index(row), COL_STATE)
        assert index.data() == "Withdrawn by the county"

        w.select(ids[1])
        qtbot.waitUntil(
            lambda: w.detail is not None and w.detail.row.survey_id == ids[1], timeout=T
        )
        text = w.detail_view.toPlainText()
        assert f"Withdrawn by the county as recorded in error: {REASON}" in text
        assert "Nothing to decide" in text
        assert not w.approve_button.isEnabled()
        assert not w.return_button.isEnabled()
        assert w.history_button.isEnabled()  # who withdrew it and why is in the history

        w.select(ids[0])
        qtbot.waitUntil(
            lambda: w.detail is not None and w.detail.row.survey_id == ids[0], timeout=T
        )
        assert w.approve_button.isEnabled()
        # approving "all clean" passes the withdrawn one by
        assert review.approve_many(store, ids) == [ids[0], ids[2]]
    finally:
        w.close()
        runner.stop()


def test_the_store_keeps_the_reason_and_refuses_a_decision(store: Store) -> None:
    ids = seed_queue(store, 1)
    _withdraw(store, ids[0])
    [row] = review.load_queue(store, "township")
    assert (row.withdrawn, row.withdrawn_reason) == (True, REASON)
    with pytest.raises(review.ReviewInputError, match="not_in_queue"):
        review.decide(store, ids[0], "approve", level="township")


def test_offline_progress_leaves_it_out(store: Store) -> None:
    ids = seed_queue(store, 3)
    before = reports.cached_progress(store, "township")
    assert sum(r.completed for r in before.rows) == 3
    _withdraw(store, ids[1])
    after = reports.cached_progress(store, "township")
    assert (sum(r.completed for r in after.rows), sum(r.submitted for r in after.rows)) == (2, 2)
