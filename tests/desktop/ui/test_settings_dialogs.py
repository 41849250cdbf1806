"""The Tools menu: change the passphrase (a wrong current one is refused in words, the new one
opens the profile after a lock) and Settings (idle minutes apply at once, language is kept)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.passphrase_dialog import PassphraseDialog
from desktop.ui.settings import AppSettings
from desktop.ui.settings_dialog import SettingsDialog
from tests.desktop.conftest import PASSPHRASE
from tests.desktop.ui.conftest import unlock

NEW = "新口令-门前的桂花树-77"


def test_change_passphrase_from_the_menu(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.passphrase_action.isEnabled()
    unlock(qtbot, window)
    window.passphrase_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, PassphraseDialog)

    dialog.current.insert("not the passphrase")
    dialog.fields.first.insert(NEW)
    dialog.fields.again.insert(NEW)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    assert "not right" in dialog.error.text()
    assert dialog.isVisible()

    dialog.current.clear()
    dialog.current.insert(PASSPHRASE)
    dialog.fields.again.clear()
    dialog.fields.again.insert("something else entirely")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "not the same" in dialog.error.text(), timeout=10_000)

    dialog.fields.again.clear()
    dialog.fields.again.insert(NEW)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted

    window.lock()
    unlock(qtbot, window, NEW)
    assert window.store is not None


def test_settings_dialog_sets_idle_minutes_and_language(
    qtbot: QtBot, window: MainWindow, settings: AppSettings
) -> None:
    window.settings_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, SettingsDialog)
    assert dialog.auto_lock.value() == settings.auto_lock_minutes
    dialog.auto_lock.setValue(3)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    with qtbot.waitSignal(dialog.finished, timeout=5_000):
        dialog.accept_button().click()
    assert settings.auto_lock_minutes == 3
    assert settings.language == "zh_CN"
    assert window.idle_timer.interval() == 3 * 60_000
