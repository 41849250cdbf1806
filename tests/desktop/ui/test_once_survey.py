"""once() on the survey screen: a calculation takes its value at the first review, keeps it while
other answers change and days pass, is saved with the draft, is what the reopened draft shows,
and is in the answers that are submitted. The day the form engine sees is moved forward between
steps, so a value that was recomputed instead of kept would show the later day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.survey.survey_widget import SurveyWidget
from forms.xlsform import import_xlsform
from tests.desktop.ui.test_xlsform_survey import T, open_on
from tests.forms.xlsform_corpus import BOOKS, write


class _Clock:
    day = date(2026, 3, 5)


class _Day(date):
    """`date` as forms.form sees it: today() is the test's day."""

    @classmethod
    def today(cls) -> _Day:
        return cls(_Clock.day.year, _Clock.day.month, _Clock.day.day)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> type[_Clock]:
    monkeypatch.setattr(_Clock, "day", date(2026, 3, 5))
    monkeypatch.setattr("forms.form.date", _Day)
    return _Clock


def _type(survey: SurveyWidget, name: str, value: str) -> None:
    editor = survey.editor(name)
    editor.set_value(value)
    editor.changed.emit()  # as typing does
    survey.refresh()


def _reopen(qtbot: QtBot, window: MainWindow, survey: SurveyWidget) -> SurveyWidget:
    doc = survey.doc
    qtbot.mouseClick(survey.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.survey is None, timeout=T)
    window.households.survey_requested.emit(doc.household_id, doc.campaign_id)
    qtbot.waitUntil(lambda: window.survey is not None, timeout=T)
    again = window.survey
    assert again is not None
    assert again.doc.id == doc.id
    return again


def test_once_keeps_its_first_value_through_edits_saving_reopening_and_submitting(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, clock: type[_Clock]
) -> None:
    book = next(b for b in BOOKS if b.name == "functions_once")
    survey = open_on(qtbot, window, import_xlsform(write(book, tmp_path)).definition)
    started = survey.editor("started")
    assert started.value() == "2026-03-05"  # once(now()): set when the screen first reviewed
    # A value to keep is a value to save: waiting to be saved, or saved already (a save may
    # come as soon as the screen opens).
    qtbot.waitUntil(
        lambda: survey.is_dirty() or survey.doc.answers.get("started") == "2026-03-05", timeout=T
    )
    assert "first_visits" not in survey.answers()  # once(${visits}): nothing typed yet

    clock.day = date(2026, 3, 9)
    _type(survey, "visits", "4")
    assert started.value() == "2026-03-05"
    assert survey.editor("first_visits").value() == "4"
    _type(survey, "visits", "6")
    assert survey.editor("first_visits").value() == "4"
    assert started.value() == "2026-03-05"
    log = survey.roster("log").model
    log.add_row()
    log.setData(log.index(0, log.column_of("note")), "到访")
    survey.refresh()
    assert log.rows()[0]["logged"] == "2026-03-09"  # the row's own first value
    shown = log.data(log.index(0, log.column_of("logged")), Qt.ItemDataRole.DisplayRole)
    assert shown == "2026-03-09"
    survey.save_now()
    qtbot.waitUntil(lambda: not survey.is_dirty(), timeout=T)
    assert survey.doc.answers["started"] == "2026-03-05"
    assert survey.doc.answers["first_visits"] == "4"
    assert survey.doc.answers["log"] == [{"note": "到访", "logged": "2026-03-09"}]
    revision = survey.doc.revision

    clock.day = date(2026, 3, 12)
    again = _reopen(qtbot, window, survey)
    assert again.editor("started").value() == "2026-03-05"
    assert again.editor("first_visits").value() == "4"
    assert again.roster("log").model.rows()[0]["logged"] == "2026-03-09"
    qtbot.waitUntil(window.runner.is_idle, timeout=T)
    assert not again.is_dirty()
    assert again.doc.revision == revision  # read back, not taken again: nothing new written
    _type(again, "consent", "yes")
    assert again.editor("consent_day").value() == "2026-03-12"
    assert again.editor("started").value() == "2026-03-05"

    qtbot.mouseClick(again.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.doc.status == "completed", timeout=T)
    clock.day = date(2026, 3, 13)
    qtbot.waitUntil(again.submit_button.isEnabled, timeout=T)
    qtbot.mouseClick(again.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.doc.status == "submitted", timeout=T)
    sent = again.doc.answers
    assert (sent["started"], sent["first_visits"], sent["consent_day"]) == (
        "2026-03-05",
        "4",
        "2026-03-12",
    )
    assert sent["log"][0]["logged"] == "2026-03-09"


def test_a_completed_survey_saved_before_values_were_kept_stays_completed_when_opened(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, clock: type[_Clock]
) -> None:
    """An upgrade case: a survey completed by the previous release holds no once() values. The
    screen takes them but does not save them unasked (a save makes it a draft again); the
    cadre's first edit saves them."""
    from desktop.store.models import Survey

    book = next(b for b in BOOKS if b.name == "functions_once")
    survey = open_on(qtbot, window, import_xlsform(write(book, tmp_path)).definition)
    _type(survey, "visits", "4")
    _type(survey, "consent", "yes")
    qtbot.mouseClick(survey.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: survey.doc.status == "completed", timeout=T)
    store = window.store
    assert store is not None
    with store.transaction() as s:  # as the previous release stored it: nothing kept
        row = s.get(Survey, survey.doc.id)
        assert row is not None
        row.answers = {
            k: v
            for k, v in row.answers.items()
            if k not in ("started", "first_visits", "consent_day", "log")
        }

    clock.day = date(2026, 3, 20)
    again = _reopen(qtbot, window, survey)
    qtbot.waitUntil(window.runner.is_idle, timeout=T)
    assert again.editor("started").value() == "2026-03-20"  # taken, as the old release did
    assert not again.is_dirty()
    again.save_now()
    qtbot.waitUntil(window.runner.is_idle, timeout=T)
    assert again.doc.status == "completed"
    assert again.submit_button.isEnabled()

    _type(again, "visits", "5")  # the cadre edits: now the kept values are saved
    assert again.is_dirty()
    again.save_now()
    qtbot.waitUntil(lambda: not again.is_dirty(), timeout=T)
    assert again.doc.answers["started"] == "2026-03-20"
