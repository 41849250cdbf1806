"""The survey screen shows the form the county published, and says plainly when a survey's form
version is not on this laptop (real window, real store, publications applied as sync applies them).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.store.records import SurveyData, save_survey
from desktop.store.sync_store import DesktopSyncStore
from desktop.ui.main_window import MainWindow
from tests.desktop.services.test_published_forms import NEW_QUESTION, form_change, v2_definition
from tests.desktop.ui.conftest import unlock
from tests.sync.helpers import survey_answers

T = 10_000


def _open(qtbot: QtBot, window: MainWindow, household_id: str) -> None:
    window.households.select_household(household_id)
    qtbot.mouseClick(window.households.open_button, Qt.MouseButton.LeftButton)


def test_the_survey_screen_shows_the_published_question_and_refuses_an_unknown_version(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlock(qtbot, window)
    store = window.store
    assert store is not None
    first, _, third = (row.id for row in window.households.model.rows_in_order())
    qtbot.waitUntil(window.runner.is_idle, timeout=T)
    DesktopSyncStore(store).apply_changes([form_change(v2_definition())], "cursor-1")
    with store.transaction() as s:
        on_v7 = SurveyData(
            id=str(uuid.uuid4()),
            household_id=third,
            form_id="household-survey",
            form_version=7,
            answers=survey_answers("421202101201"),
        )
        save_survey(s, store.actor, on_v7)

    _open(qtbot, window, first)
    qtbot.waitUntil(lambda: window.survey is not None, timeout=T)
    survey = window.survey
    assert survey is not None
    assert survey.form.version == 2
    survey.editor("visit_outcome").set_value("in_person")  # the household was surveyed
    survey.refresh()
    survey.go_to_path(NEW_QUESTION)
    editor = survey.editor(NEW_QUESTION)
    qtbot.waitUntil(editor.isVisible, timeout=T)
    page = survey.pages.currentWidget()
    assert page is not None
    labels = [label.text() for label in page.findChildren(QLabel)]
    assert "Safe drinking water *" in labels
    qtbot.mouseClick(survey.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.survey is None, timeout=T)

    _open(qtbot, window, third)
    expected = (
        "This survey was started on form version 7, which this laptop does not have. "
        "Sync to receive it from the county, or update the app."
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == expected, timeout=T)
    assert window.survey is None
    assert window.stack.currentWidget() is window.households
