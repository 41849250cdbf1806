"""The window locks by itself: after idle time (made tiny here) and when the OS says the laptop
is going to sleep (a real D-Bus signal on a private bus; a Windows message fed to the filter).
A survey open at that moment is saved as a draft first and comes back where it was."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services import profiles
from desktop.ui import idle_lock
from desktop.ui.idle_lock import IdleLock, LogindSleepWatcher, WindowsSleepWatcher
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from desktop.ui.survey.field_editors import LineFieldEditor
from tests.desktop.conftest import FAST_KDF
from tests.desktop.ui.conftest import unlock

HID = "00000000-0000-0000-0000-000000000000"  # the first household of the fixture


def _open_survey(qtbot: QtBot, window: MainWindow) -> None:
    window.households.survey_requested.emit(HID, "")
    qtbot.waitUntil(lambda: window.survey is not None, timeout=10_000)


def test_idle_time_locks_saves_the_draft_and_comes_back_to_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlock(qtbot, window)
    _open_survey(qtbot, window)
    survey = window.survey
    assert survey is not None
    editor = survey.editor("address")
    assert isinstance(editor, LineFieldEditor)
    editor.edit.end(False)
    qtbot.keyClicks(editor.edit, " Z9")  # typed, not yet autosaved
    assert survey.is_dirty()
    typed = editor.value()
    section = min(1, survey.navigator.count() - 1)
    survey.navigator.setCurrentRow(section)
    store = window.store
    assert store is not None

    window.idle_lock.set_interval_ms(30)  # ten minutes in the app, a blink here
    with qtbot.waitSignal(window.locked, timeout=5_000):
        pass
    window.idle_lock.set_minutes(10)  # or it locks again right after the unlock below
    assert window.store is None
    assert window.survey is None
    assert window.stack.currentWidget() is window.unlock_page
    qtbot.waitUntil(window.runner.is_idle, timeout=10_000)
    assert store.locked  # the engine is gone and the data key wiped
    assert not any(store._key)
    assert window.households.model.rowCount() == 0

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.survey is not None, timeout=10_000)
    back = window.survey
    assert back is not None
    assert back.editor("address").value() == typed  # saved as a draft before the lock
    assert back.navigator.currentRow() == section
    assert not back.is_dirty()


def test_input_anywhere_in_the_app_restarts_the_idle_time(qtbot: QtBot, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.idle_lock.set_interval_ms(60_000)
    timer = window.idle_lock.timer
    qtbot.waitUntil(lambda: timer.remainingTime() < 59_800, timeout=5_000)
    qtbot.keyClick(window.households.search, Qt.Key.Key_A)
    assert timer.remainingTime() > 59_900
    qtbot.waitUntil(lambda: timer.remainingTime() < 59_800, timeout=5_000)
    qtbot.mouseClick(window.households.table.viewport(), Qt.MouseButton.LeftButton)
    assert timer.remainingTime() > 59_900


def test_idle_lock_is_off_while_locked(qtbot: QtBot) -> None:
    lock = IdleLock(10)
    assert lock.timer.interval() == 600_000  # the default: ten minutes
    assert not lock.armed
    lock.arm()
    assert lock.armed
    lock.disarm()
    lock.uninstall()


def test_the_settings_minutes_reach_the_idle_lock(
    qtbot: QtBot, data_dir: Path, county: profiles.CountyProfile, settings: AppSettings
) -> None:
    settings.auto_lock_minutes = 3
    w = MainWindow(data_dir, county, "en", settings, FAST_KDF)
    qtbot.addWidget(w)
    assert w.idle_lock.timer.interval() == 3 * 60_000
    w.close()


# --- Suspend: logind over a private D-Bus daemon


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    """A dbus-daemon of our own (the test machine may have no system bus): its address."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.fail("dbus-daemon is not installed: apt-get install dbus-daemon")
    proc = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1", "--nopidfile"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_logind_prepare_for_sleep_locks_the_window(
    qtbot: QtBot,
    data_dir: Path,
    county: profiles.CountyProfile,
    settings: AppSettings,
    private_bus: str,
) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    logind = QDBusConnection.connectToBus(private_bus, "fake-logind")
    assert logind.isConnected()
    assert logind.registerService(idle_lock.LOGIND_SERVICE)
    bus = QDBusConnection.connectToBus(private_bus, "doorstep-app")
    watcher = LogindSleepWatcher(bus)
    assert watcher.available
    w = MainWindow(data_dir, county, "en", settings, FAST_KDF, sleep=watcher)
    qtbot.addWidget(w)
    w.show()
    unlock(qtbot, w)

    def signal(starting: bool) -> None:
        msg = QDBusMessage.createSignal(
            idle_lock.LOGIND_PATH, idle_lock.LOGIND_INTERFACE, "PrepareForSleep"
        )
        msg.setArguments([starting])
        assert logind.send(msg)

    with qtbot.waitSignal(w.locked, timeout=10_000):
        signal(True)
    assert w.store is None
    assert "sleep" in w.status_label.text()
    with qtbot.assertNotEmitted(w.unlocked):
        signal(False)  # the resume: stays locked
        qtbot.wait(50)
    w.close()
    QDBusConnection.disconnectFromBus("doorstep-app")
    QDBusConnection.disconnectFromBus("fake-logind")


def test_without_a_system_bus_there_is_simply_no_suspend_lock(
    qtbot: QtBot, private_bus: str
) -> None:
    from PySide6.QtDBus import QDBusConnection

    dead = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "no-bus")
    assert not dead.isConnected()
    watcher = LogindSleepWatcher(dead)
    assert not watcher.available
    watcher.close()
    QDBusConnection.disconnectFromBus("no-bus")


# --- Suspend and session lock: Windows messages through the native event filter


@pytest.mark.parametrize(
    ("message", "wparam", "locks"),
    [
        (idle_lock.WM_POWERBROADCAST, idle_lock.PBT_APMSUSPEND, True),
        (idle_lock.WM_WTSSESSION_CHANGE, idle_lock.WTS_SESSION_LOCK, True),
        (idle_lock.WM_POWERBROADCAST, 0x0012, False),  # PBT_APMRESUMEAUTOMATIC
        (idle_lock.WM_WTSSESSION_CHANGE, 0x8, False),  # WTS_SESSION_UNLOCK
        (0x0201, 0, False),  # a click
    ],
)
def test_windows_suspend_and_session_lock_messages(
    qtbot: QtBot, message: int, wparam: int, locks: bool
) -> None:
    watcher = WindowsSleepWatcher()
    msg = idle_lock._Msg(None, message, wparam, 0)
    fired: list[bool] = []
    watcher.about_to_sleep.connect(lambda: fired.append(True))
    handled = watcher.filter.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg))
    assert handled == (False, 0)  # the OS still gets every message
    watcher.filter.nativeEventFilter(b"xcb_generic_event_t", ctypes.addressof(msg))
    assert fired == ([True] if locks else [])
    watcher.close()


# --- Wrong passphrases on the unlock screen: a countdown, then only the county recovery


def test_wrong_passphrases_count_down_then_need_the_recovery(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store import profile
    from desktop.store.keys import KeyFile
    from desktop.ui.unlock.unlock_widget import UnlockWidget

    page = window.unlock_page
    assert isinstance(page, UnlockWidget)
    page._timer.setInterval(10)  # a second of countdown per 10 ms here
    monkeypatch.setattr(UnlockWidget, "tick_ms", 10)

    def wrong() -> None:
        page.passphrase.clear()
        qtbot.keyClicks(page.passphrase, "wrong-passphrase")
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.busy.isHidden(), timeout=10_000)

    for _ in range(profile.FREE_TRIES - 1):
        wrong()
        assert page.unlock_button.isEnabled()
        assert page.countdown.isHidden()
    now = [0.0]
    real = profile.clock
    monkeypatch.setattr(profile, "clock", lambda: real() + now[0])
    wrong()  # the third: the next try waits 2 s, counted down on screen
    assert "not right" in page.error.text()
    assert not page.countdown.isHidden()
    assert "2" in page.countdown.text()
    assert not page.unlock_button.isEnabled()
    assert page.passphrase.isEnabled()  # the screen is not frozen, only the button waits
    qtbot.waitUntil(page.unlock_button.isEnabled, timeout=5_000)
    assert page.countdown.isHidden()
    now[0] += 2  # the store's own wait, on its clock

    # One try short of the limit, as a restart would find it in attempts.json.
    folder = page.selected().folder  # type: ignore[union-attr]
    keyfile = KeyFile.read(folder / "keys.json")
    profile.write_attempts(folder, keyfile, profile.Attempts(profile.MAX_FAILURES - 1, 0.0))
    wrong()
    assert "recovery key" in page.error.text()
    assert not page.passphrase.isEnabled()
    assert not page.unlock_button.isEnabled()
    assert window.store is None


def test_few_tries_left_are_announced(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.store import profile
    from desktop.store.keys import KeyFile
    from desktop.ui.unlock.unlock_widget import UnlockWidget

    page = window.unlock_page
    assert isinstance(page, UnlockWidget)
    folder = page.selected().folder  # type: ignore[union-attr]
    keyfile = KeyFile.read(folder / "keys.json")
    profile.write_attempts(folder, keyfile, profile.Attempts(1, 0.0))
    qtbot.keyClicks(page.passphrase, "wrong-passphrase")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.error.text()), timeout=10_000)
    assert "not right" in page.error.text()
    assert "recovery" not in page.error.text()  # eight left: no warning yet
    profile.write_attempts(folder, keyfile, profile.Attempts(6, 0.0))
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, "wrong-passphrase")
    page.error.clear()
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.error.text()), timeout=10_000)
    assert "3 more wrong passphrase" in page.error.text()
    unlock_after = profile.read_attempts(folder, keyfile)
    assert unlock_after.failures == 7
