"""Every workbook of the XLSForm corpus opened in the cadre's survey screen (real window, real
store; the form and the campaign reach the laptop as sync applies them): its labels are shown in
the form's own languages, cascading selects narrow as the answers above them change, and a
repeat inside a repeat adds rows to the row selected above it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop.store.sync_store import DesktopSyncStore
from desktop.ui.main_window import MainWindow
from desktop.ui.survey.survey_widget import SurveyWidget
from forms.xlsform import import_xlsform
from sync.protocol import Change
from tests.desktop.services.test_published_forms import form_change
from tests.desktop.ui.conftest import unlock
from tests.forms.xlsform_corpus import BOOKS, Book, write

T = 10_000


def campaign_change(campaign_id: str, form_id: str, version: int) -> Change:
    data = {
        "id": campaign_id, "year": 2026, "round": "start", "starts_on": "2026-03-01",
        "ends_on": "2026-03-21", "form_id": form_id, "form_version": version,
    }  # fmt: skip
    return Change(kind="campaign", id=campaign_id, data=data)


def open_on(qtbot: QtBot, window: MainWindow, definition: dict[str, Any]) -> SurveyWidget:
    """Publish the form and a campaign using it to the laptop, then open a household's survey
    the way the household list asks for one."""
    unlock(qtbot, window)
    store = window.store
    assert store is not None
    qtbot.waitUntil(window.runner.is_idle, timeout=T)
    campaign_id = str(uuid.uuid4())
    changes = [
        form_change(definition),
        campaign_change(campaign_id, definition["id"], definition["version"]),
    ]
    DesktopSyncStore(store).apply_changes(changes, "cursor-1")
    household = next(iter(window.households.model.rows_in_order())).id
    window.households.survey_requested.emit(household, campaign_id)
    qtbot.waitUntil(lambda: window.survey is not None, timeout=T)
    survey = window.survey
    assert survey is not None
    return survey


def shown_labels(survey: SurveyWidget) -> set[str]:
    return {label.text().removesuffix(" *") for label in survey.findChildren(QLabel)}


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.name)
def test_the_survey_screen_shows_the_imported_form(
    qtbot: QtBot, window: MainWindow, book: Book, tmp_path: Path
) -> None:
    definition = import_xlsform(write(book, tmp_path)).definition
    survey = open_on(qtbot, window, definition)
    form = survey.form
    assert (form.id, form.version) == (definition["id"], definition["version"])
    assert survey.doc.form_id == definition["id"]  # the survey keeps the form it started on
    labels = shown_labels(survey)
    for section in form.sections:
        for field in section.fields:
            if field.type in ("calculate", "group"):
                continue
            assert field.label("en") in labels or f"<b>{field.label('en')}</b>" in labels
    if book.label is not None:
        name, _text = book.label
        assert form.field(name).label("en") in labels
    # nothing the laptop prefilled is foreign to the form
    assert not [p for p in survey.problems if p.code == "unknown_field"]


def test_cascading_selects_narrow_as_the_answers_above_change(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    book = next(b for b in BOOKS if b.name == "village_picker")
    survey = open_on(qtbot, window, import_xlsform(write(book, tmp_path)).definition)
    village = survey.editor("village")
    township = survey.editor("township")
    assert len(village.offered()) == 0  # type: ignore[attr-defined]  # nothing until a township
    assert len(township.offered()) == 0  # type: ignore[attr-defined]
    survey.editor("county").set_value("c1")
    survey.refresh()
    assert township.offered() == [f"c1t{t}" for t in range(1, 6)]  # type: ignore[attr-defined]
    township.set_value("c1t2")
    survey.refresh()
    offered = village.offered()  # type: ignore[attr-defined]
    assert len(offered) == 110
    assert offered[0] == "centre"
    village.set_value("centre")
    survey.refresh()
    assert village.combo.currentText() == "Centre 1-2"  # type: ignore[attr-defined]
    township.set_value("c1t3")  # another township: its own centre, the same value
    survey.refresh()
    assert village.combo.currentText() == "Centre 1-3"  # type: ignore[attr-defined]
    assert not [p for p in survey.problems if p.path == "village" and p.code == "choice"]


def test_a_repeat_inside_a_repeat_adds_rows_to_the_selected_row(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    book = next(b for b in BOOKS if b.name == "household_roster")
    survey = open_on(qtbot, window, import_xlsform(write(book, tmp_path)).definition)
    members = survey.roster("member")
    jobs = members.inner["job"]
    assert jobs.isHidden()  # no member selected yet
    qtbot.mouseClick(members.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(members.add_button, Qt.MouseButton.LeftButton)
    model = members.model
    model.setData(model.index(0, model.column_of("m_name")), "王建国")
    model.setData(model.index(0, model.column_of("m_age")), "58")
    members.select_row(0)
    assert not jobs.isHidden()
    qtbot.mouseClick(jobs.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(jobs.add_button, Qt.MouseButton.LeftButton)
    jobs.model.setData(jobs.model.index(0, jobs.model.column_of("job_title")), "茶农")
    jobs.model.setData(jobs.model.index(1, jobs.model.column_of("job_title")), "保安")
    answers = survey.answers()
    assert [j["job_title"] for j in answers["member"][0]["job"]] == ["茶农", "保安"]
    assert "job" not in answers["member"][1]
    members.select_row(1)  # the second member has no jobs
    assert jobs.model.rowCount() == 0
    members.select_row(0)
    assert jobs.model.rowCount() == 2


def test_a_cascading_select_in_a_roster_cell_offers_what_its_row_allows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    book = next(b for b in BOOKS if b.name == "choice_filter_in_repeat")
    survey = open_on(qtbot, window, import_xlsform(write(book, tmp_path)).definition)
    plots = survey.roster("plot")
    qtbot.mouseClick(plots.add_button, Qt.MouseButton.LeftButton)
    model = plots.model
    model.setData(model.index(0, model.column_of("kind")), "tree")
    survey.refresh()
    delegate = plots.table.itemDelegate()
    editor = delegate.createEditor(
        plots.table, QStyleOptionViewItem(), model.index(0, model.column_of("crop"))
    )
    assert isinstance(editor, QComboBox)
    assert [editor.itemData(i) for i in range(editor.count())] == ["", "tea"]
    editor.deleteLater()


def _big_book(groups: int = 5, per_group: int = 80) -> Book:
    rows: list[list[Any]] = [["type", "name", "label::English (en)", "label::中文 (zh)"]]
    for g in range(groups):
        rows.append(["begin group", f"g{g}", f"Group {g}", f"第{g}组"])
        for q in range(per_group):
            rows.append(["text", f"q{g}_{q}", f"Question {g}-{q}", f"问题{g}-{q}"])
        rows.append(["end group", "", "", ""])
    return Book("big_form", rows, settings=[["form_id", "version"], ["big_form", "1"]])


def test_a_large_form_opens_on_its_first_page_and_builds_the_rest_between_events(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """1,000 questions: the screen shows at once with the start of its first page, the rest is
    built between events (the window answers meanwhile), and what is asked for is built on
    demand."""
    survey = open_on(qtbot, window, import_xlsform(write(_big_book(5, 200), tmp_path)).definition)
    assert survey.pages_pending() > 0
    assert "Question 0-0" in shown_labels(survey)
    assert "Question 3-7" not in shown_labels(survey)  # the background builds page by page
    # asked for before the background gets there: built on demand, its answer kept
    editor = survey.editor("q3_7")
    editor.set_value("在这里")
    assert survey.answers()["q3_7"] == "在这里"
    survey.go_to_path("q4_70")
    assert survey.navigator.currentRow() == 4
    assert "Question 4-70" in shown_labels(survey)
    qtbot.waitUntil(lambda: survey.pages_pending() == 0, timeout=T)
    labels = shown_labels(survey)
    assert all(f"Question {g}-{q}" in labels for g in range(5) for q in range(200))
    assert survey.answers() == {"q3_7": "在这里"}


def test_answers_of_pages_not_built_yet_are_kept_and_saved(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    survey = open_on(qtbot, window, import_xlsform(write(_big_book(), tmp_path)).definition)
    for name, text in (("q0_1", "一"), ("q4_79", "末")):
        editor = survey.editor(name)
        editor.set_value(text)
        editor.changed.emit()  # as typing does
    assert survey.is_dirty()
    survey.save_now()
    qtbot.waitUntil(lambda: not survey.is_dirty(), timeout=T)
    doc = survey.doc
    qtbot.mouseClick(survey.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.survey is None, timeout=T)
    window.households.survey_requested.emit(doc.household_id, doc.campaign_id)
    qtbot.waitUntil(lambda: window.survey is not None, timeout=T)
    again = window.survey
    assert again is not None
    assert again.doc.id == doc.id
    assert again.pages_pending() > 0
    # the last page is not built, yet its answer is in what the screen would save
    assert again.answers() == {"q0_1": "一", "q4_79": "末"}
    again._on_answer_changed()  # an edit: the next save writes what answers() gives
    again.save_now()
    qtbot.waitUntil(lambda: not again.is_dirty(), timeout=T)
    assert again.doc.answers == {"q0_1": "一", "q4_79": "末"}


def test_a_repeat_count_from_an_answer_adds_and_removes_rows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    book = next(b for b in BOOKS if b.name == "repeat_count")
    survey = open_on(qtbot, window, import_xlsform(write(book, tmp_path)).definition)
    children, visits = survey.roster("child").model, survey.roster("visit").model
    assert visits.rowCount() == 2  # a fixed count: the rows are there when the survey opens
    assert children.rowCount() == 0  # the count is not answered yet
    count = survey.editor("children")
    count.set_value(3)
    survey.refresh()
    assert children.rowCount() == 3
    assert survey.is_dirty()
    children.setData(children.index(0, children.column_of("child_name")), "小明")
    count.set_value(1)
    survey.refresh()
    assert [r.get("child_name") for r in children.rows()] == ["小明"]
    count.set_value(0)
    survey.refresh()
    # a row with a name typed in is not dropped: the count's message asks what to do
    assert children.rowCount() == 1
    assert [p.code for p in survey.problems if p.path == "child"] == ["repeat_count"]
    assert "visit" not in {p.path for p in survey.problems}
