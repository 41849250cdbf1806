"""Preparing a photo for the store, in memory only: decode, turn upright, shrink, re-encode.

A phone photo (4000 px, 3-5 MB, GPS in its EXIF) becomes a JPEG of at most 1600 px on its
longest side at quality ~80, which keeps a photographed A4 page legible at about 150 KB.
Re-encoding from the decoded pixels writes no metadata segment, so EXIF (location included) is
gone; the EXIF orientation is applied to the pixels first so the photo stays upright. Previews
are decoded from bytes with QImage.fromData: nothing here ever writes a file.

QImage (unlike QPixmap) may be used off the GUI thread: `PhotoWorker` runs the slow decoding
on a thread pool and reports back through queued signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRunnable, Qt, Signal, Slot
from PySide6.QtGui import QImage, QImageReader, QTransform

MAX_SIDE = 1600
QUALITY = 80
# Above this the photo is encoded again a little harder; documents stay readable at 65.
SOFT_LIMIT = 300 * 1024
FALLBACK_QUALITY = 65
PREVIEW_SIDE = 160


class PhotoDecodeError(Exception):
    """The bytes are not an image Qt can read."""


@dataclass(frozen=True)
class PreparedPhoto:
    """A shrunk, metadata-free JPEG and a small in-memory preview."""

    jpeg: bytes
    width: int
    height: int
    preview: QImage


def _decode(data: bytes) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # apply the EXIF orientation to the pixels
    image = reader.read()
    if image.isNull():
        raise PhotoDecodeError(reader.errorString())
    return image


def encode_jpeg(image: QImage, quality: int = QUALITY) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    # PySide6 6.12 refuses bytes for the format at run time, although its stubs ask for them.
    if not rgb.save(buffer, "JPEG", quality):  # type: ignore[call-overload]
        raise PhotoDecodeError("JPEG encoding failed")
    return bytes(array.data())


def shrink(image: QImage, max_side: int = MAX_SIDE) -> QImage:
    if max(image.width(), image.height()) <= max_side:
        return image
    return image.scaled(
        max_side,
        max_side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def preview(image: QImage) -> QImage:
    return image.scaled(
        PREVIEW_SIDE,
        PREVIEW_SIDE,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def prepare(data: bytes, rotate: int = 0) -> PreparedPhoto:
    """Decode any JPEG/PNG, rotate by `rotate` degrees, shrink and re-encode without EXIF."""
    image = _decode(data)
    if rotate % 360:
        image = image.transformed(
            QTransform().rotate(rotate), Qt.TransformationMode.SmoothTransformation
        )
    image = shrink(image)
    jpeg = encode_jpeg(image)
    if len(jpeg) > SOFT_LIMIT:
        jpeg = encode_jpeg(image, FALLBACK_QUALITY)
    return PreparedPhoto(jpeg, image.width(), image.height(), preview(image))


def preview_of(data: bytes) -> QImage:
    """A small preview of stored bytes, decoded in memory."""
    image = QImage.fromData(data)
    if image.isNull():
        raise PhotoDecodeError("unreadable")
    return preview(image)


# --- The worker


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    _finished = Signal(bool, object)  # emitted on the pool thread, relayed on the GUI thread

    def __init__(self) -> None:
        super().__init__()
        self._finished.connect(self._on_finished)

    @Slot(bool, object)  # a queued hop into a decorated slot: see desktop/ui/tasks.py
    def _on_finished(self, ok: bool, outcome: object) -> None:
        (self.done if ok else self.failed).emit(outcome)


class PhotoTask(QRunnable):
    """Runs `fn` on a pool thread; `signals.done` / `signals.failed` arrive on the GUI thread."""

    def __init__(self, fn: Callable[[], object]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the widget, which words it
            self.signals._finished.emit(False, exc)
        else:
            self.signals._finished.emit(True, result)
