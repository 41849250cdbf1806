"""Network work for the supervisor's screens: one task on a small pool of its own, never on the
store thread (a slow server must not hold up a save), reporting progress, result or failure
through signals back on the GUI thread, and honouring cancel between chunks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

ProgressFn = Callable[[int, int | None], None]
Work = Callable[[ProgressFn, Callable[[], bool]], Any]


class NetworkTask(QObject):
    progressed = Signal(int, int)  # done, total (-1 when unknown)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self.running = False

    def start(self, pool: QThreadPool) -> None:
        self.running = True
        task = self

        class _Run(QRunnable):
            def run(self) -> None:
                try:
                    result = task._work(task._report, task._stop.is_set)
                except Exception as exc:  # reported to the screen, which words it
                    # Not running any more before anyone hears of it: a slot may start the next.
                    task.running = False
                    task.failed.emit(exc)
                else:
                    task.running = False
                    task.succeeded.emit(result)

        pool.start(_Run())

    def cancel(self) -> None:
        self._stop.set()

    def _report(self, done: int, total: int | None) -> None:
        self.progressed.emit(done, -1 if total is None else total)


def network_pool(parent: QObject) -> QThreadPool:
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    return pool
