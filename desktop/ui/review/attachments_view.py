"""The photos and the consent signature of the survey under review, beside its answers.

Photo bytes are not pulled to a supervisor's laptop by sync (a township's queue would carry
gigabytes). When a survey is shown, its attachments are fetched one by one from the server's
scope-checked attachment API on a network thread of their own (the store thread never waits on
the network) and decoded in memory: previews in the strip, the full photo in a viewer on a
double click. Nothing is written to disk, not even a thumbnail; a small in-memory cache keeps
moving back and forth cheap. Offline, each item says it is available when online, and the
strip does not knock on the server again for a while (a Retry button does at once).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services import review
from desktop.services.review import AttachmentLine
from desktop.store.profile import Store
from desktop.ui.survey.photo_codec import PREVIEW_SIDE, preview_of
from sync.client import ServerRefused, TransportError

SHA_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # loading | shown | offline | missing | failed
CACHE_BYTES = 32 * 1024 * 1024
OFFLINE_PAUSE = 30.0  # seconds before an automatic fetch tries the server again


class _Signals(QObject):
    fetched = Signal(int, str, object, object)  # generation, sha, bytes, preview QImage
    refused = Signal(int, str, str)  # generation, sha, state
    offline = Signal(int)
    done = Signal()


class _Fetch(QRunnable):
    """Fetches the given attachments in turn; stops early when told or when offline."""

    def __init__(
        self, store: Store, shas: Sequence[str], generation: int, stop: threading.Event
    ) -> None:
        super().__init__()
        self.store, self.shas, self.generation, self.stop = store, list(shas), generation, stop
        self.signals = _Signals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.signals.done.emit()

    def _run(self) -> None:
        for sha in self.shas:
            if self.stop.is_set():
                return
            try:
                data = review.fetch_attachment(self.store, sha)
                image = preview_of(data)  # QImage may be made off the GUI thread
            except TransportError:
                self.signals.offline.emit(self.generation)
                return
            except ServerRefused as exc:
                state = "missing" if exc.status == 404 else "failed"
                self.signals.refused.emit(self.generation, sha, state)
            except Exception:  # unreadable bytes (PhotoDecodeError) or a bad reply: per item
                self.signals.refused.emit(self.generation, sha, "failed")
            else:
                self.signals.fetched.emit(self.generation, sha, data, image)


class AttachmentViewer(QDialog):
    """One photo or signature at a readable size, decoded from bytes in memory."""

    def __init__(self, title: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.setWindowTitle(title)
        image = QImage.fromData(data)
        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if not image.isNull() and (image.width() > 1000 or image.height() > 750):
            image = image.scaled(
                QSize(1000, 750),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        if not image.isNull():
            self.image_label.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea(self)
        scroll.setWidget(self.image_label)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(1040, 820)


class AttachmentsView(QWidget):
    changed = Signal()  # an item's state changed (fetched, refused, offline)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewAttachmentsView")
        self.store: Store | None = None
        self.lines: tuple[AttachmentLine, ...] = ()
        self.viewer: AttachmentViewer | None = None
        self._cache: OrderedDict[str, tuple[bytes, QImage]] = OrderedDict()
        self._generation = 0
        self._stop = threading.Event()
        self._offline_until = 0.0
        self._signals: set[_Signals] = set()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

        self.list = QListWidget(self)
        self.list.setObjectName("reviewAttachments")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(PREVIEW_SIDE, PREVIEW_SIDE))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        # A cell wider than the preview: Chinese labels have no spaces to wrap at, and in a
        # cell as narrow as the icon they stood one character per line over the picture.
        self.list.setGridSize(QSize(PREVIEW_SIDE + 80, PREVIEW_SIDE + 44))
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setMaximumHeight(PREVIEW_SIDE + 70)
        self.list.itemActivated.connect(self._open)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("reviewAttachmentsStatus")
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.status_label, 1)
        row.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)

    # --- Showing a survey's attachments

    def show_for(self, store: Store | None, lines: Sequence[AttachmentLine]) -> None:
        self._cancel()
        self.store, self.lines = store, tuple(lines)
        self.list.clear()
        self.setVisible(bool(self.lines))
        for line in self.lines:
            item = QListWidgetItem(line.label, self.list)
            item.setData(SHA_ROLE, line.sha256)
            item.setToolTip(line.label)
            cached = self._cache.get(line.sha256)
            if cached is not None:
                self._cache.move_to_end(line.sha256)
                self._set_shown(item, cached[1])
            else:
                self._set_state(item, "loading")
        self._fetch_missing(automatic=True)

    def retry(self) -> None:
        self._offline_until = 0.0
        self._cancel()
        for item in self._items():
            if item.data(STATE_ROLE) != "shown":
                self._set_state(item, "loading")
        self._fetch_missing(automatic=False)

    def shutdown(self) -> None:
        """Before the store goes: no fetch may still be reading it."""
        self._cancel()
        self.store = None
        self.pool.waitForDone(30_000)
        self.list.clear()
        self._cache.clear()

    def states(self) -> dict[str, str]:
        return {str(i.data(SHA_ROLE)): str(i.data(STATE_ROLE)) for i in self._items()}

    def content(self, sha256: str) -> bytes | None:
        cached = self._cache.get(sha256)
        return cached[0] if cached is not None else None

    # --- Fetching

    def _fetch_missing(self, automatic: bool) -> None:
        store = self.store
        wanted = [str(i.data(SHA_ROLE)) for i in self._items() if i.data(STATE_ROLE) != "shown"]
        if store is None or not wanted:
            self._update_status()
            return
        if automatic and time.monotonic() < self._offline_until:
            self._on_offline(self._generation)
            return
        task = _Fetch(store, wanted, self._generation, self._stop)
        sig = task.signals
        self._signals.add(sig)  # kept alive until the task is done with it
        sig.fetched.connect(self._on_fetched)
        sig.refused.connect(self._on_refused)
        sig.offline.connect(self._on_offline)
        sig.done.connect(lambda: self._signals.discard(sig))
        self.pool.start(task)
        self._update_status()

    def _cancel(self) -> None:
        self._stop.set()
        self._stop = threading.Event()
        self._generation += 1

    @Slot(int, str, object, object)  # a queued hop from the pool: see desktop/ui/tasks.py
    def _on_fetched(self, generation: int, sha: str, data: bytes, preview: QImage) -> None:
        self._cache[sha] = (data, preview)
        while sum(len(b) for b, _ in self._cache.values()) > CACHE_BYTES and len(self._cache) > 1:
            self._cache.popitem(last=False)
        if generation != self._generation:
            return
        for item in self._items():
            if item.data(SHA_ROLE) == sha:
                self._set_shown(item, preview)
        self._update_status()
        self.changed.emit()

    @Slot(int, str, str)
    def _on_refused(self, generation: int, sha: str, state: str) -> None:
        if generation != self._generation:
            return
        for item in self._items():
            if item.data(SHA_ROLE) == sha:
                self._set_state(item, state)
        self._update_status()
        self.changed.emit()

    @Slot(int)
    def _on_offline(self, generation: int) -> None:
        if generation != self._generation:
            return
        if time.monotonic() >= self._offline_until:
            self._offline_until = time.monotonic() + OFFLINE_PAUSE
        for item in self._items():
            if item.data(STATE_ROLE) == "loading":
                self._set_state(item, "offline")
        self._update_status()
        self.changed.emit()

    # --- Items

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _set_shown(self, item: QListWidgetItem, preview: QImage) -> None:
        item.setIcon(QIcon(QPixmap.fromImage(preview)))
        item.setText(self._line_for(item).label)
        item.setData(STATE_ROLE, "shown")

    def _set_state(self, item: QListWidgetItem, state: str) -> None:
        words = {
            "loading": self.tr("Loading…"),
            "offline": self.tr("Available when online"),
            "missing": self.tr("Not uploaded yet"),
            "failed": self.tr("Cannot be shown"),
        }[state]
        item.setData(STATE_ROLE, state)
        item.setText(f"{self._line_for(item).label}\n{words}")

    def _line_for(self, item: QListWidgetItem) -> AttachmentLine:
        sha = item.data(SHA_ROLE)
        return next(line for line in self.lines if line.sha256 == sha)

    def _update_status(self) -> None:
        states = list(self.states().values())
        offline = "offline" in states
        self.retry_button.setVisible(offline or "failed" in states)
        if offline:
            text = self.tr("Photos and the signature are available when online.")
        elif "loading" in states:
            text = self.tr("Fetching photos from the server…")
        else:
            text = self.tr("Double-click a photo to see it full size.")
        self.status_label.setText(text)

    def _open(self, item: QListWidgetItem) -> None:
        cached = self._cache.get(str(item.data(SHA_ROLE)))
        if cached is None:
            return
        if self.viewer is not None:
            self.viewer.deleteLater()
        self.viewer = AttachmentViewer(self._line_for(item).label, cached[0], self)
        self.viewer.open()
