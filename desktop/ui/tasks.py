"""The store thread: the one thread that touches the encrypted database.

Widgets hand it plain callables (service calls); it runs them one at a time, in order, and
reports each result or exception back on the GUI thread through a queued signal, where the
caller's callback runs. Order matters: a draft saved before a lock is written before the store
closes. Network work must never run here (it would hold up saves); it gets its own pool.
"""

from __future__ import annotations

import itertools
import logging
import queue
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


def _receiver_gone(callback: Callable[..., None]) -> bool:
    """Whether the callback is a method of a widget Qt has already deleted, or a lambda that
    closes over one (a screen closed while its store work was queued): calling it would touch
    freed C++ objects."""
    owners: list[object] = [getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            owners.append(cell.cell_contents)
        except ValueError:  # a cell not filled yet
            continue
    return any(isinstance(o, QObject) and not shiboken6.isValid(o) for o in owners)


class StoreThread(QThread):
    """Runs store work in submission order; callbacks come back on the GUI thread."""

    task_finished = Signal(int, object)
    task_failed = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StoreThread")
        self._queue: queue.Queue[tuple[int, Callable[[], Any]] | None] = queue.Queue()
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._ids = itertools.count(1)
        # This object lives in the GUI thread and the signals are emitted from run(): queued.
        self.task_finished.connect(self._on_task_finished)
        self.task_failed.connect(self._on_task_failed)

    # --- Submitting

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> int:
        task_id = next(self._ids)
        was_idle = not self._callbacks
        self._callbacks[task_id] = (on_done, on_error)
        if not self.isRunning():
            self.start()
        self._queue.put((task_id, fn))
        if was_idle:
            self.busy_changed.emit(True)
        return task_id

    def is_idle(self) -> bool:
        return not self._callbacks

    def stop(self) -> None:
        """Finish queued work, then end the thread and wait for it (call on close)."""
        if self.isRunning():
            self._queue.put(None)
            self.wait()

    # --- The thread

    def run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            task_id, fn = item
            try:
                result = fn()
            except Exception as exc:  # reported to the caller, who words it
                log.debug("store task %s failed: %s", task_id, type(exc).__name__)
                self.task_failed.emit(task_id, exc)
            else:
                self.task_finished.emit(task_id, result)

    # --- Back on the GUI thread

    @Slot(int, object)  # declared: a queued hop into a plain Python method can go astray
    def _on_task_finished(self, task_id: int, result: object) -> None:
        on_done, _ = self._callbacks.pop(task_id, (None, None))
        try:
            if on_done is not None and not _receiver_gone(on_done):
                on_done(result)
        finally:
            self._after_task()

    @Slot(int, object)
    def _on_task_failed(self, task_id: int, exc: object) -> None:
        _, on_error = self._callbacks.pop(task_id, (None, None))
        try:
            if on_error is not None and isinstance(exc, BaseException):
                if not _receiver_gone(on_error):
                    on_error(exc)
            elif isinstance(exc, BaseException):
                log.error("unhandled store task error: %s", type(exc).__name__)
        finally:
            self._after_task()

    def _after_task(self) -> None:
        if not self._callbacks:
            self.busy_changed.emit(False)
