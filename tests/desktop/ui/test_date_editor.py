"""Date questions: a QDateEdit with a calendar popup, empty until answered, clearable."""

from __future__ import annotations

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from desktop.ui.survey.field_editors import DateFieldEditor, make_editor
from forms.model import Field


def test_date_editor_empty_pick_clear(qtbot: QtBot) -> None:
    editor = make_editor(Field(name="visit_date", type="date", path="sections[0].fields[0]"), "en")
    assert isinstance(editor, DateFieldEditor)
    qtbot.addWidget(editor)
    assert editor.edit.calendarPopup()
    assert editor.value() is None
    editor.set_value("2026-03-02")
    assert editor.value() == "2026-03-02"
    with qtbot.waitSignal(editor.changed, timeout=1_000):
        editor.edit.setDate(QDate(2026, 3, 5))
    assert editor.value() == "2026-03-05"
    editor.findChild(type(editor._buttons[1]), "clear_visit_date").click()
    assert editor.value() is None
    editor.set_value("not a date")
    assert editor.value() is None
    editor.set_read_only(True)
    assert editor.edit.isReadOnly()
