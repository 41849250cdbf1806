"""A cadre's day through the real widgets: unlock, find a household by typing, fill the survey
(a member's bad ID number is flagged next to the roster and fixed), sign, complete, submit, and
back to the list. The same run then scans every byte the app may have written outside the
encrypted database (QSettings, logs, new temporary files, the profile folder) for personal data.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.survey.field_editors import (
    ChoiceFieldEditor,
    DateFieldEditor,
    LineFieldEditor,
    MultiChoiceFieldEditor,
    SignatureFieldEditor,
)
from desktop.ui.survey.survey_widget import SurveyWidget
from forms.samples import sample_household
from tests.desktop.ui.conftest import HEADS, unlock

BAD_ID = "421202199000000000"


def _fill(qtbot: QtBot, survey: SurveyWidget, answers: dict[str, Any]) -> None:
    """Answer every top-level question the way a person would reach it."""
    for name, value in answers.items():
        if name not in survey._editors or name in ("village_code", "head_name", "address"):
            continue
        editor = survey.editor(name)
        if isinstance(editor, LineFieldEditor):
            editor.edit.clear()
            text = str(value)
            if text.isascii():
                qtbot.keyClicks(editor.edit, text)
            else:  # QTest types Latin-1 only; insert() is the input method's path
                editor.edit.insert(text)
        elif isinstance(editor, ChoiceFieldEditor | MultiChoiceFieldEditor | DateFieldEditor):
            editor.set_value(value)
            editor.changed.emit()


def _temp_files() -> set[str]:
    root = tempfile.gettempdir()
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


def test_cadre_journey_and_no_personal_data_outside_the_store(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    temp_before = _temp_files()
    unlock(qtbot, window)
    households = window.households

    # --- Find the household by a fragment of its ID number, open it with Enter
    with qtbot.waitSignal(households.search_applied, timeout=5_000):
        qtbot.keyClicks(households.search, "4516")  # filtered once typing pauses
    assert households.proxy.rowCount() == 1
    qtbot.keyClick(households.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.survey is not None, timeout=10_000)
    survey = window.survey
    assert survey is not None
    assert survey.editor("head_name").value() == HEADS[0][0]  # prefilled from the registry

    # --- Fill the survey; two members, the second with a bad ID number
    answers = sample_household(2)
    answers["recommendation_reason"] = "病残负担重，建议纳入低保"
    _fill(qtbot, survey, answers)
    roster = survey.roster("members")
    model = roster.model
    qtbot.mouseClick(roster.add_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 2
    for row, member in enumerate(answers["members"]):
        for key, value in member.items():
            col = model.column_of(key)
            if model.columns[col].name == key:
                model.setData(model.index(row, col), value)
    model.setData(model.index(1, model.column_of("id_number")), BAD_ID)
    with qtbot.waitSignal(survey.reviewed, timeout=5_000):
        pass
    message = survey._messages["members"].text()
    assert "Row 2" in message
    assert "ID number" in message
    model.setData(model.index(1, model.column_of("id_number")), answers["members"][1]["id_number"])
    qtbot.waitUntil(lambda: not survey._messages["members"].text(), timeout=5_000)
    assert survey.panel.flag_codes()  # screening shows while typing

    # --- Complete before signing: the missing signature is listed and links to its field
    qtbot.mouseClick(survey.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: survey.panel.problems.count() > 0, timeout=10_000)
    paths = [survey.panel.problems.item(i).text() for i in range(survey.panel.problems.count())]
    assert any("consent" in p.lower() for p in paths), paths
    survey.panel.problems.itemClicked.emit(survey.panel.problems.item(0))
    signature = survey.editor("consent_signature")
    assert isinstance(signature, SignatureFieldEditor)
    assert survey.pages.currentIndex() == len(survey.form.sections) - 1

    # --- Sign, complete, submit
    signature.pad.draw_line(QPoint(20, 80), QPoint(300, 60))
    qtbot.mouseClick(signature.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: signature.value() is not None, timeout=5_000)
    qtbot.mouseClick(survey.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: survey.doc.status == "completed", timeout=10_000)
    assert survey.submit_button.isEnabled()
    qtbot.mouseClick(survey.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: survey.doc.status == "submitted", timeout=10_000)
    assert survey.doc.read_only
    assert survey.editor("income_wages").focus_widget().isReadOnly()  # type: ignore[attr-defined]
    assert not roster.add_button.isEnabled()

    # --- Back to the list: the household shows as submitted
    with qtbot.waitSignal(households.loaded, timeout=10_000):
        qtbot.mouseClick(survey.back_button, Qt.MouseButton.LeftButton)
    row = households.model.row_for("00000000-0000-0000-0000-000000000000")
    assert row is not None
    assert row.state == "submitted"
    window.close()

    # --- Nothing personal outside the encrypted database
    secrets = [HEADS[0][0], HEADS[0][1], HEADS[1][0], answers["members"][1]["id_number"],
               BAD_ID, "病残负担重"]  # fmt: skip
    blobs: dict[str, bytes] = {"log": caplog.text.encode()}
    blobs.update({str(p): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()})
    blobs.update({p: Path(p).read_bytes() for p in _temp_files() - temp_before
                  if os.path.isfile(p) and not p.startswith(str(tmp_path))})  # fmt: skip
    assert any(name.endswith("settings.ini") for name in blobs)
    for name, blob in blobs.items():
        for secret in secrets:
            for encoding in ("utf-8", "utf-16-le"):
                assert secret.encode(encoding) not in blob, (name, secret)
