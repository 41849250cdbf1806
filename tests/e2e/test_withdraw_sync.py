"""A survey withdrawn on the server reaches the laptops: a real server process, real enrolled
laptops (SQCipher profiles), real sync over loopback HTTP, the real `admin withdraw-survey`.

The cadre edits two drafts offline after county IT withdrew them, one of them written to a USB
file (sealed in a batch). The next round's pull marks the surveys withdrawn, read-only and no
longer to do; the plain edit is never sent; the sealed batch goes as it is and the server refuses
it (`survey_withdrawn`), shown among the sync problems with the county's reason. The township
reviewer's laptop lists it as withdrawn, with the reason, with nothing to decide. The survey
screen (pytest-qt, real widget) shows it withdrawn with the reason, every editor read-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services import households, review, syncing
from desktop.services.surveys import SurveyService
from desktop.ui.households.table_model import COL_STATE, HouseholdTableModel
from desktop.ui.survey.survey_widget import SurveyWidget
from desktop.ui.tasks import StoreThread
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, edit_survey, new_household, new_survey
from tests.sync.helpers import V1A, survey_answers

REASON = "录错了户：应为另一户"


def test_the_withdrawal_reaches_both_laptops_and_the_survey_screen(
    county: County, laptop_factory: Any, qtbot: QtBot, runner: StoreThread, tmp_path: Path
) -> None:
    cadre = laptop_factory("cadre1")
    reviewer = laptop_factory("sup_t1")
    assert syncing.run_sync(cadre).outcome == "ok"
    camp = campaign_of(cadre)
    household = new_household(cadre, V1A, 1)
    draft = new_survey(cadre, household, V1A, 1, camp, status="draft")
    shown = new_survey(cadre, new_household(cadre, V1A, 2), V1A, 2, camp)  # submitted
    carried = new_survey(cadre, new_household(cadre, V1A, 3), V1A, 3, camp, status="draft")
    assert syncing.run_sync(cadre).outcome == "ok"
    assert syncing.run_sync(reviewer).outcome == "ok"
    assert shown in {r.survey_id for r in review.load_queue(reviewer, "township")}

    for sid in (draft, shown, carried):
        done = county.server.admin("withdraw-survey", sid, "--reason", REASON)
        assert done.returncode == 0, done.stderr.decode()
    # Offline meanwhile, the cadre edits one draft and writes it to a USB file at the office
    # (sealed in a batch, which the next round sends as it is), and edits the other.
    assert edit_survey(cadre, carried, 3900)
    syncing.set_usb_key(cadre, county.server.admin("usb-key").stdout.decode().strip())
    assert syncing.export_usb(cadre, tmp_path / "usb.bin") == 1
    assert edit_survey(cadre, draft, 4200)
    assert syncing.pending_count(cadre) == 2

    # A round pulls before it pushes: the withdrawal arrives first and the waiting edit leaves
    # the outbox unsent (a batch sealed before, resent after a cut, is refused by the server as
    # `survey_withdrawn`: tests/sync/test_withdraw.py).
    report = syncing.run_sync(cadre)
    assert report.outcome == "ok"
    assert report.counts.get("batches", 0) == 1  # the sealed one only
    problems = syncing.outbox_problems(cadre)
    assert [(p.record_id, p.state) for p in problems] == [(carried, "quarantined")]
    assert "withdrawn by the county" in problems[0].reasons[0]
    assert REASON in problems[0].reasons[0]
    service = SurveyService(cadre)
    for sid in (draft, shown):
        doc = service.open(sid)
        assert (doc.status, doc.read_only, doc.withdrawn_reason) == ("withdrawn", True, REASON)
    rows = households.list_households(cadre, camp)
    assert {r.id: r.state for r in rows}[household] == "withdrawn"
    model = HouseholdTableModel()
    model.set_rows(rows)
    cell = model.index(model.source_row_of(household), COL_STATE)
    assert cell.data() == "Withdrawn by the county"  # the cadre's household list
    # opening the household shows the withdrawn survey, not a fresh draft
    assert service.start(household, camp).id == draft
    assert syncing.pending_count(cadre) == 0
    report = syncing.run_sync(cadre)
    assert report.outcome == "ok"
    assert syncing.pending_count(cadre) == 0

    assert syncing.run_sync(reviewer).outcome == "ok"
    rows = {r.survey_id: r for r in review.load_queue(reviewer, "township")}
    assert rows[shown].withdrawn
    assert rows[shown].withdrawn_reason == REASON
    with pytest.raises(review.ReviewInputError, match="not_in_queue"):
        review.decide(reviewer, shown, "approve", level="township")

    widget = SurveyWidget(runner, cadre, service.open(draft), "测试户主1", "en")
    qtbot.addWidget(widget)
    widget.show()
    assert widget.banner.text() == (f"Withdrawn by the county as recorded in error: {REASON}")
    assert not widget.save_button.isEnabled()
    assert not widget.complete_button.isEnabled()
    assert not widget.submit_button.isEnabled()
    widget.shutdown()


def test_a_withdrawn_household_is_surveyed_again_from_the_survey_screen(
    county: County, laptop_factory: Any, qtbot: QtBot, runner: StoreThread
) -> None:
    """The county withdrew a survey recorded in error; the cadre goes back and surveys the
    household again: a new draft with nothing of the withdrawn answers, submitted, reviewed."""
    cadre = laptop_factory("cadre1")
    reviewer = laptop_factory("sup_t1")
    assert syncing.run_sync(cadre).outcome == "ok"
    camp = campaign_of(cadre)
    household = new_household(cadre, V1A, 5)
    wrong = new_survey(cadre, household, V1A, 5, camp)
    assert edit_survey(cadre, wrong, 0) is False  # submitted: read-only
    assert syncing.run_sync(cadre).outcome == "ok"
    done = county.server.admin("withdraw-survey", wrong, "--reason", REASON)
    assert done.returncode == 0, done.stderr.decode()
    assert syncing.run_sync(cadre).outcome == "ok"

    service = SurveyService(cadre)
    widget = SurveyWidget(runner, cadre, service.start(household, camp), "测试户主5", "en")
    qtbot.addWidget(widget)
    widget.show()
    assert widget.resurvey_button.isVisible()
    assert not widget.save_button.isEnabled()
    with qtbot.waitSignal(widget.resurvey_requested, timeout=5_000) as asked:
        qtbot.mouseClick(widget.resurvey_button, Qt.MouseButton.LeftButton)
    assert asked.args == [household, camp or ""]
    widget.shutdown()

    fresh = service.start(household, camp, anew=True)
    assert fresh.id != wrong
    assert fresh.status == "draft"
    assert "income_wages" not in fresh.answers  # nothing carried from what was withdrawn
    again = SurveyWidget(runner, cadre, fresh, "测试户主5", "en")
    qtbot.addWidget(again)
    again.show()
    assert not again.resurvey_button.isVisible()
    assert again.save_button.isEnabled()
    again.shutdown()
    assert service.start(household, camp).id == fresh.id  # the household now opens the new one

    answers = survey_answers(V1A, head=5)
    service.save_draft(fresh.id, answers)
    result = service.complete(fresh.id, answers)
    assert not result.problems, result.problems
    service.submit(fresh.id)
    rows = {r.id: r.state for r in households.list_households(cadre, camp)}
    assert rows[household] == "submitted"
    assert syncing.run_sync(cadre).outcome == "ok"
    assert syncing.pending_count(cadre) == 0
    assert syncing.run_sync(reviewer).outcome == "ok"
    queue = {r.survey_id: r for r in review.load_queue(reviewer, "township")}
    assert not queue[fresh.id].withdrawn
    assert queue[wrong].withdrawn
    review.decide(reviewer, fresh.id, "approve", level="township")
