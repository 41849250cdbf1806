"""ID number line edits fold full-width digits and spaces as they are typed; the household
dialog names a wrong character in the cadre's language."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.households import HouseholdInputError
from desktop.ui.households.dialogs import input_error_text
from desktop.ui.survey.field_editors import LineFieldEditor, make_editor
from forms.model import Field


def test_the_survey_editor_folds_full_width_digits_and_spaces(qtbot: QtBot) -> None:
    editor = make_editor(Field(name="id_number", type="id_number", path="f"), "zh")
    assert isinstance(editor, LineFieldEditor)
    qtbot.addWidget(editor)
    # group by group, as a Chinese input method in full-width mode commits what was typed
    for group in ("１１０１０５", "\u3000", "１９４９１２３１", " ", "００２ｘ"):
        event = QInputMethodEvent()
        event.setCommitString(group)
        QApplication.sendEvent(editor.edit, event)
    assert editor.edit.text() == "11010519491231002X"
    assert editor.value() == "11010519491231002X"


def test_a_pasted_number_with_spaces_is_not_cut_short(qtbot: QtBot) -> None:
    editor = make_editor(Field(name="id_number", type="id_number", path="f"), "zh")
    assert isinstance(editor, LineFieldEditor)
    qtbot.addWidget(editor)
    editor.edit.insert("110105 19491231 002X")  # 20 characters, 18 once folded
    assert editor.value() == "11010519491231002X"
    editor.edit.insert("9")  # a 19th character is refused
    assert editor.value() == "11010519491231002X"
    editor.set_value("１１０１０５")  # set in code (a loaded draft): folded too
    assert editor.edit.text() == "110105"


def test_the_household_dialog_names_the_wrong_character() -> None:
    text = input_error_text(HouseholdInputError("id_number_character", position="5", char="O"))
    assert text == "Character 5 of the ID number, “O”, is not a digit."
    text = input_error_text(HouseholdInputError("id_number_length", count="14"))
    assert text == "An ID number has 18 characters; this one has 14."
