"""The household's photos: add from files or a camera, choose each one's kind, rotate, remove.

The answer is the form's photos repeat, a list of `{"photo_kind": ..., "photo": reference}`;
the bytes live in the encrypted store. A new photo is decoded, turned upright, shrunk and
re-encoded without EXIF on a worker thread (photo_codec), then stored through the store thread
(which queues it for sync). Previews are decoded in memory from the stored bytes: no thumbnail
or temporary file is ever written. A busy bar shows while photos are being prepared.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QSize, Qt, QThreadPool
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import attachments
from desktop.store.profile import Store
from desktop.ui.survey import camera
from desktop.ui.survey.field_editors import FieldEditor
from desktop.ui.survey.photo_codec import (
    PREVIEW_SIDE,
    PhotoTask,
    PreparedPhoto,
    prepare,
    preview_of,
)
from forms.model import Field


def _prepare_file(path: Path) -> PreparedPhoto:
    return prepare(path.read_bytes())


class PhotosFieldEditor(FieldEditor):
    """A repeat with a photo field becomes a strip of previews with a kind per photo."""

    @staticmethod
    def handles(field: Field) -> bool:
        """A repeat of photos, each with at most a kind: its other questions would have no
        place in the strip, so a repeat with more is a roster."""
        kinds = [c.type for c in field.children]
        return (
            field.type == "repeat"
            and kinds.count("photo") == 1
            and all(k in ("photo", "select_one") for k in kinds)
            and len(kinds) <= 2
        )

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self._photo_name = next(c.name for c in field.children if c.type == "photo")
        kind = next((c for c in field.children if c.type == "select_one"), None)
        self._kind_name = kind.name if kind is not None else "photo_kind"
        self._kind_labels = {c.value: c.label(lang) for c in (kind.choices if kind else [])}
        self._rows: list[dict[str, Any]] = []
        self._previews: dict[str, QImage] = {}
        self._runner: Any = None
        self._store: Store | None = None
        self._survey_id = ""
        self._read_only = False
        self._pending = 0
        self._tasks: set[PhotoTask] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)

        # --- Widgets
        self.list = QListWidget(self)
        self.list.setObjectName("photosList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(PREVIEW_SIDE, PREVIEW_SIDE))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setMinimumHeight(PREVIEW_SIDE + 60)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("photoKind")
        self.kind_combo.addItem("—", "")  # not None: see ChoiceFieldEditor
        for value, label in self._kind_labels.items():
            self.kind_combo.addItem(label, value)
        self.add_button = QPushButton(self.tr("Add photos from files…"), self)
        self.add_button.setObjectName("addPhotosButton")
        self.camera_button = QPushButton(self.tr("Take a photo…"), self)
        self.camera_button.setObjectName("cameraButton")
        self.camera_button.setVisible(camera.available())
        self.rotate_left_button = QPushButton(self.tr("Rotate left"), self)
        self.rotate_left_button.setObjectName("rotateLeftButton")
        self.rotate_right_button = QPushButton(self.tr("Rotate right"), self)
        self.rotate_right_button.setObjectName("rotateRightButton")
        self.remove_button = QPushButton(self.tr("Remove photo"), self)
        self.remove_button.setObjectName("removePhotoButton")
        self.busy = QProgressBar(self)
        self.busy.setObjectName("photoBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setFormat(self.tr("Preparing photos…"))
        self.busy.hide()
        self.error = QLabel(self)
        self.error.setObjectName("photoError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.hide()

        # --- Layout
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.camera_button)
        top.addWidget(self.busy)
        top.addStretch(1)
        selected = QHBoxLayout()
        selected.addWidget(QLabel(self.tr("Kind of the selected photo:"), self))
        selected.addWidget(self.kind_combo)
        selected.addWidget(self.rotate_left_button)
        selected.addWidget(self.rotate_right_button)
        selected.addWidget(self.remove_button)
        selected.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addLayout(selected)
        layout.addWidget(self.error)

        # --- Connections
        self.add_button.clicked.connect(self._on_add_clicked)
        self.camera_button.clicked.connect(self._on_camera_clicked)
        self.rotate_left_button.clicked.connect(lambda: self.rotate_selected(-90))
        self.rotate_right_button.clicked.connect(lambda: self.rotate_selected(90))
        self.remove_button.clicked.connect(self.remove_selected)
        self.kind_combo.activated.connect(self._on_kind_activated)
        self.list.currentRowChanged.connect(self._on_current_changed)
        self._update_buttons()

    def bind(self, runner: Any, store: Store, survey_id: str) -> None:
        """The store thread and the survey the photos belong to."""
        self._runner, self._store, self._survey_id = runner, store, survey_id
        self._load_missing_previews()

    # --- The answer

    def value(self) -> Any:
        return [dict(r) for r in self._rows] or None

    def set_value(self, value: Any) -> None:
        rows = value if isinstance(value, list) else []
        self._rows = [dict(r) for r in rows if isinstance(r, dict)]
        self._rebuild()
        self._load_missing_previews()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_buttons()

    def focus_widget(self) -> QWidget:
        return self.add_button

    def photo_count(self) -> int:
        return len(self._rows)

    def is_busy(self) -> bool:
        return self._pending > 0

    def preview(self, row: int) -> QImage | None:
        return self._previews.get(self._sha(self._rows[row]))

    # --- Adding

    def _on_add_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add photos"),
            "",
            self.tr("Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)"),
        )
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        """Prepare each file on the worker, then store it (the UI stays responsive)."""
        for path in paths:
            self._run(partial(_prepare_file, path), self._on_prepared)

    def add_image_bytes(self, data: bytes) -> None:
        self._run(lambda: prepare(data), self._on_prepared)

    def _on_camera_clicked(self) -> None:
        dialog = camera.CameraDialog(self)
        dialog.captured.connect(self.add_image_bytes)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_prepared(self, prepared: object, replace_row: int | None = None) -> None:
        assert isinstance(prepared, PreparedPhoto)
        if self._store is None or self._runner is None:
            return
        store, survey_id, jpeg = self._store, self._survey_id, prepared.jpeg
        self._begin()
        self._runner.submit(
            lambda: attachments.add(store, survey_id, "photo", jpeg),
            self._guarded(lambda ref: self._on_stored(ref, prepared.preview, replace_row)),
            self._guarded(lambda exc: self._on_store_failed(exc)),
        )

    def _on_stored(self, ref: object, image: QImage, replace_row: int | None) -> None:
        self._end()
        assert isinstance(ref, attachments.AttachmentRef)
        self._previews[ref.sha256] = image
        if replace_row is not None and replace_row < len(self._rows):
            self._rows[replace_row] = {**self._rows[replace_row], self._photo_name: ref.answer()}
            row = replace_row
        else:
            row_data: dict[str, Any] = {self._photo_name: ref.answer()}
            kind = self.kind_combo.currentData()
            if kind:
                row_data[self._kind_name] = kind
            self._rows.append(row_data)
            row = len(self._rows) - 1
        self._rebuild()
        self.list.setCurrentRow(row)
        self.error.hide()
        self.changed.emit()

    def _on_store_failed(self, exc: object) -> None:
        self._end()
        self._show_error(exc)

    def _show_error(self, exc: object) -> None:
        self.error.setText(
            self.tr("This file could not be read as a photo (JPEG or PNG).")
            if not isinstance(exc, attachments.AttachmentError)
            else self.tr("The photo could not be stored: %1").replace("%1", exc.code)
        )
        self.error.show()

    # --- The selected photo

    def _on_current_changed(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            kind = self._rows[row].get(self._kind_name)
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind or "")))
        self._update_buttons()

    def _on_kind_activated(self, _index: int) -> None:
        row = self.list.currentRow()
        if self._read_only or not 0 <= row < len(self._rows):
            return
        kind = self.kind_combo.currentData()
        if not kind:
            self._rows[row].pop(self._kind_name, None)
        else:
            self._rows[row][self._kind_name] = kind
        self._rebuild()
        self.list.setCurrentRow(row)
        self.changed.emit()

    def set_kind(self, row: int, kind: str) -> None:
        self.list.setCurrentRow(row)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self._on_kind_activated(self.kind_combo.currentIndex())

    def rotate_selected(self, degrees: int) -> None:
        """Turn the selected photo; it is stored again as a new, upright attachment."""
        row = self.list.currentRow()
        if self._read_only or self._store is None or not 0 <= row < len(self._rows):
            return
        store, sha = self._store, self._sha(self._rows[row])
        self._begin()
        self._runner.submit(
            lambda: attachments.content(store, sha),
            self._guarded(lambda data: self._on_rotate_loaded(data, degrees, row)),
            self._guarded(lambda exc: self._on_store_failed(exc)),
        )

    def _on_rotate_loaded(self, data: object, degrees: int, row: int) -> None:
        self._end()
        assert isinstance(data, bytes)
        self._run(
            lambda: prepare(data, degrees),
            lambda prepared: self._on_prepared(prepared, replace_row=row),
        )

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if self._read_only or not 0 <= row < len(self._rows):
            return
        del self._rows[row]
        self._rebuild()
        self.list.setCurrentRow(min(row, len(self._rows) - 1))
        self.changed.emit()

    # --- Previews

    def _load_missing_previews(self) -> None:
        if self._store is None or self._runner is None:
            return
        store = self._store
        for sha in {self._sha(r) for r in self._rows} - set(self._previews) - {""}:
            self._runner.submit(
                partial(attachments.content, store, sha),
                self._guarded(partial(self._on_content_loaded, sha)),
            )

    def _on_content_loaded(self, sha: str, data: object) -> None:
        if isinstance(data, bytes):
            self._run(lambda: preview_of(data), lambda image: self._on_preview_ready(sha, image))

    def _on_preview_ready(self, sha: str, image: object) -> None:
        if isinstance(image, QImage):
            self._previews[sha] = image
            self._rebuild()

    def _rebuild(self) -> None:
        current = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for row in self._rows:
            kind = row.get(self._kind_name)
            text = (
                self._kind_labels.get(kind, self.tr("Kind not chosen"))
                if kind
                else self.tr("Kind not chosen")
            )
            item = QListWidgetItem(text)
            image = self._previews.get(self._sha(row))
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.list.addItem(item)
        self.list.setCurrentRow(min(current, len(self._rows) - 1))
        self.list.blockSignals(False)
        self._update_buttons()

    def _sha(self, row: dict[str, Any]) -> str:
        ref = row.get(self._photo_name)
        if isinstance(ref, dict):
            return str(ref.get("sha256", ""))
        return str(ref or "")

    # --- Worker and busy bar

    def _run(self, fn: Callable[[], object], done: Callable[[object], None]) -> None:
        task = PhotoTask(fn)
        task.setAutoDelete(False)
        self._tasks.add(task)
        self._begin()

        def finish(result: object, ok: bool) -> None:
            self._tasks.discard(task)
            if not self._alive():
                return
            self._end()
            if ok:
                done(result)
            else:
                self._show_error(result)

        task.signals.done.connect(lambda r: finish(r, True))
        task.signals.failed.connect(lambda e: finish(e, False))
        self._pool.start(task)

    def _begin(self) -> None:
        self._pending += 1
        self.busy.show()
        self._update_buttons()

    def _end(self) -> None:
        self._pending = max(0, self._pending - 1)
        self.busy.setVisible(self._pending > 0)
        self._update_buttons()

    def _guarded(self, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        """A store-thread callback that does nothing once this widget is gone."""

        def call(arg: Any) -> None:
            if self._alive():
                fn(arg)

        return call

    def _alive(self) -> bool:
        return shiboken6.isValid(self)

    def _update_buttons(self) -> None:
        selected = 0 <= self.list.currentRow() < len(self._rows)
        editable = not self._read_only
        self.add_button.setEnabled(editable)
        self.camera_button.setEnabled(editable)
        self.kind_combo.setEnabled(editable)
        for button in (self.rotate_left_button, self.rotate_right_button, self.remove_button):
            button.setEnabled(editable and selected and self._pending == 0)

    def shutdown(self) -> None:
        """Let running preparations finish before the widget goes (call on close)."""
        self._pool.waitForDone(10_000)


class PhotoFieldEditor(PhotosFieldEditor):
    """One photo question (an XLSForm `image`): the same strip, holding one photo; a new one
    replaces it. The answer is the photo's reference, not a list."""

    @staticmethod
    def handles(field: Field) -> bool:
        return field.type == "photo" and field.repeat is None

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        holder = Field(
            name=field.name,
            type="repeat",
            path=field.path,
            labels=field.labels,
            children=(Field(name="photo", type="photo", path=field.path, repeat=field.name),),
            default_language=field.default_language,
        )
        super().__init__(holder, lang, parent)
        self.field = field
        self.add_button.setText(QCoreApplication.translate("PhotosFieldEditor", "Choose a photo…"))
        for widget in (self.kind_combo, self.rotate_left_button, self.rotate_right_button):
            widget.hide()

    def value(self) -> Any:
        return self._rows[-1].get("photo") if self._rows else None

    def set_value(self, value: Any) -> None:
        super().set_value([{"photo": value}] if value else [])

    def _on_prepared(self, prepared: object, replace_row: int | None = None) -> None:
        super()._on_prepared(prepared, 0 if self._rows else replace_row)
