"""The store thread's callbacks: a screen closed while its store work was queued is left alone."""

from __future__ import annotations

import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.ui.tasks import StoreThread


class Screen(QLabel):
    def show_result(self, result: object) -> None:
        self.setText(str(result))  # touches the C++ object: fails once it is deleted


def test_a_result_for_a_deleted_widget_is_dropped_and_a_live_one_gets_its_own(
    qtbot: QtBot,
) -> None:
    runner = StoreThread()
    gone, kept = Screen(), Screen()
    qtbot.addWidget(kept)
    release = threading.Event()
    runner.submit(lambda: release.wait(10) and "late", gone.show_result)
    runner.submit(lambda: "on time", kept.show_result)
    shiboken6.delete(gone)  # the screen closes while its work is still queued
    release.set()
    qtbot.waitUntil(runner.is_idle)  # an exception in a callback would fail the test here
    assert kept.text() == "on time"
    runner.stop()


def test_a_lambda_closing_over_a_deleted_widget_is_dropped_too(qtbot: QtBot) -> None:
    """Screens pass `lambda result: self._on_loaded(result, generation)`: the widget is in the
    lambda's closure, not its `__self__`."""
    runner = StoreThread()
    gone, kept = Screen(), Screen()
    qtbot.addWidget(kept)
    release = threading.Event()

    def callback_of(screen: Screen) -> Callable[[object], None]:
        return lambda result: screen.show_result(f"{result} (1)")

    runner.submit(lambda: release.wait(10) and "late", callback_of(gone))
    runner.submit(lambda: "on time", callback_of(kept))
    shiboken6.delete(gone)
    release.set()
    qtbot.waitUntil(runner.is_idle)
    assert kept.text() == "on time (1)"
    runner.stop()
