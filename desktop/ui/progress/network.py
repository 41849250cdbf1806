"""Network work for the supervisor's screens: one task on a small pool of its own, never on the
store thread (a slow server must not hold up a save), reporting progress, result or failure
through signals back on the GUI thread, and honouring cancel between chunks.

The pool thread emits only the task's private signals, which land on decorated slots of the task
(a QObject of the GUI thread); the public signals are then emitted there. Screens connect lambdas
and bound methods to the public ones, and a queued hop into an undecorated Python callable is
where PySide has been seen to drop a result (see desktop/ui/tasks.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

ProgressFn = Callable[[int, int | None], None]
Work = Callable[[ProgressFn, Callable[[], bool]], Any]


class NetworkTask(QObject):
    progressed = Signal(int, int)  # done, total (-1 when unknown)
    succeeded = Signal(object)
    failed = Signal(object)
    _ran = Signal(bool, object)  # ok, result or exception (emitted on the pool thread)
    _moved = Signal(int, int)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self.running = False
        self._ran.connect(self._on_ran)
        self._moved.connect(self._on_moved)

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
                    task._ran.emit(False, exc)
                else:
                    task.running = False
                    task._ran.emit(True, result)

        pool.start(_Run())

    def cancel(self) -> None:
        self._stop.set()

    def _report(self, done: int, total: int | None) -> None:
        self._moved.emit(done, -1 if total is None else total)

    @Slot(bool, object)
    def _on_ran(self, ok: bool, outcome: object) -> None:
        (self.succeeded if ok else self.failed).emit(outcome)

    @Slot(int, int)
    def _on_moved(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


def network_pool(parent: QObject) -> QThreadPool:
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    return pool
