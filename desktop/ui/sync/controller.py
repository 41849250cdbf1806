"""Sync in the window: one network thread, separate from the store thread.

The controller runs a sync round (and the reachability probe) on its own `NetworkThread`, so a
slow link never holds up a save: saves keep going through the store thread, and the store gives
each thread its own connection. Progress comes back through a signal emitted from the network
thread (queued to the GUI thread); Cancel sets a flag the engine checks between steps. The
status (records waiting, last round, online) is read on the store thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services import sync_status
from desktop.services.sync_status import SyncProgress, SyncResult, SyncStatus
from desktop.store.profile import Store
from desktop.ui.tasks import StoreThread

PROBE_MS = 60_000


class NetworkThread(StoreThread):
    """The same ordered runner as the store thread, for network work only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NetworkThread")


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    online_changed = Signal(bool)
    sync_started = Signal()
    progressed = Signal(object)  # SyncProgress (emitted on the network thread, queued)
    sync_finished = Signal(object)  # SyncResult
    sync_failed = Signal(str)  # an exception's class name: never its text (may carry data)

    def __init__(self, runner: StoreThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.network = NetworkThread(self)
        self._store: Store | None = None
        self._cancel = threading.Event()
        self._running = False
        self.online: bool | None = None
        self.status: SyncStatus | None = None
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(PROBE_MS)
        self._probe_timer.timeout.connect(self.probe)
        # Asked before each round: True holds photo bytes back (off the office network).
        self.photo_policy: Callable[[], bool] = lambda: False
        # The time requests are signed with; None is the system clock. A seam for tests that
        # need a laptop whose clock is wrong, the way a cadre's can be.
        self.clock: Callable[[], float] | None = None

    # --- Store lifetime

    def set_store(self, store: Store | None) -> None:
        self._store = store
        self.cancel()
        if store is None:
            self._probe_timer.stop()
            self.status = None
            return
        self.refresh_status()
        self.probe()
        self._probe_timer.start()

    def stop(self) -> None:
        """Cancel a running round and end the network thread (call on close)."""
        self._probe_timer.stop()
        self.cancel()
        self.network.stop()

    # --- Status

    def refresh_status(self) -> None:
        store = self._store
        if store is None:
            return
        self._runner.submit(lambda: sync_status.status(store), self._on_status)

    def _on_status(self, status: object) -> None:
        if isinstance(status, SyncStatus) and self._store is not None:
            self.status = status
            self.status_changed.emit(status)

    def probe(self) -> None:
        store = self._store
        if store is None or self._running:
            return
        self.network.submit(lambda: sync_status.probe(store), self._on_probed, lambda _e: None)

    def _on_probed(self, online: object) -> None:
        self._set_online(bool(online))

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            was = self.online
            self.online = online
            self.online_changed.emit(online)
            # Back in range with work waiting: sync without being asked.
            if online and was is False and self.status is not None and self.status.pending:
                self.sync_now()

    # --- A round

    @property
    def running(self) -> bool:
        return self._running

    def sync_now(self) -> bool:
        store = self._store
        if store is None or self._running:
            return False
        self._running = True
        self._cancel.clear()
        stop = self._cancel.is_set
        hold = self.photos_held()
        clock = self.clock
        self.sync_started.emit()
        self.network.submit(
            lambda: sync_status.run_round(store, self.progressed.emit, stop, hold, clock),
            self._on_round_done,
            self._on_round_failed,
        )
        return True

    def photos_held(self) -> bool:
        """Whether a round now would keep photos back for the office network."""
        return bool(self.photo_policy())

    def cancel(self) -> None:
        if self._running:
            self._cancel.set()

    def _on_round_done(self, result: object) -> None:
        self._running = False
        assert isinstance(result, SyncResult)
        if result.outcome == "ok":
            self._set_online(True)
        elif result.outcome == "offline":
            self._set_online(False)
        self.sync_finished.emit(result)
        self.refresh_status()

    def _on_round_failed(self, exc: BaseException) -> None:
        self._running = False
        self.sync_failed.emit(type(exc).__name__)
        self.refresh_status()

    def run_on_network(self, fn: Any) -> int:
        """For tests and slow calls that belong to the network side (not the store thread)."""
        return self.network.submit(fn)


__all__ = ["NetworkThread", "SyncController", "SyncProgress", "SyncResult", "SyncStatus"]
