"""First run, unlock, wrong passphrase, lock button and auto-lock after idle."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services import profiles
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from desktop.ui.unlock.first_run_widget import FirstRunWidget
from desktop.ui.unlock.unlock_widget import UnlockWidget
from tests.desktop.conftest import FAST_KDF
from tests.desktop.ui.conftest import unlock


def test_first_run_refuses_weak_then_creates(
    qtbot: QtBot, tmp_path: Path, county: profiles.CountyProfile, settings: AppSettings
) -> None:
    w = MainWindow(tmp_path / "empty", county, "en", settings, FAST_KDF)
    qtbot.addWidget(w)
    w.show()
    page = w.unlock_page
    assert isinstance(page, FirstRunWidget)
    assert "county IT" in page.findChild(type(page.error), "keyExplanation").text()
    qtbot.keyClicks(page.user, "cadre-9")
    qtbot.keyClicks(page.passphrase.first, "12345678")
    qtbot.keyClicks(page.passphrase.again, "12345678")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "too easy" in page.error.text()
    assert not (tmp_path / "empty").exists()
    page.passphrase.clear()
    page.passphrase.first.insert("桂花树下-老房子-7")  # QTest types Latin-1 only
    page.passphrase.again.insert("桂花树下-老房子-8")
    assert "differ" in page.passphrase.verdict.text()
    page.passphrase.again.clear()
    page.passphrase.again.insert("桂花树下-老房子-7")
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert w.store is not None
    assert w.store.actor.user == "cadre-9"
    w.close()
    assert [p.name for p in profiles.list_profiles(tmp_path / "empty")] == ["cadre"]


def test_wrong_passphrase_then_unlock_then_lock(qtbot: QtBot, window: MainWindow) -> None:
    page = window.unlock_page
    assert isinstance(page, UnlockWidget)
    qtbot.keyClicks(page.passphrase, "wrong-passphrase")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.error.text()), timeout=10_000)
    assert "not right" in page.error.text()
    assert window.store is None
    page.passphrase.clear()
    unlock(qtbot, window)
    assert window.households.model.rowCount() == 3
    window.lock_action.trigger()
    assert window.store is None
    assert window.stack.currentWidget() is window.unlock_page
    assert window.households.model.rowCount() == 0


def test_idle_locks(qtbot: QtBot, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.idle_timer.setInterval(50)
    window.idle_timer.start()
    with qtbot.waitSignal(window.locked, timeout=5_000):
        pass
    assert window.store is None
