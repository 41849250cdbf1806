"""Switching the language in Settings retranslates the open window at once, no restart: the
window's title, toolbar and menu, the household list (filters, headers, state words, count), the
sync indicator in the status bar, and an open survey (rebuilt in the form's other language with
what was typed and not saved yet kept). Real widgets, a real encrypted profile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.store.models import Survey
from desktop.ui.households.table_model import COL_STATE
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.survey.field_editors import LineFieldEditor
from tests.desktop.ui.conftest import unlock

T = 10_000
ZH_NOT_VISITED = "未走访"
ZH_SYNC_NOW = "立即同步"


def _choose_language(qtbot: QtBot, window: MainWindow, lang: str) -> None:
    window.settings_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.language.setCurrentIndex(dialog.language.findData(lang))
    with qtbot.waitSignal(dialog.finished, timeout=T):
        qtbot.mouseClick(dialog.accept_button(), Qt.MouseButton.LeftButton)


def test_language_switch_retranslates_open_widgets(qtbot: QtBot, window: MainWindow) -> None:
    unlock(qtbot, window)
    households = window.households
    assert window.windowTitle() == "Doorstep · household survey"
    assert households.open_button.text() == "Open survey"

    # --- Open a survey and type without saving
    households.select_household(households.model.rows_in_order()[0].id)
    qtbot.mouseClick(households.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.survey is not None, timeout=T)
    survey = window.survey
    assert survey is not None
    assert survey.back_button.text() == "Back to households"
    wages_en = survey.editor("income_wages")
    assert isinstance(wages_en, LineFieldEditor)
    survey.go_to_path("income_wages")
    wages_en.edit.clear()
    qtbot.keyClicks(wages_en.edit, "18600")
    section = survey.navigator.currentRow()
    english_section = survey.navigator.item(section).text()

    _choose_language(qtbot, window, "zh_CN")
    assert window.language == "zh_CN"
    qtbot.waitUntil(lambda: window.windowTitle() == "入户通 · 困难家庭入户调查", timeout=T)

    # --- Main window, household list, status bar
    assert window.settings_action.text() != "Settings…"
    assert households.search.placeholderText() != "Search: name, ID digits, address or phone"
    assert households.state_box.itemText(0) == "全部状态"
    assert households.flag_box.itemText(households.flag_box.findData("dibao_rural")) == "农村低保"
    assert households.village_box.itemText(0) == "全部村（社区）"
    assert households.count_label.text() == "共 3 户，显示 3 户"
    assert households.proxy.headerData(2, Qt.Orientation.Horizontal) == "地址"
    assert households.proxy.index(0, COL_STATE).data() == ZH_NOT_VISITED
    assert window.sync_status.sync_button.text() == ZH_SYNC_NOW

    # --- The survey: rebuilt in Chinese, the unsaved typing and the section kept
    rebuilt = window.survey
    assert rebuilt is not None
    assert rebuilt is not survey
    assert rebuilt.back_button.text() == "返回户列表"
    assert rebuilt.navigator.currentRow() == section
    assert rebuilt.navigator.item(section).text() != english_section
    wages = rebuilt.editor("income_wages")
    assert isinstance(wages, LineFieldEditor)
    assert wages.edit.text() == "18600"
    rebuilt.save_now()  # the typing carried over is saved from the rebuilt screen
    qtbot.waitUntil(lambda: not rebuilt.is_dirty(), timeout=T)
    assert window.store is not None
    with window.store.reading() as s:
        stored = s.get(Survey, rebuilt.doc.id)
        assert stored is not None
        assert stored.answers.get("income_wages") in (18600, "18600")

    # --- And back to English
    _choose_language(qtbot, window, "en")
    qtbot.waitUntil(lambda: window.windowTitle() == "Doorstep · household survey", timeout=T)
    assert households.open_button.text() == "Open survey"
    assert households.state_box.itemText(0) == "All states"
    assert window.sync_status.sync_button.text() == "Sync now"
    assert window.survey is not None
    assert window.survey.back_button.text() == "Back to households"
